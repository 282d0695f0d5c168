/**
 * Tunnels carried over IP that tshark decodes by default, so that the conversations we count are
 * the inner ones, as tshark's are: GRE (RFC 2784/2890, RFC 1701 routing) and VXLAN (RFC 7348).
 * IP-in-IP needs no header of its own and is handled by the decoder.
 * Each function moves the Cursor to the inner packet and returns its EtherType, or NOT_IP.
 */
import { NetAnomalyKind, type ReportAnomaly } from './anomalies.js';
import { u16 } from './bytes.js';
import type { Cursor } from './cursor.js';
import { EtherType, NOT_IP, stripEncapsulation } from './link.js';

const GRE_CHECKSUM = 0x8000;
const GRE_ROUTING = 0x4000;
const GRE_KEY = 0x2000;
const GRE_SEQUENCE = 0x1000;
const GRE_VERSION = 0x0007;

const UDP_HEADER = 8;
const VXLAN_HEADER = 8;
/** IANA port of VXLAN. */
const VXLAN_PORT = 4789;

/** Skips a GRE header; returns the EtherType of what it carries (after any inner Ethernet). */
export function decodeGre(c: Cursor, report: ReportAnomaly): number {
  if (!c.has(4)) return truncated(c, 'GRE', 4, report);
  const flags = u16(c.buf, c.off);
  // Version 1 is PPTP's enhanced GRE, which carries PPP.
  if ((flags & GRE_VERSION) !== 0) return NOT_IP;
  let len = 4;
  if ((flags & (GRE_CHECKSUM | GRE_ROUTING)) !== 0) len += 4;
  if ((flags & GRE_KEY) !== 0) len += 4;
  if ((flags & GRE_SEQUENCE) !== 0) len += 4;
  if (!c.has(len)) return truncated(c, 'GRE', len, report);
  const protocol = u16(c.buf, c.off + 2);
  c.skip(len);
  if ((flags & GRE_ROUTING) !== 0 && !skipSourceRoutes(c, report)) return NOT_IP;
  return stripEncapsulation(protocol, c, report);
}

/** Skips RFC 1701 source route entries up to the null entry; false when they run out of bytes. */
function skipSourceRoutes(c: Cursor, report: ReportAnomaly): boolean {
  for (;;) {
    if (!c.has(4)) {
      truncated(c, 'GRE source route', 4, report);
      return false;
    }
    const family = u16(c.buf, c.off);
    const length = c.buf[c.off + 3];
    c.skip(4 + length);
    if (family === 0 && length === 0) return true;
  }
}

/**
 * Skips a UDP header and, when the lower of its two ports is VXLAN's, the VXLAN header; returns
 * the EtherType of the inner Ethernet frame's payload. Any other UDP datagram gives NOT_IP.
 * The lower port decides because tshark tries that one first: 53 → 4789 is DNS to tshark, while
 * a VXLAN sender's hashed source port (49152 and up) leaves 4789 the lower one.
 */
export function decodeVxlan(c: Cursor, report: ReportAnomaly): number {
  if (!c.has(UDP_HEADER)) return NOT_IP;
  const buf = c.buf;
  const off = c.off;
  const sport = u16(buf, off);
  const dport = u16(buf, off + 2);
  if ((sport < dport ? sport : dport) !== VXLAN_PORT) return NOT_IP;
  const udpLen = u16(buf, off + 4);
  if (udpLen >= UDP_HEADER && udpLen < c.wireLength()) c.limit(udpLen);
  c.skip(UDP_HEADER);
  if (!c.has(VXLAN_HEADER)) return truncated(c, 'VXLAN', VXLAN_HEADER, report);
  c.skip(VXLAN_HEADER);
  return stripEncapsulation(EtherType.TEB, c, report);
}

function truncated(c: Cursor, what: string, len: number, report: ReportAnomaly): number {
  report(NetAnomalyKind.TRUNCATED, `${what} header needs ${len} bytes, only ${Math.max(0, c.capEnd - c.off)} captured`);
  return NOT_IP;
}
