import { describe, expect, it } from 'vitest';
import { MAX_PCAP_CAPLEN, PcapParser } from '../../src/capture/pcap.js';
import { LinkType } from '../../src/capture/types.js';
import { PcapWriter, encodePcap, type FrameRecord } from '../../src/capture/writer.js';
import { collectingSink, feedInChunks, isViewInto } from './helpers.js';

const frames: FrameRecord[] = [
  { tsSec: 1_700_000_000, tsNsec: 123_456_000, data: Buffer.from('first frame') },
  { tsSec: 1_700_000_001, tsNsec: 0, data: Buffer.alloc(0), origLen: 60 },
  { tsSec: 0xffff_ffff, tsNsec: 999_999_000, data: Buffer.alloc(1500, 0xab), origLen: 1500 },
];

function parse(bytes: Buffer, cuts: number[] = []) {
  const sink = collectingSink();
  const parser = new PcapParser(sink);
  feedInChunks(parser, bytes, cuts);
  return { ...sink, parser };
}

describe('PcapWriter', () => {
  it('writes the magic for each byte order and resolution', () => {
    const magic = (o: { nanosecond?: boolean; bigEndian?: boolean }) =>
      new PcapWriter({ linkType: 1, ...o }).header().subarray(0, 4).toString('hex');
    expect(magic({})).toBe('d4c3b2a1');
    expect(magic({ nanosecond: true })).toBe('4d3cb2a1');
    expect(magic({ bigEndian: true })).toBe('a1b2c3d4');
    expect(magic({ bigEndian: true, nanosecond: true })).toBe('a1b23c4d');
  });

  it('writes version 2.4, snaplen and link type in the header', () => {
    const h = new PcapWriter({ linkType: LinkType.LINUX_SLL, snapLen: 1234, bigEndian: true }).header();
    expect(h.length).toBe(24);
    expect([h.readUInt16BE(4), h.readUInt16BE(6), h.readUInt32BE(16), h.readUInt32BE(20)]).toEqual([2, 4, 1234, 113]);
  });

  it('cuts frames to the snaplen and keeps the wire length', () => {
    const rec = new PcapWriter({ linkType: 1, snapLen: 10 }).record({ tsSec: 1, tsNsec: 2000, data: Buffer.alloc(50) });
    expect(rec.length).toBe(26);
    expect([rec.readUInt32LE(4), rec.readUInt32LE(8), rec.readUInt32LE(12)]).toEqual([2, 10, 50]);
  });
});

describe('PcapParser round trip', () => {
  for (const bigEndian of [false, true]) {
    for (const nanosecond of [false, true]) {
      it(`reads back ${bigEndian ? 'big' : 'little'}-endian ${nanosecond ? 'nanosecond' : 'microsecond'} files`, () => {
        const input = frames.map((f) => ({ ...f, tsNsec: f.tsNsec + (nanosecond ? 789 : 0) }));
        const out = parse(encodePcap(input, { linkType: LinkType.NULL, nanosecond, bigEndian }));
        expect(out.anomalies).toEqual([]);
        expect(out.packets).toEqual(
          input.map((f, i) => ({
            frame: i + 1,
            tsSec: f.tsSec,
            tsNsec: f.tsNsec,
            linkType: LinkType.NULL,
            data: f.data,
            origLen: f.origLen ?? f.data.length,
            interfaceId: 0,
          })),
        );
        expect(out.interfaces).toEqual([
          { id: 0, linkType: LinkType.NULL, snapLen: 262_144, tsUnitsPerSec: nanosecond ? 1e9 : 1e6 },
        ]);
        expect(out.parser.packets).toBe(3);
      });
    }
  }

  it('drops the sub-microsecond part when writing microseconds', () => {
    const out = parse(encodePcap([{ tsSec: 5, tsNsec: 123_456_789, data: Buffer.alloc(1) }], { linkType: 1 }));
    expect(out.packets[0].tsNsec).toBe(123_456_000);
  });

  it('reads snaplen-cut frames (caplen < len) without an anomaly', () => {
    const out = parse(encodePcap(frames, { linkType: 1, snapLen: 8 }));
    expect(out.anomalies).toEqual([]);
    expect(out.packets.map((p) => [p.data.length, p.origLen])).toEqual([
      [8, 11],
      [0, 60],
      [8, 1500],
    ]);
  });

  it('reads a header-only file as zero packets', () => {
    const out = parse(new PcapWriter({ linkType: 1 }).header());
    expect(out.packets).toEqual([]);
    expect(out.anomalies).toEqual([]);
    expect(out.interfaces).toHaveLength(1);
  });

  it('hands out views into the chunk, not copies', () => {
    const bytes = encodePcap(frames, { linkType: 1 });
    const seen: boolean[] = [];
    const parser = new PcapParser({ packet: (p) => seen.push(isViewInto(p.data, bytes)) });
    parser.push(bytes);
    parser.end();
    expect(seen).toEqual([true, true, true]);
  });

  it('carries a fraction of a second of one million microseconds or more into the seconds', () => {
    const bytes = encodePcap([{ tsSec: 10, tsNsec: 0, data: Buffer.alloc(1) }], { linkType: 1 });
    bytes.writeUInt32LE(2_500_000, 24 + 4);
    expect(parse(bytes).packets[0]).toMatchObject({ tsSec: 12, tsNsec: 500_000_000 });
  });

  it('masks the FCS bits out of the link type field', () => {
    const bytes = encodePcap(frames, { linkType: 1 });
    bytes.writeUInt32LE(0x1400_0001, 20);
    expect(parse(bytes).packets[0].linkType).toBe(1);
  });
});

