"""Writes the ~1 MB message of smtp-1mb-dotstuffed to the file named by the first argument: CRLF
lines, every other one starting with '.', so the client must dot-stuff thousands of lines (a line
of a single '.' among them). The content is fixed, so every run sends the same bytes."""

import sys

from common import ALICE, BOB, DOMAIN

TARGET_BYTES = 1_000_000

header = (
    f"From: Alice <{ALICE}>\r\n"
    f"To: Bob <{BOB}>\r\n"
    "Subject: A big message full of leading dots\r\n"
    f"Message-ID: <big.1@{DOMAIN}>\r\n"
    "\r\n"
)
lines = [header]
size = len(header)
n = 0
while size < TARGET_BYTES:
    n += 1
    if n % 500 == 0:
        line = ".\r\n"
    elif n % 2 == 0:
        line = f".line {n:06d} starts with a dot and must be sent as two dots on the wire\r\n"
    else:
        line = f"line {n:06d} is plain text of about the same length as the dotted ones\r\n"
    lines.append(line)
    size += len(line)

with open(sys.argv[1], "w", newline="") as out:
    out.write("".join(lines))
