/** Every IMAP violation: a test that triggers it, and one showing its legal neighbour does not. */
import { describe, expect, it } from 'vitest';
import { command, commands, GREETING, ids, imap, loggedIn, replies, selected } from './helpers.js';
import { SyncFlushDeflater } from './deflate.js';

const PLAIN_CAPS = '* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\r\n';

describe('tags', () => {
  it('IMAP-TAG-REUSED: triggered by a tag reused while its command is in flight', () => {
    const s = loggedIn().c('a1 NOOP\r\na1 CHECK\r\n').s('a1 OK done\r\na1 OK done\r\n').end();
    expect(ids(s)).toContain('IMAP-TAG-REUSED');
    expect(s.violations.find((v) => v.id === 'IMAP-TAG-REUSED')!.event).toBe(commands(s)[2]!.index);
  });
  it('IMAP-TAG-REUSED: not for a tag used again after its command completed, nor when completions were not captured', () => {
    const s = loggedIn().c('a1 NOOP\r\n').s('a1 OK done\r\n').c('a1 NOOP\r\n').s('a1 OK done\r\n').end();
    expect(ids(s)).not.toContain('IMAP-TAG-REUSED');
    expect(ids(imap().c('. CAPABILITY\r\n. NOOP\r\n').end())).not.toContain('IMAP-TAG-REUSED');
  });

  it('IMAP-TAG-UNKNOWN: triggered by a tagged response for a tag the client never sent', () => {
    const s = loggedIn().c('a1 NOOP\r\n').s('zz9 OK done\r\na1 OK done\r\n').end();
    expect(ids(s)).toContain('IMAP-TAG-UNKNOWN');
    expect(s.violations.find((v) => v.id === 'IMAP-TAG-UNKNOWN')!.message).toContain('zz9');
  });
  it('IMAP-TAG-UNKNOWN: not when only the server side was captured, nor after lost client bytes', () => {
    expect(ids(imap().s(GREETING).s('C1 OK done\r\n').end())).not.toContain('IMAP-TAG-UNKNOWN');
    expect(ids(loggedIn().gap('C', 20).s('a7 OK done\r\n').end())).not.toContain('IMAP-TAG-UNKNOWN');
    expect(ids(imap().c('a8 NOOP\r\n').s('a7 OK done\r\na8 OK done\r\n').end())).not.toContain('IMAP-TAG-UNKNOWN');
  });
});

