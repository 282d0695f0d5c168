import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FlowRecord } from '../../src/flow/types.js';
import { FlowJsonWriter, flowToJson, type FlowJson } from '../../src/output/flows.js';

function flow(id: number, anomalies: Record<string, number> = {}): FlowJson {
  const stats = { packets: id + 3, bytes: 66 * (id + 3), payload: id * 10, gaps: 0, gapBytes: 0, dropped: 0 };
  const record: FlowRecord = {
    id,
    client: { ip: id % 2 ? '2001:db8::1' : '192.0.2.1', port: 40000 + id },
    server: { ip: '192.0.2.25', port: 25 },
    clientFromSyn: true,
    handshake: true,
    start: 1_700_000_000 + id / 10,
    last: 1_700_000_001 + id / 10,
    end: 'fin',
    c2s: { ...stats },
    s2c: { ...stats },
    anomalies,
  };
  return flowToJson(record, new Map());
}

/** Feeds the flows in the given order and returns everything written. */
function written(flows: FlowJson[]): { text: string; parts: string[] } {
  const parts: string[] = [];
  const w = new FlowJsonWriter((t) => parts.push(t));
  for (const f of flows) w.add(f);
  w.end();
  return { text: parts.join(''), parts };
}

const asOneString = (flows: FlowJson[]): string => `${JSON.stringify([...flows].sort((a, b) => a.stream - b.stream), null, 2)}\n`;

describe('FlowJsonWriter', () => {
  it('writes exactly what JSON.stringify(sorted flows, null, 2) gives, whatever the arrival order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 12 }).chain((n) => fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n })), (order) => {
        const flows = order.map((id) => flow(id, id === 3 ? { 'overlap-mismatch': 2, 'odd "kind"\nwith newline': 1 } : {}));
        expect(written(flows).text).toBe(asOneString(flows));
      }),
    );
  });

  it('writes an empty array as []', () => {
    expect(written([]).text).toBe('[]\n');
  });

  it('holds a flow until every lower stream number has been written, then writes them in order', () => {
    const parts: string[] = [];
    const w = new FlowJsonWriter((t) => parts.push(t));
    w.add(flow(2));
    w.add(flow(1));
    expect(parts).toEqual([]);
    w.add(flow(0));
    expect(parts).toHaveLength(3);
    expect(parts.map((p) => JSON.parse(p.replace(/^[[,]\n/, '')) as FlowJson).map((f) => f.stream)).toEqual([0, 1, 2]);
  });

  it('writes held flows in stream order at the end when numbers are missing', () => {
    const flows = [flow(4), flow(2), flow(3)];
    const text = written(flows).text;
    expect((JSON.parse(text) as FlowJson[]).map((f) => f.stream)).toEqual([2, 3, 4]);
    expect(text).toBe(asOneString(flows));
  });
});
