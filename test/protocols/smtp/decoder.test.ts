import { describe, expect, it } from 'vitest';
import { SessionHarness } from '../../helpers/session.js';
import {
  authEvents,
  command,
  commandLines,
  commands,
  dataEvents,
  greeted,
  ids,
  inTransaction,
  notes,
  outline,
  replies,
  replyCodes,
} from './helpers.js';

describe('SMTP decoder: greeting, EHLO and replies', () => {
  it('decodes the greeting, EHLO and its capability list', () => {
    const s = greeted().end();
    const [greeting, ehloReply] = replies(s);
    expect(greeting!.code).toBe('220');
    expect(greeting!.command).toBeUndefined();
    expect(greeting!.detail).toEqual({ greeting: true });
    const ehlo = command(s, 'EHLO');
    expect(ehlo.detail).toEqual({ domain: 'client.example.com' });
    expect(ehlo.reply).toBe(ehloReply!.index);
    expect(ehloReply!.command).toBe(ehlo.index);
    expect(ehloReply!.lines).toHaveLength(10);
    expect(ehloReply!.detail).toEqual({
      domain: 'mail.example.org',
      capabilities: {
        PIPELINING: [],
        SIZE: ['10240000'],
        '8BITMIME': [],
        SMTPUTF8: [],
        CHUNKING: [],
        STARTTLS: [],
        ENHANCEDSTATUSCODES: [],
        DSN: [],
        AUTH: ['PLAIN', 'LOGIN', 'CRAM-MD5', 'XOAUTH2'],
      },
    });
    expect(s.violations).toEqual([]);
  });

  it('folds the old AUTH=mechanisms form into AUTH and accepts LHLO', () => {
    const s = new SessionHarness('smtp')
      .s('220 lmtp ready\r\n')
      .c('LHLO client\r\n')
      .s('250-lmtp\r\n250-AUTH PLAIN\r\n250-AUTH=LOGIN PLAIN\r\n250 8BITMIME\r\n')
      .end();
    expect(replies(s)[1]!.detail).toEqual({ domain: 'lmtp', capabilities: { AUTH: ['PLAIN', 'LOGIN'], '8BITMIME': [] } });
    expect(s.violations).toEqual([]);
  });

  it('keeps reply codes as strings with their RFC 3463 enhanced status code and response time', () => {
    const s = greeted().c('MAIL FROM:<a@example.com>\r\n').s('250 2.1.0 Sender ok\r\n', 0.25).end();
    const mail = command(s, 'MAIL');
    const reply = replies(s)[2]!;
    expect(reply.code).toBe('250');
    expect(reply.enhanced).toBe('2.1.0');
    expect(mail.responseTime).toBeCloseTo(0.25, 6);
  });

  it('assembles a multi-line reply that arrives in pieces, even split inside a line', () => {
    const s = new SessionHarness('smtp')
      .s('220-mail.example.org ESMTP\r\n220-no spam ')
      .s('please\r\n')
      .s('220 ready\r\n')
      .end();
    expect(replies(s)).toHaveLength(1);
    expect(replies(s)[0]!.lines).toEqual(['220-mail.example.org ESMTP', '220-no spam please', '220 ready']);
    expect(replies(s)[0]!.offset).toBe(0);
    expect(replies(s)[0]!.length).toBe(59);
  });

  it('accepts a reply code without text', () => {
    const s = greeted().c('NOOP\r\n').s('250\r\n').end();
    expect(replyCodes(s)).toEqual(['220', '250', '250']);
    expect(command(s, 'NOOP').reply).toBe(replies(s)[2]!.index);
    expect(s.violations).toEqual([]);
  });

  it('keeps an unknown verb verbatim, upper-cases known ones', () => {
    const s = greeted().c('frobnicate now\r\n').s('500 5.5.1 what?\r\n').c('noop\r\n').s('250 ok\r\n').end();
    expect(commands(s).map((c) => [c.verb, c.args, c.line])).toEqual([
      ['EHLO', 'client.example.com', 'EHLO client.example.com'],
      ['FROBNICATE', 'now', 'frobnicate now'],
      ['NOOP', '', 'noop'],
    ]);
  });

  it('treats a capture without the greeting as starting mid-session', () => {
    const s = new SessionHarness('smtp').c('NOOP\r\n').s('250 ok\r\n').c('QUIT\r\n').s('221 bye\r\n').end();
    expect(command(s, 'NOOP').reply).toBe(replies(s)[0]!.index);
    expect(notes(s).some((n) => n.includes('middle of the session'))).toBe(true);
    expect(s.violations).toEqual([]);
  });
});

