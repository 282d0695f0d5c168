/** The IPv4 header: lengths, options, fragment fields and the addresses' position. */
import { NetAnomalyKind, type ReportAnomaly } from './anomalies.js';
import { u16 } from './bytes.js';
import type { Cursor } from './cursor.js';

const MIN_HEADER = 20;
const MORE_FRAGMENTS = 0x2000;
const OFFSET_MASK = 0x1fff;

/** What decodeIPv4 read; one instance is reused for every packet. */
export class IPv4Header {
  /** The buffer holding the header and the offsets of its source and destination addresses. */
  buf: Buffer = Buffer.alloc(0);
  srcOff = 0;
  dstOff = 0;
  protocol = 0;
  id = 0;
  /** Fragment offset in bytes. */
  fragmentOffset = 0;
  moreFragments = false;

  /** True when this packet is one fragment of a larger datagram. */
  isFragment(): boolean {
    return this.moreFragments || this.fragmentOffset !== 0;
  }
}

/**
 * Reads the IPv4 header at the cursor into `h`, then narrows the cursor to the datagram's payload.
 * The total length is trusted over the captured length, so Ethernet padding and trailers are
 * dropped; a total length of 0 (TCP segmentation offload) or one longer than the frame on the wire
 * is replaced by what the wire carried. Returns false (after reporting) when there is no usable
 * header.
 */
export function decodeIPv4(c: Cursor, h: IPv4Header, report: ReportAnomaly): boolean {
  if (!c.has(MIN_HEADER)) {
    report(NetAnomalyKind.TRUNCATED, `IPv4 header needs 20 bytes, only ${Math.max(0, c.capEnd - c.off)} captured`);
    return false;
  }
  const buf = c.buf;
  const off = c.off;
  const version = buf[off] >> 4;
  if (version !== 4) {
    report(NetAnomalyKind.BAD_IP_VERSION, `IPv4 packet with version ${version}`);
    return false;
  }
  const headerLen = (buf[off] & 0x0f) * 4;
  if (headerLen < MIN_HEADER) {
    report(NetAnomalyKind.BAD_IP_HEADER_LENGTH, `IPv4 header length ${headerLen} is below 20 bytes`);
    return false;
  }
  if (!c.has(headerLen)) {
    report(NetAnomalyKind.TRUNCATED, `IPv4 header with options needs ${headerLen} bytes, only ${c.capEnd - off} captured`);
    return false;
  }
  const onWire = c.wireLength();
  let totalLen = u16(buf, off + 2);
  if (totalLen === 0) {
    totalLen = onWire;
  } else if (totalLen < headerLen) {
    report(NetAnomalyKind.BAD_IP_LENGTH, `IPv4 total length ${totalLen} is shorter than its ${headerLen}-byte header`);
    return false;
  } else if (totalLen > onWire) {
    report(NetAnomalyKind.BAD_IP_LENGTH, `IPv4 total length ${totalLen} exceeds the ${onWire} bytes on the wire`);
    totalLen = onWire;
  }

  const fragment = u16(buf, off + 6);
  h.buf = buf;
  h.srcOff = off + 12;
  h.dstOff = off + 16;
  h.protocol = buf[off + 9];
  h.id = u16(buf, off + 4);
  h.fragmentOffset = (fragment & OFFSET_MASK) * 8;
  h.moreFragments = (fragment & MORE_FRAGMENTS) !== 0;

  c.limit(totalLen);
  c.skip(headerLen);
  return true;
}

/** The defragmentation key of the datagram `h` belongs to: (source, destination, protocol, id). */
export function ipv4FragmentKey(h: IPv4Header): string {
  return `4${h.buf.toString('latin1', h.srcOff, h.srcOff + 8)}${h.protocol}/${h.id}`;
}
