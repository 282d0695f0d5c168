import { describe, expect, it } from 'vitest';
import type { AuthEvent, CommandEvent, DataEvent, NoteEvent, ReplyEvent, SessionEvent } from '../../../src/model/events.js';
import type { Session } from '../../../src/model/session.js';
import { DATA_EVENT_BYTES } from '../../../src/protocols/pop3/message-body.js';
import { SessionHarness, violationIds } from '../../helpers/session.js';

const commands = (s: Session): CommandEvent[] => s.events.filter((e): e is CommandEvent => e.kind === 'command');
const replies = (s: Session): ReplyEvent[] => s.events.filter((e): e is ReplyEvent => e.kind === 'reply');
const auths = (s: Session): AuthEvent[] => s.events.filter((e): e is AuthEvent => e.kind === 'auth');
const datas = (s: Session): DataEvent[] => s.events.filter((e): e is DataEvent => e.kind === 'data');
const notes = (s: Session): NoteEvent[] => s.events.filter((e): e is NoteEvent => e.kind === 'note');
const kinds = (s: Session): string[] => s.events.map((e) => e.kind);

/** Greeting, USER/PASS accepted: the session is in TRANSACTION. */
function loggedIn(opts: ConstructorParameters<typeof SessionHarness>[1] = {}): SessionHarness {
  return new SessionHarness('pop3', opts).s('+OK ready\r\n').c('USER bob\r\n').s('+OK\r\n').c('PASS pw\r\n').s('+OK logged in\r\n');
}

function replyTo(s: Session, cmd: CommandEvent): ReplyEvent {
  const r = s.events[cmd.reply!];
  if (r?.kind !== 'reply') throw new Error(`command ${cmd.index} has no reply`);
  return r;
}

describe('POP3 decoder: greeting and login', () => {
  it('takes the first +OK as the greeting and records the APOP timestamp', () => {
    const s = new SessionHarness('pop3').s('+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>\r\n').end();
    const [g] = replies(s);
    expect(g).toMatchObject({ status: '+OK', lines: ['+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>'], offset: 0, length: 57 });
    expect(g!.detail).toEqual({ greeting: true, apopTimestamp: '<1896.697170952@dbc.mtview.ca.us>' });
    expect(g!.command).toBeUndefined();
  });

  it('pairs USER and PASS with their responses, masks the password and records the user name', () => {
    const s = loggedIn().end();
    const [user, pass] = commands(s);
    expect(user).toMatchObject({ verb: 'USER', args: 'bob', line: 'USER bob', detail: { username: 'bob' } });
    expect(pass).toMatchObject({ verb: 'PASS', args: '********', line: 'PASS ********' });
    expect(replyTo(s, pass!).lines).toEqual(['+OK logged in']);
    expect(replyTo(s, pass!).command).toBe(pass!.index);
    expect(pass!.responseTime).toBeCloseTo(0.01, 5);
  });

  it('shows the password when showSecrets is set', () => {
    const s = loggedIn({ decoder: { showSecrets: true } }).end();
    expect(commands(s)[1]).toMatchObject({ args: 'pw', line: 'PASS pw' });
  });

  it('keeps the keyword as sent but upper-cases the verb', () => {
    const s = new SessionHarness('pop3').s('+OK\r\n').c('user bob\r\n').s('+OK\r\n').c('pass secret word\r\n').s('+OK\r\n').end();
    expect(commands(s)[0]).toMatchObject({ verb: 'USER', line: 'user bob' });
    expect(commands(s)[1]).toMatchObject({ verb: 'PASS', args: '********', line: 'pass ********' });
  });

  it('APOP logs in with the digest masked', () => {
    const s = new SessionHarness('pop3')
      .s('+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>\r\n')
      .c('APOP mrose c4c9334bac560ecc979e58001b3e22fb\r\n')
      .s("+OK mrose's maildrop has 2 messages (320 octets)\r\n")
      .c('STAT\r\n')
      .s('+OK 2 320\r\n')
      .end();
    expect(commands(s)[0]).toMatchObject({ verb: 'APOP', args: 'mrose ********', detail: { username: 'mrose' } });
    expect(violationIds(s)).toEqual([]);
  });
});

