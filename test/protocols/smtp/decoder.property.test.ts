/** Properties of the SMTP decoder: no input makes it throw, and chunking never changes what it sees. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Direction } from '../../../src/flow/types.js';
import type { Session } from '../../../src/model/session.js';
import { SessionHarness } from '../../helpers/session.js';
import { EHLO_REPLY } from './helpers.js';

function offsetsMonotonic(s: Session): boolean {
  const last: Record<Direction, number> = { C: 0, S: 0 };
  for (const e of s.events) {
    if (e.offset < last[e.dir]) return false;
    last[e.dir] = e.offset;
  }
  return true;
}

/** Cuts `bytes` at the given fractions of its length. */
function cut(bytes: Buffer, points: number[]): Buffer[] {
  const at = [...new Set(points.map((p) => Math.floor(p * bytes.length)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let prev = 0;
  for (const p of at) {
    if (p > prev) out.push(bytes.subarray(prev, p));
    prev = Math.max(prev, p);
  }
  if (prev < bytes.length || out.length === 0) out.push(bytes.subarray(prev));
  return out;
}

// ---- arbitrary input ------------------------------------------------------------------------------

const token = fc.constantFrom(
  'EHLO x\r\n',
  'HELO x',
  'MAIL FROM:<a@b.example>\r\n',
  'RCPT TO:<c@d.example>\r\n',
  'DATA\r\n',
  'BDAT 5\r\n',
  'BDAT 3 LAST\r\n',
  'BDAT 99999 LAST\r\n',
  'AUTH LOGIN\r\n',
  'AUTH PLAIN AGJvYgBzZWNyZXQ=\r\n',
  'STARTTLS\r\n',
  'QUIT\r\n',
  'RSET\r\n',
  'Ym9i\r\n',
  '*\r\n',
  '220 hi\r\n',
  '250-PIPELINING\r\n',
  '250 ok\r\n',
  '354 go\r\n',
  '334 VXNlcm5hbWU6\r\n',
  '221 bye\r\n',
  '421 closing\r\n',
  '5',
  '.\r\n',
  '..\r\n',
  '\n.\n',
  '\r.\r',
  'Subject: x\r\n',
  '\r\n',
  '\n',
  '\r',
  '.',
  'x',
  '\x16\x03\x01',
  '\xff\xfe',
);
const noise = fc.array(token, { maxLength: 25 }).map((parts) => Buffer.from(parts.join(''), 'latin1'));
const step = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(fc.constantFrom<Direction>('C', 'S'), noise).map(([dir, bytes]) => ({ dir, bytes, gap: 0 })) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom<Direction>('C', 'S'), fc.integer({ min: 1, max: 3000 })).map(([dir, gap]) => ({ dir, bytes: Buffer.alloc(0), gap })) },
);

// ---- valid dialogues --------------------------------------------------------------------------------

interface Transaction {
  kind: 'data' | 'bdat';
  pipelined: boolean;
  rcpts: number;
  lines: string[];
  chunks: number;
}

const textLine = fc.stringMatching(/^[ -~]{0,60}$/);
const transaction: fc.Arbitrary<Transaction> = fc.record({
  kind: fc.constantFrom<'data' | 'bdat'>('data', 'bdat'),
  pipelined: fc.boolean(),
  rcpts: fc.integer({ min: 1, max: 3 }),
  lines: fc.array(textLine, { maxLength: 12 }),
  chunks: fc.integer({ min: 1, max: 3 }),
});

