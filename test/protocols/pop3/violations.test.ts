import { describe, expect, it } from 'vitest';
import type { Session } from '../../../src/model/session.js';
import { SessionHarness, violationIds } from '../../helpers/session.js';

/** Greeting, USER/PASS accepted: the session is in TRANSACTION. */
function loggedIn(): SessionHarness {
  return new SessionHarness('pop3').s('+OK ready\r\n').c('USER bob\r\n').s('+OK\r\n').c('PASS pw\r\n').s('+OK logged in\r\n');
}

/** The violations other than the cleartext password every loggedIn() session has. */
function ids(s: Session): string[] {
  return violationIds(s).filter((id) => id !== 'POP3-AUTH-CLEARTEXT');
}

function messages(s: Session, id: string): string[] {
  return s.violations.filter((v) => v.id === id).map((v) => v.message);
}

describe('POP3-COMMAND-WRONG-STATE', () => {
  it('POP3-COMMAND-WRONG-STATE: triggered by STAT before authentication', () => {
    const s = new SessionHarness('pop3').s('+OK\r\n').c('STAT\r\n').s('-ERR not logged in\r\n').end();
    expect(ids(s)).toEqual(['POP3-COMMAND-WRONG-STATE']);
    expect(s.violations[0]).toMatchObject({ message: 'STAT is not allowed in the AUTHORIZATION state', event: 1, severity: 'error' });
  });

  it('POP3-COMMAND-WRONG-STATE: triggered by PASS without a preceding successful USER', () => {
    const noUser = new SessionHarness('pop3').s('+OK\r\n').c('PASS pw\r\n').s('-ERR\r\n').end();
    expect(messages(noUser, 'POP3-COMMAND-WRONG-STATE')).toEqual(['PASS without a preceding successful USER']);
    const refused = new SessionHarness('pop3').s('+OK\r\n').c('USER x\r\n').s('-ERR no such user\r\n').c('PASS pw\r\n').s('-ERR\r\n').end();
    expect(messages(refused, 'POP3-COMMAND-WRONG-STATE')).toEqual(['PASS without a preceding successful USER']);
    const notRightAfter = new SessionHarness('pop3').s('+OK\r\n').c('USER x\r\n').s('+OK\r\n').c('CAPA\r\n').s('+OK\r\nUSER\r\n.\r\n').c('PASS pw\r\n').s('+OK\r\n').end();
    expect(messages(notRightAfter, 'POP3-COMMAND-WRONG-STATE')).toEqual(['PASS without a preceding successful USER']);
  });

  it('POP3-COMMAND-WRONG-STATE: triggered by USER in TRANSACTION', () => {
    const s = loggedIn().c('USER alice\r\n').s('-ERR\r\n').end();
    expect(messages(s, 'POP3-COMMAND-WRONG-STATE')).toEqual(['USER is not allowed in the TRANSACTION state']);
  });

  it('POP3-COMMAND-WRONG-STATE: triggered by STLS in TRANSACTION and by a command after QUIT', () => {
    const s = loggedIn().c('STLS\r\n').s('-ERR\r\n').c('QUIT\r\n').s('+OK\r\n').c('NOOP\r\n').end();
    expect(messages(s, 'POP3-COMMAND-WRONG-STATE')).toEqual(['STLS is not allowed in the TRANSACTION state', 'NOOP after QUIT']);
  });

  it('POP3-COMMAND-WRONG-STATE: not for the commands of a normal session', () => {
    const s = loggedIn().c('STAT\r\n').s('+OK 1 5\r\n').c('RETR 1\r\n').s('+OK\r\nA: b\r\n.\r\n').c('CAPA\r\n').s('+OK\r\nTOP\r\n.\r\n').c('QUIT\r\n').s('+OK\r\n').end();
    expect(ids(s)).toEqual([]);
  });

  it('POP3-COMMAND-WRONG-STATE: not for pipelined USER/PASS/STAT, judged in the state each reaches the server', () => {
    const s = new SessionHarness('pop3')
      .s('+OK\r\n')
      .c('CAPA\r\n')
      .s('+OK\r\nPIPELINING\r\nUSER\r\n.\r\n')
      .c('USER bob\r\nPASS pw\r\nSTAT\r\n')
      .s('+OK\r\n+OK\r\n+OK 0 0\r\n')
      .end();
    expect(ids(s)).toEqual([]);
  });

  it('POP3-COMMAND-WRONG-STATE: not in a capture that starts mid-session (state unknown)', () => {
    const s = new SessionHarness('pop3').c('STAT\r\n').s('+OK 1 2\r\n').end();
    expect(ids(s)).toEqual([]);
  });
});

