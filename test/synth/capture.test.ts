import { describe, expect, it } from 'vitest';
import type { FrameRecord } from '../../src/capture/writer.js';
import { buildCapture, buildConnection, type ConnectionScript } from '../../src/synth/index.js';
import { decodeFrame } from './decode.js';

/** Reads back a little-endian classic pcap: header fields and records. */
function readPcap(file: Buffer): { magic: number; linkType: number; frames: FrameRecord[] } {
  const nano = file.readUInt32LE(0) === 0xa1b23c4d;
  const frames: FrameRecord[] = [];
  for (let off = 24; off < file.length; ) {
    const caplen = file.readUInt32LE(off + 8);
    const frac = file.readUInt32LE(off + 4);
    frames.push({ tsSec: file.readUInt32LE(off), tsNsec: nano ? frac : frac * 1000, data: file.subarray(off + 16, off + 16 + caplen) });
    off += 16 + caplen;
  }
  return { magic: file.readUInt32LE(0), linkType: file.readUInt32LE(20), frames };
}

/** Reads back a little-endian one-section pcapng: the interface's link type and tsresol, and the EPBs. */
function readPcapng(file: Buffer): { linkType: number; tsresol: number; frames: FrameRecord[] } {
  let linkType = -1;
  let tsresol = 6;
  const frames: FrameRecord[] = [];
  for (let off = 0; off < file.length; ) {
    const type = file.readUInt32LE(off);
    const len = file.readUInt32LE(off + 4);
    if (type === 1) {
      linkType = file.readUInt16LE(off + 8);
      for (let o = off + 16; o < off + len - 4; ) {
        const code = file.readUInt16LE(o);
        const optLen = file.readUInt16LE(o + 2);
        if (code === 9) tsresol = file[o + 4]!;
        if (code === 0) break;
        o += 4 + Math.ceil(optLen / 4) * 4;
      }
    } else if (type === 6) {
      const ts = (BigInt(file.readUInt32LE(off + 12)) << 32n) | BigInt(file.readUInt32LE(off + 16));
      const units = 10n ** BigInt(tsresol);
      const caplen = file.readUInt32LE(off + 20);
      frames.push({
        tsSec: Number(ts / units),
        tsNsec: Number(((ts % units) * 1_000_000_000n) / units),
        data: file.subarray(off + 28, off + 28 + caplen),
      });
    }
    off += len;
  }
  return { linkType, tsresol, frames };
}

const A: ConnectionScript = {
  start: 1_700_000_000.000_123,
  steps: [{ from: 'S', data: '220 a\r\n' }, { from: 'C', data: 'QUIT\r\n' }, { from: 'S', data: '221 a\r\n' }],
};
const B: ConnectionScript = { ...A, start: 1_700_000_000.005, steps: [{ from: 'S', data: '* OK b\r\n' }] };

describe('buildCapture', () => {
  it('writes a microsecond Ethernet pcap by default, frames interleaved by time', () => {
    const { magic, linkType, frames } = readPcap(buildCapture([A, B]));
    expect(magic).toBe(0xa1b2c3d4);
    expect(linkType).toBe(1);
    const all = [...buildConnection(A), ...buildConnection({ ...B, client: { ip: '192.0.2.1', port: 49153 } })];
    expect(frames.length).toBe(all.length);
    const times = frames.map((f) => f.tsSec * 1e6 + f.tsNsec / 1e3);
    expect(times).toEqual([...times].sort((x, y) => x - y));
    // Both connections are present and interleaved, not one after the other.
    const ports = frames.map((f) => decodeFrame(f)).map((f) => Math.max(f.srcPort, f.dstPort));
    expect(new Set(ports)).toEqual(new Set([49152, 49153]));
    expect(ports.indexOf(49153)).toBeLessThan(ports.lastIndexOf(49152));
    expect(frames[0]!.tsNsec).toBe(123_000);
  });

  it('gives scripts without a client distinct client ports, and keeps given ones', () => {
    const given: ConnectionScript = { ...A, client: { ip: '192.0.2.9', port: 1234 } };
    const { frames } = readPcap(buildCapture([A, given, B]));
    const clients = new Set(frames.map(decodeFrame).filter((f) => f.flags === 0x02).map((f) => `${f.src}:${f.srcPort}`));
    expect(clients).toEqual(new Set(['192.0.2.1:49152', '192.0.2.9:1234', '192.0.2.1:49154']));
  });

  it('keeps nanoseconds in a nanosecond pcap', () => {
    // Nanoseconds go in delays: a start near 1.7e9 s as a double only holds about 0.2 µs.
    const precise: ConnectionScript = { start: 1_700_000_000, rtt: 0, steps: [{ from: 'S', data: 'x', delay: 0.000_123_456 }] };
    const nano = readPcap(buildCapture([precise], { nanosecond: true }));
    expect(nano.magic).toBe(0xa1b23c4d);
    expect(nano.frames[3]).toMatchObject({ tsSec: 1_700_000_000, tsNsec: 123_456 });
    expect(readPcap(buildCapture([precise])).frames[3]).toMatchObject({ tsSec: 1_700_000_000, tsNsec: 123_000 });
  });

  it('writes pcapng with the same frames, in microseconds or nanoseconds', () => {
    const pcap = readPcap(buildCapture([A, B], { nanosecond: true })).frames;
    const micro = readPcapng(buildCapture([A, B], { format: 'pcapng' }));
    expect(micro.linkType).toBe(1);
    expect(micro.tsresol).toBe(6);
    expect(micro.frames.map((f) => f.data)).toEqual(pcap.map((f) => f.data));
    expect(micro.frames[0]).toMatchObject({ tsSec: 1_700_000_000, tsNsec: 123_000 });
    const nano = readPcapng(buildCapture([A, B], { format: 'pcapng', nanosecond: true }));
    expect(nano.tsresol).toBe(9);
    expect(nano.frames.map(({ tsSec, tsNsec }) => ({ tsSec, tsNsec }))).toEqual(pcap.map(({ tsSec, tsNsec }) => ({ tsSec, tsNsec })));
  });

  it('is byte-for-byte reproducible', () => {
    const impaired: ConnectionScript = { ...A, impair: { loss: 0.5, duplicate: 0.5, reorder: 0.5 } };
    expect(buildCapture([impaired, B])).toEqual(buildCapture([impaired, B]));
  });

  it('writes just a header for no connections', () => {
    expect(buildCapture([]).length).toBe(24);
  });
});