/** The dialogue as (direction, bytes) sends, and the message texts it carries. */
function dialogue(txs: Transaction[], auth: boolean): { sends: [Direction, Buffer][]; texts: string[] } {
  const sends: [Direction, string][] = [
    ['S', '220 mail.example.org ESMTP\r\n'],
    ['C', 'EHLO client.example.com\r\n'],
    ['S', EHLO_REPLY],
  ];
  if (auth) sends.push(['C', 'AUTH LOGIN\r\n'], ['S', '334 VXNlcm5hbWU6\r\n'], ['C', 'Ym9i\r\n'], ['S', '334 UGFzc3dvcmQ6\r\n'], ['C', 'c2VjcmV0\r\n'], ['S', '235 ok\r\n']);
  const texts: string[] = [];
  txs.forEach((tx, n) => {
    const text = `Subject: message ${n}\r\n\r\n${tx.lines.map((l) => `${l}\r\n`).join('')}`;
    texts.push(text);
    const envelope = [`MAIL FROM:<sender${n}@example.com>\r\n`, ...Array.from({ length: tx.rcpts }, (_, i) => `RCPT TO:<rcpt${i}@example.org>\r\n`)];
    const ok = envelope.map(() => '250 ok\r\n');
    if (tx.kind === 'data') {
      const stuffed = tx.lines.map((l) => (l.startsWith('.') ? `.${l}` : l));
      const body = `Subject: message ${n}\r\n\r\n${stuffed.map((l) => `${l}\r\n`).join('')}.\r\n`;
      if (tx.pipelined) {
        sends.push(['C', [...envelope, 'DATA\r\n'].join('')], ['S', [...ok, '354 go\r\n'].join('')]);
      } else {
        for (const cmd of envelope) sends.push(['C', cmd], ['S', '250 ok\r\n']);
        sends.push(['C', 'DATA\r\n'], ['S', '354 go\r\n']);
      }
      sends.push(['C', body], ['S', '250 2.0.0 queued\r\n']);
    } else {
      const parts = cut(Buffer.from(text, 'latin1'), Array.from({ length: tx.chunks - 1 }, (_, i) => (i + 1) / tx.chunks)).map((b) => b.toString('latin1'));
      const bdat = parts.map((p, i) => `BDAT ${p.length}${i === parts.length - 1 ? ' LAST' : ''}\r\n${p}`);
      if (tx.pipelined) sends.push(['C', [...envelope, ...bdat].join('')], ['S', [...ok, ...bdat.map(() => '250 ok\r\n')].join('')]);
      else for (const cmd of [...envelope, ...bdat]) sends.push(['C', cmd], ['S', '250 ok\r\n']);
    }
  });
  sends.push(['C', 'QUIT\r\n'], ['S', '221 bye\r\n']);
  return { sends: sends.map(([d, t]) => [d, Buffer.from(t, 'latin1')]), texts };
}

/** The session without times (which depend on how many pieces were sent). */
function timeless(s: Session): unknown {
  return {
    events: s.events.map((e) => {
      const { ts: _ts, ...rest } = e as typeof e & { responseTime?: number };
      delete (rest as { responseTime?: number }).responseTime;
      return rest;
    }),
    messages: s.messages.map((m) => ({ ...m, content: m.content?.toString('latin1') })),
    violations: s.violations,
  };
}

describe('SMTP decoder properties', () => {
  it('never throws on arbitrary bytes and gaps in both directions, and keeps offsets monotonic per direction', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), fc.constantFrom('fin', 'rst', 'capture-end') as fc.Arbitrary<'fin' | 'rst' | 'capture-end'>, (steps, reason) => {
        const h = new SessionHarness('smtp');
        for (const st of steps) {
          if (st.gap) h.gap(st.dir, st.gap);
          else h.send(st.dir, st.bytes);
        }
        const s = h.end(reason);
        expect(offsetsMonotonic(s)).toBe(true);
        for (const e of s.events) expect(e.length).toBeGreaterThanOrEqual(0);
        for (const m of s.messages) for (const ev of m.events) expect(s.events[ev]?.kind).toBe('data');
        for (const v of s.violations) expect(v.event).toBeLessThan(s.events.length);
      }),
      { numRuns: 1500 },
    );
  });

  it('decodes any valid dialogue, cut at arbitrary points, to the same session', () => {
    fc.assert(
      fc.property(fc.array(transaction, { minLength: 1, maxLength: 3 }), fc.boolean(), fc.array(points(), { maxLength: 40 }), (txs, auth, cuts) => {
        const { sends, texts } = dialogue(txs, auth);
        const whole = new SessionHarness('smtp');
        for (const [dir, bytes] of sends) whole.send(dir, bytes);
        const reference = whole.end();
        expect(reference.messages.map((m) => m.content?.toString('latin1'))).toEqual(texts);
        expect(reference.messages.every((m) => m.complete)).toBe(true);
        expect(reference.violations.map((v) => v.id)).toEqual(auth ? ['SMTP-AUTH-CLEARTEXT'] : []);

        const pieces = new SessionHarness('smtp');
        sends.forEach(([dir, bytes], i) => {
          for (const piece of cut(bytes, cuts[i] ?? [])) pieces.send(dir, piece);
        });
        expect(timeless(pieces.end())).toEqual(timeless(reference));
      }),
      { numRuns: 300 },
    );
  });
});

function points(): fc.Arbitrary<number[]> {
  return fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 });
}
