"""imap-idle: Python's imaplib logs in as alice, selects INBOX and sends IDLE by hand (imaplib
has no idle() before Python 3.14). While the server is idling, a new message is delivered into
the Maildir named by the first argument, as a delivery agent would; the server announces it with
an untagged EXISTS; the client ends the IDLE with DONE, fetches the new message and logs out."""

import imaplib
import os
import sys

from common import ALICE, ALICE_PASSWORD, BOB, DOMAIN, IMAP_PORT, SERVER, expect

NEW_MESSAGE = (
    f"From: Bob <{BOB}>\n"
    f"To: Alice <{ALICE}>\n"
    "Subject: Delivered while you were idling\n"
    f"Message-ID: <idle.1@{DOMAIN}>\n"
    "\n"
    "The server should announce this message with EXISTS during IDLE.\n"
)


def deliver(maildir: str) -> None:
    """Writes NEW_MESSAGE into maildir/tmp and renames it into maildir/new (Maildir delivery)."""
    name = "1700000100.M100P1.idle"
    temporary = os.path.join(maildir, "tmp", name)
    with open(temporary, "w") as out:
        out.write(NEW_MESSAGE)
    owner = os.stat(maildir)
    os.chown(temporary, owner.st_uid, owner.st_gid)
    os.rename(temporary, os.path.join(maildir, "new", name))


imap = imaplib.IMAP4(SERVER, IMAP_PORT, timeout=30)
expect(imap.login("alice", ALICE_PASSWORD)[0] == "OK", "LOGIN failed")
expect(imap.select("INBOX") == ("OK", [b"3"]), "INBOX should hold 3 messages")

tag = imap._new_tag()
imap.send(tag + b" IDLE\r\n")
expect(imap.readline().startswith(b"+ "), "no continuation after IDLE")
deliver(sys.argv[1])
untagged = imap.readline()
while b"EXISTS" not in untagged:
    expect(untagged.startswith(b"* "), f"unexpected line during IDLE: {untagged!r}")
    untagged = imap.readline()
expect(untagged == b"* 4 EXISTS\r\n", f"expected '* 4 EXISTS', got {untagged!r}")
imap.send(b"DONE\r\n")
line = imap.readline()
while not line.startswith(tag):
    line = imap.readline()
expect(line.startswith(tag + b" OK"), f"IDLE did not end with OK: {line!r}")

expect(imap.fetch("4", "(BODY[])")[0] == "OK", "FETCH of the new message failed")
imap.logout()
