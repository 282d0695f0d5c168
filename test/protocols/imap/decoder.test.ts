/** IMAP decoder features, each from bytes through the session layer. */
import { describe, expect, it } from 'vitest';
import { auths, command, commands, data, GREETING, ids, imap, loggedIn, notes, replies, selected } from './helpers.js';

const MSG = 'From: Alice <alice@example.org>\r\nTo: bob@example.org\r\nSubject: Hello\r\nMessage-ID: <1@example.org>\r\n\r\nHi Bob!\r\n';

describe('commands', () => {
  it('parses arguments of the common commands into detail', () => {
    const s = selected()
      .c('a1 LIST "" "*"\r\n')
      .c('a2 LIST (SUBSCRIBED) "" ("INBOX" "Sent/%") RETURN (CHILDREN STATUS (MESSAGES))\r\n')
      .c('a3 STATUS "Sent Items" (MESSAGES UNSEEN UIDNEXT)\r\n')
      .c('a4 UID FETCH 1:* (FLAGS BODY.PEEK[HEADER.FIELDS (From Subject)]<0.512>)\r\n')
      .c('a5 UID SEARCH CHARSET UTF-8 OR FROM "bob" NOT SEEN SINCE 1-Feb-2024 UID 5:*\r\n')
      .c('a6 UID STORE 4 +FLAGS.SILENT (\\Seen \\Deleted)\r\n')
      .c('a7 MOVE 1,3 Archive\r\n')
      .c('a8 ENABLE CONDSTORE UTF8=ACCEPT\r\n')
      .c('a9 ID ("name" "Thunderbird" "version" NIL)\r\n')
      .c('b1 RENAME old new\r\n')
      .c('b2 UID EXPUNGE 3:5\r\n')
      .end();
    expect(command(s, 'a1').detail).toEqual({ reference: '', patterns: ['*'] });
    expect(command(s, 'a2').detail).toEqual({
      selection: ['SUBSCRIBED'],
      reference: '',
      patterns: ['INBOX', 'Sent/%'],
      return: ['CHILDREN', 'STATUS', ['MESSAGES']],
    });
    expect(command(s, 'a3').detail).toEqual({ mailbox: 'Sent Items', items: ['MESSAGES', 'UNSEEN', 'UIDNEXT'] });
    expect(command(s, 'a4').verb).toBe('UID FETCH');
    expect(command(s, 'a4').args).toBe('1:* (FLAGS BODY.PEEK[HEADER.FIELDS (From Subject)]<0.512>)');
    expect(command(s, 'a4').detail).toEqual({ sequence: '1:*', items: ['FLAGS', 'BODY.PEEK[HEADER.FIELDS (FROM SUBJECT)]<0.512>'] });
    expect(command(s, 'a5').detail).toEqual({
      charset: 'UTF-8',
      criteria: [
        { key: 'OR', keys: [{ key: 'FROM', value: 'bob' }, { key: 'NOT', keys: [{ key: 'SEEN' }] }] },
        { key: 'SINCE', value: '1-Feb-2024' },
        { key: 'UID', value: '5:*' },
      ],
    });
    expect(command(s, 'a6').detail).toEqual({ sequence: '4', action: '+FLAGS', silent: true, flags: ['\\Seen', '\\Deleted'] });
    expect(command(s, 'a7').detail).toEqual({ sequence: '1,3', mailbox: 'Archive' });
    expect(command(s, 'a8').detail).toEqual({ capabilities: ['CONDSTORE', 'UTF8=ACCEPT'] });
    expect(command(s, 'a9').detail).toEqual({ id: { name: 'Thunderbird', version: null } });
    expect(command(s, 'b1').detail).toEqual({ mailbox: 'old', newName: 'new' });
    expect(command(s, 'b2').verb).toBe('UID EXPUNGE');
    expect(ids(s)).toEqual(['IMAP-CLEARTEXT-PASSWORD']);
  });

  it('keeps an unknown command verbatim, its arguments as generic values', () => {
    const s = loggedIn().c('x1 XAPPLEPUSHSERVICE aps-version 2 (topic "x")\r\n').s('x1 OK done\r\n').end();
    const c = command(s, 'x1');
    expect(c).toMatchObject({ verb: 'XAPPLEPUSHSERVICE', line: 'x1 XAPPLEPUSHSERVICE aps-version 2 (topic "x")', args: 'aps-version 2 (topic "x")' });
    expect(c.detail).toEqual({ values: ['aps-version', 2, ['topic', 'x']] });
    expect(c.reply).toBeDefined();
  });

  it('reads a command whose arguments are literals, waiting for "+" each time, the password literal masked', () => {
    const s = imap()
      .s('* OK ready\r\n')
      .c('a1 LOGIN {3}\r\n')
      .s('+ go ahead\r\n')
      .c('bob {6}\r\n')
      .s('+ go ahead\r\n')
      .c('s3cr3t\r\n')
      .s('a1 OK logged in\r\n')
      .end();
    const c = command(s, 'a1');
    expect(c.line).toBe('a1 LOGIN {3} {6}');
    expect(c.detail).toEqual({ user: 'bob', password: '********' });
    const [user, pass] = data(s);
    expect(user).toMatchObject({ what: 'literal', size: 3, preview: 'bob' });
    expect(pass).toMatchObject({ what: 'literal', size: 6, preview: '********', previewTruncated: false });
    expect(replies(s).filter((r) => r.tag === '+').every((r) => r.command === c.index)).toBe(true);
    expect(s.events[c.reply!]).toMatchObject({ tag: 'a1', status: 'OK' });
    expect(ids(s)).toEqual(['IMAP-CLEARTEXT-PASSWORD']);
  });

  it('shows secrets when asked', () => {
    const s = imap({ decoder: { showSecrets: true } })
      .s('* OK ready\r\n')
      .c('a1 LOGIN bob "pa ss"\r\n')
      .s('a1 OK done\r\n')
      .c('a2 LOGIN {3}\r\n')
      .s('+ \r\n')
      .c('bob {2}\r\n')
      .s('+ \r\n')
      .c('pw\r\n')
      .end();
    expect(command(s, 'a1').line).toBe('a1 LOGIN bob "pa ss"');
    expect(command(s, 'a1').detail).toEqual({ user: 'bob', password: 'pa ss' });
    expect(data(s).map((d) => d.preview)).toEqual(['bob', 'pw']);
  });

  it('masks a quoted password in the line, whatever its form', () => {
    const s = imap().s('* OK ready\r\n').c('a1 LOGIN "bob" "pa\\"ss"\r\n').end();
    expect(command(s, 'a1').line).toBe('a1 LOGIN "bob" ********');
    expect(JSON.stringify(s)).not.toContain('pa\\\\"ss');
  });
});

