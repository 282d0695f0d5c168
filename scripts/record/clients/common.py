"""Settings shared by the recording clients, read from the environment that record-all.sh exports
(scripts/record/lib/identities.sh), so that the addresses and passwords have one source."""

import os
import ssl
import sys


def setting(name: str) -> str:
    """The value of RECORD_<name>; exits with a message when record-all.sh did not export it."""
    key = f"RECORD_{name}"
    value = os.environ.get(key)
    if value is None:
        sys.exit(f"{key} is not set: run this through scripts/record/record-all.sh")
    return value


SERVER = setting("SERVER")
CLIENT_NAME = setting("CLIENT_NAME")
DOMAIN = setting("DOMAIN")
SMTP_PORT = int(setting("SMTP_PORT"))
POP3_PORT = int(setting("POP3_PORT"))
IMAP_PORT = int(setting("IMAP_PORT"))
ALICE_PASSWORD = setting("ALICE_PASSWORD")
ALICE = f"alice@{DOMAIN}"
BOB = f"bob@{DOMAIN}"


def tls_context() -> ssl.SSLContext:
    """Trusts only the recording's self-signed certificate (RECORD_CA_FILE). The clients connect by
    IP address, so the name in the certificate is not checked."""
    context = ssl.create_default_context(cafile=setting("CA_FILE"))
    context.check_hostname = False
    return context


def expect(condition: bool, what: str) -> None:
    """Exits with an error when the server did not behave as the recording needs."""
    if not condition:
        sys.exit(f"unexpected server behaviour: {what}")
