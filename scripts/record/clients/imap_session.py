"""imap-imaplib: Python's imaplib asks for CAPABILITY (on connecting), logs in as alice with LOGIN
and uses the common IMAP commands: LIST, CREATE, APPEND (a literal), SELECT, SEARCH, FETCH (flags,
size, header fields, BODY[] of each message), UID FETCH, STORE, COPY, EXPUNGE, STATUS, NOOP, CLOSE,
DELETE and LOGOUT."""

import imaplib

from common import ALICE, ALICE_PASSWORD, BOB, DOMAIN, IMAP_PORT, SERVER, expect

APPENDED = (
    f"From: Bob <{BOB}>\r\n"
    f"To: Alice <{ALICE}>\r\n"
    "Subject: Appended over IMAP\r\n"
    f"Message-ID: <appended.1@{DOMAIN}>\r\n"
    "\r\n"
    "This message was stored with APPEND, its text sent as a literal.\r\n"
).encode()


def ok(result: tuple[str, list], what: str) -> list:
    """The data of an imaplib result, after checking that the command succeeded."""
    status, data = result
    expect(status == "OK", f"{what} failed: {data!r}")
    return data


imap = imaplib.IMAP4(SERVER, IMAP_PORT, timeout=30)
ok(imap.login("alice", ALICE_PASSWORD), "LOGIN")
ok(imap.list(), "LIST")
ok(imap.create("Archive"), "CREATE")
ok(imap.append("INBOX", r"(\Seen)", None, APPENDED), "APPEND")
exists = ok(imap.select("INBOX"), "SELECT")
expect(exists == [b"4"], f"INBOX should hold 4 messages, holds {exists!r}")
ok(imap.search(None, "ALL"), "SEARCH ALL")
ok(imap.search(None, "SUBJECT", '"dots"'), "SEARCH SUBJECT")
ok(imap.fetch("1:*", "(FLAGS RFC822.SIZE BODY.PEEK[HEADER.FIELDS (FROM SUBJECT)])"), "FETCH headers")
for number in ("1", "2", "3", "4"):
    ok(imap.fetch(number, "(BODY[])"), f"FETCH {number} BODY[]")
ok(imap.uid("FETCH", "1:*", "(UID FLAGS)"), "UID FETCH")
ok(imap.store("1", "+FLAGS", r"(\Flagged)"), "STORE +FLAGS")
ok(imap.copy("3", "Archive"), "COPY")
ok(imap.store("3", "+FLAGS.SILENT", r"(\Deleted)"), "STORE +FLAGS.SILENT")
ok(imap.expunge(), "EXPUNGE")
ok(imap.status("Archive", "(MESSAGES UIDNEXT)"), "STATUS")
ok(imap.noop(), "NOOP")
ok(imap.close(), "CLOSE")
ok(imap.delete("Archive"), "DELETE")
expect(imap.logout()[0] == "BYE", "LOGOUT was not answered with BYE")
