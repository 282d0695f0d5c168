/** The IPv6 header and its extension headers, and the IPsec AH header (shared with IPv4). */
import { NetAnomalyKind, type ReportAnomaly } from './anomalies.js';
import { u16, u32 } from './bytes.js';
import type { Cursor } from './cursor.js';

const FIXED_HEADER = 40;

/** IP protocol numbers the IPv6 decoder treats specially. */
export const IpProto = {
  HOP_BY_HOP: 0,
  ROUTING: 43,
  FRAGMENT: 44,
  AH: 51,
  NO_NEXT_HEADER: 59,
  DESTINATION_OPTIONS: 60,
  MOBILITY: 135,
  HIP: 139,
  SHIM6: 140,
  EXPERIMENT_1: 253,
  EXPERIMENT_2: 254,
} as const;

/** What decodeIPv6 and walkExtensionHeaders read; one instance is reused for every packet. */
export class IPv6Header {
  /** The buffer holding the fixed header and the offsets of its source and destination addresses. */
  buf: Buffer = Buffer.alloc(0);
  srcOff = 0;
  dstOff = 0;
  /** Next Header of the fixed header. */
  nextHeader = 0;
  /** Set by walkExtensionHeaders when it stops at a Fragment header. */
  fragmentId = 0;
  /** Fragment offset in bytes. */
  fragmentOffset = 0;
  moreFragments = false;
  /** Next Header field of the Fragment header: what the fragmentable part starts with. */
  fragmentNext = 0;
}

/**
 * Reads the fixed IPv6 header at the cursor into `h` and narrows the cursor to the payload.
 * The payload length is trusted over the captured length; 0 (a jumbogram or TCP segmentation
 * offload) or a length longer than the frame on the wire is replaced by what the wire carried.
 * Returns false (after reporting) when there is no usable header.
 */
export function decodeIPv6(c: Cursor, h: IPv6Header, report: ReportAnomaly): boolean {
  if (!c.has(FIXED_HEADER)) {
    report(NetAnomalyKind.TRUNCATED, `IPv6 header needs 40 bytes, only ${Math.max(0, c.capEnd - c.off)} captured`);
    return false;
  }
  const buf = c.buf;
  const off = c.off;
  const version = buf[off] >> 4;
  if (version !== 6) {
    report(NetAnomalyKind.BAD_IP_VERSION, `IPv6 packet with version ${version}`);
    return false;
  }
  const onWire = c.wireLength() - FIXED_HEADER;
  let payloadLen = u16(buf, off + 4);
  if (payloadLen === 0) {
    payloadLen = onWire;
  } else if (payloadLen > onWire) {
    report(NetAnomalyKind.BAD_IP_LENGTH, `IPv6 payload length ${payloadLen} exceeds the ${onWire} bytes on the wire`);
    payloadLen = onWire;
  }
  h.buf = buf;
  h.srcOff = off + 8;
  h.dstOff = off + 24;
  h.nextHeader = buf[off + 6];
  c.skip(FIXED_HEADER);
  c.limit(payloadLen);
  return true;
}

/**
 * Skips extension headers starting with `next`, moving the cursor past each one. Returns the first
 * protocol that is not an extension header (TCP, UDP, 59 = no next header, anything unknown), or
 * IpProto.FRAGMENT with `h`'s fragment fields set and the cursor on the fragment's data. Atomic
 * fragments (offset 0, no more fragments) are skipped like any other header. Returns -1 (after
 * reporting) when a header runs past the packet.
 */
export function walkExtensionHeaders(next: number, c: Cursor, h: IPv6Header, report: ReportAnomaly): number {
  let proto = next;
  for (;;) {
    switch (proto) {
      case IpProto.HOP_BY_HOP:
      case IpProto.ROUTING:
      case IpProto.DESTINATION_OPTIONS:
      case IpProto.MOBILITY:
      case IpProto.HIP:
      case IpProto.SHIM6:
      case IpProto.EXPERIMENT_1:
      case IpProto.EXPERIMENT_2:
        if (!extensionFits(c, 2, 'IPv6 extension', report)) return -1;
        proto = c.buf[c.off];
        if (!extensionFits(c, (c.buf[c.off + 1] + 1) * 8, 'IPv6 extension', report)) return -1;
        c.skip((c.buf[c.off + 1] + 1) * 8);
        break;
      case IpProto.AH:
        proto = skipAuthenticationHeader(c, report);
        if (proto < 0) return -1;
        break;
      case IpProto.FRAGMENT: {
        if (!extensionFits(c, 8, 'IPv6 fragment', report)) return -1;
        const buf = c.buf;
        const off = c.off;
        const offsetAndFlags = u16(buf, off + 2);
        c.skip(8);
        h.fragmentNext = buf[off];
        h.fragmentOffset = offsetAndFlags & 0xfff8;
        h.moreFragments = (offsetAndFlags & 1) === 1;
        h.fragmentId = u32(buf, off + 4);
        if (h.fragmentOffset !== 0 || h.moreFragments) return IpProto.FRAGMENT;
        proto = h.fragmentNext;
        break;
      }
      default:
        return proto;
    }
  }
}

/** Skips an IPsec Authentication Header (RFC 4302); returns its Next Header, or -1 after reporting. */
export function skipAuthenticationHeader(c: Cursor, report: ReportAnomaly): number {
  if (!extensionFits(c, 2, 'AH', report)) return -1;
  const next = c.buf[c.off];
  const len = (c.buf[c.off + 1] + 2) * 4;
  if (!extensionFits(c, len, 'AH', report)) return -1;
  c.skip(len);
  return next;
}

/** The defragmentation key of the datagram `h` belongs to: (source, destination, identification). */
export function ipv6FragmentKey(h: IPv6Header): string {
  return `6${h.buf.toString('latin1', h.srcOff, h.srcOff + 32)}${h.fragmentId}`;
}

/**
 * True when an extension header of `len` bytes lies within the packet on the wire and its first
 * bytes (which hold the next header and length) were captured. A header the snaplen cut after
 * those bytes is skipped all the same: what follows is only partly captured, which the next
 * layer sees.
 */
function extensionFits(c: Cursor, len: number, what: string, report: ReportAnomaly): boolean {
  if (len > c.wireLength()) {
    report(NetAnomalyKind.BAD_EXTENSION_HEADER, `${what} header of ${len} bytes runs past the end of the packet`);
    return false;
  }
  if (!c.has(len < 8 ? len : 8)) {
    report(NetAnomalyKind.TRUNCATED, `${what} header cut by the capture`);
    return false;
  }
  return true;
}
