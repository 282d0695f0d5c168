/** TCP segments (RFC 9293) with a correct pseudo-header checksum unless told otherwise. */
import { transportChecksum } from './checksum.js';
import { addressBytes, IpProtocol, type IpAddress } from './ipv4.js';

export interface TcpSegmentOptions {
  /** Source and destination IP addresses, for the pseudo-header checksum (IPv4 or IPv6). */
  src: IpAddress;
  dst: IpAddress;
  srcPort: number;
  dstPort: number;
  seq: number;
  /** Default 0. */
  ack?: number;
  /** TcpFlag bits (see `src/net/types.ts`). */
  flags: number;
  /** Default 65535. */
  window?: number;
  /** Default 0. */
  urgent?: number;
  /** Option bytes (see tcpOptions), padded with zero (end-of-option-list) bytes to a multiple of 4. */
  options?: Uint8Array;
  payload?: Uint8Array;
  /** Writes this checksum instead of the correct one. */
  checksum?: number;
  /** Writes this Data Offset (in 32-bit words) instead of the true header length. */
  dataOffset?: number;
}

/** A TCP header, options and payload. */
export function tcpSegment(opts: TcpSegmentOptions): Buffer {
  const optionBytes = opts.options ?? new Uint8Array(0);
  const payload = opts.payload ?? new Uint8Array(0);
  const headerLen = 20 + Math.ceil(optionBytes.length / 4) * 4;
  const segment = Buffer.allocUnsafe(headerLen + payload.length);
  segment.fill(0, 0, headerLen);
  segment.writeUInt16BE(opts.srcPort & 0xffff, 0);
  segment.writeUInt16BE(opts.dstPort & 0xffff, 2);
  segment.writeUInt32BE(opts.seq >>> 0, 4);
  segment.writeUInt32BE((opts.ack ?? 0) >>> 0, 8);
  segment[12] = ((opts.dataOffset ?? headerLen / 4) & 0x0f) << 4;
  segment[13] = opts.flags & 0xff;
  segment.writeUInt16BE((opts.window ?? 65535) & 0xffff, 14);
  segment.writeUInt16BE((opts.urgent ?? 0) & 0xffff, 18);
  segment.set(optionBytes, 20);
  segment.set(payload, headerLen);
  const checksum =
    opts.checksum ?? transportChecksum(addressBytes(opts.src), addressBytes(opts.dst), IpProtocol.TCP, segment);
  segment.writeUInt16BE(checksum & 0xffff, 16);
  return segment;
}

/** TCP options to put on a segment; each one given is written, in the order Linux uses. */
export interface TcpOptionSet {
  /** Maximum Segment Size (kind 2). */
  mss?: number;
  /** SACK permitted (kind 4). */
  sackPermitted?: boolean;
  /** Timestamps (kind 8): TSval and TSecr. */
  timestamps?: { value: number; echo: number };
  /** Window scale shift count (kind 3). */
  windowScale?: number;
  /** SACK blocks (kind 5): [left edge, right edge) pairs of sequence numbers. */
  sack?: ReadonlyArray<readonly [number, number]>;
}

/**
 * Encodes options with NOP (kind 1) padding where Linux puts it, so the result is a
 * multiple of 4 bytes: MSS, SACK-permitted, timestamps, window scale, SACK blocks.
 */
export function tcpOptions(set: TcpOptionSet): Buffer {
  const bytes: number[] = [];
  if (set.mss !== undefined) bytes.push(2, 4, (set.mss >> 8) & 0xff, set.mss & 0xff);
  if (set.sackPermitted) {
    // Linux writes SACK-permitted in front of the timestamps; alone it gets two NOPs.
    bytes.push(...(set.timestamps ? [4, 2] : [1, 1, 4, 2]));
  }
  if (set.timestamps) {
    if (!set.sackPermitted) bytes.push(1, 1);
    bytes.push(8, 10, ...u32(set.timestamps.value), ...u32(set.timestamps.echo));
  }
  if (set.windowScale !== undefined) bytes.push(1, 3, 3, set.windowScale & 0xff);
  if (set.sack && set.sack.length > 0) {
    bytes.push(1, 1, 5, 2 + 8 * set.sack.length);
    for (const [left, right] of set.sack) bytes.push(...u32(left), ...u32(right));
  }
  return Buffer.from(bytes);
}

function u32(value: number): number[] {
  const v = value >>> 0;
  return [v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
}