describe('POP3 decoder: transaction commands', () => {
  it('parses STAT into count and size', () => {
    const s = loggedIn().c('STAT\r\n').s('+OK 2 320\r\n').end();
    expect(replyTo(s, commands(s)[2]!).detail).toEqual({ count: 2, size: 320 });
  });

  it('reads LIST without argument as a multi-line scan listing, in one reply event', () => {
    const s = loggedIn().c('LIST\r\n').s('+OK 2 messages (320 octets)\r\n1 120\r\n2 200\r\n.\r\n').end();
    const r = replyTo(s, commands(s)[2]!);
    expect(r.lines).toEqual(['+OK 2 messages (320 octets)', '1 120', '2 200', '.']);
    expect(r.detail).toEqual({ messages: [{ number: 1, size: 120 }, { number: 2, size: 200 }] });
    expect(r.length).toBe(29 + 7 + 7 + 3);
  });

  it('reads LIST with an argument as one line: the next line is a new response', () => {
    const s = loggedIn().c('LIST 2\r\n').s('+OK 2 200\r\n').c('NOOP\r\n').s('+OK\r\n').end();
    const [, , list, noop] = commands(s);
    expect(list!.detail).toEqual({ number: 2 });
    expect(replyTo(s, list!)).toMatchObject({ lines: ['+OK 2 200'], detail: { number: 2, size: 200 } });
    expect(replyTo(s, noop!).lines).toEqual(['+OK']);
    expect(violationIds(s)).toEqual(['POP3-AUTH-CLEARTEXT']);
  });

  it('knows a -ERR to LIST is single-line', () => {
    const s = loggedIn().c('LIST\r\n').s('-ERR busy\r\n').c('NOOP\r\n').s('+OK\r\n').end();
    expect(replies(s).map((r) => r.lines)).toEqual([['+OK ready'], ['+OK'], ['+OK logged in'], ['-ERR busy'], ['+OK']]);
  });

  it('parses UIDL listings, with and without argument', () => {
    const s = loggedIn().c('UIDL\r\n').s('+OK\r\n1 whqtswO00WBw418f9t5JxYwZ\r\n2 QhdPYR:00WBw1Ph7x7\r\n.\r\n').c('UIDL 2\r\n').s('+OK 2 QhdPYR:00WBw1Ph7x7\r\n').end();
    const [, , all, one] = commands(s);
    expect(replyTo(s, all!).detail).toEqual({ messages: [{ number: 1, uid: 'whqtswO00WBw418f9t5JxYwZ' }, { number: 2, uid: 'QhdPYR:00WBw1Ph7x7' }] });
    expect(replyTo(s, one!).detail).toEqual({ number: 2, uid: 'QhdPYR:00WBw1Ph7x7' });
  });

  it('DELE, RSET, NOOP and QUIT are single-line', () => {
    const s = loggedIn().c('DELE 1\r\n').s('+OK message 1 deleted\r\n').c('RSET\r\n').s('+OK\r\n').c('NOOP\r\n').s('+OK\r\n').c('QUIT\r\n').s('+OK bye\r\n').end();
    expect(commands(s).map((c) => [c.verb, replyTo(s, c).lines.length])).toEqual([
      ['USER', 1],
      ['PASS', 1],
      ['DELE', 1],
      ['RSET', 1],
      ['NOOP', 1],
      ['QUIT', 1],
    ]);
  });

  it('puts RFC 2449/3206 response codes in detail', () => {
    const s = new SessionHarness('pop3').s('+OK\r\n').c('USER bob\r\n').s('+OK\r\n').c('PASS x\r\n').s('-ERR [IN-USE] mailbox locked\r\n').c('PASS y\r\n').s('-ERR [SYS/TEMP] try later\r\n').end();
    expect(replies(s).slice(2).map((r) => r.detail)).toEqual([{ code: 'IN-USE' }, { code: 'SYS/TEMP' }]);
  });

  it('keeps unknown commands verbatim, with a single-line response', () => {
    const s = loggedIn().c('XTND XMIT foo\r\n').s('-ERR unknown\r\n').c('NOOP\r\n').s('+OK\r\n').end();
    expect(commands(s)[2]).toMatchObject({ verb: 'XTND', args: 'XMIT foo', line: 'XTND XMIT foo' });
    expect(replyTo(s, commands(s)[3]!).lines).toEqual(['+OK']);
  });
});

