/**
 * Every SMTP violation id: a dialogue that triggers it, and its legal neighbour that does not.
 */
import { describe, expect, it } from 'vitest';
import { SessionHarness } from '../../helpers/session.js';
import { found, greeted, ids, inTransaction } from './helpers.js';

const NO_PIPELINING = '250-mail.example.org\r\n250-SIZE 1000\r\n250 8BITMIME\r\n';
const b64 = (s: string): string => Buffer.from(s).toString('base64');

/** A DATA transaction after `inTransaction()` with this message text (the end-of-data line is added). */
function sendData(h: SessionHarness, text: string): SessionHarness {
  return h.c('DATA\r\n').s('354 go\r\n').c(`${text}.\r\n`).s('250 ok\r\n');
}

describe('SMTP violations: session opening and order of commands', () => {
  it('SMTP-CMD-BEFORE-GREETING: triggered by a client that talks before the 220', () => {
    const s = new SessionHarness('smtp').c('EHLO early\r\nMAIL FROM:<a@example.com>\r\n').s('220 hello\r\n250 x\r\n250 ok\r\n').end();
    expect(found(s, 'SMTP-CMD-BEFORE-GREETING')).toEqual([
      expect.objectContaining({ event: 0, severity: 'warning', message: "EHLO and 1 more command(s) sent before the server's greeting" }),
    ]);
  });

  it('SMTP-CMD-BEFORE-GREETING: triggered by a client that talks between the lines of a multi-line greeting (shown after its first line)', () => {
    const s = new SessionHarness('smtp').s('220-mx.example.net ESMTP\r\n').c('EHLO early\r\n').s('220 mx.example.net ESMTP\r\n250 mx.example.net\r\n').end();
    expect(s.events.map((e) => `${e.dir} ${e.kind}`)).toEqual(['S reply', 'C command', 'S reply']);
    const greeting = s.events[0]!;
    expect(greeting.kind === 'reply' && greeting.lines).toEqual(['220-mx.example.net ESMTP', '220 mx.example.net ESMTP']);
    expect(greeting.kind === 'reply' && greeting.detail).toEqual({ greeting: true });
    expect(greeting.length).toBe(52);
    expect(s.events[1]!.kind === 'command' && s.events[1]!.reply).toBe(2);
    expect(found(s, 'SMTP-CMD-BEFORE-GREETING')).toEqual([
      expect.objectContaining({ event: 1, message: "EHLO sent before the server's greeting was complete (after its first line, before its last)" }),
    ]);
  });

  it('SMTP-CMD-BEFORE-GREETING: not for a client that waits, nor for a capture without a server side', () => {
    expect(ids(greeted().end())).toEqual([]);
    expect(ids(new SessionHarness('smtp').c('EHLO x\r\n').end())).not.toContain('SMTP-CMD-BEFORE-GREETING');
  });

  it('SMTP-MAIL-BEFORE-HELO: triggered by MAIL with no EHLO/HELO', () => {
    const s = new SessionHarness('smtp').s('220 x\r\n').c('MAIL FROM:<a@example.com>\r\n').s('503 5.5.1 EHLO first\r\n').end();
    expect(ids(s)).toEqual(['SMTP-MAIL-BEFORE-HELO']);
  });

  it('SMTP-MAIL-BEFORE-HELO: not for MAIL after HELO, nor in a capture that starts mid-session', () => {
    expect(ids(new SessionHarness('smtp').s('220 x\r\n').c('HELO a\r\n').s('250 x\r\n').c('MAIL FROM:<a@example.com>\r\n').s('250 ok\r\n').end())).toEqual([]);
    expect(ids(new SessionHarness('smtp').c('MAIL FROM:<a@example.com>\r\n').s('250 ok\r\n').end())).toEqual([]);
  });

  it('SMTP-NESTED-MAIL: triggered by MAIL while a transaction is open', () => {
    const s = inTransaction().c('MAIL FROM:<eve@example.com>\r\n').s('503 5.5.1 nested MAIL\r\n').end();
    expect(found(s, 'SMTP-NESTED-MAIL')[0]!.message).toBe('MAIL sent while the transaction from <alice@example.com> is still open');
  });

  it('SMTP-NESTED-MAIL: not for MAIL after RSET, after the end of data, after a refused MAIL or a new EHLO', () => {
    const s = inTransaction()
      .c('RSET\r\n')
      .s('250 ok\r\n')
      .c('MAIL FROM:<b@example.com>\r\n')
      .s('550 no\r\n')
      .c('MAIL FROM:<c@example.com>\r\n')
      .s('250 ok\r\n')
      .c('RCPT TO:<d@example.org>\r\n')
      .s('250 ok\r\n')
      .c('DATA\r\n')
      .s('354 go\r\n')
      .c('x\r\n.\r\n')
      .s('250 ok\r\n')
      .c('MAIL FROM:<e@example.com>\r\n')
      .s('250 ok\r\n')
      .c('EHLO again\r\n')
      .s('250 x\r\n')
      .c('MAIL FROM:<f@example.com>\r\n')
      .s('250 ok\r\n')
      .end();
    expect(ids(s)).toEqual([]);
  });

  it('SMTP-RCPT-WITHOUT-MAIL: triggered by RCPT with no transaction, and after a refused MAIL', () => {
    expect(ids(greeted().c('RCPT TO:<b@example.org>\r\n').s('503 5.5.1 need MAIL\r\n').end())).toEqual(['SMTP-RCPT-WITHOUT-MAIL']);
    const refused = greeted().c('MAIL FROM:<a@example.com>\r\n').s('553 no\r\n').c('RCPT TO:<b@example.org>\r\n').s('503 no\r\n').end();
    expect(found(refused, 'SMTP-RCPT-WITHOUT-MAIL')[0]!.message).toBe('RCPT sent after the server refused MAIL');
  });

  it('SMTP-RCPT-WITHOUT-MAIL: not for RCPT pipelined behind a MAIL the server later refuses', () => {
    const s = greeted().c('MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.org>\r\n').s('553 no\r\n503 need MAIL\r\n').end();
    expect(ids(s)).toEqual([]);
  });

  it('SMTP-DATA-WITHOUT-RCPT: triggered by DATA without MAIL, before any RCPT, or after every RCPT was refused', () => {
    expect(found(greeted().c('DATA\r\n').s('503 no\r\n').end(), 'SMTP-DATA-WITHOUT-RCPT')[0]!.message).toBe('DATA sent with no MAIL transaction open');
    const noRcpt = greeted().c('MAIL FROM:<a@example.com>\r\n').s('250 ok\r\n').c('DATA\r\n').s('503 no\r\n').end();
    expect(found(noRcpt, 'SMTP-DATA-WITHOUT-RCPT')[0]!.message).toBe('DATA sent before any RCPT');
    const refused = greeted().c('MAIL FROM:<a@example.com>\r\n').s('250 ok\r\n').c('RCPT TO:<b@example.org>\r\n').s('550 no\r\n').c('BDAT 0 LAST\r\n').s('554 no\r\n').end();
    expect(found(refused, 'SMTP-DATA-WITHOUT-RCPT')[0]!.message).toBe('BDAT sent after the server refused every recipient');
  });

  it('SMTP-DATA-WITHOUT-RCPT: not for DATA pipelined behind RCPTs that are later refused', () => {
    const s = greeted().c('MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.org>\r\nDATA\r\n').s('250 ok\r\n550 no\r\n554 no valid recipients\r\n').end();
    expect(ids(s)).toEqual([]);
  });

  it('SMTP-UNKNOWN-COMMAND: triggered by a verb SMTP does not have, once per session with a count', () => {
    const s = greeted().c('HELLO there\r\n').s('500 what\r\n').c('GET / HTTP/1.0\r\n').s('500 what\r\n').end();
    expect(s.violations).toEqual([
      expect.objectContaining({ id: 'SMTP-UNKNOWN-COMMAND', severity: 'warning', message: 'unknown command "HELLO" (2 times in this session)' }),
    ]);
  });

  it('SMTP-UNKNOWN-COMMAND: not for extension verbs nor private X- commands', () => {
    const s = greeted().c('ETRN example.org\r\n').s('250 ok\r\n').c('XCLIENT ADDR=1.2.3.4\r\n').s('220 ok\r\n').c('HELP\r\n').s('214 help\r\n').end();
    expect(ids(s)).not.toContain('SMTP-UNKNOWN-COMMAND');
  });

  it('SMTP-COMMAND-SYNTAX: triggered by HELO without a domain and DATA with an argument', () => {
    const s = new SessionHarness('smtp').s('220 x\r\n').c('HELO\r\n').s('501 domain required\r\n').c('HELO a\r\n').s('250 ok\r\n').c('QUIT now\r\n').s('221 bye\r\n').end();
    expect(found(s, 'SMTP-COMMAND-SYNTAX').map((v) => v.message)).toEqual(['HELO without a domain or address literal', 'QUIT takes no arguments, got "now"']);
  });

  it('SMTP-COMMAND-SYNTAX: not for well-formed commands, trailing spaces included', () => {
    const s = greeted().c('VRFY bob\r\n').s('252 maybe\r\n').c('NOOP\r\n').s('250 ok\r\n').c('RSET \r\n').s('250 ok\r\n').end();
    expect(ids(s)).toEqual([]);
  });

  it('SMTP-PATH-SPACE-AFTER-COLON: triggered by "MAIL FROM: <a@b>"', () => {
    const s = greeted().c('MAIL FROM: <a@example.com>\r\n').s('250 ok\r\n').c('RCPT TO: <b@example.org>\r\n').s('250 ok\r\n').end();
    expect(s.violations).toEqual([
      expect.objectContaining({ id: 'SMTP-PATH-SPACE-AFTER-COLON', severity: 'warning', message: 'MAIL has a space between the colon and the path' }),
      expect.objectContaining({ id: 'SMTP-PATH-SPACE-AFTER-COLON', severity: 'warning', message: 'RCPT has a space between the colon and the path' }),
    ]);
  });

  it('SMTP-PATH-SPACE-AFTER-COLON: not for "MAIL FROM:<a@b>"', () => {
    expect(ids(inTransaction().end())).toEqual([]);
  });

  it('SMTP-PATH-SYNTAX: triggered by a path without brackets, a bad domain, <> as recipient, a non-ASCII address without SMTPUTF8', () => {
    const s = greeted()
      .c('MAIL FROM:random@example.com\r\n')
      .s('250 ok\r\n')
      .c('RCPT TO:<bob@exa_mple.org>\r\n')
      .s('250 ok\r\n')
      .c('RCPT TO:<>\r\n')
      .s('501 no\r\n')
      .c('RCPT TO:<nobody>\r\n')
      .s('501 no\r\n')
      .c('RSET\r\n')
      .s('250 ok\r\n')
      .c(Buffer.from('MAIL FROM:<jösé@example.com>\r\n'))
      .s('553 no\r\n')
      .end();
    expect(found(s, 'SMTP-PATH-SYNTAX').map((v) => v.message)).toEqual([
      'path "random@example.com" is not enclosed in angle brackets',
      'domain "exa_mple.org" is not a valid domain name',
      'the null path <> is not a valid recipient',
      'mailbox "nobody" has no "@domain"',
      'non-ASCII address "jösé@example.com" without SMTPUTF8',
    ]);
  });

  it('SMTP-PATH-SYNTAX: not for quoted local parts, address literals, source routes, or UTF-8 with SMTPUTF8', () => {
    const s = greeted()
      .c('MAIL FROM:<"john smith"@example.com>\r\n')
      .s('250 ok\r\n')
      .c('RCPT TO:<postmaster@[192.0.2.1]>\r\n')
      .s('250 ok\r\n')
      .c('RCPT TO:<@relay.example:bob@example.org>\r\n')
      .s('250 ok\r\n')
      .c('RSET\r\n')
      .s('250 ok\r\n')
      .c(Buffer.from('MAIL FROM:<jösé@exämple.com> SMTPUTF8\r\n'))
      .s('250 ok\r\n')
      .end();
    expect(ids(s)).toEqual([]);
  });

  it('SMTP-EXTENSION-NOT-ADVERTISED: triggered by BDAT, RET=, STARTTLS and an AUTH mechanism the server did not offer', () => {
    const s = greeted({}, NO_PIPELINING)
      .c('MAIL FROM:<a@example.com> SIZE=10 RET=HDRS\r\n')
      .s('250 ok\r\n')
      .c('RCPT TO:<b@example.org>\r\n')
      .s('250 ok\r\n')
      .c('BDAT 3 LAST\r\nabc')
      .s('250 ok\r\n')
      .c('STARTTLS\r\n')
      .s('502 no\r\n')
      .end();
    expect(found(s, 'SMTP-EXTENSION-NOT-ADVERTISED').map((v) => v.message)).toEqual([
      'MAIL parameter RET used, but the server did not advertise DSN',
      'BDAT command used, but the server did not advertise CHUNKING',
      'STARTTLS command used, but the server did not advertise STARTTLS',
    ]);
    const auth = greeted().c('AUTH NTLM\r\n').s('504 unrecognized\r\n').end();
    expect(found(auth, 'SMTP-EXTENSION-NOT-ADVERTISED')[0]!.message).toBe('AUTH NTLM used, but the server offered only PLAIN LOGIN CRAM-MD5 XOAUTH2');
  });

  it('SMTP-EXTENSION-NOT-ADVERTISED: not for advertised extensions, nor when the EHLO reply was not seen', () => {
    const s = greeted().c('MAIL FROM:<a@example.com> SIZE=10 BODY=8BITMIME SMTPUTF8 ENVID=x\r\n').s('250 ok\r\n').c('RCPT TO:<b@example.org> NOTIFY=NEVER\r\n').s('250 ok\r\n').c('BDAT 1 LAST\r\nx').s('250 ok\r\n').end();
    expect(ids(s)).toEqual([]);
    expect(ids(new SessionHarness('smtp').c('MAIL FROM:<a@example.com> SIZE=10\r\n').s('250 ok\r\n').end())).toEqual([]);
  });
});