describe('POP3-UNKNOWN-COMMAND', () => {
  it('POP3-UNKNOWN-COMMAND: triggered by a keyword no POP3 RFC defines', () => {
    const s = loggedIn().c('XYZZY now\r\n').s('-ERR unknown command\r\n').end();
    expect(s.violations.find((v) => v.id === 'POP3-UNKNOWN-COMMAND')).toMatchObject({ message: 'unknown command "XYZZY"', severity: 'warning' });
  });

  it('POP3-UNKNOWN-COMMAND: triggered by an empty command line or one that starts with a space', () => {
    const s = loggedIn().c('\r\n').s('-ERR\r\n').c(' STAT\r\n').s('-ERR\r\n').end();
    expect(messages(s, 'POP3-UNKNOWN-COMMAND')).toEqual(['empty command line', 'command line starts with a space: " STAT"']);
  });

  it('POP3-UNKNOWN-COMMAND: not for the extension commands CAPA, STLS, UTF8, LANG and AUTH', () => {
    const s = new SessionHarness('pop3').s('+OK\r\n').c('CAPA\r\n').s('+OK\r\n.\r\n').c('UTF8\r\n').s('+OK\r\n').c('LANG en\r\n').s('+OK\r\n').c('AUTH\r\n').s('-ERR\r\n').c('STLS\r\n').s('-ERR\r\n').end();
    expect(ids(s)).toEqual([]);
  });
});

describe('POP3-BAD-ARGUMENTS', () => {
  it('POP3-BAD-ARGUMENTS: triggered by missing, extra or malformed arguments', () => {
    const s = loggedIn()
      .c('RETR\r\n')
      .s('-ERR\r\n')
      .c('RETR 0\r\n')
      .s('-ERR\r\n')
      .c('TOP 1\r\n')
      .s('-ERR\r\n')
      .c('STAT 1\r\n')
      .s('-ERR\r\n')
      .c('DELE one\r\n')
      .s('-ERR\r\n')
      .end();
    expect(messages(s, 'POP3-BAD-ARGUMENTS')).toEqual([
      'RETR: argument missing',
      'RETR: "0" is not a message number',
      'TOP: 2 arguments required, 1 given',
      'STAT: takes no arguments',
      'DELE: "one" is not a message number',
    ]);
  });

  it('POP3-BAD-ARGUMENTS: triggered by an APOP digest that is not 32 lower-case hex digits', () => {
    const s = new SessionHarness('pop3').s('+OK <1.2@x>\r\n').c('APOP bob C4C9334BAC560ECC979E58001B3E22FB\r\n').s('-ERR\r\n').end();
    expect(messages(s, 'POP3-BAD-ARGUMENTS')).toEqual(['APOP: the digest is not 32 lower-case hex digits']);
  });

  it('POP3-BAD-ARGUMENTS: not for well-formed arguments, nor for a password with spaces', () => {
    const s = new SessionHarness('pop3')
      .s('+OK <1.2@x>\r\n')
      .c('USER bob\r\n')
      .s('+OK\r\n')
      .c('PASS my secret pass phrase\r\n')
      .s('+OK\r\n')
      .c('TOP 1 10\r\n')
      .s('+OK\r\nA: b\r\n.\r\n')
      .c('LIST 1\r\n')
      .s('+OK 1 6\r\n')
      .c('UIDL\r\n')
      .s('+OK\r\n1 u1\r\n.\r\n')
      .end();
    expect(ids(s)).toEqual([]);
  });
});

describe('POP3-INVALID-RESPONSE', () => {
  it('POP3-INVALID-RESPONSE: triggered by a line that is neither +OK nor -ERR, reported once per run', () => {
    // zeek pop3-unknown-commands.pcap: the answer to STAT starts with three lines of garbage.
    const s = new SessionHarness('pop3')
      .s('+OK example.com POP3-Server\r\n')
      .c('USER zeek@zeek.org\r\n')
      .s('+OK Please enter your password\r\n')
      .c('PASS zeek\r\n')
      .s('+OK mailbox locked and ready\r\n')
      .c('STAT\r\n')
      .s('GARBAGE\r\nmore garbage\r\nx\r\n+OK 1 236\r\n')
      .end();
    expect(messages(s, 'POP3-INVALID-RESPONSE')).toEqual(['"GARBAGE" is neither +OK nor -ERR']);
    const stat = s.events.find((e) => e.kind === 'command' && e.verb === 'STAT');
    expect(stat?.kind === 'command' && s.events[stat.reply!]).toMatchObject({ lines: ['+OK 1 236'], detail: { count: 1, size: 236 } });
  });

  it('POP3-INVALID-RESPONSE: triggered by a status indicator not in upper case', () => {
    const s = loggedIn().c('NOOP\r\n').s('+ok\r\n').end();
    expect(messages(s, 'POP3-INVALID-RESPONSE')).toEqual(['status indicator "+ok" is not upper case']);
  });

  it('POP3-INVALID-RESPONSE: triggered by a "+ " continuation outside AUTH', () => {
    const s = loggedIn().c('NOOP\r\n').s('+ go on\r\n+OK\r\n').end();
    expect(messages(s, 'POP3-INVALID-RESPONSE')).toEqual(['"+ go on" is neither +OK nor -ERR (a "+" continuation outside AUTH)']);
  });

  it('POP3-INVALID-RESPONSE: not for +OK, -ERR, or a continuation during AUTH', () => {
    const s = new SessionHarness('pop3').s('+OK\r\n').c('AUTH CRAM-MD5\r\n').s('+ PDE+\r\n').c('Ym9iIDAxMjM0NTY3ODk=\r\n').s('-ERR [AUTH] bad\r\n').end();
    expect(ids(s)).toEqual([]);
  });
});

