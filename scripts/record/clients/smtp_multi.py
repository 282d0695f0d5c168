"""smtp-multi: Python's smtplib sends three messages on one SMTP connection (the second to two
recipients), with an RSET and a NOOP between them."""

import smtplib

from common import ALICE, BOB, CLIENT_NAME, DOMAIN, SERVER, SMTP_PORT, expect


def message(number: int, to: str) -> str:
    return (
        f"From: Alice <{ALICE}>\r\n"
        f"To: {to}\r\n"
        f"Subject: Message {number} of 3\r\n"
        f"Message-ID: <multi.{number}@{DOMAIN}>\r\n"
        "\r\n"
        f"This is message {number} of three sent on one connection.\r\n"
    )


with smtplib.SMTP(SERVER, SMTP_PORT, local_hostname=CLIENT_NAME, timeout=30) as smtp:
    smtp.ehlo()
    expect(smtp.sendmail(ALICE, [BOB], message(1, BOB)) == {}, "message 1 refused")
    both = [BOB, ALICE]
    expect(smtp.sendmail(ALICE, both, message(2, ", ".join(both))) == {}, "message 2 refused")
    expect(smtp.rset()[0] == 250, "RSET refused")
    expect(smtp.noop()[0] == 250, "NOOP refused")
    expect(smtp.sendmail(BOB, [ALICE], message(3, ALICE)) == {}, "message 3 refused")