describe('SMTP violations: line format and limits', () => {
  it('SMTP-BARE-LF: triggered by commands, replies and message lines ending in a bare LF', () => {
    const s = new SessionHarness('smtp')
      .s('220 x\n')
      .c('HELO a\n')
      .s('250 x\r\n')
      .c('MAIL FROM:<a@example.com>\r\n')
      .s('250 ok\n')
      .c('RCPT TO:<b@example.org>\n')
      .s('250 ok\r\n')
      .c('DATA\r\n')
      .s('354 go\r\n')
      .c('Subject: x\n\nline\r\n.\r\n')
      .s('250 ok\r\n')
      .end();
    expect(found(s, 'SMTP-BARE-LF').map((v) => v.message)).toEqual([
      '2 message line(s) end in a bare LF (first at stream offset 74)',
      'reply line ends in a bare LF (2 times in this session)',
      'command line ends in a bare LF (2 times in this session)',
    ]);
  });

  it('SMTP-BARE-LF: not for CRLF everywhere', () => {
    expect(ids(sendData(inTransaction(), 'Subject: x\r\n\r\nline\r\n').end())).toEqual([]);
  });

  it('SMTP-BARE-CR: triggered by a CR inside a command and inside a message line', () => {
    const s = sendData(inTransaction().c('NOOP a\rb\r\n').s('250 ok\r\n'), 'Subject: x\r\n\r\nover\rwrite\r\n').end();
    expect(found(s, 'SMTP-BARE-CR').map((v) => v.message)).toEqual([
      '1 message line(s) contain a bare CR (first at stream offset 113)',
      'command line contains a bare CR',
    ]);
  });

  it('SMTP-BARE-CR: not for a CR that is part of CRLF, nor a tab', () => {
    expect(ids(sendData(inTransaction(), 'Subject: x\r\n\r\ncol\tcol\r\n').end())).toEqual([]);
  });

  it('SMTP-COMMAND-LINE-TOO-LONG: triggered by a 513-octet command line', () => {
    const s = greeted().c(`VRFY ${'a'.repeat(506)}\r\n`).s('500 line too long\r\n').end();
    expect(found(s, 'SMTP-COMMAND-LINE-TOO-LONG')[0]!.message).toBe('command line is 513 octets (limit 512)');
  });

  it('SMTP-COMMAND-LINE-TOO-LONG: triggered by an overlong EHLO that arrives in pieces', () => {
    const s = new SessionHarness('smtp').s('220 x\r\n').c(`EHLO ${'BLAH'.repeat(5000)}`).c('\r\n').s('500 too long\r\n').end();
    expect(found(s, 'SMTP-COMMAND-LINE-TOO-LONG')[0]!.message).toBe('command line is 20007 octets (limit 512)');
  });

  it('SMTP-COMMAND-LINE-TOO-LONG: not for a 512-octet line, MAIL within its parameter allowance, or a long SASL answer', () => {
    const s = greeted()
      .c(`VRFY ${'a'.repeat(505)}\r\n`)
      .s('252 ok\r\n')
      .c(`MAIL FROM:<${'a'.repeat(64)}@example.com> SIZE=1 AUTH=${'b'.repeat(440)}\r\n`)
      .s('250 ok\r\n')
      .c('AUTH PLAIN\r\n')
      .s('334 \r\n')
      .c(`${b64(`\0bob\0${'p'.repeat(3000)}`)}\r\n`)
      .s('535 no\r\n')
      .end();
    expect(ids(s)).not.toContain('SMTP-COMMAND-LINE-TOO-LONG');
  });

  it('SMTP-REPLY-LINE-TOO-LONG: triggered by a 513-octet reply line', () => {
    const s = greeted().c('HELP\r\n').s(`214 ${'h'.repeat(507)}\r\n`).end();
    expect(found(s, 'SMTP-REPLY-LINE-TOO-LONG')[0]!.message).toBe('reply line is 513 octets (limit 512)');
  });

  it('SMTP-REPLY-LINE-TOO-LONG: not for long text split into a multi-line reply', () => {
    const s = greeted().c('HELP\r\n').s(`214-${'h'.repeat(400)}\r\n214 ${'h'.repeat(400)}\r\n`).end();
    expect(ids(s)).toEqual([]);
  });

  it('SMTP-DATA-LINE-TOO-LONG: triggered by a 1001-octet message line, once per message', () => {
    const s = sendData(inTransaction(), `Subject: x\r\n\r\n${'a'.repeat(999)}\r\n${'b'.repeat(5000)}\r\n`).end();
    expect(found(s, 'SMTP-DATA-LINE-TOO-LONG').map((v) => v.message)).toEqual([
      '2 message line(s) over 1000 octets, the longest 5002 (first at stream offset 103)',
    ]);
  });

  it('SMTP-DATA-LINE-TOO-LONG: not for a 1000-octet line, nor for a dot-stuffed one of 1001 octets', () => {
    const s = sendData(inTransaction(), `Subject: x\r\n\r\n${'a'.repeat(998)}\r\n.${'.'.repeat(998)}\r\n`).end();
    expect(ids(s)).toEqual([]);
  });
});

