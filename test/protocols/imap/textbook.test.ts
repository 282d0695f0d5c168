/** The RFC 3501 §8 sample session, the one every course shows, decoded from bytes. */
import { describe, expect, it } from 'vitest';
import type { Session } from '../../../src/model/session.js';
import { command, commands, data, ids, imap, replies } from './helpers.js';

const HEADER = [
  'Date: Wed, 17 Jul 1996 02:23:25 -0700 (PDT)',
  'From: Terry Gray <gray@cac.washington.edu>',
  'Subject: IMAP4rev1 WG mtg summary and minutes',
  'To: imap@cac.washington.edu',
  'cc: minutes@CNRI.Reston.VA.US, John Klensin <KLENSIN@MIT.EDU>',
  'Message-Id: <B27397-0100000@cac.washington.edu>',
  'MIME-Version: 1.0',
  'Content-Type: TEXT/PLAIN; CHARSET=US-ASCII',
  '',
  '',
].join('\r\n');

const FULL =
  '* 12 FETCH (FLAGS (\\Seen) INTERNALDATE "17-Jul-1996 02:44:25 -0700" RFC822.SIZE 4286 ' +
  'ENVELOPE ("Wed, 17 Jul 1996 02:23:25 -0700 (PDT)" "IMAP4rev1 WG mtg summary and minutes" ' +
  '(("Terry Gray" NIL "gray" "cac.washington.edu")) (("Terry Gray" NIL "gray" "cac.washington.edu")) ' +
  '(("Terry Gray" NIL "gray" "cac.washington.edu")) ((NIL NIL "imap" "cac.washington.edu")) ' +
  '((NIL NIL "minutes" "CNRI.Reston.VA.US")("John Klensin" NIL "KLENSIN" "MIT.EDU")) NIL NIL ' +
  '"<B27397-0100000@cac.washington.edu>") BODY ("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 3028 92))\r\n';

function textbook(): Session {
  return imap()
    .s('* OK IMAP4rev1 Service Ready\r\n')
    .c('a001 login mrc secret\r\n')
    .s('a001 OK LOGIN completed\r\n')
    .c('a002 select inbox\r\n')
    .s('* 18 EXISTS\r\n* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n* 2 RECENT\r\n')
    .s('* OK [UNSEEN 17] Message 17 is the first unseen message\r\n* OK [UIDVALIDITY 3857529045] UIDs valid\r\n')
    .s('a002 OK [READ-WRITE] SELECT completed\r\n')
    .c('a003 fetch 12 full\r\n')
    .s(FULL + 'a003 OK FETCH completed\r\n')
    .c('a004 fetch 12 body[header]\r\n')
    .s(`* 12 FETCH (BODY[HEADER] {342}\r\n${HEADER})\r\na004 OK FETCH completed\r\n`)
    .c('a005 store 12 +flags \\deleted\r\n')
    .s('* 12 FETCH (FLAGS (\\Seen \\Deleted))\r\na005 OK +FLAGS completed\r\n')
    .c('a006 logout\r\n')
    .s('* BYE IMAP4rev1 server terminating connection\r\na006 OK LOGOUT completed\r\n')
    .end();
}