describe('POP3-UNSOLICITED-RESPONSE', () => {
  it('POP3-UNSOLICITED-RESPONSE: triggered by a status line when no command awaits one', () => {
    const s = loggedIn().c('NOOP\r\n').s('+OK\r\n+OK extra\r\n').end();
    expect(messages(s, 'POP3-UNSOLICITED-RESPONSE')).toEqual(['"+OK extra" answers no command']);
  });

  it('POP3-UNSOLICITED-RESPONSE: not for the greeting, nor when client bytes were lost', () => {
    const s = new SessionHarness('pop3').s('+OK hello\r\n').gap('C', 6).s('+OK 1 2\r\n').end();
    expect(ids(s)).toEqual([]);
  });

  it('POP3-UNSOLICITED-RESPONSE: not in a capture with only the server side', () => {
    const s = new SessionHarness('pop3').s('+OK hello\r\n+OK\r\n-ERR\r\n').end();
    expect(ids(s)).toEqual([]);
  });
});

describe('POP3-COMMAND-LINE-TOO-LONG', () => {
  it('POP3-COMMAND-LINE-TOO-LONG: triggered by a 256-octet command line', () => {
    const s = loggedIn().c(`USER ${'u'.repeat(249)}\r\n`).s('-ERR\r\n').end();
    expect(messages(s, 'POP3-COMMAND-LINE-TOO-LONG')).toEqual(['command line is 256 octets with CRLF (limit 255)']);
  });

  it('POP3-COMMAND-LINE-TOO-LONG: triggered by a line far over the limit, counted whole', () => {
    const s = loggedIn().c(`NOOP ${'n'.repeat(10_000)}\r\n`).s('-ERR\r\n').c('NOOP\r\n').s('+OK\r\n').end();
    expect(messages(s, 'POP3-COMMAND-LINE-TOO-LONG')).toEqual(['command line is 10007 octets with CRLF (limit 255)']);
    expect(s.events.filter((e) => e.kind === 'command').map((e) => e.length)).toEqual([10, 9, 10007, 6]);
  });

  it('POP3-COMMAND-LINE-TOO-LONG: not for a 255-octet line, nor for a long SASL response line', () => {
    const b64 = Buffer.from(`\0bob\0${'p'.repeat(400)}`).toString('base64');
    const s = new SessionHarness('pop3').s('+OK\r\n').c(`USER ${'u'.repeat(248)}\r\n`).s('+OK\r\n').c('AUTH PLAIN\r\n').s('+ \r\n').c(`${b64}\r\n`).s('-ERR\r\n').end();
    expect(violationIds(s)).not.toContain('POP3-COMMAND-LINE-TOO-LONG');
  });
});

describe('POP3-RESPONSE-LINE-TOO-LONG', () => {
  it('POP3-RESPONSE-LINE-TOO-LONG: triggered by a 513-octet status line', () => {
    const s = loggedIn().c('NOOP\r\n').s(`+OK ${'k'.repeat(507)}\r\n`).end();
    expect(messages(s, 'POP3-RESPONSE-LINE-TOO-LONG')).toEqual(['response line to NOOP is 513 octets with CRLF (limit 512)']);
  });

  it('POP3-RESPONSE-LINE-TOO-LONG: triggered by a long greeting', () => {
    const s = new SessionHarness('pop3').s(`+OK ${'g'.repeat(600)}\r\n`).end();
    expect(messages(s, 'POP3-RESPONSE-LINE-TOO-LONG')).toEqual(['greeting line is 606 octets with CRLF (limit 512)']);
  });

  it('POP3-RESPONSE-LINE-TOO-LONG: not for a 512-octet status line, nor for long lines inside a multi-line response', () => {
    const s = loggedIn().c('NOOP\r\n').s(`+OK ${'k'.repeat(506)}\r\n`).c('RETR 1\r\n').s(`+OK\r\nA: ${'b'.repeat(900)}\r\n.\r\n`).end();
    expect(ids(s)).toEqual([]);
  });
});