describe('SMTP violations: DATA and BDAT', () => {
  it('SMTP-SMUGGLING-END-OF-DATA: triggered by <LF>.<LF>, <CR>.<CR>, <CR><LF>.<LF> and <LF>.<CR><LF> inside a message', () => {
    for (const [seq, name] of [
      ['\n.\n', '<LF>.<LF>'],
      ['\r.\r', '<CR>.<CR>'],
      ['\r\n.\n', '<CR><LF>.<LF>'],
      ['\n.\r\n', '<LF>.<CR><LF>'],
      ['\r\n.\r', '<CR><LF>.<CR>'],
    ] as const) {
      const s = sendData(inTransaction(), `Subject: x\r\n\r\nhello${seq}MAIL FROM:<evil@example.com>\r\n`).end();
      const v = found(s, 'SMTP-SMUGGLING-END-OF-DATA');
      expect(v, name).toHaveLength(1);
      expect(v[0]!.severity).toBe('error');
      expect(v[0]!.message).toMatch(new RegExp(`^${name.replace(/[.]/g, '\\.')} at stream offset \\d+ could end the message on a lenient server$`));
    }
  });

  it('SMTP-SMUGGLING-END-OF-DATA: triggered by a message that a lenient server answered after <LF>.<LF>', () => {
    const s = inTransaction().c('DATA\r\n').s('354 go\r\n').c('Subject: x\r\n\r\nhi\n.\n').s('250 queued\r\n').c('QUIT\r\n').s('221 bye\r\n').end();
    expect(found(s, 'SMTP-SMUGGLING-END-OF-DATA')[0]!.message).toBe('the message was ended by <LF>.<LF> instead of <CR><LF>.<CR><LF>');
    expect(s.messages[0]!.complete).toBe(true);
    expect(s.messages[0]!.size).toBe(17);
    expect(s.events.some((e) => e.kind === 'note' && e.text === 'the server answered as if the <LF>.<LF> at stream offset 105 ended the message')).toBe(true);
  });

  it('SMTP-SMUGGLING-END-OF-DATA: not for dot-stuffed lines, a dot inside a line, or a lone dot line ending the data', () => {
    const s = sendData(inTransaction(), 'Subject: x\r\n\r\n..\r\n...\r\na.b\r\n.x\r\n').end();
    expect(ids(s)).toEqual([]);
  });

  it('SMTP-DATA-BEFORE-354: triggered by message text sent with DATA, before the reply', () => {
    const s = inTransaction().c('DATA\r\nSubject: x\r\n\r\nhi\r\n.\r\n').s('354 go\r\n250 ok\r\n').end();
    const v = found(s, 'SMTP-DATA-BEFORE-354');
    expect(v[0]!.message).toBe('message text sent before the 354 reply to DATA');
    // The text is shown where it was sent: its data event comes before the 354.
    const reply354 = s.events.findIndex((e) => e.kind === 'reply' && e.code === '354');
    expect(s.events[v[0]!.event]!.kind).toBe('data');
    expect(v[0]!.event).toBeLessThan(reply354);
  });

  it('SMTP-DATA-BEFORE-354: not for text sent after the 354, nor for text decided without any reply', () => {
    expect(ids(sendData(inTransaction(), 'Subject: x\r\n\r\nhi\r\n').end())).toEqual([]);
    expect(ids(new SessionHarness('smtp').c('HELO a\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.org>\r\nDATA\r\nSubject: x\r\n\r\n.\r\n').end())).toEqual([]);
  });

  it('SMTP-DATA-INCOMPLETE: triggered by the connection ending inside the message text', () => {
    const s = inTransaction().c('DATA\r\n').s('354 go\r\n').c('Subject: x\r\n\r\nunfinished').end('rst');
    expect(found(s, 'SMTP-DATA-INCOMPLETE')[0]!.message).toBe('the connection ended after 24 octets of message text, before the end-of-data line');
    expect(s.messages[0]!.complete).toBe(false);
  });

  it('SMTP-DATA-INCOMPLETE: not for a message that ended before the connection did', () => {
    expect(ids(sendData(inTransaction(), 'Subject: x\r\n\r\nfinished\r\n').end('rst'))).toEqual([]);
  });

  it('SMTP-8BIT-WITHOUT-BODY: triggered by 8-bit octets without BODY=8BITMIME', () => {
    const s = sendData(inTransaction(), 'Subject: caf\xe9\r\n\r\nna\xefve\r\n').end();
    expect(found(s, 'SMTP-8BIT-WITHOUT-BODY')[0]!.message).toBe('the message contains 8-bit octets but MAIL declared neither BODY=8BITMIME nor SMTPUTF8');
  });

  it('SMTP-8BIT-WITHOUT-BODY: not for 8-bit text declared with BODY=8BITMIME, BODY=BINARYMIME or SMTPUTF8', () => {
    for (const param of ['BODY=8BITMIME', 'BODY=BINARYMIME', 'SMTPUTF8']) {
      const h = greeted().c(`MAIL FROM:<a@example.com> ${param}\r\n`).s('250 ok\r\n').c('RCPT TO:<b@example.org>\r\n').s('250 ok\r\n');
      const s = (param === 'BODY=BINARYMIME' ? h.c('BDAT 8 LAST\r\nna\xefve\r\n').s('250 ok\r\n') : sendData(h, 'Subject: x\r\n\r\nna\xefve\r\n')).end();
      expect(ids(s), param).not.toContain('SMTP-8BIT-WITHOUT-BODY');
    }
  });

  it('SMTP-SIZE-OVER-LIMIT: triggered by a message larger than the SIZE in EHLO', () => {
    const s = sendData(inTransaction({}, NO_PIPELINING), `Subject: x\r\n\r\n${'a'.repeat(1000)}\r\n`).end();
    expect(found(s, 'SMTP-SIZE-OVER-LIMIT')[0]).toEqual(expect.objectContaining({ severity: 'warning', message: 'the message is 1016 octets, the server accepts at most 1000 (SIZE in EHLO)' }));
  });

  it('SMTP-SIZE-OVER-LIMIT: not for a message within the limit, nor for SIZE 0 (no limit)', () => {
    expect(ids(sendData(inTransaction({}, NO_PIPELINING), 'Subject: x\r\n\r\nsmall\r\n').end())).toEqual([]);
    expect(ids(sendData(inTransaction({}, '250-x\r\n250 SIZE 0\r\n'), `Subject: x\r\n\r\n${'a'.repeat(900)}\r\n`).end())).toEqual([]);
  });

  it('SMTP-SIZE-OVER-DECLARED: triggered by a message larger than the SIZE= on MAIL', () => {
    const h = greeted().c('MAIL FROM:<a@example.com> SIZE=10\r\n').s('250 ok\r\n').c('RCPT TO:<b@example.org>\r\n').s('250 ok\r\n');
    const s = sendData(h, 'Subject: x\r\n\r\ntwenty octets\r\n').end();
    expect(found(s, 'SMTP-SIZE-OVER-DECLARED')[0]).toEqual(expect.objectContaining({ severity: 'info', message: 'the message is 29 octets, MAIL declared SIZE=10' }));
  });

  it('SMTP-SIZE-OVER-DECLARED: not for a declared size that over-estimates', () => {
    const h = greeted().c('MAIL FROM:<a@example.com> SIZE=100\r\n').s('250 ok\r\n').c('RCPT TO:<b@example.org>\r\n').s('250 ok\r\n');
    expect(ids(sendData(h, 'Subject: x\r\n\r\nsmall\r\n').end())).toEqual([]);
  });

  it('SMTP-BDAT-INVALID: triggered by a missing, non-numeric, negative, overflowing size or junk after it', () => {
    for (const [args, message] of [
      ['', 'BDAT without a chunk size'],
      [' SCRAMBLE', 'BDAT chunk size "SCRAMBLE" is not a decimal number'],
      [' -1 LAST', 'BDAT chunk size "-1" is not a decimal number'],
      [' 15555555557777777777 LAST', 'BDAT chunk size 15555555557777777777 is too large to be real'],
      [' 1234 SCRAMBLE', 'BDAT chunk size followed by "SCRAMBLE" instead of LAST'],
    ]) {
      const s = inTransaction().c(`BDAT${args}\r\n`).s('521 5.5.4 Syntax: BDAT count [LAST]\r\n').c('QUIT\r\n').s('221 bye\r\n').end();
      expect(found(s, 'SMTP-BDAT-INVALID').map((v) => v.message), args).toEqual([message]);
      expect(s.messages).toEqual([]);
      expect(s.events.filter((e) => e.kind === 'command').at(-1)).toEqual(expect.objectContaining({ verb: 'QUIT', reply: s.events.length - 1 }));
    }
  });

  it('SMTP-BDAT-INVALID: not for "BDAT 0 LAST" or "bdat 5 last"', () => {
    expect(ids(inTransaction().c('bdat 5 last\r\nhello').s('250 ok\r\n').end())).toEqual([]);
    expect(ids(inTransaction().c('BDAT 3\r\nabc').s('250 ok\r\n').c('BDAT 0 LAST\r\n').s('250 ok\r\n').end())).toEqual([]);
  });

  it('SMTP-BDAT-LENGTH-MISMATCH: triggered by a chunk shorter than announced (a command where chunk bytes should be)', () => {
    const s = inTransaction().c('BDAT 100 LAST\r\nSubject: t\r\n\r\nHello!\r\nQUIT\r\n').end();
    expect(found(s, 'SMTP-BDAT-LENGTH-MISMATCH')[0]!.message).toBe('BDAT announced 100 octets but only 28 came, ending in the command "QUIT"');
    expect(ids(s)).not.toContain('SMTP-BDAT-INCOMPLETE');
  });

  it('SMTP-BDAT-LENGTH-MISMATCH: triggered by a chunk longer than announced (text where the next command should be)', () => {
    const s = inTransaction().c('BDAT 5 LAST\r\nHello, world\r\n').s('250 ok\r\n500 what\r\n').end();
    expect(found(s, 'SMTP-BDAT-LENGTH-MISMATCH')[0]!.message).toBe('the line after the 5-octet BDAT chunk is not a command (", world"): the chunk size looks too small');
    expect(ids(s)).not.toContain('SMTP-UNKNOWN-COMMAND');
  });

  it('SMTP-BDAT-LENGTH-MISMATCH: quotes the line after the chunk as sent, not upper-cased', () => {
    const s = inTransaction().c(Buffer.from('BDAT 7 LAST\r\nHallo\r\nJürgen\r\n', 'utf8')).s('250 ok\r\n500 what\r\n').end();
    expect(found(s, 'SMTP-BDAT-LENGTH-MISMATCH')[0]!.message).toBe('the line after the 7-octet BDAT chunk is not a command ("Jürgen"): the chunk size looks too small');
  });

  it('SMTP-BDAT-LENGTH-MISMATCH: not for exact chunks followed by the next command', () => {
    expect(ids(inTransaction().c('BDAT 5 LAST\r\nHelloQUIT\r\n').s('250 ok\r\n221 bye\r\n').end())).toEqual([]);
  });

  it('SMTP-BDAT-DATA-MIXED: triggered by DATA after BDAT chunks in the same transaction', () => {
    const s = inTransaction().c('BDAT 3\r\nabc').s('250 ok\r\n').c('DATA\r\n').s('503 no\r\n').end();
    expect(found(s, 'SMTP-BDAT-DATA-MIXED')[0]!.message).toBe('DATA sent in a transaction that already sent BDAT chunks');
    expect(s.messages[0]!.complete).toBe(false);
  });

  it('SMTP-BDAT-DATA-MIXED: not for a BDAT transaction followed by a DATA transaction', () => {
    const s = sendData(inTransaction().c('BDAT 3 LAST\r\nabc').s('250 ok\r\n').c('MAIL FROM:<a@example.com>\r\n').s('250 ok\r\n').c('RCPT TO:<b@example.org>\r\n').s('250 ok\r\n'), 'x\r\n').end();
    expect(ids(s)).toEqual([]);
    expect(s.messages.map((m) => m.via)).toEqual(['smtp-bdat', 'smtp-data']);
  });

  it('SMTP-BDAT-INCOMPLETE: triggered by the connection ending inside a chunk, or after chunks without LAST', () => {
    const cut = inTransaction().c('BDAT 100 LAST\r\nSubject: t\r\n\r\nHel').end();
    expect(found(cut, 'SMTP-BDAT-INCOMPLETE')[0]!.message).toBe('the connection ended after 17 of the 100 octets BDAT announced');
    const noLast = inTransaction().c('BDAT 3\r\nabc').s('250 ok\r\n').end();
    expect(found(noLast, 'SMTP-BDAT-INCOMPLETE')[0]!.message).toBe('the transaction sent BDAT chunks but never BDAT ... LAST');
    expect(noLast.messages[0]!.complete).toBe(false);
  });

  it('SMTP-BDAT-INCOMPLETE: not for a chunked message ended by BDAT LAST', () => {
    expect(ids(inTransaction().c('BDAT 3\r\nabc').s('250 ok\r\n').c('BDAT 3 LAST\r\ndef').s('250 ok\r\n').end())).toEqual([]);
  });
});