describe('SMTP decoder: MAIL and RCPT', () => {
  it('parses paths and ESMTP parameters into detail', () => {
    const s = greeted()
      .c('MAIL FROM:<alice@example.com> SIZE=1234 BODY=8BITMIME SMTPUTF8 RET=HDRS ENVID=QQ314159 AUTH=<>\r\n')
      .s('250 ok\r\n')
      .c('RCPT TO:<bob@example.org> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;bob@example.org\r\n')
      .s('250 ok\r\n')
      .end();
    expect(command(s, 'MAIL').detail).toEqual({
      mailbox: 'alice@example.com',
      params: { SIZE: '1234', BODY: '8BITMIME', SMTPUTF8: true, RET: 'HDRS', ENVID: 'QQ314159', AUTH: '<>' },
    });
    expect(command(s, 'RCPT').detail).toEqual({
      mailbox: 'bob@example.org',
      params: { NOTIFY: 'SUCCESS,FAILURE', ORCPT: 'rfc822;bob@example.org' },
    });
    expect(s.violations).toEqual([]);
  });

  it('understands the null reverse path, source routes and <Postmaster>', () => {
    const s = greeted()
      .c('MAIL FROM:<>\r\n')
      .s('250 ok\r\n')
      .c('RCPT TO:<@hosta.int,@jkl.org:userc@d.bar.org>\r\n')
      .s('250 ok\r\n')
      .c('RCPT TO:<Postmaster>\r\n')
      .s('250 ok\r\n')
      .end();
    expect(command(s, 'MAIL').detail).toEqual({ mailbox: '' });
    expect(commands(s)[2]!.detail).toEqual({ mailbox: 'userc@d.bar.org', route: ['hosta.int', 'jkl.org'] });
    expect(commands(s)[3]!.detail).toEqual({ mailbox: 'Postmaster' });
    expect(s.violations).toEqual([]);
  });

  it('leaves refused recipients out of the message envelope', () => {
    const s = greeted()
      .c('MAIL FROM:<alice@example.com>\r\n')
      .s('250 ok\r\n')
      .c('RCPT TO:<bob@example.org>\r\n')
      .s('250 ok\r\n')
      .c('RCPT TO:<nobody@example.org>\r\n')
      .s('550 5.1.1 no such user\r\n')
      .c('RCPT TO:<carol@example.org>\r\n')
      .s('451 4.3.0 try later\r\n')
      .c('DATA\r\n')
      .s('354 go ahead\r\n')
      .c('Subject: hi\r\n\r\nhello\r\n.\r\n')
      .s('250 2.0.0 queued\r\n')
      .end();
    expect(s.messages[0]!.envelope).toEqual({ from: 'alice@example.com', to: ['bob@example.org'] });
    expect(s.violations).toEqual([]);
  });
});

