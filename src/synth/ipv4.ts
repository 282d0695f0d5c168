/** IPv4 packets (RFC 791) with a correct header checksum unless told otherwise. */
import { requireIp } from './address.js';
import { internetChecksum } from './checksum.js';

/** IP protocol / IPv6 next-header numbers the generator uses. */
export const IpProtocol = {
  HOP_BY_HOP: 0,
  TCP: 6,
  UDP: 17,
  IPV6_ROUTING: 43,
  IPV6_FRAGMENT: 44,
  IPV6_NO_NEXT: 59,
  IPV6_DEST_OPTS: 60,
} as const;

/** An IP address as text (dotted quad or IPv6) or its 4 or 16 bytes. */
export type IpAddress = string | Uint8Array;

export interface Ipv4PacketOptions {
  src: IpAddress;
  dst: IpAddress;
  protocol: number;
  payload: Uint8Array;
  /** Identification field (default 0). */
  id?: number;
  /** Default 64. */
  ttl?: number;
  /** Type of service / DSCP+ECN byte (default 0). */
  tos?: number;
  /** Don't Fragment flag (default true). */
  dontFragment?: boolean;
  /** More Fragments flag (default false). */
  moreFragments?: boolean;
  /** Fragment offset in bytes (a multiple of 8; default 0). */
  fragmentOffset?: number;
  /** IP options, padded with zero (end-of-options) bytes to a multiple of 4. */
  options?: Uint8Array;
  /** Writes this Total Length instead of the true one (for packets that lie about their size). */
  totalLength?: number;
  /** Writes this header checksum instead of the correct one. */
  checksum?: number;
}

/** An IPv4 header followed by `payload`. */
export function ipv4Packet(opts: Ipv4PacketOptions): Buffer {
  const optionBytes = opts.options ?? new Uint8Array(0);
  const headerLen = 20 + Math.ceil(optionBytes.length / 4) * 4;
  const packet = Buffer.allocUnsafe(headerLen + opts.payload.length);
  packet.fill(0, 0, headerLen);
  packet[0] = 0x40 | (headerLen >> 2);
  packet[1] = opts.tos ?? 0;
  packet.writeUInt16BE((opts.totalLength ?? packet.length) & 0xffff, 2);
  packet.writeUInt16BE((opts.id ?? 0) & 0xffff, 4);
  const flags = ((opts.dontFragment ?? true) ? 0x4000 : 0) | (opts.moreFragments ? 0x2000 : 0);
  packet.writeUInt16BE(flags | (((opts.fragmentOffset ?? 0) >> 3) & 0x1fff), 6);
  packet[8] = opts.ttl ?? 64;
  packet[9] = opts.protocol;
  ipv4Bytes(opts.src).copy(packet, 12);
  ipv4Bytes(opts.dst).copy(packet, 16);
  packet.set(optionBytes, 20);
  const header = packet.subarray(0, headerLen);
  packet.writeUInt16BE(opts.checksum ?? internetChecksum(header), 10);
  packet.set(opts.payload, headerLen);
  return packet;
}

function ipv4Bytes(ip: IpAddress): Buffer {
  const bytes = addressBytes(ip);
  if (bytes.length !== 4) throw new RangeError('synth: an IPv4 packet needs IPv4 addresses');
  return bytes;
}

/** The bytes of an address given as text or bytes (throws a RangeError on bad text). */
export function addressBytes(ip: IpAddress): Buffer {
  if (typeof ip === 'string') return requireIp(ip);
  return Buffer.isBuffer(ip) ? ip : Buffer.from(ip.buffer, ip.byteOffset, ip.byteLength);
}
