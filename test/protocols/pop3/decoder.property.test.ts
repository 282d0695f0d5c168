import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Direction } from '../../../src/flow/types.js';
import type { Session } from '../../../src/model/session.js';
import { SessionHarness } from '../../helpers/session.js';

type Step = { dir: Direction; bytes: Buffer } | { dir: Direction; gap: number };

/** Tokens that steer the decoder into its deeper states, mixed with arbitrary bytes. */
const TOKENS = [
  '+OK\r\n',
  '+OK 2 30\r\n',
  '-ERR\r\n',
  '-ERR [IN-USE] x\r\n',
  '.\r\n',
  '..x\r\n',
  '.x\r\n',
  '1 10\r\n',
  '+ \r\n',
  '+ VXNlcm5hbWU6\r\n',
  'USER bob\r\n',
  'PASS pw\r\n',
  'STAT\r\n',
  'LIST\r\n',
  'LIST 1\r\n',
  'UIDL\r\n',
  'RETR 1\r\n',
  'TOP 1 0\r\n',
  'DELE 1\r\n',
  'RSET\r\n',
  'CAPA\r\n',
  'AUTH\r\n',
  'AUTH PLAIN\r\n',
  'AUTH LOGIN Ym9i\r\n',
  'AGJvYgBwdw==\r\n',
  '*\r\n',
  'STLS\r\n',
  'QUIT\r\n',
  'Subject: x\r\n',
  '\r\n',
  '\r',
  '\n',
  'PIPELINING\r\n',
];

const chunk = fc.oneof(
  fc.constantFrom(...TOKENS).map((t) => Buffer.from(t, 'latin1')),
  fc.uint8Array({ minLength: 1, maxLength: 40 }).map((a) => Buffer.from(a)),
  fc.integer({ min: 300, max: 700 }).map((n) => Buffer.alloc(n, 0x61)),
);

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ dir: fc.constantFrom<Direction>('C', 'S'), bytes: chunk }) },
  { weight: 1, arbitrary: fc.record({ dir: fc.constantFrom<Direction>('C', 'S'), gap: fc.integer({ min: 1, max: 2000 }) }) },
);

function run(steps: Step[], showSecrets = false): Session {
  const h = new SessionHarness('pop3', { decoder: { showSecrets, previewBytes: 16, keepMessageBytes: 64 } });
  for (const st of steps) {
    if ('gap' in st) h.gap(st.dir, st.gap);
    else h.send(st.dir, st.bytes);
  }
  return h.end();
}

/** Per direction: non-gap events start in order, lie inside the stream, and never straddle a gap. */
function checkOffsets(s: Session, steps: Step[]): void {
  for (const dir of ['C', 'S'] as const) {
    const total = steps.filter((st) => st.dir === dir).reduce((n, st) => n + ('gap' in st ? st.gap : st.bytes.length), 0);
    const evs = s.events.filter((e) => e.dir === dir);
    const gaps = evs.filter((e) => e.kind === 'gap');
    let last = 0;
    for (const e of evs) {
      expect(e.offset + e.length).toBeLessThanOrEqual(total);
      if (e.kind === 'gap') continue;
      expect(e.offset).toBeGreaterThanOrEqual(last);
      last = e.offset;
      for (const g of gaps) expect(e.offset < g.offset + g.length && g.offset < e.offset + e.length).toBe(false);
    }
  }
  for (const v of s.violations) expect(v.event).toBeLessThan(s.events.length);
  for (const m of s.messages) for (const i of m.events) expect(s.events[i]?.kind).toBe('data');
}

describe('POP3 decoder properties', () => {
  it('never throws on arbitrary bytes, chunks and gaps in both directions, and keeps event offsets in order', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), fc.boolean(), (steps, showSecrets) => {
        const s = run(steps, showSecrets);
        checkOffsets(s, steps);
        expect(() => JSON.stringify(s.events)).not.toThrow();
      }),
      { numRuns: 400 },
    );
  });

  it('never shows a PASS argument or a PLAIN password unless asked', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        const secret = Buffer.from('\0bob\0Sekr1tPW').toString('base64');
        // On a line of its own: "\0PASS x" is not a PASS command, and is shown as sent.
        const s = run([...steps, { dir: 'C', bytes: Buffer.from(`\r\nPASS Sekr1tPW\r\nAUTH PLAIN ${secret}\r\n`) }]);
        const text = JSON.stringify(s.events);
        expect(text).not.toContain('Sekr1tPW');
        expect(text).not.toContain(secret);
      }),
      { numRuns: 200 },
    );
  });
});

