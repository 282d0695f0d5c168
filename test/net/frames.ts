/** Small builders of link/IP/TCP bytes for the net layer's tests (checksums are left zero). */
import type { RawPacket } from '../../src/capture/types.js';

/** 4 bytes of a dotted quad. */
export function ip4(text: string): Buffer {
  return Buffer.from(text.split('.').map(Number));
}

/** 16 bytes of an IPv6 address in hex groups, with at most one `::`. */
export function ip6(text: string): Buffer {
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? [] : Array<string>(8 - headGroups.length - tailGroups.length).fill('0');
  const groups = [...headGroups, ...zeros, ...tailGroups];
  if (groups.length !== 8) throw new Error(`bad IPv6 address ${text}`);
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), 2 * i));
  return out;
}

function bytes(data: Buffer | string | undefined): Buffer {
  if (data === undefined) return Buffer.alloc(0);
  return typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
}

export interface TcpOptions {
  sport?: number;
  dport?: number;
  seq?: number;
  ack?: number;
  flags?: number;
  window?: number;
  /** TCP options (padded to 4 bytes). */
  options?: Buffer;
  /** Overrides the data offset field (in 32-bit words). */
  dataOffsetWords?: number;
  payload?: Buffer | string;
}

/** A TCP segment: header (with options) and payload. */
export function tcp(o: TcpOptions = {}): Buffer {
  const options = o.options ?? Buffer.alloc(0);
  const optionsLen = Math.ceil(options.length / 4) * 4;
  const header = Buffer.alloc(20 + optionsLen);
  header.writeUInt16BE(o.sport ?? 40000, 0);
  header.writeUInt16BE(o.dport ?? 25, 2);
  header.writeUInt32BE((o.seq ?? 1000) >>> 0, 4);
  header.writeUInt32BE((o.ack ?? 0) >>> 0, 8);
  header[12] = (o.dataOffsetWords ?? (20 + optionsLen) / 4) << 4;
  header[13] = o.flags ?? 0x18;
  header.writeUInt16BE(o.window ?? 65535, 14);
  options.copy(header, 20);
  return Buffer.concat([header, bytes(o.payload)]);
}

export interface IPv4Options {
  src?: string;
  dst?: string;
  protocol?: number;
  id?: number;
  /** IP options (padded to 4 bytes). */
  options?: Buffer;
  /** Overrides the total length field. */
  totalLength?: number;
  /** Overrides the header length field (in 32-bit words). */
  ihlWords?: number;
  moreFragments?: boolean;
  /** Fragment offset in bytes (a multiple of 8). */
  fragmentOffset?: number;
  version?: number;
}

/** An IPv4 datagram around `payload`. */
export function ipv4(payload: Buffer, o: IPv4Options = {}): Buffer {
  const options = o.options ?? Buffer.alloc(0);
  const optionsLen = Math.ceil(options.length / 4) * 4;
  const header = Buffer.alloc(20 + optionsLen);
  header[0] = ((o.version ?? 4) << 4) | (o.ihlWords ?? (20 + optionsLen) / 4);
  header.writeUInt16BE(o.totalLength ?? header.length + payload.length, 2);
  header.writeUInt16BE(o.id ?? 1, 4);
  header.writeUInt16BE((o.moreFragments ? 0x2000 : 0) | ((o.fragmentOffset ?? 0) / 8), 6);
  header[8] = 64;
  header[9] = o.protocol ?? 6;
  ip4(o.src ?? '10.0.0.1').copy(header, 12);
  ip4(o.dst ?? '10.0.0.2').copy(header, 16);
  options.copy(header, 20);
  return Buffer.concat([header, payload]);
}

export interface IPv6Options {
  src?: string;
  dst?: string;
  next?: number;
  /** Overrides the payload length field. */
  payloadLength?: number;
}

/** An IPv6 packet around `payload` (which starts with any extension headers). */
export function ipv6(payload: Buffer, o: IPv6Options = {}): Buffer {
  const header = Buffer.alloc(40);
  header.writeUInt32BE(0x60000000, 0);
  header.writeUInt16BE(o.payloadLength ?? payload.length, 4);
  header[6] = o.next ?? 6;
  header[7] = 64;
  ip6(o.src ?? '2001:db8::1').copy(header, 8);
  ip6(o.dst ?? '2001:db8::2').copy(header, 24);
  return Buffer.concat([header, payload]);
}

/** A generic IPv6 extension header (hop-by-hop, routing, destination options) padded to 8 bytes. */
export function ipv6Extension(next: number, body: Buffer = Buffer.alloc(0)): Buffer {
  const len = Math.ceil((body.length + 2) / 8) * 8;
  const header = Buffer.alloc(len);
  header[0] = next;
  header[1] = len / 8 - 1;
  body.copy(header, 2);
  return header;
}

/** An IPv6 Fragment header. */
export function ipv6Fragment(next: number, offset: number, more: boolean, id: number): Buffer {
  const header = Buffer.alloc(8);
  header[0] = next;
  header.writeUInt16BE(offset | (more ? 1 : 0), 2);
  header.writeUInt32BE(id >>> 0, 4);
  return header;
}