describe('literals', () => {
  it('IMAP-LITERAL-LENGTH-MISMATCH: triggered by more octets than announced', () => {
    const s = selected().c('f1 FETCH 1 BODY[]\r\n').s('* 1 FETCH (BODY[] {5}\r\nhello world)\r\nf1 OK done\r\n').end();
    expect(ids(s)).toContain('IMAP-LITERAL-LENGTH-MISMATCH');
    expect(command(s, 'f1').reply).toBeDefined();
  });
  it('IMAP-LITERAL-LENGTH-MISMATCH: triggered by fewer octets than announced (the next line is read as the command continues)', () => {
    const s = loggedIn().c('a1 SELECT {7}\r\n').s('+ ok\r\n').c('INBOX\r\na2 NOOP\r\n').s('a1 OK done\r\na2 OK done\r\n').end();
    expect(ids(s)).toContain('IMAP-LITERAL-LENGTH-MISMATCH');
  });
  it('IMAP-LITERAL-LENGTH-MISMATCH: not for a literal of the announced length', () => {
    const s = selected().c('f1 FETCH 1 BODY[]\r\n').s('* 1 FETCH (BODY[] {11}\r\nhello world)\r\nf1 OK done\r\n').end();
    expect(ids(s)).not.toContain('IMAP-LITERAL-LENGTH-MISMATCH');
  });

  it('IMAP-LITERAL-TRUNCATED: triggered by the connection ending inside a literal', () => {
    const s = selected().c('f1 FETCH 1 BODY[]\r\n').s('* 1 FETCH (BODY[] {1000}\r\nonly this').end();
    expect(ids(s)).toContain('IMAP-LITERAL-TRUNCATED');
    expect(s.violations.find((v) => v.id === 'IMAP-LITERAL-TRUNCATED')!.message).toContain('991 octets before the end of a {1000} literal');
    expect(s.messages[0]!.complete).toBe(false);
  });
  it('IMAP-LITERAL-TRUNCATED: not when the connection ends after the literal', () => {
    const s = selected().c('f1 FETCH 1 BODY[]\r\n').s('* 1 FETCH (BODY[] {9}\r\nonly this').end();
    expect(ids(s)).not.toContain('IMAP-LITERAL-TRUNCATED');
  });

  it('IMAP-LITERAL-PLUS-NOT-ADVERTISED: triggered by {n+} when the server advertised neither LITERAL+ nor LITERAL-', () => {
    const s = imap().s(PLAIN_CAPS).c('a1 LOGIN {3+}\r\nbob pw\r\n').end();
    expect(ids(s)).toContain('IMAP-LITERAL-PLUS-NOT-ADVERTISED');
  });
  it('IMAP-LITERAL-PLUS-NOT-ADVERTISED: not with LITERAL-, nor when the capabilities are unknown', () => {
    expect(ids(imap().s('* OK [CAPABILITY IMAP4rev1 LITERAL-] hi\r\n').c('a1 LOGIN {3+}\r\nbob pw\r\n').end())).not.toContain('IMAP-LITERAL-PLUS-NOT-ADVERTISED');
    expect(ids(imap().s('* OK hi\r\n').c('a1 LOGIN {3+}\r\nbob pw\r\n').end())).not.toContain('IMAP-LITERAL-PLUS-NOT-ADVERTISED');
  });

  it('IMAP-LITERAL-MINUS-TOO-LONG: triggered by {n+} over 4096 octets with only LITERAL-', () => {
    const s = imap().s('* OK [CAPABILITY IMAP4rev1 LITERAL-] hi\r\n').c('a1 LOGIN bob pw\r\n').s('a1 OK done\r\n').c(`a2 APPEND INBOX {5000+}\r\n${'x'.repeat(5000)}\r\n`).end();
    expect(ids(s)).toContain('IMAP-LITERAL-MINUS-TOO-LONG');
  });
  it('IMAP-LITERAL-MINUS-TOO-LONG: not for 4096 octets with LITERAL-, nor for longer ones with LITERAL+', () => {
    const minus = imap().s('* OK [CAPABILITY IMAP4rev1 LITERAL-] hi\r\n').c('a1 LOGIN bob pw\r\n').s('a1 OK done\r\n').c(`a2 APPEND INBOX {4096+}\r\n${'x'.repeat(4096)}\r\n`).end();
    expect(ids(minus)).not.toContain('IMAP-LITERAL-MINUS-TOO-LONG');
    const plus = loggedIn().c(`a2 APPEND INBOX {5000+}\r\n${'x'.repeat(5000)}\r\n`).end();
    expect(ids(plus)).not.toContain('IMAP-LITERAL-MINUS-TOO-LONG');
  });

  it('IMAP-LITERAL-BEFORE-CONTINUATION: triggered by literal octets sent before the server\u2019s "+"', () => {
    const s = loggedIn().c('a1 APPEND INBOX {5}\r\nhello\r\n').s('+ go\r\na1 OK done\r\n').end();
    expect(ids(s)).toContain('IMAP-LITERAL-BEFORE-CONTINUATION');
  });
  it('IMAP-LITERAL-BEFORE-CONTINUATION: not when the client waits for "+", nor in a client-only capture', () => {
    const s = loggedIn().c('a1 APPEND INBOX {5}\r\n').s('+ go\r\n').c('hello\r\n').s('a1 OK done\r\n').end();
    expect(ids(s)).not.toContain('IMAP-LITERAL-BEFORE-CONTINUATION');
    expect(ids(imap().c('a1 APPEND INBOX {5}\r\nhello\r\n').end())).not.toContain('IMAP-LITERAL-BEFORE-CONTINUATION');
  });
});