describe('POP3-MULTILINE-UNTERMINATED', () => {
  it('POP3-MULTILINE-UNTERMINATED: triggered when the next response begins before the "." line', () => {
    // zeek pop3_bad-list-retr-crafted.pcap: the LIST response has no ".", then RETR is answered.
    const s = new SessionHarness('pop3')
      .s('+OK example.com POP3-Server\r\n')
      .c('LIST\r\n')
      .s('GARBAGE (and LIST response missing .)\r\n+OK 2 messages (320 octets)\r\n1 120\r\n2 200\r\n')
      .c('RETR 1\r\n')
      .s('+OK message follows\r\nMIME-Version: 1.0\r\nFrom: zeek@zeek.org\r\nTo: zeek@zeek.org\r\nSubject: Crafted email\r\n\r\nThe body of the email.\r\n.\r\n')
      .c('QUIT\r\n')
      .s('+OK bye\r\n')
      .end();
    expect(messages(s, 'POP3-MULTILINE-UNTERMINATED')).toEqual(['the LIST response has no "." line: the next response began']);
    const list = s.events.find((e) => e.kind === 'reply' && e.lines[0] === '+OK 2 messages (320 octets)');
    expect(list).toMatchObject({ lines: ['+OK 2 messages (320 octets)', '1 120', '2 200'], detail: { complete: false } });
    expect(s.messages[0]).toMatchObject({ number: 1, size: 109, complete: true, headers: { subject: 'Crafted email' } });
    expect(violationIds(s)).toEqual([
      'POP3-COMMAND-WRONG-STATE',
      'POP3-INVALID-RESPONSE',
      'POP3-MULTILINE-UNTERMINATED',
      'POP3-COMMAND-WRONG-STATE',
      'POP3-PIPELINING-NOT-ADVERTISED',
      'POP3-SIZE-MISMATCH',
    ]);
  });

  it('POP3-MULTILINE-UNTERMINATED: triggered when the connection ends inside a RETR body', () => {
    const s = loggedIn().c('RETR 1\r\n').s('+OK\r\nSubject: x\r\n\r\npartial').end();
    expect(messages(s, 'POP3-MULTILINE-UNTERMINATED')).toEqual(['the connection ended inside the RETR 1 response (21 octets received)']);
    expect(s.messages[0]).toMatchObject({ complete: false, size: 21 });
  });

  it('POP3-MULTILINE-UNTERMINATED: triggered when the connection ends inside a CAPA listing', () => {
    const s = new SessionHarness('pop3').s('+OK\r\n').c('CAPA\r\n').s('+OK\r\nTOP\r\n').end();
    expect(messages(s, 'POP3-MULTILINE-UNTERMINATED')).toEqual(['the connection ended inside the CAPA response']);
  });

  it('POP3-MULTILINE-UNTERMINATED: not for terminated responses, nor when the end was lost in a gap', () => {
    const ok = loggedIn().c('LIST\r\n').s('+OK\r\n1 6\r\n.\r\n').c('RETR 1\r\n').s('+OK\r\nA: b\r\n.\r\n').end();
    expect(ids(ok)).toEqual([]);
    const lost = loggedIn().c('RETR 1\r\n').s('+OK\r\nSubject: x\r\n').gap('S', 500).end();
    expect(ids(lost)).toEqual([]);
    expect(lost.messages[0]!.complete).toBe(false);
  });
});

describe('POP3-DOT-STUFFING', () => {
  it('POP3-DOT-STUFFING: triggered by lines starting with a single "." in a RETR body, once with a count', () => {
    const s = loggedIn().c('RETR 1\r\n').s('+OK\r\nA: b\r\n\r\n.hidden\r\n.also\r\n.\r\n').end();
    expect(messages(s, 'POP3-DOT-STUFFING')).toEqual(['2 lines of the RETR 1 response begin with a single "." that is not stuffing']);
    expect(s.messages[0]!.content?.toString()).toBe('A: b\r\n\r\nhidden\r\nalso\r\n');
  });

  it('POP3-DOT-STUFFING: triggered in a listing too', () => {
    const s = new SessionHarness('pop3').s('+OK\r\n').c('CAPA\r\n').s('+OK\r\n.TOP\r\n.\r\n').end();
    expect(messages(s, 'POP3-DOT-STUFFING')).toEqual(['1 line of the CAPA response begins with a single "." that is not stuffing']);
  });

  it('POP3-DOT-STUFFING: not for correctly stuffed lines', () => {
    const s = loggedIn().c('RETR 1\r\n').s('+OK\r\nA: b\r\n\r\n..\r\n...x\r\n.\r\n').end();
    expect(ids(s)).toEqual([]);
    expect(s.messages[0]!.content?.toString()).toBe('A: b\r\n\r\n.\r\n..x\r\n');
  });
});

