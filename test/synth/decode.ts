/**
 * A small, independent decoder of the frames the generator writes (Ethernet, 802.1Q/ad,
 * IPv4/IPv6, TCP), used to check them field by field. Deliberately separate from src/net so
 * that a bug in one is not hidden by the same bug in the other.
 */
import type { FrameRecord } from '../../src/capture/writer.js';
import type { Direction } from '../../src/flow/types.js';
import { internetChecksum, transportChecksum } from '../../src/synth/index.js';

export interface DecodedFrame {
  ts: number;
  vlans: number[];
  etherType: number;
  srcMac: string;
  dstMac: string;
  ipVersion: 4 | 6;
  src: string;
  dst: string;
  ipId: number;
  ttl: number;
  dontFragment: boolean;
  /** Bytes the IP header says the packet has (header included). */
  ipLength: number;
  ipChecksumOk: boolean;
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  flags: number;
  window: number;
  options: Buffer;
  payload: Buffer;
  tcpChecksumOk: boolean;
  /** Length of the Ethernet frame. */
  frameLength: number;
  /** Offset of the IP header in the frame. */
  ipOffset: number;
}

/** Decodes one generated frame; throws on anything the generator should never write. */
export function decodeFrame(frame: FrameRecord): DecodedFrame {
  const d = frame.data;
  let off = 12;
  const vlans: number[] = [];
  let etherType = d.readUInt16BE(off);
  while (etherType === 0x8100 || etherType === 0x88a8) {
    vlans.push(d.readUInt16BE(off + 2) & 0x0fff);
    off += 4;
    etherType = d.readUInt16BE(off);
  }
  const ipOffset = off + 2;
  const ip = d.subarray(ipOffset);
  let tcpBytes: Buffer;
  let base: Omit<DecodedFrame, 'srcPort' | 'dstPort' | 'seq' | 'ack' | 'flags' | 'window' | 'options' | 'payload' | 'tcpChecksumOk'>;
  let srcIp: Buffer;
  let dstIp: Buffer;
  const common = {
    ts: frame.tsSec + frame.tsNsec / 1e9,
    vlans,
    etherType,
    srcMac: hexMac(d.subarray(6, 12)),
    dstMac: hexMac(d.subarray(0, 6)),
    frameLength: d.length,
    ipOffset,
  };
  if (etherType === 0x0800) {
    const ihl = (ip[0]! & 0x0f) * 4;
    if (ip[0]! >> 4 !== 4 || ip[9] !== 6) throw new Error('not IPv4/TCP');
    const ipLength = ip.readUInt16BE(2);
    srcIp = ip.subarray(12, 16);
    dstIp = ip.subarray(16, 20);
    tcpBytes = ip.subarray(ihl, ipLength);
    base = {
      ...common,
      ipVersion: 4,
      src: [...srcIp].join('.'),
      dst: [...dstIp].join('.'),
      ipId: ip.readUInt16BE(4),
      ttl: ip[8]!,
      dontFragment: (ip.readUInt16BE(6) & 0x4000) !== 0,
      ipLength,
      ipChecksumOk: internetChecksum(ip.subarray(0, ihl)) === 0,
    };
  } else if (etherType === 0x86dd) {
    if (ip[0]! >> 4 !== 6 || ip[6] !== 6) throw new Error('not IPv6/TCP');
    srcIp = ip.subarray(8, 24);
    dstIp = ip.subarray(24, 40);
    const ipLength = 40 + ip.readUInt16BE(4);
    tcpBytes = ip.subarray(40, ipLength);
    base = { ...common, ipVersion: 6, src: hex(srcIp), dst: hex(dstIp), ipId: -1, ttl: ip[7]!, dontFragment: false, ipLength, ipChecksumOk: true };
  } else {
    throw new Error(`unexpected EtherType ${etherType.toString(16)}`);
  }
  const dataOffset = (tcpBytes[12]! >> 4) * 4;
  return {
    ...base,
    srcPort: tcpBytes.readUInt16BE(0),
    dstPort: tcpBytes.readUInt16BE(2),
    seq: tcpBytes.readUInt32BE(4),
    ack: tcpBytes.readUInt32BE(8),
    flags: tcpBytes[13]!,
    window: tcpBytes.readUInt16BE(14),
    options: tcpBytes.subarray(20, dataOffset),
    payload: tcpBytes.subarray(dataOffset),
    tcpChecksumOk: transportChecksum(srcIp, dstIp, 6, tcpBytes) === 0,
  };
}

/** Which way a frame goes, given the client's port. */
export function direction(f: DecodedFrame, clientPort: number): Direction {
  return f.srcPort === clientPort ? 'C' : 'S';
}

/**
 * Rebuilds each direction's byte stream from the payloads by sequence number, the way a
 * receiver would (duplicates and reordering tolerated). Returns the bytes up to the first hole.
 */
export function reassemble(frames: DecodedFrame[], clientPort: number, dir: Direction): Buffer {
  const mine = frames.filter((f) => direction(f, clientPort) === dir);
  const syn = mine.find((f) => f.flags & 0x02);
  const firstData = mine.find((f) => f.payload.length > 0);
  if (!syn && !firstData) return Buffer.alloc(0);
  const isn = syn ? (syn.seq + 1) >>> 0 : firstData!.seq;
  const pieces = new Map<number, Buffer>();
  for (const f of mine) if (f.payload.length > 0) pieces.set(((f.seq - isn) >>> 0), f.payload);
  const out: Buffer[] = [];
  let at = 0;
  for (;;) {
    const piece = pieces.get(at);
    if (!piece) break;
    out.push(piece);
    at += piece.length;
  }
  return Buffer.concat(out);
}

function hexMac(b: Buffer): string {
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join(':');
}

function hex(b: Buffer): string {
  return b.toString('hex');
}
