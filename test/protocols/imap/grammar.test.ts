/** The IMAP grammar on its own: the three entry points, incomplete versus invalid, positions, bounds. */
import { describe, expect, it } from 'vitest';
import { commandVerb, parseCommand } from '../../../src/protocols/imap/syntax/command.js';
import { trailingAnnouncement } from '../../../src/protocols/imap/syntax/core.js';
import { MAX_NESTING, type MessagePart } from '../../../src/protocols/imap/syntax/input.js';
import { parseGreeting, parseResponse } from '../../../src/protocols/imap/syntax/response.js';
import { parts } from './helpers.js';

const line = (text: string): MessagePart[] => [{ kind: 'line', text: Buffer.from(text, 'latin1') }];

describe('entry points', () => {
  it('parses a greeting, and only OK, PREAUTH or BYE as one', () => {
    expect(parseGreeting(line('* OK [CAPABILITY IMAP4rev1 STARTTLS] hello'))).toMatchObject({
      status: 'ok',
      value: { kind: 'status', tag: '*', status: 'OK', text: 'hello', code: { name: 'CAPABILITY', capabilities: ['IMAP4rev1', 'STARTTLS'] } },
    });
    expect(parseGreeting(line('* PREAUTH welcome'))).toMatchObject({ status: 'ok', value: { status: 'PREAUTH' } });
    expect(parseGreeting(line('* NO go away'))).toMatchObject({ status: 'invalid', problem: { column: 2, expected: 'OK, PREAUTH or BYE' } });
    expect(parseGreeting(line('a1 OK hi'))).toMatchObject({ status: 'invalid', problem: { column: 0 } });
  });

  it('parses tagged, untagged and continuation responses', () => {
    expect(parseResponse(line('a1 NO [TRYCREATE] no mailbox'))).toMatchObject({ status: 'ok', value: { kind: 'status', tag: 'a1', status: 'NO', code: { name: 'TRYCREATE' }, text: 'no mailbox' } });
    expect(parseResponse(line('+ Ready'))).toMatchObject({ status: 'ok', value: { kind: 'continue', text: 'Ready' } });
    expect(parseResponse(line('* 0 EXISTS'))).toMatchObject({ status: 'ok', value: { type: 'EXISTS', number: 0 } });
    expect(parseResponse(line('* SEARCH 2 84 882 (MODSEQ 917162500)'))).toMatchObject({ status: 'ok', value: { type: 'SEARCH', numbers: [2, 84, 882], modseq: 917162500 } });
    expect(parseResponse(line('* ESEARCH (TAG "a1") UID MIN 2 COUNT 3 ALL 2,10:11'))).toMatchObject({
      status: 'ok',
      value: { type: 'ESEARCH', correlator: 'a1', uid: true, results: { MIN: 2, COUNT: 3, ALL: '2,10:11' } },
    });
    expect(parseResponse(line('* OK [COPYUID 38505 304,319:320 3956:3958] Done'))).toMatchObject({
      status: 'ok',
      value: { code: { name: 'COPYUID', uidValidity: 38505, source: '304,319:320', destination: '3956:3958' } },
    });
    expect(parseResponse(line('* VANISHED (EARLIER) 41,43:116'))).toMatchObject({ status: 'ok', value: { type: 'VANISHED', earlier: true, uids: '41,43:116' } });
  });

  it('parses commands, with UID forms as two-word verbs', () => {
    expect(parseCommand(line('A1 UID MOVE 42:69 foo'))).toMatchObject({ status: 'ok', value: { tag: 'A1', verb: 'UID MOVE', args: { sequence: '42:69', mailbox: 'foo' } } });
    expect(parseCommand(line('A1 UID FROB 1'))).toMatchObject({ status: 'invalid', problem: { column: 7, expected: 'COPY, MOVE, FETCH, SEARCH, STORE or EXPUNGE after UID' } });
    expect(parseCommand(line('A1 COMPRESS deflate'))).toMatchObject({ status: 'ok', value: { args: { mechanism: 'DEFLATE' } } });
    expect(parseCommand(line('A1 AUTHENTICATE PLAIN ='))).toMatchObject({ status: 'ok', value: { args: { mechanism: 'PLAIN', initialResponse: '=' } } });
    expect(parseCommand(line('A1 AUTHENTICATE PLAIN not*base64'))).toMatchObject({ status: 'invalid', problem: { column: 22 } });
    expect(parseCommand(line('A1 SEARCH RETURN (MIN COUNT) HEADER "X-Spam" "yes" LARGER 1000'))).toMatchObject({
      status: 'ok',
      value: { args: { return: ['MIN', 'COUNT'], criteria: [{ key: 'HEADER', field: 'X-Spam', value: 'yes' }, { key: 'LARGER', value: 1000 }] } },
    });
    expect(parseCommand(line('A1 STORE 1 (UNCHANGEDSINCE 12345) FLAGS.SILENT \\Seen'))).toMatchObject({
      status: 'ok',
      value: { args: { params: ['UNCHANGEDSINCE', 12345], action: 'FLAGS', silent: true, flags: ['\\Seen'] } },
    });
  });

  it('reads the verb of a line before the whole command is there', () => {
    expect(commandVerb(Buffer.from('a1 uid fetch 1:* (FLAGS'))).toEqual({ tag: 'a1', verb: 'UID FETCH' });
    expect(commandVerb(Buffer.from('a1 NOOP'))).toEqual({ tag: 'a1', verb: 'NOOP' });
    expect(commandVerb(Buffer.from('dGVzdA=='))).toBeNull();
  });
});