describe('SMTP decoder: DATA', () => {
  it('records the message: dot-unstuffed content, headers, size, stream position, reply', () => {
    const text =
      'From: Alice <alice@example.com>\r\nTo: bob@example.org,\r\n carol@example.org\r\nSubject: =?utf-8?q?hi?=\r\n' +
      'Date: Mon, 1 Jan 2024 10:00:00 +0000\r\nMessage-ID: <1@example.com>\r\n\r\n..leading dot\r\nbody\r\n';
    const h = inTransaction().c('DATA\r\n').s('354 End data with <CR><LF>.<CR><LF>\r\n');
    const start = h.session.events.length;
    const s = h.c(`${text}.\r\n`).s('250 2.0.0 Ok: queued as ABC\r\n').end();
    const [data] = dataEvents(s);
    expect(data!.index).toBe(start);
    expect(data!.what).toBe('DATA');
    expect(data!.message).toBe(0);
    const m = s.messages[0]!;
    const decoded = text.replace('..leading', '.leading');
    expect(m.content?.toString('latin1')).toBe(decoded);
    expect(m.size).toBe(decoded.length);
    expect(data!.size).toBe(decoded.length);
    expect(data!.preview).toBe(decoded);
    expect(data!.previewTruncated).toBe(false);
    expect(m.headers).toEqual({
      from: 'Alice <alice@example.com>',
      to: 'bob@example.org, carol@example.org',
      subject: '=?utf-8?q?hi?=',
      date: 'Mon, 1 Jan 2024 10:00:00 +0000',
      messageId: '<1@example.com>',
    });
    const dataCmd = command(s, 'DATA');
    expect(m.stream).toEqual({ dir: 'C', start: dataCmd.offset + 6, end: dataCmd.offset + 6 + text.length });
    expect(data!.offset).toBe(m.stream.start);
    expect(data!.length).toBe(text.length + 3);
    expect(m.complete).toBe(true);
    expect(m.via).toBe('smtp-data');
    expect(m.events).toEqual([data!.index]);
    const final = replies(s).at(-1)!;
    expect(m.reply).toBe(final.index);
    expect(final.command).toBe(dataCmd.index);
    expect(final.detail).toEqual({ endOfData: true, message: 0 });
    expect(dataCmd.reply).toBe(replies(s).at(-2)!.index);
    expect(s.violations).toEqual([]);
  });

  it('finds the end-of-data line when it arrives in a segment of its own, or split', () => {
    const s = inTransaction().c('DATA\r\n').s('354 go\r\n').c('Subject: x\r\n\r\nbody\r\n').c('.').c('\r\n').s('250 ok\r\n').c('QUIT\r\n').s('221 bye\r\n').end();
    expect(s.messages[0]!.size).toBe(20);
    expect(s.messages[0]!.complete).toBe(true);
    expect(commandLines(s)).toContain('QUIT');
    expect(s.violations).toEqual([]);
  });

  it('bounds the preview and drops the kept content of a message over the keep limit', () => {
    const body = 'x'.repeat(78) + '\r\n';
    const s = inTransaction({ decoder: { previewBytes: 100, keepMessageBytes: 1000 } })
      .c('DATA\r\n')
      .s('354 go\r\n')
      .c(`Subject: big\r\n\r\n${body.repeat(20)}.\r\n`)
      .s('250 ok\r\n')
      .end();
    const [data] = dataEvents(s);
    expect(data!.preview).toHaveLength(100);
    expect(data!.previewTruncated).toBe(true);
    expect(s.messages[0]!.size).toBe(16 + 80 * 20);
    expect(s.messages[0]!.content).toBeUndefined();
    expect(s.messages[0]!.headers.subject).toBe('big');
  });

  it('decodes several transactions in one session, each message with its own envelope', () => {
    const s = inTransaction()
      .c('DATA\r\n')
      .s('354 go\r\n')
      .c('Subject: one\r\n\r\n1\r\n.\r\n')
      .s('250 ok\r\n')
      .c('MAIL FROM:<carol@example.com>\r\nRCPT TO:<dave@example.org>\r\nDATA\r\n')
      .s('250 ok\r\n250 ok\r\n354 go\r\n')
      .c('Subject: two\r\n\r\n2\r\n.\r\n')
      .s('250 ok\r\n')
      .c('QUIT\r\n')
      .s('221 bye\r\n')
      .end();
    expect(s.messages.map((m) => [m.envelope, m.headers.subject, m.complete])).toEqual([
      [{ from: 'alice@example.com', to: ['bob@example.org'] }, 'one', true],
      [{ from: 'carol@example.com', to: ['dave@example.org'] }, 'two', true],
    ]);
    expect(s.violations).toEqual([]);
  });

  it('holds the bytes after DATA until the 354, then shows them as the message where they were sent, before the 354', () => {
    const s = greeted()
      .c('MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.org>\r\nDATA\r\nSubject: pipelined\r\n\r\ntext\r\n.\r\n')
      .s('250 ok\r\n250 ok\r\n354 go\r\n250 queued\r\n')
      .end();
    expect(outline(s)).toEqual(['S 220', 'C EHLO', 'S 250', 'C MAIL', 'C RCPT', 'C DATA', 'S 250', 'S 250', 'C data 28', 'S 354', 'S 250']);
    expect(s.messages[0]!.headers.subject).toBe('pipelined');
    expect(ids(s)).toEqual(['SMTP-DATA-BEFORE-354']);
  });

  it('reads the bytes after a refused DATA as commands (where tshark 4.0 swallows them as content)', () => {
    const s = greeted()
      .c('MAIL FROM: <a@example.com>\r\nRCPT TO:<b@example.org>\r\nDATA\r\n')
      .c('RSET\r\nMAIL FROM:<c@example.com>\r\n')
      .s('553 5.1.8 bad sender\r\n503 5.0.0 Need MAIL before RCPT\r\n503 5.0.0 Need MAIL command\r\n250 2.0.0 Reset\r\n250 2.1.0 ok\r\n')
      .end();
    expect(commandLines(s).slice(1)).toEqual([
      'MAIL FROM: <a@example.com>',
      'RCPT TO:<b@example.org>',
      'DATA',
      'RSET',
      'MAIL FROM:<c@example.com>',
    ]);
    // Each reply answers the command in the same position: greeting, EHLO, MAIL, RCPT, DATA, RSET, MAIL.
    const cmds = commands(s);
    expect(replies(s).map((r) => r.command)).toEqual([undefined, ...cmds.map((c) => c.index)]);
    expect(s.messages).toEqual([]);
  });

  it('decides from the bytes when the capture has no server side (taken as message text)', () => {
    const s = new SessionHarness('smtp')
      .c('ehlo enzo.icir.org\r\n')
      .c('mail FROM:<robin@icir.org> size=20\r\n')
      .c('rcpt TO:<robin@icir.org>\r\n')
      .c('data\r\n')
      .c('From: robin@icir.org\r\nSubject: Hello1!\r\n\r\nbody\r\n')
      .c('.\r\n')
      .c('quit\r\n')
      .end();
    expect(commands(s).map((c) => c.verb)).toEqual(['EHLO', 'MAIL', 'RCPT', 'DATA', 'QUIT']);
    expect(s.messages[0]!.headers).toEqual({ from: 'robin@icir.org', subject: 'Hello1!' });
    expect(s.messages[0]!.complete).toBe(true);
    expect(notes(s)).toEqual(['no reply from the server in the capture: the bytes after DATA are taken as the message text']);
  });

  it('decides from the bytes when they are commands and the server is silent', () => {
    const s = new SessionHarness('smtp').c('EHLO x\r\nMAIL FROM:<a@b.example>\r\nDATA\r\nRSET\r\nQUIT\r\n').end();
    expect(commands(s).map((c) => c.verb)).toEqual(['EHLO', 'MAIL', 'DATA', 'RSET', 'QUIT']);
    expect(s.messages).toEqual([]);
  });

  it('decides from the bytes once too much is held without a reply', () => {
    const h = inTransaction().c('DATA\r\n').c('Subject: flood\r\n\r\n');
    for (let i = 0; i < 70; i++) h.c(`${'y'.repeat(998)}\r\n`);
    const s = h.end();
    expect(notes(s)[0]).toMatch(/^no reply to DATA after \d+ octets: the bytes after DATA are taken as the message text$/);
    expect(s.messages[0]!.size).toBe(18 + 70 * 1000);
    expect(s.messages[0]!.complete).toBe(false);
  });

  it('decides from the bytes when a server gap may hide the reply to DATA', () => {
    const s = inTransaction()
      .c('DATA\r\nSubject: s\r\n\r\nbody\r\n')
      .gap('S', 40)
      .c('.\r\n')
      .s('250 queued\r\n')
      .end();
    expect(notes(s)).toEqual([
      'a gap in the server stream may hide the reply to DATA: the bytes after DATA are taken as the message text',
      'the replies to DATA were lost in a gap',
    ]);
    expect(s.messages[0]!.complete).toBe(true);
    expect(s.messages[0]!.reply).toBe(replies(s).at(-1)!.index);
  });

  it('does not invent a message when the connection ends right after DATA', () => {
    const s = inTransaction().c('DATA\r\n').end();
    expect(s.messages).toEqual([]);
    expect(s.violations).toEqual([]);
  });
});

