"""imap-starttls: Python's imaplib asks for CAPABILITY, upgrades the connection with STARTTLS
(trusting the recording's certificate), then logs in as alice, selects INBOX, fetches a message
and logs out, all inside TLS."""

import imaplib

from common import ALICE_PASSWORD, IMAP_PORT, SERVER, expect, tls_context

imap = imaplib.IMAP4(SERVER, IMAP_PORT, timeout=30)
expect("STARTTLS" in imap.capabilities, "STARTTLS is not offered")
expect(imap.starttls(ssl_context=tls_context())[0] == "OK", "STARTTLS failed")
expect(imap.login("alice", ALICE_PASSWORD)[0] == "OK", "LOGIN failed")
expect(imap.select("INBOX")[0] == "OK", "SELECT failed")
expect(imap.fetch("1", "(BODY[])")[0] == "OK", "FETCH failed")
imap.logout()
