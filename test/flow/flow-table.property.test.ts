import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FlowTable } from '../../src/flow/flow-table.js';
import type { FlowRecord } from '../../src/flow/types.js';
import { ConsumerRecorder, ep, tcp } from './helpers.js';

const endpoints = [ep('10.0.0.1', 25), ep('10.0.0.2', 40000), ep('10.0.0.2', 40001), ep('2001:db8::1', 25)];

describe('FlowTable properties', () => {
  it('never throws on arbitrary segments, counts every frame exactly once and ends every connection once', () => {
    const segArb = fc.record({
      src: fc.integer({ min: 0, max: endpoints.length - 1 }),
      dst: fc.integer({ min: 0, max: endpoints.length - 1 }),
      seq: fc.oneof(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 300 })),
      ack: fc.oneof(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 300 })),
      flags: fc.integer({ min: 0, max: 255 }),
      payload: fc.uint8Array({ maxLength: 40 }),
      truncated: fc.integer({ min: 0, max: 20 }),
      dt: fc.double({ min: 0, max: 4, noNaN: true }),
    });
    fc.assert(
      fc.property(
        fc.array(segArb, { maxLength: 80 }),
        fc.record({
          maxFlows: fc.integer({ min: 1, max: 4 }),
          idleTimeout: fc.integer({ min: 1, max: 10 }),
          maxBufferedPerStream: fc.integer({ min: 0, max: 100 }),
          maxBufferedTotal: fc.integer({ min: 0, max: 150 }),
        }),
        (segs, limits) => {
          const ended: FlowRecord[] = [];
          const consumers: ConsumerRecorder[] = [];
          const t = new FlowTable(
            () => {
              const c = new ConsumerRecorder();
              consumers.push(c);
              return c;
            },
            { limits, keepRecords: true, onFlowEnd: (f) => ended.push(f) },
          );
          let ts = 0;
          for (const s of segs) {
            ts += s.dt;
            const payload = Buffer.from(s.payload);
            t.add(
              tcp({
                src: endpoints[s.src]!,
                dst: endpoints[s.dst]!,
                seq: s.seq,
                ack: s.ack,
                flags: s.flags,
                payload,
                payloadLen: payload.length + s.truncated,
                ts,
              }),
            );
            payload.fill(0xee);
          }
          t.finish();
          const records = t.records();
          expect(records.map((r) => r.id)).toEqual(records.map((_, i) => i));
          expect(records.reduce((n, r) => n + r.c2s.packets + r.s2c.packets, 0)).toBe(segs.length);
          expect([...ended].sort((a, b) => a.id - b.id)).toEqual(records);
          expect(records.every((r) => r.end !== null)).toBe(true);
          expect(t.size).toBe(0);
          expect(t.buffered).toBe(0);
          for (const c of consumers) {
            const ends = c.calls.filter((x) => x.kind === 'end');
            expect(ends).toHaveLength(1);
            expect(c.calls[c.calls.length - 1]!.kind).toBe('end');
            for (const x of c.calls) if (x.kind === 'gap') expect(x.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