describe('SMTP decoder: BDAT', () => {
  it('shows a partial chunk where it was sent, before the reply that ends the connection', () => {
    const s = inTransaction().c('BDAT 100 LAST\r\nSubject: cut\r\n\r\npart').s('421 4.4.2 timeout\r\n').end('fin');
    expect(outline(s).slice(-3)).toEqual(['C BDAT', 'C data 20', 'S 421']);
    expect(s.messages[0]!.complete).toBe(false);
  });

  it('shows message text sent so far before a reply that arrives in the middle of it', () => {
    const s = inTransaction().c('DATA\r\n').s('354 go\r\n').c('Subject: cut\r\n\r\nline\r\n').s('421 4.4.2 timeout\r\n').end('fin');
    expect(outline(s).slice(-3)).toEqual(['S 354', 'C data 22', 'S 421']);
  });

  it('reads exactly n octets after BDAT, with no 354 and no dot-unstuffing', () => {
    const s = inTransaction()
      .c('BDAT 13\r\n..Subject: \r\nBDAT 7 LAST\r\n\r\n.body')
      .s('250 2.0.0 13 octets\r\n250 2.0.0 queued\r\n')
      .c('QUIT\r\n')
      .s('221 bye\r\n')
      .end();
    expect(outline(s)).toEqual(['S 220', 'C EHLO', 'S 250', 'C MAIL', 'S 250', 'C RCPT', 'S 250', 'C BDAT', 'C data 13', 'C BDAT', 'C data 7', 'S 250', 'S 250', 'C QUIT', 'S 221']);
    const [first, last] = commands(s).filter((c) => c.verb === 'BDAT');
    expect(first!.detail).toEqual({ size: 13, last: false });
    expect(last!.detail).toEqual({ size: 7, last: true });
    const m = s.messages[0]!;
    expect(m.via).toBe('smtp-bdat');
    expect(m.content?.toString()).toBe('..Subject: \r\n\r\n.body');
    expect(m.events).toEqual(dataEvents(s).map((d) => d.index));
    expect(m.reply).toBe(replies(s)[5]!.index);
    expect(first!.reply).toBe(replies(s)[4]!.index);
    expect(s.violations).toEqual([]);
  });

  it('handles BDAT 0 LAST as the end of a chunked message', () => {
    const s = inTransaction().c('BDAT 5\r\nHello').s('250 ok\r\n').c('BDAT 0 LAST\r\n').s('250 queued\r\n').end();
    expect(dataEvents(s)).toHaveLength(1);
    expect(s.messages[0]!.size).toBe(5);
    expect(s.messages[0]!.complete).toBe(true);
    expect(s.violations).toEqual([]);
  });

  it('reads a chunk that spans many segments and is followed by the next transaction', () => {
    const s = inTransaction()
      .c('BDAT 30 LAST\r\n0123456789')
      .c('0123456789')
      .c('0123456789MAIL FROM:<c@example.com>\r\n')
      .s('250 queued\r\n250 ok\r\n')
      .end();
    expect(s.messages[0]!.size).toBe(30);
    expect(command(s, 'MAIL').detail).toEqual({ mailbox: 'alice@example.com' });
    expect(commands(s).at(-1)!.detail).toEqual({ mailbox: 'c@example.com' });
    expect(s.violations).toEqual([]);
  });
});

