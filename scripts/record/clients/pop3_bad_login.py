"""pop3-bad-login: Python's poplib tries alice with a wrong password (USER/PASS), is refused, and
ends the session with QUIT."""

import poplib

from common import POP3_PORT, SERVER, expect

pop = poplib.POP3(SERVER, POP3_PORT, timeout=30)
pop.user("alice")
try:
    pop.pass_("wrong-password")
    expect(False, "PASS with a wrong password was accepted")
except poplib.error_proto as refused:
    expect(refused.args[0].startswith(b"-ERR"), f"unexpected reply to PASS: {refused!r}")
pop.quit()