describe('POP3-MALFORMED-LISTING', () => {
  it('POP3-MALFORMED-LISTING: triggered by a STAT answer without count and size', () => {
    const s = loggedIn().c('STAT\r\n').s('+OK two messages\r\n').end();
    expect(messages(s, 'POP3-MALFORMED-LISTING')).toEqual(['STAT answer "two messages" is not "count size"']);
  });

  it('POP3-MALFORMED-LISTING: triggered by bad scan listing lines, once with a count', () => {
    const s = loggedIn().c('LIST\r\n').s('+OK\r\n1 abc\r\n2  20\r\n3 30\r\n.\r\n').end();
    expect(messages(s, 'POP3-MALFORMED-LISTING')).toEqual(['2 lines of the LIST response not in the form "msg size", first "1 abc"']);
  });

  it('POP3-MALFORMED-LISTING: triggered by LIST/UIDL n answered for another message, or a bad uid', () => {
    const s = loggedIn().c('LIST 2\r\n').s('+OK 3 30\r\n').c('UIDL 1\r\n').s('+OK 1 has space\r\n').end();
    expect(messages(s, 'POP3-MALFORMED-LISTING')).toEqual([
      'LIST 2 answered for message 3',
      'UIDL answer "1 has space" is not a unique-id listing "msg uid": the uid has a character outside 0x21-0x7E',
    ]);
  });

  it('POP3-MALFORMED-LISTING: triggered by uids longer than 70 characters, saying so', () => {
    const uid = (n: number): string => `1700000000.M51234${n}P67890V0000000000000803I0000000000123456_0.pop.example.net,S=120:2,S`;
    const s = loggedIn().c('UIDL\r\n').s(`+OK\r\n1 ${uid(1)}\r\n2 ${uid(2)}\r\n.\r\n`).end();
    expect(messages(s, 'POP3-MALFORMED-LISTING')).toEqual([
      `2 lines of the UIDL response not in the form "msg uid", first "1 ${uid(1).slice(0, 58)}…": the uid is 86 characters (at most 70)`,
    ]);
  });

  it('POP3-MALFORMED-LISTING: not for a uid of exactly 70 characters', () => {
    const s = loggedIn().c('UIDL\r\n').s(`+OK\r\n1 ${'u'.repeat(70)}\r\n.\r\n`).c('UIDL 1\r\n').s(`+OK 1 ${'~'.repeat(70)}\r\n`).end();
    expect(ids(s)).toEqual([]);
  });

  it('POP3-MALFORMED-LISTING: not for well-formed listings', () => {
    const s = loggedIn().c('STAT\r\n').s('+OK 2 320\r\n').c('LIST\r\n').s('+OK 2 messages (320 octets)\r\n1 120\r\n2 200\r\n.\r\n').c('UIDL 2\r\n').s('+OK 2 QhdPYR:00WBw1Ph7x7\r\n').end();
    expect(ids(s)).toEqual([]);
  });
});

describe('POP3-SIZE-MISMATCH', () => {
  it('POP3-SIZE-MISMATCH: triggered when RETR delivers another size than the scan listing', () => {
    const s = loggedIn().c('LIST 1\r\n').s('+OK 1 120\r\n').c('RETR 1\r\n').s('+OK\r\nA: b\r\n.\r\n').end();
    expect(s.violations.find((v) => v.id === 'POP3-SIZE-MISMATCH')).toMatchObject({ message: 'RETR 1 delivered 6 octets but the scan listing gave 120', severity: 'warning' });
  });

  it('POP3-SIZE-MISMATCH: not when the sizes agree, counting CRLF as two octets and not counting dot-stuffing', () => {
    // 1&1 (ndpi pop3.pcap): LIST gives the size after unstuffing; the wire carries one extra octet per stuffed line.
    const s = loggedIn().c('LIST\r\n').s('+OK\r\n1 12\r\n.\r\n').c('RETR 1\r\n').s('+OK\r\nA: b\r\n\r\n..x\r\n.\r\n').end();
    expect(s.messages[0]!.size).toBe(12);
    expect(ids(s)).toEqual([]);
  });

  it('POP3-SIZE-MISMATCH: not for an incomplete message, nor for TOP', () => {
    const s = loggedIn().c('LIST 1\r\n').s('+OK 1 900\r\n').c('TOP 1 0\r\n').s('+OK\r\nA: b\r\n.\r\n').c('RETR 1\r\n').s('+OK\r\nA: b\r\n').end();
    expect(violationIds(s)).not.toContain('POP3-SIZE-MISMATCH');
  });
});