describe('SMTP violations: pipelining', () => {
  it('SMTP-PIPELINING-NOT-ADVERTISED: triggered by a client that does not wait although PIPELINING was not offered', () => {
    const s = greeted({}, NO_PIPELINING).c('MAIL FROM:<a@example.com>\r\n').c('RCPT TO:<b@example.org>\r\n').s('250 ok\r\n250 ok\r\n').end();
    expect(found(s, 'SMTP-PIPELINING-NOT-ADVERTISED')[0]!.message).toBe('RCPT sent before the reply to MAIL, but the server did not advertise PIPELINING');
  });

  it('SMTP-PIPELINING-NOT-ADVERTISED: not for pipelining the server offered, nor for a client that waits for each reply', () => {
    expect(ids(greeted().c('MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.org>\r\n').s('250 ok\r\n250 ok\r\n').end())).toEqual([]);
    expect(ids(inTransaction({}, NO_PIPELINING).end())).toEqual([]);
  });

  it('SMTP-PIPELINING-AFTER-GROUP-END: triggered by commands after EHLO, DATA, NOOP, AUTH or QUIT before their reply', () => {
    for (const [first, reply] of [
      ['EHLO again', '250 x'],
      ['NOOP', '250 ok'],
      ['VRFY bob', '252 maybe'],
      ['AUTH PLAIN AGJvYgBzZWNyZXQ=', '235 ok'],
    ]) {
      const s = greeted().c(`${first}\r\nMAIL FROM:<a@example.com>\r\n`).s(`${reply}\r\n250 ok\r\n`).end();
      expect(found(s, 'SMTP-PIPELINING-AFTER-GROUP-END').map((v) => v.message), first).toEqual([`MAIL sent before the reply to ${first.split(' ')[0]}`]);
    }
    const refusedData = greeted().c('MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.org>\r\nDATA\r\nRSET\r\n').s('250 ok\r\n550 no\r\n554 no recipients\r\n250 ok\r\n').end();
    expect(found(refusedData, 'SMTP-PIPELINING-AFTER-GROUP-END')[0]!.message).toBe('RSET sent before the reply to DATA');
  });

  it('SMTP-PIPELINING-AFTER-GROUP-END: not for MAIL/RCPT/DATA groups, commands after the end of data, or BDAT after BDAT', () => {
    const s = greeted()
      .c('MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.org>\r\nRCPT TO:<c@example.org>\r\nDATA\r\n')
      .s('250 ok\r\n250 ok\r\n250 ok\r\n354 go\r\n')
      .c('x\r\n.\r\nRSET\r\nMAIL FROM:<d@example.com>\r\nRCPT TO:<e@example.org>\r\nBDAT 1\r\nxBDAT 1 LAST\r\ny')
      .s('250 queued\r\n250 ok\r\n250 ok\r\n250 ok\r\n250 ok\r\n250 ok\r\n')
      .end();
    expect(ids(s)).toEqual([]);
  });
});