describe('states and login', () => {
  it('IMAP-COMMAND-INVALID-STATE: triggered by SELECT before authentication, FETCH without a mailbox, and commands after LOGOUT', () => {
    const s = imap()
      .s(GREETING)
      .c('a1 SELECT INBOX\r\n')
      .s('a1 BAD not now\r\n')
      .c('a2 LOGIN bob pw\r\n')
      .s('a2 OK done\r\n')
      .c('a3 FETCH 1 FLAGS\r\n')
      .s('a3 BAD no mailbox\r\n')
      .c('a4 LOGOUT\r\n')
      .s('* BYE bye\r\na4 OK done\r\n')
      .c('a5 NOOP\r\n')
      .end();
    const found = s.violations.filter((v) => v.id === 'IMAP-COMMAND-INVALID-STATE');
    expect(found.map((v) => v.event)).toEqual([command(s, 'a1').index, command(s, 'a3').index, command(s, 'a5').index]);
    expect(found[0]!.message).toBe('SELECT is valid in authenticated or selected state, but the connection is not authenticated');
  });
  it('IMAP-COMMAND-INVALID-STATE: not for SELECT pipelined after LOGIN, nor FETCH after SELECT', () => {
    const s = imap().s(GREETING).c('a1 LOGIN bob pw\r\na2 SELECT INBOX\r\na3 FETCH 1 FLAGS\r\n').s('a1 OK done\r\na2 OK done\r\na3 OK done\r\n').end();
    expect(ids(s)).not.toContain('IMAP-COMMAND-INVALID-STATE');
  });

  it('IMAP-LOGIN-DISABLED: triggered by LOGIN after the server advertised LOGINDISABLED', () => {
    const s = imap().s('* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] hi\r\n').c('a1 LOGIN bob pw\r\n').s('a1 NO disabled\r\n').end();
    expect(ids(s)).toContain('IMAP-LOGIN-DISABLED');
  });
  it('IMAP-LOGIN-DISABLED: not when LOGINDISABLED was not advertised', () => {
    const s = imap().s('* OK [CAPABILITY IMAP4rev1 STARTTLS] hi\r\n').c('a1 LOGIN bob pw\r\n').s('a1 OK done\r\n').end();
    expect(ids(s)).not.toContain('IMAP-LOGIN-DISABLED');
  });

  it('IMAP-CLEARTEXT-PASSWORD: triggered by LOGIN and by AUTHENTICATE PLAIN without TLS', () => {
    expect(ids(imap().s(GREETING).c('a1 LOGIN bob pw\r\n').end())).toEqual(['IMAP-CLEARTEXT-PASSWORD']);
    expect(ids(imap().s(GREETING).c('a1 AUTHENTICATE PLAIN\r\n').end())).toEqual(['IMAP-CLEARTEXT-PASSWORD']);
  });
  it('IMAP-CLEARTEXT-PASSWORD: not for mechanisms that do not reveal the password', () => {
    const s = imap().s(GREETING).c('a1 AUTHENTICATE SCRAM-SHA-256\r\n').s('+ \r\n').c(`${Buffer.from('n,,n=bob,r=abc').toString('base64')}\r\n`).end();
    expect(ids(s)).toEqual([]);
  });
});

describe('IDLE', () => {
  it('IMAP-IDLE-NOT-ADVERTISED: triggered by IDLE when the server did not advertise it', () => {
    const s = imap().s(PLAIN_CAPS).c('a1 LOGIN bob pw\r\n').s('a1 OK done\r\n').c('a2 IDLE\r\n').s('+ idling\r\n').c('DONE\r\n').s('a2 OK done\r\n').end();
    expect(ids(s)).toContain('IMAP-IDLE-NOT-ADVERTISED');
  });
  it('IMAP-IDLE-NOT-ADVERTISED: not when IDLE is advertised', () => {
    const s = loggedIn().c('a2 IDLE\r\n').s('+ idling\r\n').c('DONE\r\n').s('a2 OK done\r\n').end();
    expect(ids(s)).not.toContain('IMAP-IDLE-NOT-ADVERTISED');
  });

  it('IMAP-COMMAND-DURING-IDLE: triggered by a command before DONE', () => {
    const s = loggedIn().c('a2 IDLE\r\n').s('+ idling\r\n').c('a3 NOOP\r\n').s('a3 BAD expected DONE\r\n').end();
    expect(ids(s)).toContain('IMAP-COMMAND-DURING-IDLE');
  });
  it('IMAP-COMMAND-DURING-IDLE: not for a command after DONE', () => {
    const s = loggedIn().c('a2 IDLE\r\n').s('+ idling\r\n').c('DONE\r\na3 NOOP\r\n').s('a2 OK done\r\na3 OK done\r\n').end();
    expect(ids(s)).not.toContain('IMAP-COMMAND-DURING-IDLE');
  });
});