describe('SMTP decoder: AUTH', () => {
  it('decodes AUTH LOGIN rounds as auth events and masks the password', () => {
    const s = greeted()
      .c('AUTH LOGIN\r\n')
      .s('334 VXNlcm5hbWU6\r\n')
      .c('Ym9iQGV4YW1wbGUuY29t\r\n')
      .s('334 UGFzc3dvcmQ6\r\n')
      .c('c2VjcmV0\r\n')
      .s('235 2.7.0 Authentication successful\r\n')
      .end();
    expect(replies(s).slice(2).map((r) => r.detail)).toEqual([{ challenge: 'Username:' }, { challenge: 'Password:' }, undefined]);
    expect(authEvents(s).map((a) => [a.line, a.decoded])).toEqual([
      ['Ym9iQGV4YW1wbGUuY29t', 'username: bob@example.com'],
      ['********', 'password: ********'],
    ]);
    const auth = command(s, 'AUTH');
    expect(auth.detail).toEqual({ mechanism: 'LOGIN' });
    expect(auth.reply).toBe(replies(s).at(-1)!.index);
    expect(replies(s).slice(2).every((r) => r.command === auth.index)).toBe(true);
    expect(JSON.stringify(s)).not.toContain('secret');
    expect(JSON.stringify(s)).not.toContain('c2VjcmV0');
  });

  it('shows secrets when asked', () => {
    const s = greeted({ decoder: { showSecrets: true } }).c('AUTH PLAIN AGJvYgBzZWNyZXQ=\r\n').s('235 ok\r\n').end();
    const auth = command(s, 'AUTH');
    expect(auth.line).toBe('AUTH PLAIN AGJvYgBzZWNyZXQ=');
    expect(auth.detail).toEqual({ mechanism: 'PLAIN', initialResponse: 'username: bob, password: secret' });
  });

  it('masks an initial response in the line, args and detail', () => {
    const s = greeted().c('AUTH PLAIN AGJvYgBzZWNyZXQ=\r\n').s('235 ok\r\n').c('MAIL FROM:<bob@example.com>\r\n').s('250 ok\r\n').end();
    const auth = command(s, 'AUTH');
    expect([auth.line, auth.args]).toEqual(['AUTH PLAIN ********', 'PLAIN ********']);
    expect(auth.detail).toEqual({ mechanism: 'PLAIN', initialResponse: 'username: bob, password: ********' });
    expect(commands(s).at(-1)!.verb).toBe('MAIL');
  });

  it('decodes PLAIN after an empty challenge, CRAM-MD5, XOAUTH2 and a cancelled exchange', () => {
    const xoauth = Buffer.from('user=bob@example.com\x01auth=Bearer ya29.token\x01\x01').toString('base64');
    const s = greeted()
      .c('AUTH PLAIN\r\n')
      .s('334 \r\n')
      .c('YWRtaW4AYm9iAHNlY3JldA==\r\n')
      .s('535 5.7.8 bad\r\n')
      .c('AUTH CRAM-MD5\r\n')
      .s('334 PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+\r\n')
      .c('dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw\r\n')
      .s('535 bad\r\n')
      .c(`AUTH XOAUTH2 ${xoauth}\r\n`)
      .s('235 ok\r\n')
      .end();
    expect(authEvents(s).map((a) => a.decoded)).toEqual([
      'authorize as: admin, username: bob, password: ********',
      'username: tim, digest: ********',
    ]);
    expect(replies(s)[4]!.detail).toEqual({ challenge: '<1896.697170952@postoffice.reston.mci.net>' });
    expect(commands(s).at(-1)!.detail).toEqual({ mechanism: 'XOAUTH2', initialResponse: 'username: bob@example.com, token: ********' });
    const cancelled = greeted().c('AUTH LOGIN\r\n').s('334 VXNlcm5hbWU6\r\n').c('*\r\n').s('501 cancelled\r\n').c('QUIT\r\n').s('221 bye\r\n').end();
    expect(authEvents(cancelled).map((a) => a.decoded)).toEqual(['cancel (the client aborts the exchange)']);
    expect(command(cancelled, 'QUIT').reply).toBe(replies(cancelled).at(-1)!.index);
  });

  it('takes base64 lines sent before the 334 as SASL answers, known verbs as commands', () => {
    const s = new SessionHarness('smtp').s('220 x\r\n').c('EHLO a\r\n').s('250 x\r\n').c('AUTH LOGIN\r\n').c('Ym9i\r\n').c('c2VjcmV0\r\n').c('MAIL FROM:<a@b.example>\r\n').end();
    expect(authEvents(s).map((a) => a.decoded)).toEqual(['username: bob', 'password: ********']);
    expect(commands(s).at(-1)!.verb).toBe('MAIL');
  });
});

