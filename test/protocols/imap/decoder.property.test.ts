/** Properties of the IMAP decoder: chunking never changes what it sees, and no input makes it throw. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Direction } from '../../../src/flow/types.js';
import type { Session } from '../../../src/model/session.js';
import { serializeCommand, serializeResponse } from '../../../src/protocols/imap/syntax/serialize.js';
import { command, response, withoutRefs, writerChoice } from './arbitraries.js';
import { SyncFlushDeflater } from './deflate.js';
import { commands, GREETING, imap, replies } from './helpers.js';

/** Cuts `bytes` at the given fractions of its length (in order), so pieces can end anywhere, inside literals too. */
function cut(bytes: Buffer, points: number[]): Buffer[] {
  const at = [...new Set(points.map((p) => Math.floor(p * bytes.length)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let prev = 0;
  for (const p of at) {
    if (p > prev) out.push(bytes.subarray(prev, p));
    prev = Math.max(prev, p);
  }
  out.push(bytes.subarray(prev));
  return out;
}

const points = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 30 });

function offsetsMonotonic(s: Session): boolean {
  const last: Record<Direction, number> = { C: 0, S: 0 };
  for (const e of s.events) {
    if (e.offset < last[e.dir]) return false;
    last[e.dir] = e.offset;
  }
  return true;
}

describe('IMAP decoder properties', () => {
  it('decodes any sequence of valid responses, cut at arbitrary points, to the responses it was made from', () => {
    fc.assert(
      fc.property(fc.array(response(20_000), { minLength: 1, maxLength: 6 }), writerChoice, points, (rs, choice, cuts) => {
        const bytes = Buffer.concat(rs.map((r) => serializeResponse(r, choice)));
        const h = imap();
        for (const piece of cut(bytes, cuts)) h.s(piece, 0);
        const s = h.end();
        expect(replies(s).map((r) => withoutRefs(r.detail))).toEqual(JSON.parse(JSON.stringify(rs)));
        expect(s.violations.filter((v) => v.id.startsWith('IMAP-SYNTAX') || v.id.startsWith('IMAP-LITERAL'))).toEqual([]);
        const literalOctets = s.events.reduce((n, e) => n + (e.kind === 'data' ? e.size : 0), 0);
        expect(literalOctets).toBeLessThanOrEqual(bytes.length);
        expect(offsetsMonotonic(s)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('decodes any sequence of valid commands, cut at arbitrary points, to the commands it was made from', () => {
    fc.assert(
      fc.property(fc.array(command(20_000), { minLength: 1, maxLength: 6 }), writerChoice, fc.boolean(), points, (cs, choice, nonSync, cuts) => {
        const bytes = Buffer.concat(cs.map((c) => serializeCommand(c, { ...choice, nonSync })));
        const h = imap({ decoder: { showSecrets: true } });
        for (const piece of cut(bytes, cuts)) h.c(piece, 0);
        const s = h.end();
        const seen = commands(s).map((c) => ({ tag: c.tag, verb: c.verb, args: withoutRefs({ ...c.detail, decoded: undefined }) }));
        expect(seen).toEqual(JSON.parse(JSON.stringify(cs)));
        expect(s.violations.filter((v) => v.id.startsWith('IMAP-SYNTAX') || v.id.startsWith('IMAP-LITERAL'))).toEqual([]);
        expect(offsetsMonotonic(s)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  const one = 'Subject: one\r\n\r\nbody of message one\r\n';
  const sent = 'Subject: sent\r\n\r\nhi!\r\n';
  const dialogue: [Direction, string | Buffer][] = [
    ['S', GREETING],
    ['C', 'a1 LOGIN {3}\r\n'],
    ['S', '+ ok\r\n'],
    ['C', 'bob "pa ss"\r\n'],
    ['S', 'a1 OK [CAPABILITY IMAP4rev1 LITERAL+ IDLE COMPRESS=DEFLATE] in\r\n'],
    ['C', 'a2 SELECT INBOX\r\na3 UID FETCH 1:* (FLAGS BODY.PEEK[])\r\n'],
    ['S', '* 2 EXISTS\r\n* OK [UIDVALIDITY 5] ok\r\na2 OK [READ-WRITE] done\r\n'],
    ['S', `* 1 FETCH (UID 7 FLAGS (\\Seen) BODY[] {${one.length}}\r\n${one})\r\n`],
    ['S', '* 2 FETCH (UID 8 BODY[] {12}\r\nSubject: two)\r\na3 OK done\r\n'],
    ['C', `a4 APPEND Sent (\\Seen) {${sent.length}+}\r\n${sent}\r\n`],
    ['S', 'a4 OK [APPENDUID 5 9] done\r\n'],
    ['C', 'a5 IDLE\r\n'],
    ['S', '+ idling\r\n* 3 EXISTS\r\n'],
    ['C', 'DONE\r\n'],
    ['S', 'a5 OK done\r\n'],
    ['C', `a6 AUTHENTICATE PLAIN\r\n`],
    ['S', '+ \r\n'],
    ['C', `${Buffer.from('\0bob\0pw').toString('base64')}\r\n`],
    ['S', 'a6 NO already authenticated\r\n'],
    ['C', 'a7 LOGOUT\r\n'],
    ['S', '* BYE bye\r\na7 OK done\r\n'],
  ];

  it('gives the same events, messages and violations for any chunking of a valid dialogue', () => {
    const run = (pieces: (steps: typeof dialogue) => [Direction, Buffer][]): Session => {
      const h = imap();
      let first = true;
      for (const [dir, bytes] of pieces(dialogue)) {
        h.send(dir, bytes, first ? 0.01 : 0);
        first = false;
      }
      return h.end();
    };
    const whole = run((steps) => steps.map(([d, b]) => [d, Buffer.from(b)]));
    // a6 AUTHENTICATE comes after the login: invalid in the authenticated state.
    expect(whole.violations.map((v) => v.id)).toEqual(['IMAP-CLEARTEXT-PASSWORD', 'IMAP-COMMAND-INVALID-STATE', 'IMAP-CLEARTEXT-PASSWORD']);
    expect(whole.messages).toHaveLength(3);
    fc.assert(
      fc.property(fc.array(points, { minLength: dialogue.length, maxLength: dialogue.length }), (cuts) => {
        const chunked = run((steps) => steps.flatMap(([d, b], i) => cut(Buffer.from(b), cuts[i]!).map((p): [Direction, Buffer] => [d, p])));
        expect(chunked.events).toEqual(whole.events);
        expect(chunked.messages).toEqual(whole.messages);
        expect(chunked.violations).toEqual(whole.violations);
      }),
      { numRuns: 200 },
    );
  });

  const noise = fc.oneof(
    fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)),
    fc
      .array(
        fc.constantFrom(
          'a1 ',
          '* ',
          '+ ',
          'OK ',
          'FETCH ',
          'LOGIN ',
          'APPEND ',
          'AUTHENTICATE PLAIN',
          'IDLE',
          'DONE',
          'STARTTLS',
          'COMPRESS DEFLATE',
          '{5}',
          '{3+}',
          '~{2}',
          '{99999999}',
          '(',
          ')',
          '"',
          '\\',
          'BODY[] ',
          '1 ',
          'NIL ',
          '\r\n',
          '\n',
          '\r',
          'x',
        ),
        { maxLength: 30 },
      )
      .map((parts) => Buffer.from(parts.join(''), 'latin1')),
  );
  const step = fc.oneof(
    { weight: 8, arbitrary: fc.tuple(fc.constantFrom<Direction>('C', 'S'), noise).map(([dir, bytes]) => ({ dir, bytes, gap: 0 })) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom<Direction>('C', 'S'), fc.integer({ min: 1, max: 5000 })).map(([dir, gap]) => ({ dir, bytes: Buffer.alloc(0), gap })) },
  );

  it('never throws on arbitrary bytes and gaps in both directions, and keeps offsets monotonic per direction', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), fc.boolean(), (steps, compressed) => {
        const h = imap();
        if (compressed) h.s(GREETING).c('z1 COMPRESS DEFLATE\r\n').s('z1 OK go\r\n');
        for (const st of steps) {
          if (st.gap) h.gap(st.dir, st.gap);
          else h.send(st.dir, st.bytes);
        }
        const s = h.end();
        expect(offsetsMonotonic(s)).toBe(true);
        for (const e of s.events) expect(e.length).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 1500 },
    );
  });

  it('never throws on a compressed dialogue cut anywhere, with the same events as uncut', () => {
    const run = (cuts: number[][] | null): Session => {
      const c = new SyncFlushDeflater();
      const sd = new SyncFlushDeflater();
      const steps: [Direction, Buffer][] = [
        ['S', Buffer.from('* PREAUTH [CAPABILITY IMAP4rev1 COMPRESS=DEFLATE] welcome\r\n')],
        ['C', Buffer.from('z1 COMPRESS DEFLATE\r\n')],
        ['S', Buffer.from('z1 OK go\r\n')],
        ['C', c.push('a1 SELECT INBOX\r\n')],
        ['S', sd.push('* 1 EXISTS\r\na1 OK done\r\n')],
        ['C', c.push('a2 FETCH 1 BODY[]\r\n')],
        ['S', sd.push(`* 1 FETCH (BODY[] {3000}\r\n${'Subject: x\r\n\r\n'.padEnd(3000, 'y')})\r\na2 OK done\r\n`)],
      ];
      const h = imap();
      steps.forEach(([dir, bytes], i) => {
        const pieces = cuts ? cut(bytes, cuts[i]!) : [bytes];
        pieces.forEach((p, j) => h.send(dir, p, j === 0 ? 0.01 : 0));
      });
      return h.end();
    };
    const whole = run(null);
    expect(whole.messages[0]).toMatchObject({ size: 3000, complete: true, headers: { subject: 'x' } });
    expect(whole.violations).toEqual([]);
    fc.assert(
      fc.property(fc.array(points, { minLength: 7, maxLength: 7 }), (cuts) => {
        const chunked = run(cuts);
        expect(chunked.events.map((e) => ({ ...e, offset: 0, length: 0 }))).toEqual(whole.events.map((e) => ({ ...e, offset: 0, length: 0 })));
        expect(offsetsMonotonic(chunked)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