describe('SMTP violations: replies', () => {
  it('SMTP-REPLY-CODE-MALFORMED: triggered by a line without a code, a code out of range, a code glued to its text', () => {
    const s = greeted().c('MAIL FROM:<a@example.com>\r\n').s('472 DNS A-record is empty\r\n').c('RSET\r\n').s('250OK\r\n').c('NOOP\r\n').s('4.7.0 deferred\r\n').end();
    expect(found(s, 'SMTP-REPLY-CODE-MALFORMED').map((v) => v.message)).toEqual([
      'reply code 472 is outside 2xx-5xx/x0x-x5x',
      'no space or hyphen after the code in "250OK"',
      'line does not start with a reply code: "4.7.0 deferred"',
    ]);
    expect(s.events.filter((e) => e.kind === 'command').every((c) => c.kind === 'command' && c.reply !== undefined)).toBe(true);
  });

  it('SMTP-REPLY-CODE-MALFORMED: not for codes 2xx-5xx with text, a hyphen, or nothing after them', () => {
    expect(ids(greeted().c('NOOP\r\n').s('250\r\n').c('HELP\r\n').s('214-a\r\n214 b\r\n').end())).toEqual([]);
  });

  it('SMTP-MULTILINE-CODE-MISMATCH: triggered by a multi-line reply whose lines carry different codes', () => {
    const s = greeted().c('HELP\r\n').s('214-help\r\n250 done\r\n').end();
    expect(found(s, 'SMTP-MULTILINE-CODE-MISMATCH')[0]!.message).toBe('line 2 has code 250, the first line 214');
  });

  it('SMTP-MULTILINE-CODE-MISMATCH: not for a reply whose lines all carry the same code', () => {
    expect(ids(greeted().end())).toEqual([]);
  });

  it('SMTP-UNEXPECTED-REPLY: triggered by a reply with no command waiting for it', () => {
    const s = greeted().c('NOOP\r\n').s('250 ok\r\n250 extra\r\n').end();
    expect(found(s, 'SMTP-UNEXPECTED-REPLY')[0]).toEqual(expect.objectContaining({ event: 5, message: 'reply 250 arrived with no command waiting for it' }));
  });

  it('SMTP-UNEXPECTED-REPLY: not for the greeting, an asynchronous 421, or after a lost client segment', () => {
    expect(ids(greeted().s('421 4.4.2 timeout, closing\r\n').end())).toEqual([]);
    expect(ids(greeted().c('NOOP\r\nNO').gap('C', 10).c('OP\r\n').s('250 ok\r\n250 ok\r\n').end())).not.toContain('SMTP-UNEXPECTED-REPLY');
  });

  it('SMTP-ENHANCED-CODE-MISMATCH: triggered by a 5.x.x status on a 250 reply', () => {
    const s = greeted().c('NOOP\r\n').s('250 5.0.0 ok?\r\n').end();
    expect(found(s, 'SMTP-ENHANCED-CODE-MISMATCH')[0]).toEqual(expect.objectContaining({ severity: 'warning', message: 'enhanced status 5.0.0 with reply code 250' }));
  });

  it('SMTP-ENHANCED-CODE-MISMATCH: not for matching classes, nor numbers that are not status codes', () => {
    expect(ids(greeted().c('NOOP\r\n').s('250 2.0.0 ok\r\n').c('HELP\r\n').s('214 4.5 is a version\r\n').end())).toEqual([]);
  });
});