describe('SMTP decoder: STARTTLS', () => {
  it('hands the connection to TLS after the 220', () => {
    const s = greeted().c('STARTTLS\r\n').s('220 2.0.0 Ready to start TLS\r\n').c(Buffer.from([0x16, 0x03, 0x01, 0x00, 0x05, 1, 0, 0, 1, 0])).end();
    expect(s.tls).toBe('starttls');
    expect(s.tlsInfo?.startEvent).toBe(replies(s).at(-1)!.index);
    expect(s.events.filter((e) => e.kind === 'command')).toHaveLength(2);
    expect(s.violations).toEqual([]);
  });

  it('goes on in cleartext when no TLS handshake follows, with offsets right across a gap', () => {
    const h = greeted().c('STARTTLS\r\n').s('220 go ahead\r\n');
    const before = h.session.events.length;
    const s = h.gap('C', 100).c('EHLO again\r\n').s('250 x\r\n').end();
    const ehlo = commands(s).at(-1)!;
    expect(ehlo.line).toBe('EHLO again');
    expect(ehlo.offset).toBe(25 + 10 + 100);
    expect(ehlo.reply).toBe(replies(s).at(-1)!.index);
    expect(s.violations.map((v) => v.id)).toEqual(['TLS-CLEARTEXT-AFTER-UPGRADE', 'TLS-CLEARTEXT-AFTER-UPGRADE']);
    expect(s.events.slice(before).map((e) => e.kind)).toEqual(['gap', 'note', 'command', 'note', 'reply']);
  });

  it('keeps decoding when STARTTLS is refused', () => {
    const s = greeted().c('STARTTLS\r\n').s('454 4.7.0 TLS not available\r\n').c('QUIT\r\n').s('221 bye\r\n').end();
    expect(s.tls).toBe('none');
    expect(command(s, 'QUIT').reply).toBe(replies(s).at(-1)!.index);
  });
});

