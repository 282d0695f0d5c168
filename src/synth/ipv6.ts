/** IPv6 packets (RFC 8200) and the extension headers tests put in front of a payload. */
import { addressBytes, type IpAddress } from './ipv4.js';

export interface Ipv6PacketOptions {
  src: IpAddress;
  dst: IpAddress;
  /** Next Header of the fixed header: the payload's protocol or the first extension header's. */
  nextHeader: number;
  /** Everything after the fixed header (extension headers, then the upper-layer packet). */
  payload: Uint8Array;
  /** Default 64. */
  hopLimit?: number;
  /** Default 0. */
  trafficClass?: number;
  /** Default 0. */
  flowLabel?: number;
  /** Writes this Payload Length instead of the true one. */
  payloadLength?: number;
}

/** A 40-byte IPv6 header followed by `payload`. */
export function ipv6Packet(opts: Ipv6PacketOptions): Buffer {
  const packet = Buffer.allocUnsafe(40 + opts.payload.length);
  const trafficClass = (opts.trafficClass ?? 0) & 0xff;
  packet.writeUInt32BE(((6 << 28) | (trafficClass << 20) | ((opts.flowLabel ?? 0) & 0xfffff)) >>> 0, 0);
  packet.writeUInt16BE((opts.payloadLength ?? opts.payload.length) & 0xffff, 4);
  packet[6] = opts.nextHeader;
  packet[7] = opts.hopLimit ?? 64;
  ipv6Bytes(opts.src).copy(packet, 8);
  ipv6Bytes(opts.dst).copy(packet, 24);
  packet.set(opts.payload, 40);
  return packet;
}

function ipv6Bytes(ip: IpAddress): Buffer {
  const bytes = addressBytes(ip);
  if (bytes.length !== 16) throw new RangeError('synth: an IPv6 packet needs IPv6 addresses');
  return bytes;
}

/**
 * A generic extension header (hop-by-hop, routing, destination options): Next Header, Hdr Ext
 * Len, then `body` padded with zeros so the header is a multiple of 8 bytes (at least 8).
 */
export function ipv6ExtensionHeader(nextHeader: number, body: Uint8Array = new Uint8Array(0)): Buffer {
  const length = Math.max(8, Math.ceil((body.length + 2) / 8) * 8);
  const header = Buffer.alloc(length);
  header[0] = nextHeader;
  header[1] = length / 8 - 1;
  header.set(body, 2);
  return header;
}

export interface Ipv6FragmentHeaderOptions {
  nextHeader: number;
  /** Fragment offset in bytes (a multiple of 8). */
  offset: number;
  /** M flag: more fragments follow. */
  more: boolean;
  identification: number;
}

/** An 8-byte IPv6 Fragment extension header (RFC 8200 §4.5). */
export function ipv6FragmentHeader(opts: Ipv6FragmentHeaderOptions): Buffer {
  const header = Buffer.alloc(8);
  header[0] = opts.nextHeader;
  header.writeUInt16BE((opts.offset & 0xfff8) | (opts.more ? 1 : 0), 2);
  header.writeUInt32BE(opts.identification >>> 0, 4);
  return header;
}