/** A well-formed dialogue, as the steps a capture would deliver. */
const dialogue: fc.Arbitrary<Step[]> = fc
  .array(
    fc.oneof(
      fc.constant<[string, string][]>([['C', 'STAT\r\n'], ['S', '+OK 2 30\r\n']]),
      fc.constant<[string, string][]>([['C', 'LIST\r\n'], ['S', '+OK\r\n1 10\r\n2 20\r\n.\r\n']]),
      fc.constant<[string, string][]>([['C', 'UIDL 1\r\n'], ['S', '+OK 1 abc\r\n']]),
      fc.constant<[string, string][]>([['C', 'NOOP\r\n'], ['S', '+OK\r\n']]),
      fc.constant<[string, string][]>([['C', 'CAPA\r\n'], ['S', '+OK\r\nTOP\r\nUIDL\r\n.\r\n']]),
      fc.constant<[string, string][]>([['C', 'DELE 2\r\n'], ['S', '-ERR [SYS/TEMP] busy\r\n']]),
      fc.array(fc.stringMatching(/^[ -~]{0,70}$/), { maxLength: 12 }).map((lines): [string, string][] => {
        const body = lines.map((l) => (l.startsWith('.') ? `.${l}` : l)).join('\r\n');
        const size = 14 + lines.reduce((n, l) => n + l.length + 2, 0);
        return [
          ['C', 'LIST 1\r\n'],
          ['S', `+OK 1 ${size}\r\n`],
          ['C', 'RETR 1\r\n'],
          ['S', `+OK\r\nSubject: t\r\n\r\n${body}${lines.length > 0 ? '\r\n' : ''}.\r\n`],
        ];
      }),
    ),
    { maxLength: 8 },
  )
  .map((exchanges) => {
    const all: [string, string][] = [['S', '+OK ready\r\n'], ['C', 'USER bob\r\n'], ['S', '+OK\r\n'], ['C', 'PASS pw\r\n'], ['S', '+OK\r\n'], ...exchanges.flat(), ['C', 'QUIT\r\n'], ['S', '+OK\r\n']];
    return all.map(([dir, text]) => ({ dir: dir as Direction, bytes: Buffer.from(text, 'latin1') }));
  });

/** Splits every step's bytes at the given cut sizes (cycled). */
function rechunk(steps: Step[], cuts: number[]): Step[] {
  const out: Step[] = [];
  let k = 0;
  for (const st of steps) {
    if ('gap' in st) {
      out.push(st);
      continue;
    }
    for (let i = 0; i < st.bytes.length; ) {
      const n = cuts[k++ % cuts.length]!;
      out.push({ dir: st.dir, bytes: st.bytes.subarray(i, i + n) });
      i += n;
    }
  }
  return out;
}

/** The session without what depends on timing. */
function shape(s: Session): unknown {
  const events = s.events.map((e) => {
    const { ts: _ts, ...rest } = e;
    if (rest.kind === 'command') delete rest.responseTime;
    return rest;
  });
  return { events, violations: s.violations, messages: s.messages };
}

describe('POP3 decoder chunking', () => {
  it('gives the same events, violations and messages however a valid dialogue is chunked', () => {
    fc.assert(
      fc.property(dialogue, fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 10 }), (steps, cuts) => {
        const whole = run(steps);
        const pieces = run(rechunk(steps, cuts));
        expect(shape(pieces)).toEqual(shape(whole));
        expect(whole.violations.map((v) => v.id)).toEqual(['POP3-AUTH-CLEARTEXT']);
      }),
      { numRuns: 200 },
    );
  });
});