describe('POP3 decoder: RETR and TOP messages', () => {
  const message = 'From: Alice <alice@example.org>\r\nTo: bob@example.org\r\nSubject: =?UTF-8?Q?hi?=\r\n folded\r\nMessage-ID: <1@x>\r\nDate: Mon, 1 Jan 2024 00:00:00 +0000\r\n\r\nHello\r\n..dot line\r\n';

  it('records a RETR body as a message with headers, size, offsets and content; the reply holds the status line only', () => {
    const stuffed = message.replace('\r\n..dot', '\r\n...dot');
    const h = loggedIn().c('RETR 1\r\n');
    const before = h.session.events.length;
    const s = h.s(`+OK 123 octets\r\n${stuffed}.\r\n`).end();
    const retr = commands(s)[2]!;
    const reply = replyTo(s, retr);
    expect(reply.lines).toEqual(['+OK 123 octets']);
    expect(s.events.slice(before + 1).map((e) => e.kind)).toEqual(['data']);
    const [m] = s.messages;
    expect(m).toMatchObject({ via: 'pop3-retr', number: 1, complete: true, size: message.length, events: [reply.index + 1] });
    expect(m!.headers).toEqual({
      from: 'Alice <alice@example.org>',
      to: 'bob@example.org',
      subject: '=?UTF-8?Q?hi?= folded',
      messageId: '<1@x>',
      date: 'Mon, 1 Jan 2024 00:00:00 +0000',
    });
    expect(m!.content?.toString('latin1')).toBe(message);
    const start = reply.offset + reply.length;
    expect(m!.stream).toEqual({ dir: 'S', start, end: start + stuffed.length });
    const [d] = datas(s);
    expect(d).toMatchObject({ what: 'RETR', message: 0, size: message.length, offset: start, length: stuffed.length + 3, previewTruncated: false, terminator: '.' });
    expect(d!.preview).toBe(message);
  });

  it('puts the "." terminator on the last data event only, also for an empty body', () => {
    const line = `${'y'.repeat(1022)}\r\n`;
    const big = loggedIn({ decoder: { keepMessageBytes: 0 } }).c('RETR 1\r\n').s(`+OK\r\n${line.repeat(1100)}.\r\n`).end();
    expect(datas(big).map((d) => d.terminator)).toEqual([undefined, '.']);
    const empty = loggedIn().c('TOP 1 0\r\n').s('+OK\r\n.\r\n').end();
    expect(datas(empty)).toEqual([expect.objectContaining({ size: 0, length: 3, terminator: '.' })]);
  });

  it('has no terminator on a body the connection cut short', () => {
    const s = loggedIn().c('RETR 1\r\n').s('+OK\r\nSubject: a\r\n\r\npart').end();
    expect(datas(s)).toHaveLength(1);
    expect(datas(s)[0]!.terminator).toBeUndefined();
  });

  it('records TOP as pop3-top with the message number', () => {
    const s = loggedIn().c('TOP 3 0\r\n').s('+OK\r\nSubject: x\r\n\r\n.\r\n').end();
    expect(commands(s)[2]!.detail).toEqual({ number: 3, lines: 0 });
    expect(s.messages[0]).toMatchObject({ via: 'pop3-top', number: 3, size: 14, complete: true });
    expect(datas(s)[0]!.what).toBe('TOP');
  });

  it('limits the preview and keeps content only up to keepMessageBytes', () => {
    const body = `Subject: big\r\n\r\n${'x'.repeat(100)}\r\n`;
    const s = loggedIn({ decoder: { previewBytes: 10, keepMessageBytes: 50 } }).c('RETR 1\r\n').s(`+OK\r\n${body}.\r\n`).end();
    expect(datas(s)[0]).toMatchObject({ preview: 'Subject: b', previewTruncated: true, size: body.length });
    expect(s.messages[0]!.content).toBeUndefined();
    expect(s.messages[0]!.size).toBe(body.length);
  });

  it('cuts data events every MiB at a line end', () => {
    const line = `${'y'.repeat(1022)}\r\n`;
    const body = line.repeat(1500);
    const s = loggedIn({ decoder: { keepMessageBytes: 0 } }).c('RETR 1\r\n').s(`+OK\r\n${body}.\r\n`).end();
    const ds = datas(s);
    expect(DATA_EVENT_BYTES).toBe(1024 * 1024);
    expect(ds.map((d) => d.size)).toEqual([DATA_EVENT_BYTES, body.length - DATA_EVENT_BYTES]);
    expect(ds[1]!.offset).toBe(ds[0]!.offset + ds[0]!.length);
    expect(s.messages[0]!.events).toEqual(ds.map((d) => d.index));
  });

  it('ends the body only at the "." line, even across chunks', () => {
    const h = loggedIn().c('RETR 1\r\n').s('+OK\r\nSubject: a\r\n\r\nline\r').s('\n.').s('\r\n').c('QUIT\r\n').s('+OK\r\n');
    const s = h.end();
    expect(s.messages[0]).toMatchObject({ size: 20, complete: true });
    expect(replyTo(s, commands(s)[3]!).lines).toEqual(['+OK']);
  });

  it('takes a very long body line in pieces without mistaking a "." inside it for the end', () => {
    const long = `${'z'.repeat(70_000)}`;
    const s = loggedIn().c('RETR 1\r\n').s(`+OK\r\nSubject: l\r\n\r\n${long}\r\n.\r\n`).end();
    expect(s.messages[0]).toMatchObject({ size: 14 + 70_002, complete: true });
  });
});