describe('APPEND', () => {
  it('records the appended message (synchronising literal after "+")', () => {
    const s = loggedIn()
      .c(`A1 APPEND Sent (\\Seen) " 7-Feb-2024 10:00:00 +0100" {${MSG.length}}\r\n`)
      .s('+ Ready for literal data\r\n')
      .c(`${MSG}\r\n`)
      .s('A1 OK [APPENDUID 38505 3955] APPEND completed\r\n')
      .end();
    const c = command(s, 'A1');
    const [d] = data(s);
    expect(d).toMatchObject({ what: 'APPEND', size: MSG.length, dir: 'C', message: 0 });
    expect(c.detail).toEqual({ mailbox: 'Sent', messages: [{ flags: ['\\Seen'], date: ' 7-Feb-2024 10:00:00 +0100', size: MSG.length, event: d!.index, message: 0 }] });
    expect(s.messages[0]).toMatchObject({
      via: 'imap-append',
      mailbox: 'Sent',
      complete: true,
      size: MSG.length,
      headers: { from: 'Alice <alice@example.org>', to: 'bob@example.org', subject: 'Hello', messageId: '<1@example.org>' },
    });
    expect(s.messages[0]!.content!.toString()).toBe(MSG);
    expect(s.events[c.reply!]!).toMatchObject({ detail: { code: { name: 'APPENDUID', uidValidity: 38505, uids: '3955' } } });
    expect(ids(s)).toEqual(['IMAP-CLEARTEXT-PASSWORD']);
  });

  it('takes several messages in one APPEND (MULTIAPPEND), with LITERAL+ and literal8', () => {
    const s = loggedIn()
      .c(`A1 APPEND Drafts {${MSG.length}+}\r\n${MSG} (\\Draft) ~{5+}\r\nab\0cd\r\n`)
      .s('A1 OK done\r\n')
      .end();
    expect(command(s, 'A1').detail).toMatchObject({ mailbox: 'Drafts', messages: [{ size: MSG.length }, { flags: ['\\Draft'], size: 5, binary: true }] });
    expect(s.messages.map((m) => [m.via, m.mailbox, m.size, m.complete])).toEqual([
      ['imap-append', 'Drafts', MSG.length, true],
      ['imap-append', 'Drafts', 5, true],
    ]);
    expect(ids(s)).toEqual(['IMAP-CLEARTEXT-PASSWORD']);
  });

  it('goes back to reading commands when the server refuses the literal', () => {
    const s = loggedIn().c('A1 APPEND INBOX {50000000}\r\n').s('A1 NO [TOOBIG] too large\r\n').c('A2 NOOP\r\n').s('A2 OK done\r\n').end();
    expect(commands(s).map((c) => c.tag)).toEqual(['L1', 'A1', 'A2']);
    expect(command(s, 'A1').detail).toMatchObject({ incomplete: 'the server refused its literal' });
    expect(command(s, 'A2').reply).toBeDefined();
    expect(s.messages).toEqual([]);
  });
});

