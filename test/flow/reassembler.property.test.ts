import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createBudget } from '../../src/flow/budget.js';
import { StreamReassembler } from '../../src/flow/reassembler.js';
import { ACK, FIN, PSH, StreamRecorder, SYN } from './helpers.js';

/** Any ISN, with extra weight near the 2^32 wraparound. */
const isnArb = fc.oneof(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0xffffffff - 4000, max: 0xffffffff }));

interface Piece {
  start: number;
  end: number;
}

/** Cuts [0, n) at the given points (taken mod n) into contiguous pieces. */
function cutInto(n: number, cuts: number[]): Piece[] {
  const points = [...new Set(cuts.map((c) => c % n).filter((c) => c > 0))].sort((a, b) => a - b);
  const edges = [0, ...points, n];
  return edges.slice(1).map((end, i) => ({ start: edges[i]!, end }));
}

/** Feeds one piece as a freshly allocated payload, then scribbles over it (the caller reuses buffers). */
function feed(r: StreamReassembler, isn: number, stream: Uint8Array, p: Piece, ts: number): void {
  const payload = Buffer.from(stream.subarray(p.start, p.end));
  r.segment((isn + 1 + p.start) >>> 0, ACK | PSH, payload, ts);
  payload.fill(0xee);
}

/** The runs a stream with some bytes missing should come out as. */
function expectedRuns(stream: Uint8Array, present: boolean[]): ({ data: Buffer } | { gap: number })[] {
  const out: ({ data: Buffer } | { gap: number })[] = [];
  let i = 0;
  while (i < stream.length) {
    let j = i;
    while (j < stream.length && present[j] === present[i]) j++;
    out.push(present[i] ? { data: Buffer.from(stream.subarray(i, j)) } : { gap: j - i });
    i = j;
  }
  return out;
}