describe('POP3 decoder: CAPA, AUTH and STLS', () => {
  it('parses and remembers CAPA, including SASL mechanisms', () => {
    const s = new SessionHarness('pop3')
      .s('+OK\r\n')
      .c('CAPA\r\n')
      .s('+OK Capability list follows\r\nTOP\r\nUSER\r\nSASL PLAIN LOGIN\r\nRESP-CODES\r\nPIPELINING\r\nLOGIN-DELAY 900\r\n.\r\n')
      .c('USER a\r\nPASS b\r\n')
      .s('+OK\r\n+OK\r\n')
      .end();
    expect(replies(s)[1]!.detail).toEqual({ capabilities: { TOP: [], USER: [], SASL: ['PLAIN', 'LOGIN'], 'RESP-CODES': [], PIPELINING: [], 'LOGIN-DELAY': ['900'] } });
    // PIPELINING was advertised, so the pipelined PASS is fine (only the cleartext password is reported).
    expect(violationIds(s)).toEqual(['POP3-AUTH-CLEARTEXT']);
    expect(commands(s)[2]!.detail).toEqual({ pipelined: true });
  });

  it('reads AUTH without argument as a multi-line mechanism list', () => {
    const s = new SessionHarness('pop3').s('+OK\r\n').c('AUTH\r\n').s('+OK\r\nPLAIN\r\nLOGIN\r\n.\r\n').c('QUIT\r\n').s('+OK\r\n').end();
    expect(replies(s)[1]).toMatchObject({ lines: ['+OK', 'PLAIN', 'LOGIN', '.'], detail: { mechanisms: ['PLAIN', 'LOGIN'] } });
  });

  it('decodes AUTH PLAIN with a continuation as auth events, password masked', () => {
    const cred = Buffer.from('\0bob\0hunter2').toString('base64');
    const s = new SessionHarness('pop3').s('+OK\r\n').c('AUTH PLAIN\r\n').s('+ \r\n').c(`${cred}\r\n`).s('+OK welcome\r\n').c('STAT\r\n').s('+OK 0 0\r\n').end();
    expect(kinds(s)).toEqual(['reply', 'command', 'auth', 'auth', 'reply', 'command', 'reply']);
    const [challenge, response] = auths(s);
    expect(challenge).toMatchObject({ dir: 'S', line: '+ ', decoded: 'empty challenge' });
    expect(response).toMatchObject({ dir: 'C', line: '********', decoded: 'username: bob, password: ********' });
    expect(commands(s)[0]!.detail).toEqual({ mechanism: 'PLAIN', username: 'bob' });
    expect(replyTo(s, commands(s)[0]!).lines).toEqual(['+OK welcome']);
    expect(violationIds(s)).toEqual(['POP3-AUTH-CLEARTEXT']);
  });

  it('decodes AUTH PLAIN with an initial response in the command, masked unless showSecrets', () => {
    const cred = Buffer.from('admin\0bob\0hunter2').toString('base64');
    const masked = new SessionHarness('pop3').s('+OK\r\n').c(`AUTH PLAIN ${cred}\r\n`).s('+OK\r\n').end();
    expect(commands(masked)[0]).toMatchObject({ args: 'PLAIN ********', line: 'AUTH PLAIN ********', detail: { mechanism: 'PLAIN', initialResponse: 'authorize as: admin, username: bob, password: ********', username: 'bob' } });
    const shown = new SessionHarness('pop3', { decoder: { showSecrets: true } }).s('+OK\r\n').c(`AUTH PLAIN ${cred}\r\n`).s('+OK\r\n').end();
    expect(commands(shown)[0]).toMatchObject({ args: `PLAIN ${cred}`, detail: { initialResponse: 'authorize as: admin, username: bob, password: hunter2' } });
  });

  it('follows AUTH LOGIN rounds from the server prompts', () => {
    const b = (t: string): string => Buffer.from(t).toString('base64');
    const s = new SessionHarness('pop3').s('+OK\r\n').c('AUTH LOGIN\r\n').s(`+ ${b('Username:')}\r\n`).c(`${b('bob')}\r\n`).s(`+ ${b('Password:')}\r\n`).c(`${b('pw')}\r\n`).s('+OK\r\n').end();
    expect(auths(s).map((a) => [a.dir, a.line, a.decoded])).toEqual([
      ['S', `+ ${b('Username:')}`, 'Username:'],
      ['C', b('bob'), 'username: bob'],
      ['S', `+ ${b('Password:')}`, 'Password:'],
      ['C', '********', 'password: ********'],
    ]);
  });

  it('a "*" cancels the exchange', () => {
    const s = new SessionHarness('pop3').s('+OK\r\n').c('AUTH CRAM-MD5\r\n').s('+ PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+\r\n').c('*\r\n').s('-ERR cancelled\r\n').c('USER bob\r\n').s('+OK\r\n').end();
    expect(auths(s).map((a) => a.decoded)).toEqual(['<1896.697170952@postoffice.reston.mci.net>', 'cancel']);
    expect(commands(s).map((c) => c.verb)).toEqual(['AUTH', 'USER']);
  });

  it('moves to TRANSACTION after a successful AUTH', () => {
    const s = new SessionHarness('pop3').s('+OK\r\n').c(`AUTH PLAIN ${Buffer.from('\0a\0b').toString('base64')}\r\n`).s('+OK\r\n').c('STAT\r\n').s('+OK 1 2\r\n').c('USER x\r\n').s('-ERR\r\n').end();
    expect(violationIds(s)).toEqual(['POP3-AUTH-CLEARTEXT', 'POP3-COMMAND-WRONG-STATE']);
    expect(s.violations[1]!.event).toBe(commands(s)[2]!.index);
  });

  it('hands over to TLS after STLS +OK', () => {
    const h = new SessionHarness('pop3').s('+OK\r\n').c('STLS\r\n').s('+OK Begin TLS\r\n');
    expect(h.session.tls).toBe('starttls');
    expect(h.session.tlsInfo?.startEvent).toBe(replies(h.session)[1]!.index);
    const s = h.c(Buffer.from([0x16, 0x03, 0x01, 0x00, 0x05, 1, 0, 0, 1, 0])).end();
    expect(violationIds(s)).toEqual([]);
    expect(commands(s)).toHaveLength(1);
  });

  it('goes on decoding after STLS -ERR, with the commands held meanwhile', () => {
    const s = new SessionHarness('pop3').s('+OK\r\n').c('STLS\r\nUSER bob\r\n').s('-ERR no TLS\r\n').s('+OK\r\n').end();
    expect(commands(s).map((c) => c.verb)).toEqual(['STLS', 'USER']);
    expect(replyTo(s, commands(s)[1]!).lines).toEqual(['+OK']);
    expect(s.tls).toBe('none');
  });

  it('decodes the cleartext that follows an STLS +OK without a handshake', () => {
    const s = new SessionHarness('pop3').s('+OK\r\n').c('STLS\r\n').s('+OK\r\n').c('USER bob\r\n').s('+OK\r\n').end();
    expect(violationIds(s)).toContain('TLS-CLEARTEXT-AFTER-UPGRADE');
    expect(commands(s).map((c) => c.verb)).toEqual(['STLS', 'USER']);
    expect(replyTo(s, commands(s)[1]!).lines).toEqual(['+OK']);
  });

  it('says nothing about unanswered commands when the server went on in TLS and the client in cleartext', () => {
    const serverHello = Buffer.from([0x16, 0x03, 0x03, 0x00, 0x04, 0x02, 0x00, 0x00, 0x00]);
    const s = new SessionHarness('pop3').s('+OK\r\n').c('STLS\r\n').s('+OK\r\n').s(serverHello).c('USER bob\r\n').end();
    expect(commands(s).map((c) => c.verb)).toEqual(['STLS', 'USER']);
    expect(notes(s).filter((n) => n.dir === 'S')).toEqual([]);
  });

  it('UTF8 and LANG are known; LANG without argument is a multi-line listing', () => {
    const s = new SessionHarness('pop3').s('+OK\r\n').c('UTF8\r\n').s('+OK\r\n').c('LANG\r\n').s('+OK\r\nen English\r\nde Deutsch\r\n.\r\n').end();
    expect(replies(s)[2]!.detail).toEqual({ languages: [{ tag: 'en', description: 'English' }, { tag: 'de', description: 'Deutsch' }] });
    expect(violationIds(s)).toEqual([]);
  });
});