describe('FETCH', () => {
  it('records a fetched message with mailbox and UID, also when the UID comes after the body', () => {
    const s = selected()
      .c('f1 UID FETCH 9 (BODY.PEEK[])\r\n')
      .s(`* 2 FETCH (BODY[] {${MSG.length}}\r\n${MSG} UID 9)\r\nf1 OK done\r\n`)
      .end();
    expect(s.messages[0]).toMatchObject({ via: 'imap-fetch', mailbox: 'INBOX', uid: 9, number: 2, complete: true, headers: { subject: 'Hello' } });
    expect(s.messages[0]!.section).toBeUndefined();
    expect(data(s)[0]).toMatchObject({ what: 'BODY[]', message: 0 });
  });

  it('treats RFC822 as the whole message, a partial BODY[]<n> and RFC822.HEADER as partial, BODY[TEXT] as no message', () => {
    const s = selected()
      .c('f1 FETCH 1:4 (RFC822)\r\n')
      .s(`* 1 FETCH (UID 5 RFC822 {${MSG.length}}\r\n${MSG})\r\n`)
      .s('* 2 FETCH (BODY[]<0> {9}\r\nFrom: Ali)\r\n')
      .s('* 3 FETCH (RFC822.HEADER {18}\r\nSubject: partial\r\n)\r\n')
      .s('* 4 FETCH (BODY[TEXT] {5}\r\nHi!\r\n)\r\nf1 OK done\r\n')
      .end();
    expect(s.messages.map((m) => [m.number, m.uid, m.complete, m.section])).toEqual([
      [1, 5, true, undefined],
      [2, undefined, false, '<0>'],
      [3, undefined, false, 'HEADER'],
    ]);
    expect(data(s).map((d) => d.what)).toEqual(['RFC822', 'BODY[]<0>', 'RFC822.HEADER', 'BODY[TEXT]']);
    expect(ids(s)).toEqual(['IMAP-CLEARTEXT-PASSWORD']);
  });

  it('parses BODYSTRUCTURE of a multipart message with extension data', () => {
    const s = selected()
      .c('f1 FETCH 1 BODYSTRUCTURE\r\n')
      .s(
        '* 1 FETCH (BODYSTRUCTURE (("TEXT" "PLAIN" ("CHARSET" "utf-8") NIL NIL "QUOTED-PRINTABLE" 120 4 NIL NIL NIL NIL)' +
          '("APPLICATION" "PDF" ("NAME" "a.pdf") NIL NIL "BASE64" 4000 NIL ("ATTACHMENT" ("FILENAME" "a.pdf")) NIL NIL) "MIXED" ("BOUNDARY" "xyz") NIL NIL NIL))\r\n',
      )
      .s('f1 OK done\r\n')
      .end();
    const items = (replies(s).find((r) => r.lines[0]!.startsWith('* 1 FETCH'))!.detail as { items: Record<string, unknown> }).items;
    expect(items.BODYSTRUCTURE).toEqual({
      parts: [
        { type: 'TEXT', subtype: 'PLAIN', params: { CHARSET: 'utf-8' }, id: null, description: null, encoding: 'QUOTED-PRINTABLE', size: 120, lines: 4, extension: { md5: null, disposition: null, language: null, location: null } },
        {
          type: 'APPLICATION',
          subtype: 'PDF',
          params: { NAME: 'a.pdf' },
          id: null,
          description: null,
          encoding: 'BASE64',
          size: 4000,
          extension: { md5: null, disposition: { type: 'ATTACHMENT', params: { FILENAME: 'a.pdf' } }, language: null, location: null },
        },
      ],
      subtype: 'MIXED',
      extension: { params: { BOUNDARY: 'xyz' }, disposition: null, language: null, location: null },
    });
  });

  it('streams BINARY content sent as literal8', () => {
    const s = selected().c('f1 FETCH 1 BINARY[1]\r\n').s('* 1 FETCH (BINARY[1] ~{4}\r\n\0\x01\x02\x03)\r\nf1 OK done\r\n').end();
    expect(data(s)[0]).toMatchObject({ what: 'BINARY[1]', size: 4 });
    expect(ids(s)).toEqual(['IMAP-CLEARTEXT-PASSWORD']);
  });

  it('attaches untagged data to the matching command when several are in flight', () => {
    const s = selected()
      .c('p1 FETCH 1 FLAGS\r\np2 SEARCH UNSEEN\r\np3 NOOP\r\n')
      .s('* SEARCH 2 3\r\n* 1 FETCH (FLAGS (\\Seen))\r\n* 4 EXISTS\r\np2 OK s\r\np1 OK f\r\np3 OK n\r\n')
      .end();
    const by = (prefix: string) => replies(s).find((r) => r.lines[0]!.startsWith(prefix))!.command;
    expect(by('* SEARCH')).toBe(command(s, 'p2').index);
    expect(by('* 1 FETCH')).toBe(command(s, 'p1').index);
    expect(by('* 4 EXISTS')).toBe(command(s, 'p1').index);
    expect(['p1', 'p2', 'p3'].map((t) => (s.events[command(s, t).reply!] as { tag: string }).tag)).toEqual(['p1', 'p2', 'p3']);
  });
});