describe('POP3-MSG-OUT-OF-RANGE-ACCEPTED', () => {
  it('POP3-MSG-OUT-OF-RANGE-ACCEPTED: triggered by RETR beyond STAT\'s count answered +OK', () => {
    const s = loggedIn().c('STAT\r\n').s('+OK 2 320\r\n').c('RETR 3\r\n').s('+OK\r\nA: b\r\n.\r\n').end();
    expect(messages(s, 'POP3-MSG-OUT-OF-RANGE-ACCEPTED')).toEqual(['RETR 3 answered +OK but the maildrop has 2 messages']);
  });

  it('POP3-MSG-OUT-OF-RANGE-ACCEPTED: counts deleted messages, which STAT no longer counts, as in range', () => {
    const s = loggedIn().c('DELE 1\r\n').s('+OK\r\n').c('STAT\r\n').s('+OK 1 200\r\n').c('DELE 2\r\n').s('+OK\r\n').c('LIST 3\r\n').s('+OK 3 7\r\n').end();
    expect(messages(s, 'POP3-MSG-OUT-OF-RANGE-ACCEPTED')).toEqual(['LIST 3 answered +OK but the maildrop has 2 messages']);
  });

  it('POP3-MSG-OUT-OF-RANGE-ACCEPTED: not when the server refuses, nor when the maildrop size is unknown', () => {
    const refused = loggedIn().c('STAT\r\n').s('+OK 2 320\r\n').c('RETR 3\r\n').s('-ERR no such message\r\n').end();
    expect(ids(refused)).toEqual([]);
    const unknown = loggedIn().c('DELE 9\r\n').s('+OK\r\n').end();
    expect(ids(unknown)).toEqual([]);
  });
});

describe('POP3-MSG-DELETED-ACCEPTED', () => {
  it('POP3-MSG-DELETED-ACCEPTED: triggered by DELE of a deleted message answered +OK', () => {
    const s = loggedIn().c('DELE 1\r\n').s('+OK deleted\r\n').c('DELE 1\r\n').s('+OK deleted\r\n').end();
    expect(messages(s, 'POP3-MSG-DELETED-ACCEPTED')).toEqual(['DELE 1 answered +OK although message 1 was deleted']);
  });

  it('POP3-MSG-DELETED-ACCEPTED: triggered by RETR of a deleted message answered +OK', () => {
    const s = loggedIn().c('DELE 2\r\n').s('+OK\r\n').c('RETR 2\r\n').s('+OK\r\nA: b\r\n.\r\n').end();
    expect(messages(s, 'POP3-MSG-DELETED-ACCEPTED')).toEqual(['RETR 2 answered +OK although message 2 was deleted']);
  });

  it('POP3-MSG-DELETED-ACCEPTED: not after RSET, nor when the server refuses', () => {
    const s = loggedIn().c('DELE 1\r\n').s('+OK\r\n').c('RETR 1\r\n').s('-ERR message 1 already deleted\r\n').c('RSET\r\n').s('+OK\r\n').c('RETR 1\r\n').s('+OK\r\nA: b\r\n.\r\n').end();
    expect(ids(s)).toEqual([]);
  });
});

describe('POP3-PIPELINING-NOT-ADVERTISED', () => {
  it('POP3-PIPELINING-NOT-ADVERTISED: triggered by QUIT sent before the CAPA response (ndpi pop3.pcap)', () => {
    const s = new SessionHarness('pop3')
      .s('+OK POP server ready H mimap4 0MHoUr-1VDxRD3Ui5-003eq2\r\n')
      .c('CAPA\r\n')
      .c('QUIT\r\n')
      .s('+OK Capability list follows\r\nTOP\r\nUSER\r\nUIDL\r\nSTLS\r\nSASL PLAIN\r\nIMPLEMENTATION trinity\r\n.\r\n')
      .s('+OK POP server signing off\r\n')
      .end();
    expect(s.violations).toEqual([
      expect.objectContaining({ id: 'POP3-PIPELINING-NOT-ADVERTISED', event: 2, message: 'QUIT was sent before the response to CAPA had arrived, and the server has not advertised PIPELINING' }),
    ]);
  });

  it('POP3-PIPELINING-NOT-ADVERTISED: triggered once per session', () => {
    const s = loggedIn().c('NOOP\r\nNOOP\r\nNOOP\r\n').s('+OK\r\n+OK\r\n+OK\r\n').end();
    expect(messages(s, 'POP3-PIPELINING-NOT-ADVERTISED')).toHaveLength(1);
  });

  it('POP3-PIPELINING-NOT-ADVERTISED: not when the server advertised PIPELINING', () => {
    const s = new SessionHarness('pop3').s('+OK\r\n').c('CAPA\r\n').s('+OK\r\nPIPELINING\r\n.\r\n').c('USER a\r\nQUIT\r\n').s('-ERR\r\n+OK\r\n').end();
    expect(ids(s)).toEqual([]);
  });

  it('POP3-PIPELINING-NOT-ADVERTISED: not when the earlier response was lost in a gap', () => {
    const s = loggedIn().c('NOOP\r\n').c('STAT\r\n').gap('S', 5).s('+OK 0 0\r\n').end();
    expect(ids(s)).toEqual([]);
  });
});