describe('SMTP decoder: gaps', () => {
  it('drops the partial command line and resynchronises at the next command', () => {
    const s = greeted().c('RSET\r\nMAIL FR').gap('C', 100).c('xx partial\r\nQUIT\r\n').s('250 ok\r\n250 ok\r\n221 bye\r\n').end();
    expect(commandLines(s)).toEqual(['EHLO client.example.com', 'RSET', 'QUIT']);
    expect(notes(s)).toEqual([
      '7 octets of a command line before the gap could not be decoded',
      'skipped 12 octets after the gap to the next command',
      'reply 250 does not fit QUIT: its command was probably lost in a gap',
    ]);
    expect(command(s, 'QUIT').reply).toBe(replies(s).at(-1)!.index);
    expect(s.violations).toEqual([]);
  });

  it('keeps counting message text across a gap and marks the message incomplete', () => {
    const s = inTransaction().c('DATA\r\n').s('354 go\r\n').c('Subject: s\r\n\r\nab').gap('C', 500).c('cd\r\n.\r\n').s('250 ok\r\n').end();
    const m = s.messages[0]!;
    expect(m.complete).toBe(false);
    expect(m.size).toBe(16 + 500 + 4);
    expect(m.content).toBeUndefined();
    expect(m.headers.subject).toBe('s');
    expect(dataEvents(s).map((d) => d.size)).toEqual([16, 4]);
    expect(m.reply).toBe(replies(s).at(-1)!.index);
  });

  it('ends the message when the server answers it after its end-of-data line was lost', () => {
    const s = inTransaction().c('DATA\r\n').s('354 go\r\n').c('Subject: s\r\n\r\nbo').gap('C', 500).s('250 queued\r\n').c('QUIT\r\n').s('221 bye\r\n').end();
    expect(s.messages[0]!.complete).toBe(false);
    expect(s.messages[0]!.reply).toBe(replies(s).at(-2)!.index);
    expect(command(s, 'QUIT').reply).toBe(replies(s).at(-1)!.index);
    expect(notes(s)).toContain('the server answered the message: its end-of-data line was lost in the gap');
  });

  it('re-aligns replies after a server gap that took some of them', () => {
    const s = greeted().c('MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.org>\r\nDATA\r\n').gap('S', 30).s('354 go\r\n').c('Subject: x\r\n\r\n.\r\n').s('250 ok\r\n').end();
    expect(command(s, 'DATA').reply).toBe(replies(s)[2]!.index);
    expect(command(s, 'MAIL').reply).toBeUndefined();
    expect(notes(s)).toContain('the replies to MAIL, RCPT were lost in a gap');
    expect(s.messages[0]!.complete).toBe(true);
  });

  it('counts a gap inside a BDAT chunk against the chunk', () => {
    const s = inTransaction().c('BDAT 200 LAST\r\n' + 'A'.repeat(100)).gap('C', 1000).c('QUIT\r\n').s('250 ok\r\n221 bye\r\n').end();
    const m = s.messages[0]!;
    expect(m.size).toBe(200);
    expect(m.complete).toBe(false);
    expect(dataEvents(s).map((d) => [d.length, d.size])).toEqual([[100, 100]]);
    expect(command(s, 'QUIT').reply).toBe(replies(s).at(-1)!.index);
  });
});