describe('PcapParser anomalies', () => {
  it('reports the first frame over the snaplen once and keeps every frame', () => {
    const bytes = encodePcap(frames, { linkType: 1 });
    bytes.writeUInt32LE(10, 16); // snaplen 10: frames 1 (11 bytes) and 3 (1500) exceed it
    const out = parse(bytes);
    expect(out.packets).toHaveLength(3);
    expect(out.anomalies).toEqual([expect.objectContaining({ kind: 'caplen-exceeds-snaplen', frame: 1, offset: 24 })]);
    expect(out.anomalies[0].fatal).toBeFalsy();
  });

  it('reports a frame longer than its wire length and keeps it', () => {
    const bytes = encodePcap(frames, { linkType: 1 });
    bytes.writeUInt32LE(3, 24 + 12);
    const out = parse(bytes);
    expect(out.packets).toHaveLength(3);
    expect(out.anomalies).toEqual([expect.objectContaining({ kind: 'caplen-exceeds-origlen', frame: 1, offset: 24 })]);
  });

  const second = 24 + 16 + frames[0].data.length;

  it('stops at a captured length above 256 KiB, naming the offset, and keeps earlier packets', () => {
    const bytes = encodePcap(frames, { linkType: 1 });
    bytes.writeUInt32LE(MAX_PCAP_CAPLEN + 1, second + 8);
    const out = parse(bytes);
    expect(out.packets.map((p) => p.frame)).toEqual([1]);
    expect(out.anomalies).toEqual([
      expect.objectContaining({ kind: 'bad-record-length', offset: second, frame: 2, fatal: true }),
    ]);
    expect(out.anomalies[0].message).toContain(`offset ${second}`);
    expect(out.parser.stopped).toBe(true);
  });

  it('stops at a captured length of 0xffffffff without allocating it', () => {
    const bytes = encodePcap(frames, { linkType: 1 });
    bytes.writeUInt32LE(0xffff_ffff, second + 8);
    const out = parse(bytes, [second + 4]);
    expect(out.packets).toHaveLength(1);
    expect(out.anomalies.map((a) => a.kind)).toEqual(['bad-record-length']);
  });

  it('stops at a captured length far above a small snaplen', () => {
    const bytes = encodePcap(frames, { linkType: 1, snapLen: 68 });
    bytes.writeUInt32LE(68 + 65_537, second + 8);
    expect(parse(bytes).anomalies).toEqual([expect.objectContaining({ kind: 'bad-record-length', fatal: true })]);
  });

  it('reads a captured length a little above the snaplen', () => {
    const input = [{ tsSec: 1, tsNsec: 0, data: Buffer.alloc(65_549) }];
    const bytes = encodePcap(input, { linkType: 1 });
    bytes.writeUInt32LE(65_535, 16);
    const out = parse(bytes);
    expect(out.packets[0].data.length).toBe(65_549);
    expect(out.anomalies.map((a) => a.kind)).toEqual(['caplen-exceeds-snaplen']);
  });

  it('reports a file that ends inside a record, keeping the packets before it', () => {
    const bytes = encodePcap(frames, { linkType: 1 });
    const out = parse(bytes.subarray(0, second + 10), [30, second + 3]);
    expect(out.packets.map((p) => p.frame)).toEqual([1]);
    expect(out.anomalies).toEqual([
      expect.objectContaining({ kind: 'truncated-file', offset: second, fatal: true }),
    ]);
    expect(out.anomalies[0].message).toContain('packet record 2');
  });

  it('reports a file that ends inside the file header', () => {
    const out = parse(new PcapWriter({ linkType: 1 }).header().subarray(0, 10));
    expect(out.anomalies).toEqual([expect.objectContaining({ kind: 'truncated-file', offset: 0 })]);
    expect(out.anomalies[0].message).toContain('file header');
  });

  it('rejects a header that is not pcap', () => {
    const out = parse(Buffer.alloc(40, 0x41));
    expect(out.anomalies).toEqual([expect.objectContaining({ kind: 'bad-file-header', fatal: true })]);
    expect(out.packets).toEqual([]);
  });

  it('ignores input after a fatal anomaly', () => {
    const bytes = encodePcap(frames, { linkType: 1 });
    bytes.writeUInt32LE(0xffff_ffff, second + 8);
    const sink = collectingSink();
    const parser = new PcapParser(sink);
    parser.push(bytes);
    parser.push(encodePcap(frames, { linkType: 1 }).subarray(24));
    parser.end();
    expect(sink.packets).toHaveLength(1);
    expect(sink.anomalies).toHaveLength(1);
  });
});