describe('StreamReassembler properties', () => {
  it('any stream, cut, reordered, duplicated and overlapped with the same bytes, comes out byte-exact', () => {
    const caseArb = fc
      .record({
        stream: fc.uint8Array({ minLength: 1, maxLength: 3000 }),
        isn: isnArb,
        // Without a SYN (capture started mid-stream) the first segment seen starts the stream.
        midStream: fc.boolean(),
        cuts: fc.array(fc.nat(), { maxLength: 60 }),
        extras: fc.array(fc.record({ start: fc.nat(), len: fc.integer({ min: 1, max: 400 }) }), { maxLength: 20 }),
      })
      .chain((c) => {
        const n = c.stream.length;
        const pieces: (Piece | 'fin')[] = [
          ...cutInto(n, c.cuts),
          ...c.extras.map((e) => ({ start: e.start % n, end: Math.min(n, (e.start % n) + e.len) })),
          'fin',
        ];
        return fc.record({
          c: fc.constant(c),
          order: fc.shuffledSubarray(pieces, { minLength: pieces.length, maxLength: pieces.length }),
        });
      });
    fc.assert(
      fc.property(caseArb, ({ c, order }) => {
        const out = new StreamRecorder();
        const budget = createBudget(Infinity);
        const r = new StreamReassembler({ maxBufferedPerStream: Infinity }, out, budget);
        if (c.midStream) feed(r, c.isn, c.stream, { start: 0, end: Math.min(c.stream.length, 10) }, 0);
        else r.segment(c.isn, SYN, Buffer.alloc(0), 0);
        order.forEach((p, i) => {
          if (p === 'fin') r.segment((c.isn + 1 + c.stream.length) >>> 0, ACK | FIN, Buffer.alloc(0), i + 1);
          else feed(r, c.isn, c.stream, p, i + 1);
        });
        r.flush(order.length + 1);
        expect(out.runs()).toEqual([{ data: Buffer.from(c.stream) }]);
        expect(out.anomalies()).toEqual([]);
        expect(budget.used).toBe(0);
        expect(r.counters.delivered).toBe(c.stream.length);
        expect(r.nextSeq).toBe((c.isn + 2 + c.stream.length) >>> 0);
      }),
      { numRuns: 300 },
    );
  });

  it('with segments removed, comes out with gaps of exactly the removed bytes at their places (ACKs interleaved)', () => {
    const caseArb = fc
      .record({
        stream: fc.uint8Array({ minLength: 1, maxLength: 3000 }),
        isn: isnArb,
        cuts: fc.array(fc.nat(), { minLength: 1, maxLength: 40 }),
        seed: fc.integer(),
      })
      .chain((c) => {
        const pieces = cutInto(c.stream.length, c.cuts);
        return fc.record({
          c: fc.constant(c),
          pieces: fc.constant(pieces),
          lost: fc.array(fc.boolean(), { minLength: pieces.length, maxLength: pieces.length }),
          // Duplicates and overlaps made only of kept bytes: [piece index, from, to] as fractions.
          extras: fc.array(fc.tuple(fc.nat(), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })), {
            maxLength: 15,
          }),
          // One draw per step: ACK probability and position.
          acks: fc.array(fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }), { maxLength: 80 }),
          // Whether the peer delivers data after each step (which settles what it ACKed).
          settles: fc.array(fc.boolean(), { maxLength: 80 }),
          finLast: fc.boolean(),
        });
      })
      .chain((c) => {
        const kept = c.pieces.filter((_, i) => !c.lost[i]);
        const extras = kept.length === 0 ? [] : c.extras.map(([i, a, b]) => subPiece(kept[i % kept.length]!, a, b));
        const items: (Piece & { main: boolean })[] = [...kept.map((p) => ({ ...p, main: true })), ...extras.map((p) => ({ ...p, main: false }))];
        return fc.record({ c: fc.constant(c), order: fc.shuffledSubarray(items, { minLength: items.length, maxLength: items.length }) });
      });
    fc.assert(
      fc.property(caseArb, ({ c: { c, pieces, lost, acks, settles, finLast }, order }) => {
        const n = c.stream.length;
        const out = new StreamRecorder();
        const r = new StreamReassembler({ maxBufferedPerStream: Infinity }, out, createBudget(Infinity));
        r.segment(c.isn, SYN, Buffer.alloc(0), 0);
        if (!finLast) r.segment((c.isn + 1 + n) >>> 0, ACK | FIN, Buffer.alloc(0), 0);
        order.forEach((p, i) => {
          feed(r, c.isn, c.stream, p, i + 1);
          const draw = acks[i];
          if (draw != null) {
            // An ACK may only cover bytes whose kept copy has been fed already (else it would be capture loss).
            const unfed = order.slice(i + 1).filter((q) => q.main);
            const limit = Math.min(n, ...unfed.map((q) => q.start));
            r.ackSeen((c.isn + 1 + Math.min(limit, Math.floor(draw * (limit + 1)))) >>> 0, i + 1);
          }
          if (settles[i]) r.settleAcked(i + 1);
        });
        if (finLast) r.segment((c.isn + 1 + n) >>> 0, ACK | FIN, Buffer.alloc(0), order.length + 1);
        r.flush(order.length + 2);
        const present = new Array<boolean>(n).fill(false);
        pieces.forEach((p, i) => {
          if (!lost[i]) present.fill(true, p.start, p.end);
        });
        expect(out.runs()).toEqual(expectedRuns(c.stream, present));
        expect(r.counters.gapBytes).toBe(present.filter((x) => !x).length);
        expect(out.anomalies()).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('under any buffer limits, every delivered byte is at its place and data plus gaps cover the stream exactly', () => {
    const caseArb = fc
      .record({
        streams: fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 2000 }), fc.uint8Array({ minLength: 1, maxLength: 2000 })),
        isns: fc.tuple(isnArb, isnArb),
        cuts: fc.tuple(fc.array(fc.nat(), { maxLength: 40 }), fc.array(fc.nat(), { maxLength: 40 })),
        perStream: fc.integer({ min: 0, max: 600 }),
        total: fc.integer({ min: 0, max: 900 }),
      })
      .chain((c) => {
        const items = [0, 1].flatMap((s) => [
          ...cutInto(c.streams[s]!.length, c.cuts[s]!).flatMap((p) => [
            { s, ...p },
            { s, ...p },
          ]),
          { s, start: c.streams[s]!.length, end: c.streams[s]!.length },
        ]);
        return fc.record({ c: fc.constant(c), order: fc.shuffledSubarray(items, { minLength: items.length, maxLength: items.length }) });
      });
    fc.assert(
      fc.property(caseArb, ({ c, order }) => {
        const budget = createBudget(c.total);
        const outs = [new StreamRecorder(), new StreamRecorder()];
        const rs = outs.map((o) => new StreamReassembler({ maxBufferedPerStream: c.perStream }, o, budget));
        rs.forEach((r, s) => r.segment(c.isns[s]!, SYN, Buffer.alloc(0), 0));
        order.forEach((p, i) => {
          const r = rs[p.s]!;
          const stream = c.streams[p.s]!;
          if (p.start === stream.length) r.segment((c.isns[p.s]! + 1 + stream.length) >>> 0, ACK | FIN, Buffer.alloc(0), i);
          else feed(r, c.isns[p.s]!, stream, p, i);
          expect(budget.used).toBe(rs[0]!.buffered + rs[1]!.buffered);
          expect(r.buffered).toBeLessThanOrEqual(c.perStream);
          if (budget.used > budget.limit) expect(r.buffered).toBe(0);
        });
        rs.forEach((r) => r.flush(order.length));
        expect(budget.used).toBe(0);
        outs.forEach((o, s) => {
          const stream = c.streams[s]!;
          let pos = 0;
          for (const run of o.runs()) {
            if ('gap' in run) pos += run.gap;
            else {
              expect(run.data).toEqual(Buffer.from(stream.subarray(pos, pos + run.data.length)));
              pos += run.data.length;
            }
          }
          expect(pos).toBe(stream.length);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary segments, ACKs and flushes, and keeps its accounting straight', () => {
    const base = 0xfffffff0;
    const seqArb = fc.oneof(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: -200, max: 400 }).map((d) => (base + d) >>> 0));
    const opArb = fc.oneof(
      fc.record({
        op: fc.constant('seg' as const),
        seq: seqArb,
        flags: fc.integer({ min: 0, max: 255 }),
        payload: fc.uint8Array({ maxLength: 64 }),
        payloadLen: fc.option(fc.integer({ min: -5, max: 200 }), { nil: undefined }),
      }),
      fc.record({ op: fc.constant('ack' as const), ack: seqArb }),
      fc.record({ op: fc.constant('flush' as const) }),
      fc.record({ op: fc.constant('settle' as const) }),
    );
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), fc.integer({ min: 0, max: 200 }), (ops, perStream) => {
        const out = new StreamRecorder();
        const budget = createBudget(300);
        const r = new StreamReassembler({ maxBufferedPerStream: perStream }, out, budget);
        ops.forEach((o, ts) => {
          if (o.op === 'seg') r.segment(o.seq, o.flags, Buffer.from(o.payload), ts, o.payloadLen);
          else if (o.op === 'ack') r.ackSeen(o.ack, ts);
          else if (o.op === 'settle') r.settleAcked(ts);
          else r.flush(ts);
          expect(budget.used).toBe(r.buffered);
          expect(r.buffered).toBeGreaterThanOrEqual(0);
        });
        r.flush(ops.length);
        expect(budget.used).toBe(0);
        let delivered = 0;
        for (const s of out.seen) {
          if (s.kind === 'gap') expect(Number.isSafeInteger(s.length) && s.length > 0).toBe(true);
          if (s.kind === 'data') delivered += s.bytes.length;
        }
        expect(delivered).toBe(r.counters.delivered);
      }),
      { numRuns: 500 },
    );
  });
});

/** The part of a piece between two fractions of its length (at least one byte). */
function subPiece(p: Piece, a: number, b: number): Piece {
  const len = p.end - p.start;
  const from = p.start + Math.min(len - 1, Math.floor(Math.min(a, b) * len));
  const to = Math.max(from + 1, p.start + Math.ceil(Math.max(a, b) * len));
  return { start: from, end: Math.min(p.end, to) };
}
