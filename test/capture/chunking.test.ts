/** Any cutting of the input into chunks gives the same output as one push of the whole file. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCaptureParser } from '../../src/capture/reader.js';
import { PcapWriter, PcapngWriter, type FrameRecord } from '../../src/capture/writer.js';
import { arbFrames, collectingSink, feedInChunks } from './helpers.js';

/** Runs the auto-detecting parser over `bytes` cut at `cuts`; a thrown error is part of the output. */
function run(bytes: Buffer, cuts: number[]) {
  const sink = collectingSink();
  const parser = createCaptureParser(sink);
  let error: string | null = null;
  let summary: unknown = null;
  try {
    feedInChunks({ push: (c) => parser.push(c), end: () => (summary = parser.end()) }, bytes, cuts);
  } catch (err) {
    error = String(err);
  }
  const { packets, anomalies, decryptionSecrets, interfaces } = sink;
  return { packets, anomalies, decryptionSecrets, interfaces, summary, error };
}

const pcapFile = fc
  .record({ bigEndian: fc.boolean(), nanosecond: fc.boolean(), snapLen: fc.constantFrom(64, 262_144) })
  .chain((opts) =>
    arbFrames({ micro: !opts.nanosecond }).map((frames) => {
      const w = new PcapWriter({ linkType: 1, ...opts });
      return { frames, bytes: Buffer.concat([w.header(), ...frames.map((f) => w.record(f))]) };
    }),
  );

type Item =
  | { kind: 'epb'; frame: FrameRecord }
  | { kind: 'spb' | 'dsb'; data: Buffer }
  | { kind: 'block'; type: number; data: Buffer }
  | { kind: 'section' };

const pcapngFile = fc
  .record({
    bigEndian: fc.boolean(),
    interfaces: fc.array(
      fc.record({ linkType: fc.constantFrom(0, 1, 101, 113), tsresol: fc.constantFrom(6, 9, 0x80 | 10), snapLen: fc.constantFrom(0, 100) }),
      { minLength: 1, maxLength: 3 },
    ),
  })
  .chain((opts) => {
    const data = fc.uint8Array({ maxLength: 120 }).map((a) => Buffer.from(a));
    const item: fc.Arbitrary<Item> = fc.oneof(
      { weight: 4, arbitrary: arbFrames({ micro: false, interfaces: opts.interfaces.length }).map((f) => ({ kind: 'epb' as const, frame: f[0] ?? { tsSec: 1, tsNsec: 2, data: Buffer.alloc(0) } })) },
      { weight: 1, arbitrary: data.map((d) => ({ kind: 'spb' as const, data: d })) },
      { weight: 1, arbitrary: data.map((d) => ({ kind: 'dsb' as const, data: d })) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('block' as const), type: fc.constantFrom(4, 5, 0xbad, 0x42), data }) },
      { weight: 1, arbitrary: fc.constant({ kind: 'section' as const }) },
    );
    return fc.array(item, { maxLength: 15 }).map((items) => {
      const w = new PcapngWriter(opts);
      const parts = [w.header()];
      for (const it of items) {
        if (it.kind === 'epb') parts.push(w.record(it.frame));
        else if (it.kind === 'spb') parts.push(w.simple(it.data));
        else if (it.kind === 'dsb') parts.push(w.secrets({ type: 0x544c534b, data: it.data }));
        else if (it.kind === 'block') parts.push(w.block(it.type, it.data));
        else parts.push(w.header());
      }
      return { items, bytes: Buffer.concat(parts) };
    });
  });

/** Cut points anywhere in (or past) the file, including runs of one-byte chunks. */
const cuts = fc.array(fc.nat({ max: 20_000 }), { maxLength: 40 });

describe('chunk boundaries', () => {
  it('do not change what is read from a classic pcap file', () => {
    fc.assert(
      fc.property(pcapFile, cuts, ({ frames, bytes }, at) => {
        const whole = run(bytes, []);
        expect(whole.error).toBeNull();
        expect(whole.packets.map((p) => [p.frame, p.tsSec, p.tsNsec])).toEqual(frames.map((f, i) => [i + 1, f.tsSec, f.tsNsec]));
        expect(run(bytes, at.map((c) => c % (bytes.length + 1)))).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });

  it('do not change what is read from a pcapng file with every block kind', () => {
    fc.assert(
      fc.property(pcapngFile, cuts, ({ items, bytes }, at) => {
        const whole = run(bytes, []);
        expect(whole.error).toBeNull();
        expect(whole.packets).toHaveLength(items.filter((i) => i.kind === 'epb' || i.kind === 'spb').length);
        expect(whole.decryptionSecrets).toHaveLength(items.filter((i) => i.kind === 'dsb').length);
        expect(run(bytes, at.map((c) => c % (bytes.length + 1)))).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });

  it('do not change what is read from a damaged file (cut short, bytes overwritten)', () => {
    const damaged = fc
      .tuple(fc.oneof(pcapFile, pcapngFile), fc.nat(), fc.array(fc.tuple(fc.nat(), fc.nat(255)), { maxLength: 4 }))
      .map(([{ bytes }, cut, writes]) => {
        const b = Buffer.from(bytes.subarray(0, cut % (bytes.length + 1)));
        for (const [at, v] of writes) if (b.length > 0) b[at % b.length] = v;
        return b;
      });
    fc.assert(
      fc.property(damaged, cuts, (bytes, at) => {
        expect(run(bytes, at.map((c) => c % (bytes.length + 1)))).toEqual(run(bytes, []));
      }),
      { numRuns: 500 },
    );
  });

  it('do not matter even one byte at a time', () => {
    const w = new PcapngWriter({ interfaces: [{ linkType: 1 }, { linkType: 101, tsresol: 9 }], bigEndian: true });
    const bytes = Buffer.concat([
      w.header(),
      w.record({ tsSec: 1, tsNsec: 2000, data: Buffer.from('abc'), interfaceId: 1 }),
      w.secrets({ type: 1, data: Buffer.from('key') }),
      w.simple(Buffer.from('spb')),
    ]);
    const everyByte = Array.from({ length: bytes.length }, (_, i) => i);
    const whole = run(bytes, []);
    expect(whole.packets).toHaveLength(2);
    expect(run(bytes, everyByte)).toEqual(whole);
  });
});