describe('responses', () => {
  it('parses the untagged data responses', () => {
    const s = loggedIn()
      .c('a1 NAMESPACE\r\n')
      .s('* NAMESPACE (("" "/")) (("~" "/")) NIL\r\na1 OK done\r\n')
      .c('a2 LIST "" %\r\n')
      .s('* LIST (\\HasNoChildren \\Sent) "/" "Sent Items" ("CHILDINFO" ("SUBSCRIBED"))\r\n* LIST () NIL INBOX\r\na2 OK done\r\n')
      .c('a3 STATUS INBOX (MESSAGES UIDNEXT)\r\n')
      .s('* STATUS INBOX (MESSAGES 231 UIDNEXT 44292)\r\na3 OK done\r\n')
      .c('a4 ID NIL\r\n')
      .s('* ID ("name" "Dovecot")\r\na4 OK done\r\n')
      .c('a5 GETQUOTAROOT INBOX\r\n')
      .s('* QUOTAROOT INBOX ""\r\n* QUOTA "" (STORAGE 10 512)\r\na5 OK done\r\n')
      .c('a6 ENABLE QRESYNC\r\n')
      .s('* ENABLED QRESYNC\r\na6 OK done\r\n')
      .end();
    const d = (prefix: string) => replies(s).find((r) => r.lines[0]!.startsWith(prefix))!.detail;
    expect(d('* NAMESPACE')).toEqual({ kind: 'data', type: 'NAMESPACE', personal: [{ prefix: '', delimiter: '/' }], other: [{ prefix: '~', delimiter: '/' }], shared: null });
    expect(d('* LIST (\\Has')).toEqual({ kind: 'data', type: 'LIST', attributes: ['\\HasNoChildren', '\\Sent'], delimiter: '/', mailbox: 'Sent Items', extended: { CHILDINFO: ['SUBSCRIBED'] } });
    expect(d('* LIST ()')).toEqual({ kind: 'data', type: 'LIST', attributes: [], delimiter: null, mailbox: 'INBOX' });
    expect(d('* STATUS')).toEqual({ kind: 'data', type: 'STATUS', mailbox: 'INBOX', attributes: { MESSAGES: 231, UIDNEXT: 44292 } });
    expect(d('* ID')).toEqual({ kind: 'data', type: 'ID', params: { name: 'Dovecot' } });
    expect(d('* QUOTA ')).toEqual({ kind: 'data', type: 'QUOTA', root: '', resources: [{ name: 'STORAGE', usage: 10, limit: 512 }] });
    expect(d('* ENABLED')).toEqual({ kind: 'data', type: 'ENABLED', capabilities: ['QRESYNC'] });
    expect(ids(s)).toEqual(['IMAP-CLEARTEXT-PASSWORD']);
  });

  it('tracks capabilities from CAPABILITY responses and codes', () => {
    // LITERAL+ is advertised only after login: a {n+} before it is a violation, after it is not.
    const s = imap()
      .s('* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] hi\r\n')
      .c('a1 LOGIN {3+}\r\nbob pw\r\n')
      .s('a1 OK [CAPABILITY IMAP4rev1 LITERAL+] in\r\n')
      .c('a2 SELECT {5+}\r\nINBOX\r\n')
      .s('a2 OK done\r\n')
      .end();
    expect(ids(s)).toEqual(['IMAP-CLEARTEXT-PASSWORD', 'IMAP-LITERAL-PLUS-NOT-ADVERTISED']);
    expect(s.violations[1]!.event).toBe(command(s, 'a1').index);
  });
});