describe('POP3 decoder: pipelining', () => {
  it('matches pipelined commands to responses in order, multi-line ones included', () => {
    const s = loggedIn()
      .c('STAT\r\nLIST\r\nRETR 1\r\nQUIT\r\n')
      .s('+OK 1 8\r\n+OK\r\n1 8\r\n.\r\n+OK\r\nA: b\r\n\r\n.\r\n+OK bye\r\n')
      .end();
    const [, , stat, list, retr, quit] = commands(s);
    expect(replyTo(s, stat!).detail).toEqual({ count: 1, size: 8 });
    expect(replyTo(s, list!).lines).toEqual(['+OK', '1 8', '.']);
    expect(replyTo(s, retr!).lines).toEqual(['+OK']);
    expect(replyTo(s, quit!).lines).toEqual(['+OK bye']);
    expect(s.messages[0]).toMatchObject({ size: 8, complete: true, number: 1 });
    expect([list, retr, quit].map((c) => c!.detail?.pipelined)).toEqual([true, true, true]);
  });
});

describe('POP3 decoder: gaps and resynchronisation', () => {
  it('keeps reading a RETR body after gaps until the "." line and marks the message incomplete', () => {
    const s = loggedIn()
      .c('RETR 1\r\n')
      .s('+OK\r\nSubject: a\r\n\r\nfirst\r\npart')
      .gap('S', 100)
      .s('\r\nafter the gap\r\n')
      .gap('S', 20)
      .s('.\r\n')
      .c('QUIT\r\n')
      .s('+OK bye\r\n')
      .end();
    expect(s.messages[0]).toMatchObject({ complete: false, size: 12 + 2 + 7 + 4 + 2 + 15 });
    expect(s.messages[0]!.events).toHaveLength(3);
    expect(notes(s).map((n) => n.text)).toEqual(['100 octets of the RETR 1 response were lost: the message is incomplete; reading on to its "." line']);
    expect(replyTo(s, commands(s)[3]!).lines).toEqual(['+OK bye']);
    expect(violationIds(s)).toEqual(['POP3-AUTH-CLEARTEXT']);
  });

  it('ends a body whose "." line was lost when the next response arrives for a later command', () => {
    const s = loggedIn().c('RETR 1\r\n').s('+OK\r\nSubject: a\r\n\r\nbody\r\n').gap('S', 50).c('NOOP\r\n').s('+OK\r\n').end();
    expect(s.messages[0]!.complete).toBe(false);
    expect(replyTo(s, commands(s)[3]!).lines).toEqual(['+OK']);
    expect(violationIds(s)).not.toContain('POP3-INVALID-RESPONSE');
  });

  it('skips server lines after a gap up to the next status line, with a note', () => {
    const s = loggedIn().c('STAT\r\n').gap('S', 30).c('NOOP\r\n').s('garbage tail\r\n+OK\r\n').end();
    const n = notes(s).map((x) => x.text);
    expect(n.some((t) => t.includes('STAT') && t.includes('lost'))).toBe(true);
    expect(n.some((t) => t.startsWith('resynchronising'))).toBe(true);
    expect(replyTo(s, commands(s)[3]!).lines).toEqual(['+OK']);
    expect(violationIds(s)).toEqual(['POP3-AUTH-CLEARTEXT']);
  });

  it('after client bytes are lost, a response without a command is not blamed on the server', () => {
    const s = loggedIn().gap('C', 8).s('+OK 1 2\r\n').end();
    expect(violationIds(s)).toEqual(['POP3-AUTH-CLEARTEXT']);
  });

  it('a capture that starts mid-response skips to the first status line', () => {
    const s = new SessionHarness('pop3').s('tail of a message\r\n.\r\n').c('STAT\r\n').s('+OK 3 300\r\n').end();
    expect(notes(s)[0]!.text).toContain('the capture starts inside a server response');
    expect(replyTo(s, commands(s)[0]!).detail).toEqual({ count: 3, size: 300 });
    expect(violationIds(s)).toEqual([]);
  });

  it('a capture without the greeting infers the state from the dialogue', () => {
    const s = new SessionHarness('pop3').c('RETR 20\r\n').s('+OK 12 octets\r\nSubject: x\r\n.\r\n').c('STAT\r\n').s('+OK 3 9\r\n').c('USER a\r\n').s('-ERR\r\n').end();
    expect(s.messages[0]).toMatchObject({ number: 20, size: 12, complete: true });
    expect(violationIds(s)).toEqual(['POP3-COMMAND-WRONG-STATE']);
  });
});