describe('the RFC 3501 §8 sample session', () => {
  it('has the header literal of exactly 342 octets the RFC announces', () => {
    expect(Buffer.byteLength(HEADER)).toBe(342);
  });

  it('shows each command with its tag, verb and arguments, the password masked', () => {
    const s = textbook();
    expect(commands(s).map((c) => [c.tag, c.verb, c.args])).toEqual([
      ['a001', 'LOGIN', 'mrc ********'],
      ['a002', 'SELECT', 'inbox'],
      ['a003', 'FETCH', '12 full'],
      ['a004', 'FETCH', '12 body[header]'],
      ['a005', 'STORE', '12 +flags \\deleted'],
      ['a006', 'LOGOUT', ''],
    ]);
    expect(command(s, 'a001').line).toBe('a001 login mrc ********');
    expect(command(s, 'a001').detail).toEqual({ user: 'mrc', password: '********' });
    expect(command(s, 'a002').detail).toEqual({ mailbox: 'INBOX' });
    expect(command(s, 'a004').detail).toEqual({ sequence: '12', items: ['BODY[HEADER]'] });
    expect(command(s, 'a005').detail).toEqual({ sequence: '12', action: '+FLAGS', silent: false, flags: ['\\deleted'] });
  });

  it('pairs every command with its tagged completion and response time', () => {
    const s = textbook();
    for (const c of commands(s)) {
      const r = s.events[c.reply!]!;
      expect(r.kind === 'reply' && r.tag).toBe(c.tag);
      expect(c.responseTime).toBeCloseTo(r.ts - c.ts, 9);
      expect(c.responseTime).toBeGreaterThan(0);
    }
  });

  it('attaches the untagged responses to the command that was running', () => {
    const s = textbook();
    const select = command(s, 'a002');
    const selectData = replies(s).filter((r) => r.command === select.index && r.tag === '*');
    expect(selectData.map((r) => r.lines[0])).toEqual([
      '* 18 EXISTS',
      '* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)',
      '* 2 RECENT',
      '* OK [UNSEEN 17] Message 17 is the first unseen message',
      '* OK [UIDVALIDITY 3857529045] UIDs valid',
    ]);
    expect(selectData[0]!.detail).toEqual({ kind: 'data', type: 'EXISTS', number: 18 });
    expect(selectData[4]!.detail).toMatchObject({ status: 'OK', code: { name: 'UIDVALIDITY', value: 3857529045 } });
    const store = command(s, 'a005');
    expect(replies(s).find((r) => r.command === store.index && r.tag === '*')!.detail).toEqual({
      kind: 'data',
      type: 'FETCH',
      number: 12,
      items: { FLAGS: ['\\Seen', '\\Deleted'] },
    });
  });

  it('remembers the selected mailbox: the SELECT completion says what it holds', () => {
    const s = textbook();
    expect(s.events[command(s, 'a002').reply!]).toMatchObject({
      status: 'OK',
      detail: { code: { name: 'READ-WRITE' }, selected: { name: 'INBOX', readOnly: false, exists: 18, recent: 2, uidValidity: 3857529045 } },
    });
  });

  it('parses FETCH FULL: flags, date, size, ENVELOPE and BODY', () => {
    const s = textbook();
    const r = replies(s).find((x) => x.command === command(s, 'a003').index && x.tag === '*')!;
    const items = (r.detail as { items: Record<string, unknown> }).items;
    expect(items.FLAGS).toEqual(['\\Seen']);
    expect(items.INTERNALDATE).toBe('17-Jul-1996 02:44:25 -0700');
    expect(items['RFC822.SIZE']).toBe(4286);
    expect(items.ENVELOPE).toMatchObject({
      date: 'Wed, 17 Jul 1996 02:23:25 -0700 (PDT)',
      subject: 'IMAP4rev1 WG mtg summary and minutes',
      from: [{ name: 'Terry Gray', adl: null, mailbox: 'gray', host: 'cac.washington.edu' }],
      cc: [
        { name: null, adl: null, mailbox: 'minutes', host: 'CNRI.Reston.VA.US' },
        { name: 'John Klensin', adl: null, mailbox: 'KLENSIN', host: 'MIT.EDU' },
      ],
      bcc: null,
      messageId: '<B27397-0100000@cac.washington.edu>',
    });
    expect(items.BODY).toEqual({
      type: 'TEXT',
      subtype: 'PLAIN',
      params: { CHARSET: 'US-ASCII' },
      id: null,
      description: null,
      encoding: '7BIT',
      size: 3028,
      lines: 92,
    });
  });

  it('streams the {342} header literal as a data event and records it as a partial message', () => {
    const s = textbook();
    const [d] = data(s);
    expect(d).toMatchObject({ what: 'BODY[HEADER]', size: 342, dir: 'S', previewTruncated: false });
    expect(d!.preview).toBe(HEADER);
    const fetch = replies(s).find((x) => x.command === command(s, 'a004').index && x.tag === '*')!;
    expect(fetch.lines).toEqual(['* 12 FETCH (BODY[HEADER] {342}', ')']);
    expect(fetch.detail).toEqual({ kind: 'data', type: 'FETCH', number: 12, items: { 'BODY[HEADER]': { size: 342, event: d!.index, message: 0 } } });
    expect(fetch.length).toBe(Buffer.byteLength(`* 12 FETCH (BODY[HEADER] {342}\r\n${HEADER})\r\n`));
    expect(s.messages).toHaveLength(1);
    expect(s.messages[0]).toMatchObject({
      via: 'imap-fetch',
      mailbox: 'INBOX',
      number: 12,
      section: 'HEADER',
      complete: false,
      size: 342,
      events: [d!.index],
      headers: {
        from: 'Terry Gray <gray@cac.washington.edu>',
        subject: 'IMAP4rev1 WG mtg summary and minutes',
        to: 'imap@cac.washington.edu',
        cc: 'minutes@CNRI.Reston.VA.US, John Klensin <KLENSIN@MIT.EDU>',
        date: 'Wed, 17 Jul 1996 02:23:25 -0700 (PDT)',
        messageId: '<B27397-0100000@cac.washington.edu>',
      },
    });
    expect(s.messages[0]!.content!.toString()).toBe(HEADER);
    expect(s.messages[0]!.stream).toEqual({ dir: 'S', start: d!.offset, end: d!.offset + 342 });
  });

  it('reports only the cleartext LOGIN: the rest of the session follows the rules', () => {
    expect(ids(textbook())).toEqual(['IMAP-CLEARTEXT-PASSWORD']);
  });

  it('keeps event offsets monotonic per direction', () => {
    const s = textbook();
    for (const dir of ['C', 'S'] as const) {
      const offs = s.events.filter((e) => e.dir === dir).map((e) => e.offset);
      expect(offs).toEqual([...offs].sort((a, b) => a - b));
    }
  });
});