describe('STARTTLS', () => {
  it('IMAP-STARTTLS-INJECTION: triggered by client commands pipelined after STARTTLS', () => {
    const s = imap().s(GREETING).c('t1 STARTTLS\r\na1 LOGIN bob pw\r\n').s('t1 OK begin TLS\r\n').end();
    const v = s.violations.find((x) => x.id === 'IMAP-STARTTLS-INJECTION')!;
    expect(v.message).toBe("the client sent 17 bytes after STARTTLS before the server's answer; they are outside the TLS session");
    expect(commands(s).map((c) => c.verb)).toEqual(['STARTTLS', 'LOGIN']);
  });
  it('IMAP-STARTTLS-INJECTION: triggered by server bytes after its OK, which are shown', () => {
    const s = imap().s(GREETING).c('t1 STARTTLS\r\n').s('t1 OK begin TLS\r\n* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] injected\r\n').end();
    expect(s.violations.find((x) => x.id === 'IMAP-STARTTLS-INJECTION')!.message).toBe('the server sent 49 bytes after accepting STARTTLS, before the TLS handshake');
    expect(replies(s).map((r) => r.lines[0]).at(-1)).toBe('* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] injected');
  });
  it('IMAP-STARTTLS-INJECTION: not for a clean upgrade', () => {
    const s = imap().s(GREETING).c('t1 STARTTLS\r\n').s('t1 OK begin TLS\r\n').c(Buffer.from([0x16, 0x03, 0x01, 0x00, 0x01, 0x01])).end();
    expect(ids(s)).not.toContain('IMAP-STARTTLS-INJECTION');
  });
});

describe('syntax', () => {
  it('IMAP-SYNTAX-COMMAND: triggered by a command the grammar rejects, with the position', () => {
    const s = selected().c('a1 FETCH 1 (FLAGS UID\r\n').end();
    const v = s.violations.find((x) => x.id === 'IMAP-SYNTAX-COMMAND')!;
    expect(v.message).toBe('octet 21: expected ")" closing the fetch attributes near "…1 FETCH 1 (FLAGS UID"');
    expect(ids(selected().c('a1 SEARCH FOO bar\r\n').end())).toContain('IMAP-SYNTAX-COMMAND');
  });
  it('IMAP-SYNTAX-COMMAND: not for valid commands, unknown extension commands included', () => {
    const s = selected().c('a1 FETCH 1 (FLAGS UID)\r\na2 X-SOMETHING (a "b" {1+}\r\nc)\r\n').end();
    expect(ids(s)).not.toContain('IMAP-SYNTAX-COMMAND');
  });

  it('IMAP-SYNTAX-RESPONSE: triggered by a response the grammar rejects, with the position', () => {
    const s = selected().c('f1 FETCH 1 ENVELOPE\r\n').s('* 1 FETCH (ENVELOPE (NIL NIL ((NIL NIL "a" "b") NIL) NIL NIL NIL NIL NIL NIL NIL))\r\n').end();
    const v = s.violations.find((x) => x.id === 'IMAP-SYNTAX-RESPONSE')!;
    expect(v.message).toContain('octet 47: expected ")" closing the address list near "…L ((NIL NIL');
  });
  it('IMAP-SYNTAX-RESPONSE: not for a valid response', () => {
    const s = selected().c('f1 FETCH 1 ENVELOPE\r\n').s('* 1 FETCH (ENVELOPE (NIL NIL ((NIL NIL "a" "b")(NIL NIL "c" "d")) NIL NIL NIL NIL NIL NIL NIL))\r\n').end();
    expect(ids(s)).not.toContain('IMAP-SYNTAX-RESPONSE');
  });

  it('IMAP-ADDRESS-SPACES: triggered by SP between the addresses of an envelope list, which is otherwise read', () => {
    const s = selected().c('f1 FETCH 1 ENVELOPE\r\n').s('* 1 FETCH (ENVELOPE (NIL NIL ((NIL NIL "a" "b") (NIL NIL "c" "d")) NIL NIL NIL NIL NIL NIL NIL))\r\n').end();
    expect(ids(s)).toContain('IMAP-ADDRESS-SPACES');
    expect(ids(s)).not.toContain('IMAP-SYNTAX-RESPONSE');
    const items = (replies(s).at(-1)!.detail as { items: { ENVELOPE: { from: unknown[] } } }).items;
    expect(items.ENVELOPE.from).toHaveLength(2);
  });
  it('IMAP-ADDRESS-SPACES: not for addresses that follow each other directly', () => {
    const s = selected().c('f1 FETCH 1 ENVELOPE\r\n').s('* 1 FETCH (ENVELOPE (NIL NIL ((NIL NIL "a" "b")(NIL NIL "c" "d")) NIL NIL NIL NIL NIL NIL NIL))\r\n').end();
    expect(ids(s)).not.toContain('IMAP-ADDRESS-SPACES');
  });

  it('IMAP-RESP-TEXT-MISSING: triggered by a status response that ends after its code', () => {
    const s = loggedIn().c('a1 SELECT INBOX\r\n').s('* OK [PERMANENTFLAGS (\\Seen \\*)]\r\na1 OK done\r\n').end();
    expect(ids(s)).toContain('IMAP-RESP-TEXT-MISSING');
  });
  it('IMAP-RESP-TEXT-MISSING: not when the text is there', () => {
    const s = loggedIn().c('a1 SELECT INBOX\r\n').s('* OK [PERMANENTFLAGS (\\Seen \\*)] Limited\r\na1 OK done\r\n').end();
    expect(ids(s)).not.toContain('IMAP-RESP-TEXT-MISSING');
  });

  it('IMAP-BAD-RESPONSE: triggered by BAD, with the server\u2019s complaint', () => {
    const s = loggedIn().c('a1 FROB\r\n').s('a1 BAD Unknown command FROB\r\n').end();
    expect(s.violations.find((v) => v.id === 'IMAP-BAD-RESPONSE')).toMatchObject({ severity: 'info', message: 'the server rejected FROB: "Unknown command FROB"' });
  });
  it('IMAP-BAD-RESPONSE: not for NO', () => {
    expect(ids(loggedIn().c('a1 SELECT x\r\n').s('a1 NO no such mailbox\r\n').end())).not.toContain('IMAP-BAD-RESPONSE');
  });
});