describe('POP3-STLS-COMMAND-INJECTION', () => {
  it('POP3-STLS-COMMAND-INJECTION: triggered by commands sent after STLS before its +OK', () => {
    const h = new SessionHarness('pop3').s('+OK\r\n').c('STLS\r\nUSER evil\r\nPASS x\r\n').s('+OK Begin TLS\r\n');
    const s = h.end();
    expect(s.violations.find((v) => v.id === 'POP3-STLS-COMMAND-INJECTION')).toMatchObject({
      message: 'client sent 2 lines (19 octets) after STLS without waiting for its +OK, starting "USER evil"',
      event: 2,
    });
    const injected = s.events.filter((e) => e.kind === 'command' && e.detail?.injected === true);
    expect(injected.map((e) => e.kind === 'command' && e.line)).toEqual(['USER evil', 'PASS ********']);
    // Shown where they were sent: between the STLS and its +OK, which still answers the STLS.
    expect(s.events.map((e) => (e.kind === 'command' ? e.line : e.kind === 'reply' ? e.lines[0] : e.kind))).toEqual(['+OK', 'STLS', 'USER evil', 'PASS ********', '+OK Begin TLS']);
    expect(s.events[1]).toMatchObject({ kind: 'command', verb: 'STLS', reply: 4 });
    // They carry the time the client sent them (with the STLS), not the time of the +OK.
    expect(s.events.slice(1, 5).map((e) => e.ts)).toEqual([s.events[1]!.ts, s.events[1]!.ts, s.events[1]!.ts, s.events[4]!.ts]);
    expect(s.events[4]!.ts).toBeGreaterThan(s.events[1]!.ts);
    expect(s.tls).toBe('starttls');
  });

  it('POP3-STLS-COMMAND-INJECTION: not for an STLS answered before the client sends more', () => {
    const s = new SessionHarness('pop3').s('+OK\r\n').c('STLS\r\n').s('+OK Begin TLS\r\n').end();
    expect(ids(s)).toEqual([]);
  });
});

describe('POP3-STLS-RESPONSE-INJECTION', () => {
  it('POP3-STLS-RESPONSE-INJECTION: triggered by server lines right after the STLS +OK', () => {
    const s = new SessionHarness('pop3').s('+OK\r\n').c('STLS\r\n').s('+OK Begin TLS\r\n+OK injected\r\n').end();
    expect(s.violations).toEqual([
      expect.objectContaining({ id: 'POP3-STLS-RESPONSE-INJECTION', message: 'server sent 1 line (14 octets) after its +OK to STLS, before the TLS handshake, starting "+OK injected"' }),
    ]);
    expect(s.events.at(-1)).toMatchObject({ kind: 'reply', lines: ['+OK injected'], detail: { injected: true } });
  });

  it('POP3-STLS-RESPONSE-INJECTION: not for lines that come before the STLS answer', () => {
    const s = new SessionHarness('pop3').s('+OK\r\n').c('NOOP\r\nSTLS\r\n').s('-ERR\r\n+OK\r\n').end();
    expect(violationIds(s)).not.toContain('POP3-STLS-RESPONSE-INJECTION');
  });
});

describe('POP3-AUTH-CLEARTEXT', () => {
  it('POP3-AUTH-CLEARTEXT: triggered by PASS without TLS, once per session', () => {
    const s = new SessionHarness('pop3').s('+OK\r\n').c('USER a\r\n').s('+OK\r\n').c('PASS x\r\n').s('-ERR\r\n').c('USER a\r\n').s('+OK\r\n').c('PASS y\r\n').s('+OK\r\n').end();
    expect(s.violations).toEqual([expect.objectContaining({ id: 'POP3-AUTH-CLEARTEXT', severity: 'warning', event: 3, message: 'PASS sends the password on a connection without TLS' })]);
  });

  it('POP3-AUTH-CLEARTEXT: triggered by AUTH PLAIN and AUTH LOGIN', () => {
    for (const mech of ['PLAIN', 'LOGIN', 'XOAUTH2']) {
      const s = new SessionHarness('pop3').s('+OK\r\n').c(`AUTH ${mech}\r\n`).s('-ERR\r\n').end();
      expect(messages(s, 'POP3-AUTH-CLEARTEXT')).toEqual([`AUTH ${mech} sends the password on a connection without TLS`]);
    }
  });

  it('POP3-AUTH-CLEARTEXT: not for APOP or a challenge-response mechanism', () => {
    const apop = new SessionHarness('pop3').s('+OK <1.2@x>\r\n').c('APOP bob c4c9334bac560ecc979e58001b3e22fb\r\n').s('+OK\r\n').end();
    const cram = new SessionHarness('pop3').s('+OK\r\n').c('AUTH CRAM-MD5\r\n').s('+ PDE+\r\n').c('Ym9iIDAxMjM0NTY3ODk=\r\n').s('+OK\r\n').end();
    expect([...violationIds(apop), ...violationIds(cram)]).toEqual([]);
  });
});