describe('SASL', () => {
  it('decodes AUTHENTICATE PLAIN: the "+" continuation and the masked answer', () => {
    const b64 = Buffer.from('\0bob\0secret').toString('base64');
    const s = imap().s(GREETING).c('a1 AUTHENTICATE PLAIN\r\n').s('+ \r\n').c(`${b64}\r\n`).s('a1 OK done\r\n').end();
    const [a] = auths(s);
    expect(a).toMatchObject({ dir: 'C', line: '********', decoded: 'username: bob, password: ********' });
    expect(replies(s)[1]).toMatchObject({ tag: '+', command: command(s, 'a1').index });
    expect(commands(s)).toHaveLength(1);
    expect(command(s, 'a1').detail).toEqual({ mechanism: 'PLAIN' });
  });

  it('decodes AUTHENTICATE LOGIN: the server\u2019s prompts and the client\u2019s two answers', () => {
    const u = Buffer.from('Username:').toString('base64');
    const p = Buffer.from('Password:').toString('base64');
    const s = imap()
      .s(GREETING)
      .c('a1 AUTHENTICATE LOGIN\r\n')
      .s(`+ ${u}\r\n`)
      .c(`${Buffer.from('bob').toString('base64')}\r\n`)
      .s(`+ ${p}\r\n`)
      .c(`${Buffer.from('pw').toString('base64')}\r\n`)
      .s('a1 OK done\r\n')
      .c('a2 NOOP\r\n')
      .end();
    expect(auths(s).map((a) => a.decoded)).toEqual(['username: bob', 'password: ********']);
    expect(replies(s)[1]!.detail).toMatchObject({ challenge: 'Username:' });
    expect(command(s, 'a2').verb).toBe('NOOP');
  });

  it('decodes a SASL-IR initial response in the command, masked', () => {
    const b64 = Buffer.from('\0bob\0secret').toString('base64');
    const s = imap().s(GREETING).c(`a1 AUTHENTICATE PLAIN ${b64}\r\n`).s('a1 OK done\r\n').c('a2 NOOP\r\n').end();
    const c = command(s, 'a1');
    expect(c.line).toBe('a1 AUTHENTICATE PLAIN ********');
    expect(c.detail).toEqual({ mechanism: 'PLAIN', initialResponse: '********', decoded: 'username: bob, password: ********' });
    expect(auths(s)).toEqual([]);
    expect(command(s, 'a2').verb).toBe('NOOP');
  });

  it('shows the client cancelling an exchange with "*"', () => {
    const s = imap().s(GREETING).c('a1 AUTHENTICATE CRAM-MD5\r\n').s('+ PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+\r\n').c('*\r\n').s('a1 BAD cancelled\r\n').end();
    expect(auths(s)[0]).toMatchObject({ line: '*', decoded: 'the client cancels the authentication' });
    expect(replies(s)[1]!.detail).toMatchObject({ challenge: '<1896.697170952@postoffice.reston.mci.net>' });
  });
});