/** An IPsec Authentication Header with an ICV of `icvLength` bytes (a multiple of 4). */
export function authHeader(next: number, icvLength = 12): Buffer {
  const header = Buffer.alloc(12 + icvLength);
  header[0] = next;
  header[1] = (12 + icvLength) / 4 - 2;
  return header;
}

/** An Ethernet II frame, with VLAN tags (outermost first) given as [TPID, VLAN id]. */
export function ethernet(etherType: number, payload: Buffer, tags: Array<[number, number]> = []): Buffer {
  const header = Buffer.alloc(14 + 4 * tags.length);
  Buffer.from('020000000001' + '020000000002', 'hex').copy(header, 0); // destination, source MAC
  let off = 12;
  for (const [tpid, vid] of tags) {
    header.writeUInt16BE(tpid, off);
    header.writeUInt16BE(vid, off + 2);
    off += 4;
  }
  header.writeUInt16BE(etherType, off);
  return Buffer.concat([header, payload]);
}

/** An MPLS label stack of `labels` entries (the last one bottom-of-stack) before `payload`. */
export function mpls(labels: number[], payload: Buffer): Buffer {
  const stack = Buffer.alloc(4 * labels.length);
  labels.forEach((label, i) => {
    stack.writeUInt32BE(((label << 12) | (i === labels.length - 1 ? 0x100 : 0) | 64) >>> 0, 4 * i);
  });
  return Buffer.concat([stack, payload]);
}

/** A PPPoE session header and PPP protocol field before `payload`. */
export function pppoe(pppProtocol: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header[0] = 0x11;
  header.writeUInt16BE(0x1234, 2);
  header.writeUInt16BE(payload.length + 2, 4);
  header.writeUInt16BE(pppProtocol, 6);
  return Buffer.concat([header, payload]);
}

/** A BSD loopback (NULL/LOOP) header with `family` in the given byte order. */
export function loopback(family: number, payload: Buffer, littleEndian: boolean): Buffer {
  const header = Buffer.alloc(4);
  if (littleEndian) header.writeUInt32LE(family, 0);
  else header.writeUInt32BE(family, 0);
  return Buffer.concat([header, payload]);
}

/** A Linux cooked (SLL) header: 16 bytes, protocol at offset 14. */
export function sll(protocol: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(16);
  header.writeUInt16BE(0, 0); // packet type: to us
  header.writeUInt16BE(1, 2); // ARPHRD_ETHER
  header.writeUInt16BE(6, 4);
  header.writeUInt16BE(protocol, 14);
  return Buffer.concat([header, payload]);
}

/** A Linux cooked v2 (SLL2) header: 20 bytes, protocol at offset 0. */
export function sll2(protocol: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(20);
  header.writeUInt16BE(protocol, 0);
  header.writeUInt32BE(2, 4); // interface index
  header.writeUInt16BE(1, 8); // ARPHRD_ETHER
  header[11] = 6;
  return Buffer.concat([header, payload]);
}

export interface GreOptions {
  checksum?: boolean;
  key?: number;
  sequence?: number;
}

/** A GRE header (version 0) announcing `protocol`. */
export function gre(protocol: number, payload: Buffer, o: GreOptions = {}): Buffer {
  const fields: number[] = [];
  let flags = 0;
  if (o.checksum) {
    flags |= 0x8000;
    fields.push(0);
  }
  if (o.key !== undefined) {
    flags |= 0x2000;
    fields.push(o.key);
  }
  if (o.sequence !== undefined) {
    flags |= 0x1000;
    fields.push(o.sequence);
  }
  const header = Buffer.alloc(4 + 4 * fields.length);
  header.writeUInt16BE(flags, 0);
  header.writeUInt16BE(protocol, 2);
  fields.forEach((v, i) => header.writeUInt32BE(v >>> 0, 4 + 4 * i));
  return Buffer.concat([header, payload]);
}

/** A UDP datagram (checksum zero). */
export function udp(sport: number, dport: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt16BE(sport, 0);
  header.writeUInt16BE(dport, 2);
  header.writeUInt16BE(8 + payload.length, 4);
  return Buffer.concat([header, payload]);
}

/** A VXLAN header (VNI `vni`, I flag set) before an Ethernet frame. */
export function vxlan(vni: number, frame: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header[0] = 0x08;
  header.writeUIntBE(vni, 4, 3);
  return Buffer.concat([header, frame]);
}

export interface PacketOptions {
  frame?: number;
  tsSec?: number;
  tsNsec?: number;
  /** Length on the wire; defaults to data.length. */
  origLen?: number;
  /** Captured length (the snaplen cut): data is cut to it. */
  capLen?: number;
}

/** A RawPacket as the capture readers would produce it. */
export function packet(linkType: number, data: Buffer, o: PacketOptions = {}): RawPacket {
  return {
    frame: o.frame ?? 1,
    tsSec: o.tsSec ?? 1_700_000_000,
    tsNsec: o.tsNsec ?? 0,
    linkType,
    data: o.capLen === undefined ? data : data.subarray(0, o.capLen),
    origLen: o.origLen ?? data.length,
    interfaceId: 0,
  };
}