describe('POP3-BARE-LF', () => {
  it('POP3-BARE-LF: triggered once per direction by LF-only command and status lines (zeek pop3-unknown-commands.pcap)', () => {
    const s = new SessionHarness('pop3').s('+OK example.com POP3-Server\n').c('USER zeek@zeek.org\n').s('+OK Please enter your password\n').c('PASS zeek\n').s('+OK\n').end();
    expect(s.violations.filter((v) => v.id === 'POP3-BARE-LF').map((v) => [v.event, v.message])).toEqual([
      [0, 'server greeting line ends in LF without CR'],
      [1, 'client command line ends in LF without CR'],
    ]);
  });

  it('POP3-BARE-LF: triggered once per message body, with a count', () => {
    const s = loggedIn().c('RETR 1\r\n').s('+OK\r\nA: b\n\nbody\n.\n').end();
    expect(messages(s, 'POP3-BARE-LF')).toEqual(['4 lines of the RETR 1 response end in LF without CR']);
    expect(s.messages[0]).toMatchObject({ size: 11, complete: true });
  });

  it('POP3-BARE-LF: not for CRLF lines', () => {
    const s = loggedIn().c('RETR 1\r\n').s('+OK\r\nA: b\r\n\r\nbody\r\n.\r\n').end();
    expect(ids(s)).toEqual([]);
  });
});

describe('POP3-BARE-CR', () => {
  it('POP3-BARE-CR: triggered by a CR without LF in a command and in a status line', () => {
    const s = loggedIn().c('NOOP\rQUIT\r\n').s('+\r\r..x\r\r\n').s('+OK\r\n').end();
    expect(s.violations.filter((v) => v.id === 'POP3-BARE-CR').map((v) => v.message)).toEqual([
      'client command line contains a CR without LF',
      'server response line contains a CR without LF',
    ]);
  });

  it('POP3-BARE-CR: triggered in a message body, with a count', () => {
    const s = loggedIn().c('RETR 1\r\n').s('+OK\r\nA: b\rc\r\n.\r\n').end();
    expect(messages(s, 'POP3-BARE-CR')).toEqual(['1 line of the RETR 1 response contains a CR without LF']);
  });

  it('POP3-BARE-CR: not for CRLF lines', () => {
    const s = loggedIn().c('NOOP\r\n').s('+OK\r\n').end();
    expect(ids(s)).toEqual([]);
  });
});

describe('POP3-AUTH-INVALID-BASE64', () => {
  it('POP3-AUTH-INVALID-BASE64: triggered by a client response that is not base64, which is masked', () => {
    const s = new SessionHarness('pop3').s('+OK\r\n').c('AUTH LOGIN\r\n').s('+ VXNlcm5hbWU6\r\n').c('bob@example.org\r\n').s('-ERR\r\n').end();
    expect(messages(s, 'POP3-AUTH-INVALID-BASE64')).toEqual(['AUTH LOGIN response is not base64 (15 characters)']);
    expect(s.events.find((e) => e.kind === 'auth' && e.dir === 'C')).toMatchObject({ line: '********', decoded: 'not base64' });
  });

  it('POP3-AUTH-INVALID-BASE64: triggered by an invalid initial response and by an invalid challenge', () => {
    const ir = new SessionHarness('pop3').s('+OK\r\n').c('AUTH PLAIN abc\r\n').s('-ERR\r\n').end();
    expect(messages(ir, 'POP3-AUTH-INVALID-BASE64')).toEqual(['AUTH initial response is not base64 (3 characters)']);
    const challenge = new SessionHarness('pop3').s('+OK\r\n').c('AUTH CRAM-MD5\r\n').s('+ not base64!\r\n').c('*\r\n').s('-ERR\r\n').end();
    expect(messages(challenge, 'POP3-AUTH-INVALID-BASE64')).toEqual(['AUTH CRAM-MD5 challenge is not base64: "not base64!"']);
  });

  it('POP3-AUTH-INVALID-BASE64: not for base64, "=" (empty initial response) or "*" (cancel)', () => {
    const s = new SessionHarness('pop3').s('+OK\r\n').c('AUTH EXTERNAL =\r\n').s('-ERR\r\n').c('AUTH PLAIN\r\n').s('+ \r\n').c('*\r\n').s('-ERR\r\n').end();
    expect(violationIds(s)).not.toContain('POP3-AUTH-INVALID-BASE64');
  });
});