describe('IDLE', () => {
  it('shows IDLE, the pushed updates attached to it, DONE and the completion', () => {
    const s = selected().c('i1 IDLE\r\n').s('+ idling\r\n* 4 EXISTS\r\n').c('DONE\r\n').s('i1 OK IDLE terminated\r\n').end();
    const idle = command(s, 'i1');
    expect(replies(s).filter((r) => r.command === idle.index).map((r) => r.lines[0])).toEqual(['+ idling', '* 4 EXISTS', 'i1 OK IDLE terminated']);
    const done = commands(s).find((c) => c.verb === 'DONE')!;
    expect(done.tag).toBeUndefined();
    expect(idle.reply).toBeGreaterThan(done.index);
    expect(ids(s)).toEqual(['IMAP-CLEARTEXT-PASSWORD']);
  });
});

describe('STARTTLS', () => {
  it('hands both directions to TLS after the tagged OK', () => {
    const hello = Buffer.from([0x16, 0x03, 0x01, 0x00, 0x05, 0x01, 0x00, 0x00, 0x01, 0x00]);
    const s = imap().s(GREETING).c('t1 STARTTLS\r\n').s('t1 OK Begin TLS\r\n').c(hello).end();
    expect(s.tls).toBe('starttls');
    expect(s.tlsInfo!.startEvent).toBe(replies(s)[1]!.index);
    expect(commands(s)).toHaveLength(1);
    expect(ids(s)).toEqual([]);
  });

  it('goes on decoding when the client continues in cleartext, and knows the connection is not encrypted', () => {
    const s = imap().s(GREETING).c('t1 STARTTLS\r\n').s('t1 OK Begin TLS\r\n').c('a1 LOGIN bob pw\r\n').s('a1 OK done\r\n').end();
    expect(commands(s).map((c) => c.verb)).toEqual(['STARTTLS', 'LOGIN']);
    expect(ids(s)).toContain('TLS-CLEARTEXT-AFTER-UPGRADE');
    expect(ids(s)).toContain('IMAP-CLEARTEXT-PASSWORD');
  });
});