describe('SMTP violations: STARTTLS and AUTH', () => {
  it('SMTP-STARTTLS-COMMAND-INJECTION: triggered by commands sent after STARTTLS before the 220', () => {
    const s = greeted().c('STARTTLS\r\nRSET\r\nMAIL FROM:<x@example.com>\r\n').s('220 go ahead\r\n').end();
    const v = found(s, 'SMTP-STARTTLS-COMMAND-INJECTION');
    expect(v).toEqual([expect.objectContaining({ message: 'the client sent RSET, MAIL after STARTTLS, before the 220 reply' })]);
    expect(s.events[v[0]!.event]).toEqual(expect.objectContaining({ kind: 'command', verb: 'RSET' }));
    expect(s.tls).toBe('starttls');
  });

  it('SMTP-STARTTLS-COMMAND-INJECTION: triggered by a partial line buffered after STARTTLS', () => {
    const s = greeted().c('STARTTLS\r\nRSE').s('220 go ahead\r\n').end();
    expect(found(s, 'SMTP-STARTTLS-COMMAND-INJECTION')[0]!.message).toBe('the client sent 3 octets after STARTTLS, before the 220 reply');
    expect(s.events.some((e) => e.kind === 'note' && e.text === '3 octets sent after STARTTLS before the TLS handshake: "RSE"')).toBe(true);
  });

  it('SMTP-STARTTLS-COMMAND-INJECTION: not for a client that waits for the 220, nor when STARTTLS is refused', () => {
    expect(ids(greeted().c('STARTTLS\r\n').s('220 go ahead\r\n').end())).toEqual([]);
    const refused = greeted().c('STARTTLS\r\nNOOP\r\n').s('454 not now\r\n250 ok\r\n').end();
    expect(ids(refused)).toEqual(['SMTP-PIPELINING-AFTER-GROUP-END']);
  });

  it('SMTP-STARTTLS-RESPONSE-INJECTION: triggered by lines the server sends after its 220', () => {
    const s = greeted().c('STARTTLS\r\n').s('220 go ahead\r\n250 injected\r\n').end();
    const v = found(s, 'SMTP-STARTTLS-RESPONSE-INJECTION');
    expect(v[0]!.message).toBe('the server sent "250 injected" after its 220 to STARTTLS, before the TLS handshake');
    expect(s.events[v[0]!.event]).toEqual(expect.objectContaining({ kind: 'reply', code: '250', detail: { injected: true } }));
  });

  it('SMTP-STARTTLS-RESPONSE-INJECTION: not for a 220 alone in its segment', () => {
    expect(ids(greeted().c('STARTTLS\r\n').s('220 go ahead\r\n').s(Buffer.from([0x16, 0x03, 0x03, 0x00, 0x01, 0x02])).end())).toEqual([]);
  });

  it('SMTP-AUTH-CLEARTEXT: triggered by AUTH without TLS, once per session', () => {
    const s = greeted().c('AUTH PLAIN AGJvYgBzZWNyZXQ=\r\n').s('535 no\r\n').c('AUTH PLAIN AGJvYgBzZWNyZXQ=\r\n').s('235 ok\r\n').end();
    expect(found(s, 'SMTP-AUTH-CLEARTEXT')).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: 'AUTH PLAIN without TLS: the password travels base64-encoded, readable on the path (2 times in this session)',
      }),
    ]);
  });

  it('SMTP-AUTH-CLEARTEXT: not for a client that upgrades with STARTTLS before authenticating', () => {
    const s = greeted().c('STARTTLS\r\n').s('220 go\r\n').c(Buffer.from([0x16, 0x03, 0x01, 0x00, 0x01, 0x01])).end();
    expect(ids(s)).toEqual([]);
  });

  it('SMTP-AUTH-INVALID-BASE64: triggered by a response or initial response that is not base64', () => {
    const s = greeted().c('AUTH LOGIN\r\n').s('334 VXNlcm5hbWU6\r\n').c('bob@example.com\r\n').s('501 5.5.2 cannot decode\r\n').c('AUTH PLAIN abc\r\n').s('501 no\r\n').end();
    expect(found(s, 'SMTP-AUTH-INVALID-BASE64').map((v) => v.message)).toEqual([
      'SASL response of 15 characters is not base64',
      'initial response "abc" is not base64',
    ]);
    expect(JSON.stringify(s.events)).not.toContain('bob@example.com');
  });

  it('SMTP-AUTH-INVALID-BASE64: not for base64, "=" (empty initial response) or "*" (cancel)', () => {
    const s = greeted().c('AUTH EXTERNAL =\r\n').s('535 no\r\n').c('AUTH LOGIN\r\n').s('334 VXNlcm5hbWU6\r\n').c('*\r\n').s('501 cancelled\r\n').c('AUTH LOGIN Ym9i\r\n').s('334 UGFzc3dvcmQ6\r\n').c('\r\n').s('535 no\r\n').end();
    expect(ids(s)).not.toContain('SMTP-AUTH-INVALID-BASE64');
  });
});

describe('SMTP violations: end of session', () => {
  it('SMTP-AFTER-QUIT: triggered by a command after the 221 and by a reply after it', () => {
    const s = greeted().c('QUIT\r\n').s('221 bye\r\n').c('NOOP\r\n').s('250 still here\r\n').end();
    expect(found(s, 'SMTP-AFTER-QUIT').map((v) => v.message)).toEqual([
      'the client sent NOOP after QUIT was answered with 221',
      'the server sent reply 250 after QUIT was answered with 221',
    ]);
  });

  it('SMTP-AFTER-QUIT: not for QUIT as the last command, nor after a refused QUIT', () => {
    expect(ids(greeted().c('QUIT\r\n').s('221 bye\r\n').end())).toEqual([]);
    expect(ids(greeted().c('QUIT\r\n').s('500 no\r\n').c('NOOP\r\n').s('250 ok\r\n').end())).toEqual([]);
  });
});