describe('SMTP decoder: events and offsets', () => {
  it('covers every client and server byte of a plain dialogue exactly once, in order per direction', () => {
    const s = inTransaction()
      .c('DATA\r\n')
      .s('354 go\r\n')
      .c('Subject: x\r\n\r\nhi\r\n.\r\n')
      .s('250 ok\r\n')
      .c('QUIT\r\n')
      .s('221 bye\r\n')
      .end();
    for (const dir of ['C', 'S'] as const) {
      let next = 0;
      for (const e of s.events.filter((x) => x.dir === dir)) {
        expect(e.offset).toBe(next);
        next = e.offset + e.length;
      }
    }
  });

  it('keeps the EHLO reply the one that counts after a rejected EHLO and HELO fallback', () => {
    const s = new SessionHarness('smtp')
      .s('220 old ESMTP\r\n')
      .c('EHLO me\r\n')
      .s('502 5.5.2 not implemented\r\n')
      .c('HELO me\r\n')
      .s('250 old\r\n')
      .c('MAIL FROM:<a@example.com>\r\n')
      .s('250 ok\r\n')
      .end();
    expect(replies(s)[2]!.detail).toBeUndefined();
    expect(s.violations).toEqual([]);
  });
});

describe('the end-of-data line', () => {
  it('is shown as the "." terminator of the last data event of the message', () => {
    const s = new SessionHarness('smtp')
      .s('220 mx ESMTP\r\n')
      .c('HELO a.example\r\n')
      .s('250 mx\r\n')
      .c('MAIL FROM:<a@a.example>\r\n')
      .s('250 ok\r\n')
      .c('RCPT TO:<b@b.example>\r\n')
      .s('250 ok\r\n')
      .c('DATA\r\n')
      .s('354 go\r\n')
      .c('Subject: hi\r\n\r\nbody\r\n')
      .c('.\r\n')
      .s('250 queued\r\n')
      .end();
    const data = s.events.filter((e) => e.kind === 'data');
    expect(data.at(-1)).toMatchObject({ kind: 'data', terminator: '.' });
    expect(data.slice(0, -1).every((e) => e.kind === 'data' && e.terminator === undefined)).toBe(true);
  });
});