describe('server behaviour', () => {
  it('IMAP-UNEXPECTED-BYE: triggered by BYE outside LOGOUT and by a refusing greeting', () => {
    expect(ids(loggedIn().c('a1 NOOP\r\n').s('* BYE idle timeout\r\n').end())).toContain('IMAP-UNEXPECTED-BYE');
    const refused = imap().s('* BYE too many connections\r\n').end();
    expect(refused.violations[0]).toMatchObject({ id: 'IMAP-UNEXPECTED-BYE', message: 'the server refused the connection in its greeting: "too many connections"' });
  });
  it('IMAP-UNEXPECTED-BYE: not for BYE during LOGOUT', () => {
    expect(ids(loggedIn().c('a1 LOGOUT\r\n').s('* BYE bye\r\na1 OK done\r\n').end())).not.toContain('IMAP-UNEXPECTED-BYE');
  });

  it('IMAP-UIDVALIDITY-CHANGED: triggered by a different UIDVALIDITY for the same mailbox', () => {
    const s = selected().c('s2 SELECT inbox\r\n').s('* OK [UIDVALIDITY 8] changed\r\ns2 OK done\r\n').end();
    expect(s.violations.find((v) => v.id === 'IMAP-UIDVALIDITY-CHANGED')!.message).toBe('UIDVALIDITY of INBOX changed from 7 to 8 within the session');
  });
  it('IMAP-UIDVALIDITY-CHANGED: not for other mailboxes, nor the same value again', () => {
    const s = selected().c('s2 SELECT Sent\r\n').s('* OK [UIDVALIDITY 9] ok\r\ns2 OK done\r\n').c('s3 SELECT INBOX\r\n').s('* OK [UIDVALIDITY 7] ok\r\ns3 OK done\r\n').end();
    expect(ids(s)).not.toContain('IMAP-UIDVALIDITY-CHANGED');
  });

  it('IMAP-CONTINUATION-UNEXPECTED: triggered by "+" when no command waits for one', () => {
    expect(ids(loggedIn().c('a1 NOOP\r\n').s('+ what?\r\na1 OK done\r\n').end())).toContain('IMAP-CONTINUATION-UNEXPECTED');
  });
  it('IMAP-CONTINUATION-UNEXPECTED: triggered by a second "+" during IDLE', () => {
    const s = loggedIn().c('a1 SELECT INBOX\r\n').s('a1 OK done\r\n').c('a2 IDLE\r\n').s('+ idling\r\n').s('* 4 EXISTS\r\n+ still idling\r\n').c('DONE\r\n').s('a2 OK done\r\n').end();
    expect(s.violations.filter((v) => v.id === 'IMAP-CONTINUATION-UNEXPECTED').map((v) => v.message)).toEqual([
      'a second "+" during IDLE: the server already acknowledged it; news must come as untagged responses',
    ]);
  });
  it('IMAP-CONTINUATION-UNEXPECTED: not for a literal, AUTHENTICATE or IDLE', () => {
    const s = loggedIn().c('a1 SELECT {5}\r\n').s('+ go\r\n').c('INBOX\r\n').s('a1 OK done\r\n').c('a2 IDLE\r\n').s('+ idling\r\n').end();
    expect(ids(s)).not.toContain('IMAP-CONTINUATION-UNEXPECTED');
  });
});