describe('literals', () => {
  it('recognises a literal announcement at the end of a line', () => {
    expect(trailingAnnouncement(Buffer.from('a1 LOGIN {3}'))).toEqual({ size: 3, nonSync: false, binary: false });
    expect(trailingAnnouncement(Buffer.from('a1 APPEND x ~{12+}'))).toEqual({ size: 12, nonSync: true, binary: true });
    expect(trailingAnnouncement(Buffer.from('a1 LOGIN {}'))).toBeNull();
    expect(trailingAnnouncement(Buffer.from('* OK {3'))).toBeNull();
    expect(trailingAnnouncement(Buffer.from('{1234567890123456}'))).toBeNull();
  });

  it('answers incomplete, with the role of the literal that has not arrived, rather than guessing', () => {
    expect(parseCommand(line('a1 LOGIN bob {6}'))).toEqual({ status: 'incomplete', literal: { kind: 'secret' } });
    expect(parseCommand(line('a1 APPEND Drafts (\\Seen) {310}'))).toEqual({ status: 'incomplete', literal: { kind: 'append', mailbox: 'Drafts' } });
    expect(parseResponse(line('* 4 FETCH (UID 9 BODY[HEADER.FIELDS (from)]<10> {34}'))).toEqual({
      status: 'incomplete',
      literal: { kind: 'body', item: 'BODY[HEADER.FIELDS (FROM)]<10>', section: 'HEADER.FIELDS (FROM)', origin: 10, number: 4, uid: 9 },
    });
    expect(parseResponse(parts('* LIST () "/" {3}\r\nfoo'))).toMatchObject({ status: 'ok', value: { mailbox: 'foo' } });
  });

  it('keeps incomplete and invalid apart: a literal where none may be is invalid', () => {
    expect(parseResponse(line('* 1 EXISTS {5}'))).toMatchObject({ status: 'invalid' });
    expect(parseResponse(line('* LIST () "/" {5+}'))).toMatchObject({ status: 'invalid', problem: { expected: '"}" (a server sends no non-synchronising literal)' } });
    expect(parseCommand(line('a1 LOGIN {5+}'))).toMatchObject({ status: 'incomplete' });
  });

  it('rejects a NUL in a literal that is not literal8', () => {
    const p = parts('* LIST () "/" {3}\r\na\0b');
    expect(parseResponse(p)).toMatchObject({ status: 'invalid', problem: { expected: 'no NUL octet in a literal (use literal8)' } });
  });
});

describe('errors and bounds', () => {
  it('gives the octet position and what was expected', () => {
    const r = parseResponse(line('* 3 FETCH (FLAGS (\\Seen) RFC822.SIZE x)'));
    expect(r).toMatchObject({ status: 'invalid', problem: { part: 0, column: 37, octet: 37, expected: 'size' } });
    const r2 = parseResponse(parts('* 3 FETCH (BODY[] {2}\r\nab FLAGS x)'));
    // 21 octets of the first line, its CRLF, the 2 literal octets, then 7 into the last line.
    expect(r2).toMatchObject({ status: 'invalid', problem: { part: 2, column: 7, octet: 21 + 2 + 2 + 7, expected: '"(" of the flag list' } });
  });

  it('accepts lists nested up to the bound and rejects deeper ones without exhausting the stack', () => {
    const nested = (n: number) => `* X-DEEP ${'('.repeat(n)}${')'.repeat(n)}`;
    expect(parseResponse(line(nested(MAX_NESTING - 1)))).toMatchObject({ status: 'ok' });
    expect(parseResponse(line(nested(MAX_NESTING + 1)))).toMatchObject({ status: 'invalid', problem: { expected: `lists nested at most ${MAX_NESTING} deep` } });
    expect(parseResponse(line(nested(100_000)))).toMatchObject({ status: 'invalid' });
    const body = (n: number): string => (n === 0 ? '("TEXT" "PLAIN" NIL NIL NIL "7BIT" 1 1)' : `(${body(n - 1)} "MIXED")`);
    expect(parseResponse(line(`* 1 FETCH (BODYSTRUCTURE ${body(200)})`))).toMatchObject({ status: 'invalid' });
    expect(parseCommand(line(`a1 SEARCH ${'NOT '.repeat(10_000)}SEEN`))).toMatchObject({ status: 'invalid' });
  });

  it('notes the missing text real servers leave out, as a quirk rather than an error', () => {
    expect(parseResponse(line('* OK [READ-WRITE]'))).toMatchObject({ status: 'ok', quirks: ['missing-text'] });
    expect(parseResponse(line('* BYE'))).toMatchObject({ status: 'ok', quirks: ['missing-text'] });
    expect(parseResponse(line('+'))).toMatchObject({ status: 'ok', quirks: ['missing-text'] });
    expect(parseResponse(line('+ '))).toMatchObject({ status: 'ok', quirks: [] });
  });

  it('requires IMAP4rev1 or IMAP4rev2 among the capabilities', () => {
    expect(parseResponse(line('* CAPABILITY IMAP4rev2 IDLE'))).toMatchObject({ status: 'ok' });
    expect(parseResponse(line('* CAPABILITY IDLE'))).toMatchObject({ status: 'invalid', problem: { expected: 'IMAP4rev1 or IMAP4rev2 among the capabilities' } });
  });

  it('records where secrets are, to mask them', () => {
    expect(parseCommand(line('a1 LOGIN bob "s3cr3t"'))).toMatchObject({ status: 'ok', secrets: [{ part: 0, start: 13, end: 21 }] });
  });
});