describe('gaps and damage', () => {
  it('splits a literal interrupted by a gap into two data events and marks the message incomplete', () => {
    const body = 'x'.repeat(1000);
    const s = selected()
      .c('f1 FETCH 1 BODY[]\r\n')
      .s(`* 1 FETCH (BODY[] {1000}\r\n${body.slice(0, 300)}`)
      .gap('S', 200)
      .s(`${body.slice(500)})\r\nf1 OK done\r\n`)
      .end();
    const d = data(s);
    expect(d.map((e) => e.size)).toEqual([300, 500]);
    expect(notes(s).map((n) => n.text)).toEqual(['200 octets of a {1000} literal are missing; the literal goes on after the gap']);
    expect(s.messages[0]).toMatchObject({ complete: false, size: 800 });
    expect(s.messages[0]!.content).toBeUndefined();
    expect(command(s, 'f1').reply).toBeDefined();
  });

  it('resynchronises at the next response after a gap in line mode, saying what it skipped', () => {
    const s = selected()
      .c('a1 NOOP\r\na2 NOOP\r\n')
      .s('* 5 EXI')
      .gap('S', 10)
      .s('ST tail of a line\r\nmore garbage\r\na2 OK fine\r\n')
      .end();
    expect(notes(s).map((n) => n.text)).toEqual([
      'an incomplete line of 7 bytes before the gap is dropped; decoding resumes at the next response',
      'after the gap, 33 bytes were skipped to find the next response',
    ]);
    expect(command(s, 'a2').reply).toBeDefined();
    expect(command(s, 'a1').reply).toBeUndefined();
    expect(ids(s)).toEqual(['IMAP-CLEARTEXT-PASSWORD']);
  });

  it('resynchronises after a gap that swallowed a literal announcement', () => {
    const s = selected()
      .c('f1 FETCH 1 BODY[]\r\n')
      .gap('S', 30)
      .s('* Subject: a line of the lost message\r\nSecond line\r\n)\r\nf1 OK done\r\n')
      .end();
    expect(command(s, 'f1').reply).toBeDefined();
    expect(ids(s).filter((i) => i.startsWith('IMAP-SYNTAX'))).toEqual([]);
    expect(notes(s).map((n) => n.text)).toEqual(['after the gap, 55 bytes were skipped to find the next response']);
  });

  it('says when a gap swallows the end of a literal and the rest of the response', () => {
    const s = selected().c('f1 FETCH 1 BODY[]\r\n').s('* 1 FETCH (BODY[] {100}\r\nSubject: x\r\n').gap('S', 200).s('f1 OK done\r\n').end();
    expect(notes(s).map((n) => n.text)).toEqual(['the gap swallows the end of a {100} literal and what followed it: the response is incomplete; decoding resumes at the next response']);
    expect(replies(s).find((r) => r.lines[0]!.startsWith('* 1 FETCH'))!.detail).toEqual({ incomplete: 'the rest was lost in a gap' });
    expect(s.messages[0]).toMatchObject({ complete: false, size: 12 });
    expect(command(s, 'f1').reply).toBeDefined();
  });

  it('decodes a one-sided capture (server only, client only)', () => {
    const server = imap().s(GREETING).s('* CAPABILITY IMAP4rev1\r\nC1 OK done\r\n* 2 EXISTS\r\nC2 OK [READ-WRITE] done\r\n').s('* 1 FETCH (UID 3 BODY[] {5}\r\nhello)\r\nC3 OK done\r\n').end();
    expect(replies(server)).toHaveLength(7);
    expect(server.messages).toHaveLength(1);
    expect(ids(server)).toEqual([]);
    const client = imap().c('a1 LOGIN bob pw\r\na2 SELECT INBOX\r\na3 FETCH 1 BODY[]\r\n').end();
    expect(commands(client).map((c) => c.verb)).toEqual(['LOGIN', 'SELECT', 'FETCH']);
    expect(ids(client)).toEqual(['IMAP-CLEARTEXT-PASSWORD']);
  });

  it('cuts a line longer than 1 MiB but still follows the literal it announces', () => {
    const long = 'x'.repeat(2 * 1024 * 1024);
    const s = selected()
      .c(`f1 FETCH 1 BODY[]\r\n`)
      .s(`* 1 FETCH (X-LONG "${long}" BODY[] {5}\r\nhello)\r\nf1 OK done\r\n`)
      .end();
    const r = replies(s).find((x) => x.lines[0]!.startsWith('* 1 FETCH'))!;
    expect(r.lines[0]!.length).toBe(1024 * 1024);
    expect(r.detail).toMatchObject({ unparsed: expect.stringContaining('longer than') });
    expect(r.length).toBe(`* 1 FETCH (X-LONG "${long}" BODY[] {5}\r\nhello)\r\n`.length);
    expect(data(s)[0]!.size).toBe(5);
    expect(command(s, 'f1').reply).toBeDefined();
  });

  it('shows an unterminated last line at the end of the connection, as a note when it is only a fragment', () => {
    const s = selected().c('a1 NOOP\r\n').s('a1 OK no newline').end();
    expect(s.events[command(s, 'a1').reply!]).toMatchObject({ lines: ['a1 OK no newline'] });
    const cut = selected().c('a1 NOOP\r\na2 FET').end();
    expect(commands(cut).map((c) => c.tag)).toEqual(['L1', 'S1', 'a1']);
    expect(notes(cut).map((n) => n.text)).toEqual(['the stream ends inside an unterminated line: "a2 FET"']);
  });
});

describe('states', () => {
  it('starts authenticated after PREAUTH and goes back to authenticated after CLOSE or a failed SELECT', () => {
    const s = imap()
      .s('* PREAUTH [CAPABILITY IMAP4rev1] welcome\r\n')
      .c('a1 SELECT INBOX\r\n')
      .s('a1 OK done\r\n')
      .c('a2 CLOSE\r\n')
      .s('a2 OK done\r\n')
      .c('a3 SELECT nosuch\r\n')
      .s('a3 NO no such mailbox\r\n')
      .c('a4 LIST "" *\r\n')
      .s('a4 OK done\r\n')
      .end();
    expect(ids(s)).toEqual([]);
  });

  it('does not take a keepalive at the start of a capture for the greeting', () => {
    const s = imap().s('* OK Still here\r\n').c('DONE\r\n').s('i9 OK IDLE terminated\r\n').c('a1 FETCH 1 FLAGS\r\n').s('a1 OK done\r\n').end();
    expect(ids(s)).toEqual([]);
  });

  it('checks nothing before it knows the state (capture started after the greeting)', () => {
    const s = imap().c('a1 FETCH 1 FLAGS\r\n').s('* 1 FETCH (FLAGS ())\r\na1 OK done\r\n').c('a2 STORE 1 +FLAGS \\Seen\r\n').s('a2 OK done\r\n').end();
    expect(ids(s)).toEqual([]);
  });
});
