"""pop3-poplib: Python's poplib logs in as alice with USER/PASS and walks through the POP3
commands: CAPA, STAT, LIST, UIDL, TOP, RETR (of the message with dot-stuffed lines too), DELE,
NOOP, RSET, DELE again and QUIT (which commits the deletion)."""

import poplib

from common import ALICE_PASSWORD, POP3_PORT, SERVER, expect

pop = poplib.POP3(SERVER, POP3_PORT, timeout=30)
pop.capa()
pop.user("alice")
pop.pass_(ALICE_PASSWORD)
count, _size = pop.stat()
expect(count == 3, f"alice should have 3 messages, has {count}")
pop.list()
pop.list(1)
pop.uidl()
pop.uidl(2)
pop.top(1, 2)
_response, lines, _octets = pop.retr(2)
expect(b"." in lines and b".." in lines, "message 2 should hold lines '.' and '..' after unstuffing")
pop.retr(3)
pop.dele(1)
pop.noop()
pop.rset()
pop.dele(3)
pop.quit()
