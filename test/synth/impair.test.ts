import { describe, expect, it } from 'vitest';
import { TcpFlag } from '../../src/net/types.js';
import { buildConnection, expectedStreams, type ConnectionScript, type Impairments } from '../../src/synth/index.js';
import { decodeFrame, direction, reassemble, type DecodedFrame } from './decode.js';

/** A dialogue with many data segments each way: 40 steps, some spanning several segments. */
const STEPS: ConnectionScript['steps'] = Array.from({ length: 40 }, (_, i) => ({
  from: i % 2 === 0 ? ('C' as const) : ('S' as const),
  data: `${i}:`.padEnd(i % 5 === 0 ? 700 : 30, String.fromCharCode(97 + (i % 26))) + '\r\n',
}));
const CLIENT = { ip: '192.0.2.1', port: 40000 };
const MSS = 200;

function run(impair: Impairments): { frames: DecodedFrame[]; clean: DecodedFrame[] } {
  const base: ConnectionScript = { client: CLIENT, steps: STEPS, mss: MSS };
  return { frames: buildConnection({ ...base, impair }).map(decodeFrame), clean: buildConnection(base).map(decodeFrame) };
}

const dataOf = (frames: DecodedFrame[]): DecodedFrame[] => frames.filter((f) => f.payload.length > 0);
const key = (f: DecodedFrame): string => `${f.srcPort}/${f.seq}/${f.payload.length}`;

describe('impairments', () => {
  it('do nothing at probability 0', () => {
    const { frames, clean } = run({ loss: 0, reorder: 0, duplicate: 0, seed: 1 });
    expect(frames).toEqual(clean);
  });

  it('loss=1 removes every data segment but keeps the ACKs that cover them', () => {
    const { frames, clean } = run({ loss: 1 });
    expect(dataOf(frames)).toEqual([]);
    expect(frames.length).toBe(clean.length - dataOf(clean).length);
    const acks = (fs: DecodedFrame[]): number[] => fs.filter((f) => f.payload.length === 0).map((f) => f.ack);
    expect(acks(frames)).toEqual(acks(clean));
  });

  it('loss drops about the asked share, the gaps show in IP ids, and every lost byte is still ACKed', () => {
    const { frames, clean } = run({ loss: 0.3, seed: 42 });
    const kept = new Set(dataOf(frames).map(key));
    const lost = dataOf(clean).filter((f) => !kept.has(key(f)));
    expect(lost.length / dataOf(clean).length).toBeGreaterThan(0.2);
    expect(lost.length / dataOf(clean).length).toBeLessThan(0.4);
    expect(frames.length).toBe(clean.length - lost.length);
    // The receivers' ACKs are those of the clean capture, so they cover the lost bytes.
    const pureAcks = (fs: DecodedFrame[]): string[] => fs.filter((f) => f.payload.length === 0).map((f) => `${f.srcPort} ${f.ack}`);
    expect(pureAcks(frames)).toEqual(pureAcks(clean));
    const lostEnds = lost.map((f) => (f.seq + f.payload.length) >>> 0);
    expect(lostEnds.every((end) => frames.some((g) => g.payload.length === 0 && ((g.ack - end) | 0) >= 0))).toBe(true);
    // IP ids jump by one more than usual over each lost segment.
    const clientIds = frames.filter((f) => direction(f, CLIENT.port) === 'C').map((f) => f.ipId);
    const lostFromClient = lost.filter((f) => direction(f, CLIENT.port) === 'C').length;
    const jumps = clientIds.slice(1).reduce((n, id, i) => n + ((id - clientIds[i]! - 1) & 0xffff), 0);
    expect(jumps).toBe(lostFromClient);
  });

  it('duplicate=1 sends every data segment twice, one RTT apart, with fresh IP ids', () => {
    const { frames, clean } = run({ duplicate: 1 });
    const data = dataOf(frames);
    expect(data.length).toBe(2 * dataOf(clean).length);
    for (const f of dataOf(clean)) {
      const copies = data.filter((g) => key(g) === key(f));
      expect(copies.length).toBe(2);
      expect(copies[1]!.ts - copies[0]!.ts).toBeCloseTo(0.002, 6);
      expect(copies[0]!.ipId).not.toBe(copies[1]!.ipId);
      expect(copies[1]!.payload).toEqual(copies[0]!.payload);
    }
    expect(frames.filter((f) => !f.tcpChecksumOk || !f.ipChecksumOk)).toEqual([]);
  });

  it('reorder=1 swaps data segments pairwise within a direction, keeping timestamps in order', () => {
    const { frames, clean } = run({ reorder: 1 });
    expect(frames.length).toBe(clean.length);
    expect(frames.map((f) => f.ts)).toEqual(clean.map((f) => f.ts));
    for (const dir of ['C', 'S'] as const) {
      const seqs = dataOf(frames).filter((f) => direction(f, CLIENT.port) === dir);
      const backwards = seqs.filter((f, i) => i > 0 && ((f.seq - seqs[i - 1]!.seq) | 0) < 0).length;
      expect(backwards).toBe(Math.floor(seqs.length / 2));
      expect(new Set(seqs.map(key))).toEqual(new Set(dataOf(clean).filter((f) => direction(f, CLIENT.port) === dir).map(key)));
    }
  });

  it('leave the streams recoverable when nothing is lost', () => {
    const { frames } = run({ reorder: 0.3, duplicate: 0.3, seed: 9 });
    const expected = expectedStreams({ steps: STEPS });
    expect(reassemble(frames, CLIENT.port, 'C')).toEqual(expected.C);
    expect(reassemble(frames, CLIENT.port, 'S')).toEqual(expected.S);
  });

  it('only touch data segments', () => {
    const { frames, clean } = run({ loss: 1, reorder: 1, duplicate: 1 });
    const control = (fs: DecodedFrame[]): DecodedFrame[] => fs.filter((f) => f.payload.length === 0 || f.flags & (TcpFlag.SYN | TcpFlag.FIN));
    expect(control(frames).map(key)).toEqual(control(clean).map(key));
  });

  it('are reproducible for a seed and differ between seeds', () => {
    const a = buildConnection({ client: CLIENT, steps: STEPS, mss: MSS, impair: { loss: 0.2, reorder: 0.2, duplicate: 0.2, seed: 5 } });
    const b = buildConnection({ client: CLIENT, steps: STEPS, mss: MSS, impair: { loss: 0.2, reorder: 0.2, duplicate: 0.2, seed: 5 } });
    const c = buildConnection({ client: CLIENT, steps: STEPS, mss: MSS, impair: { loss: 0.2, reorder: 0.2, duplicate: 0.2, seed: 6 } });
    expect(Buffer.concat(a.map((f) => f.data))).toEqual(Buffer.concat(b.map((f) => f.data)));
    expect(Buffer.concat(a.map((f) => f.data))).not.toEqual(Buffer.concat(c.map((f) => f.data)));
  });

  it('draw each kind independently: raising duplicate does not change which segments are lost', () => {
    const lostWith = (duplicate: number): string[] => {
      const { frames, clean } = run({ loss: 0.3, duplicate, seed: 3 });
      const kept = new Set(dataOf(frames).map(key));
      return dataOf(clean).filter((f) => !kept.has(key(f))).map(key);
    };
    expect(lostWith(0)).toEqual(lostWith(0.9));
  });
});
