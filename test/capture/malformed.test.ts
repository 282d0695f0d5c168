/** Bad input gives anomalies (or a UserError for a non-capture), never an exception. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { PcapParser } from '../../src/capture/pcap.js';
import { PcapngParser } from '../../src/capture/pcapng.js';
import { createCaptureParser } from '../../src/capture/reader.js';
import { PcapWriter, PcapngWriter, type FrameRecord } from '../../src/capture/writer.js';
import { collectingSink, feedInChunks } from './helpers.js';

const frames: FrameRecord[] = [0, 1, 2, 3].map((i) => ({
  tsSec: 1_600_000_000 + i,
  tsNsec: i * 1000,
  data: Buffer.alloc(10 + 7 * i, i),
}));

/** The output of a parser that must hold whatever the input. */
function checkInvariants(bytes: Buffer, out: ReturnType<typeof collectingSink>): void {
  const fatal = out.anomalies.filter((a) => a.fatal);
  expect(fatal.length).toBeLessThanOrEqual(1);
  if (fatal.length === 1) expect(out.anomalies.at(-1)).toBe(fatal[0]);
  for (const a of out.anomalies) {
    expect(a.offset).toBeGreaterThanOrEqual(0);
    expect(a.offset).toBeLessThanOrEqual(bytes.length);
    expect(a.message.length).toBeGreaterThan(0);
  }
  expect(out.packets.reduce((n, p) => n + p.data.length, 0)).toBeLessThanOrEqual(bytes.length);
  out.packets.forEach((p, i) => {
    expect(p.frame).toBeGreaterThan(i);
    expect(p.tsNsec).toBeGreaterThanOrEqual(0);
    expect(p.tsNsec).toBeLessThan(1e9);
    expect(Number.isInteger(p.tsSec)).toBe(true);
  });
}

describe('random bytes', () => {
  const pcapMagic = Buffer.from('d4c3b2a1', 'hex');
  const pcapngStart = new PcapngWriter({ interfaces: [{ linkType: 1 }] }).header();
  const tail = fc.uint8Array({ maxLength: 2000 }).map((a) => Buffer.from(a));

  it('after a pcap magic give anomalies, never an exception', () => {
    fc.assert(
      fc.property(tail, fc.array(fc.nat(3000), { maxLength: 5 }), (rest, cuts) => {
        const bytes = Buffer.concat([pcapMagic, rest]);
        const out = collectingSink();
        feedInChunks(new PcapParser(out), bytes, cuts);
        checkInvariants(bytes, out);
      }),
      { numRuns: 1000 },
    );
  });

  it('after a pcapng section header give anomalies, never an exception', () => {
    fc.assert(
      fc.property(tail, fc.array(fc.nat(3000), { maxLength: 5 }), (rest, cuts) => {
        const bytes = Buffer.concat([pcapngStart, rest]);
        const out = collectingSink();
        feedInChunks(new PcapngParser(out), bytes, cuts);
        checkInvariants(bytes, out);
      }),
      { numRuns: 1000 },
    );
  });

  it('from the first byte give a UserError or a parse, nothing else', () => {
    fc.assert(
      fc.property(tail, (bytes) => {
        const out = collectingSink();
        try {
          feedInChunks(createCaptureParser(out), bytes);
        } catch (err) {
          expect(err).toBeInstanceOf(UserError);
          return;
        }
        checkInvariants(bytes, out);
      }),
      { numRuns: 1000 },
    );
  });

  it('overwriting bytes of valid files gives anomalies, never an exception', () => {
    const pcap = new PcapWriter({ linkType: 1 });
    const ng = new PcapngWriter({ interfaces: [{ linkType: 1 }, { linkType: 101, tsresol: 9 }] });
    const files = [
      Buffer.concat([pcap.header(), ...frames.map((f) => pcap.record(f))]),
      Buffer.concat([ng.header(), ...frames.map((f, i) => ng.record({ ...f, interfaceId: i % 2 })), ng.simple(Buffer.alloc(9))]),
    ];
    fc.assert(
      fc.property(fc.constantFrom(...files), fc.array(fc.tuple(fc.nat(), fc.nat(255)), { minLength: 1, maxLength: 6 }), (file, writes) => {
        const bytes = Buffer.from(file);
        for (const [at, v] of writes) bytes[4 + (at % (bytes.length - 4))] = v; // keep the magic
        const out = collectingSink();
        feedInChunks(createCaptureParser(out), bytes);
        checkInvariants(bytes, out);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('a file cut at every offset', () => {
  const pcap = new PcapWriter({ linkType: 1 });
  const ng = new PcapngWriter({ interfaces: [{ linkType: 1 }] });
  const ngHeader = ng.header();
  const cases = [
    { name: 'pcap', headers: [pcap.header()], records: frames.map((f) => pcap.record(f)), Parser: PcapParser },
    {
      name: 'pcapng',
      headers: [ngHeader.subarray(0, 28), ngHeader.subarray(28)], // section header, interface description
      records: frames.map((f) => ng.record(f)),
      Parser: PcapngParser,
    },
  ];

  for (const { name, headers, records, Parser } of cases) {
    const parts = [...headers, ...records];
    it(`keeps the complete records before the cut of a ${name} file and reports the rest`, () => {
      const bytes = Buffer.concat(parts);
      const ends: number[] = [];
      parts.reduce((n, p) => (ends.push(n + p.length), n + p.length), 0);
      for (let cut = 1; cut <= bytes.length; cut++) {
        const out = collectingSink();
        feedInChunks(new Parser(out), bytes.subarray(0, cut), [cut >> 1]);
        const complete = ends.filter((e) => e <= cut).length - headers.length;
        expect(out.packets.length).toBe(Math.max(0, complete));
        const atBoundary = ends.includes(cut);
        expect(out.anomalies.map((a) => [a.kind, a.offset])).toEqual(
          atBoundary ? [] : [['truncated-file', ends.filter((e) => e <= cut).at(-1) ?? 0]],
        );
      }
    });
  }
});