describe('lines', () => {
  it('IMAP-BARE-CR: triggered by a CR not followed by LF in a line', () => {
    expect(ids(loggedIn().c('a1 NOOP\rx\r\n').end())).toContain('IMAP-BARE-CR');
  });
  it('IMAP-BARE-CR: not for a CR inside a literal', () => {
    expect(ids(loggedIn().c('a1 APPEND INBOX {3+}\r\na\rb\r\n').end())).not.toContain('IMAP-BARE-CR');
  });

  it('IMAP-BARE-LF: triggered by a line ending with LF alone', () => {
    const s = loggedIn().c('a1 NOOP\n').s('a1 OK done\n').end();
    expect(s.violations.filter((v) => v.id === 'IMAP-BARE-LF').map((v) => v.message)).toEqual([
      'client line ends with LF without CR (further ones in this direction are not reported)',
      'server line ends with LF without CR (further ones in this direction are not reported)',
    ]);
  });
  it('IMAP-BARE-LF: not for an LF inside a literal', () => {
    expect(ids(loggedIn().c('a1 APPEND INBOX {3+}\r\na\nb\r\n').end())).not.toContain('IMAP-BARE-LF');
  });

  it('IMAP-LINE-TOO-LONG: triggered by a command line over 8192 octets', () => {
    const set = Array.from({ length: 2000 }, (_, i) => i * 2 + 1).join(',');
    expect(ids(selected().c(`a1 FETCH ${set} FLAGS\r\n`).end())).toContain('IMAP-LINE-TOO-LONG');
  });
  it('IMAP-LINE-TOO-LONG: not for a long literal, nor a line under the limit', () => {
    expect(ids(loggedIn().c(`a1 APPEND INBOX {9000+}\r\n${'x'.repeat(9000)}\r\n`).end())).not.toContain('IMAP-LINE-TOO-LONG');
    const set = Array.from({ length: 1000 }, (_, i) => i * 2 + 1).join(',');
    expect(ids(selected().c(`a1 FETCH ${set} FLAGS\r\n`).end())).not.toContain('IMAP-LINE-TOO-LONG');
  });
});

describe('COMPRESS', () => {
  it('IMAP-COMPRESS-CORRUPT: triggered by data that is not DEFLATE after COMPRESS', () => {
    const s = loggedIn().c('z1 COMPRESS DEFLATE\r\n').s('z1 OK compressing\r\n').c(Buffer.from([0x07, 0xff, 0xff, 0xff])).end();
    expect(ids(s)).toContain('IMAP-COMPRESS-CORRUPT');
  });
  it('IMAP-COMPRESS-CORRUPT: not for a valid compressed stream', () => {
    const c = new SyncFlushDeflater();
    const s = loggedIn().c('z1 COMPRESS DEFLATE\r\n').s('z1 OK compressing\r\n').c(c.push('a1 NOOP\r\n')).end();
    expect(ids(s)).not.toContain('IMAP-COMPRESS-CORRUPT');
    expect(command(s, 'a1').verb).toBe('NOOP');
  });
});