describe('POP3 decoder: one-sided captures', () => {
  it('decodes the client side alone, and says the server side is missing', () => {
    const cred = Buffer.from('user').toString('base64');
    const s = new SessionHarness('pop3').c(`USER bob\r\nPASS pw\r\nAUTH LOGIN\r\n${cred}\r\n${cred}\r\nSTAT\r\n`).end();
    expect(commands(s).map((c) => c.verb)).toEqual(['USER', 'PASS', 'AUTH', 'STAT']);
    expect(auths(s).map((a) => a.line)).toEqual([cred, '********']);
    expect(commands(s).some((c) => c.detail?.pipelined)).toBe(false);
    expect(notes(s).at(-1)!.text).toContain('server side is not in the capture');
    expect(violationIds(s)).toEqual(['POP3-AUTH-CLEARTEXT']);
  });

  it('decodes the server side alone, taking multi-line bodies from their content', () => {
    const s = new SessionHarness('pop3').s('+OK hi\r\n+OK\r\n+OK 2 30\r\n+OK\r\n1 10\r\n2 20\r\n.\r\n+OK\r\nSubject: s\r\n\r\nbody\r\n.\r\n+OK bye\r\n').end();
    expect(violationIds(s)).toEqual([]);
    const listing = replies(s).find((r) => r.detail?.messages !== undefined);
    expect(listing).toMatchObject({ lines: ['1 10', '2 20', '.'], detail: { messages: [{ number: 1, size: 10 }, { number: 2, size: 20 }] } });
    expect(s.messages[0]).toMatchObject({ via: 'pop3-retr', size: 20, complete: true, headers: { subject: 's' } });
    expect(replies(s).at(-1)!.lines).toEqual(['+OK bye']);
  });
});

describe('POP3 decoder: events', () => {
  it('offsets and lengths of the events tile each direction', () => {
    const s = loggedIn().c('LIST\r\n').s('+OK\r\n1 5\r\n.\r\n').c('RETR 1\r\n').s('+OK\r\nA: b\r\n.\r\n').c('QUIT\r\n').s('+OK\r\n').end();
    for (const dir of ['C', 'S'] as const) {
      const evs = s.events.filter((e: SessionEvent) => e.dir === dir && e.length > 0);
      let at = 0;
      for (const e of evs) {
        expect(e.offset).toBe(at);
        at += e.length;
      }
    }
  });
});
