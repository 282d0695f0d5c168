/** The TCP header: from the start of a segment to a TcpSegment. */
import type { RawPacket } from '../capture/types.js';
import type { IpAddresses } from './address.js';
import { NetAnomalyKind, type ReportAnomaly } from './anomalies.js';
import { u16, u32 } from './bytes.js';
import type { Cursor } from './cursor.js';
import type { TcpSegment } from './types.js';

const MIN_HEADER = 20;
const NO_PAYLOAD = Buffer.alloc(0);

/**
 * Decodes the TCP segment the cursor spans (its wire length is what the IP header gave).
 * Options are skipped, checksums are not checked. `payloadLen` comes from the IP length;
 * `payload` is what was captured of it, a view into the cursor's buffer.
 * Returns null (after reporting) when the header is cut or its data offset is impossible.
 */
export function decodeTcp(
  c: Cursor,
  addresses: IpAddresses,
  p: RawPacket,
  ts: number,
  report: ReportAnomaly,
): TcpSegment | null {
  const segmentLen = c.wireLength();
  if (segmentLen < MIN_HEADER) {
    report(NetAnomalyKind.TRUNCATED, `TCP header needs 20 bytes, the IP payload holds only ${segmentLen}`);
    return null;
  }
  if (!c.has(MIN_HEADER)) {
    report(NetAnomalyKind.TRUNCATED, `TCP header needs 20 bytes, only ${Math.max(0, c.capEnd - c.off)} captured`);
    return null;
  }
  const buf = c.buf;
  const off = c.off;
  const headerLen = (buf[off + 12] >> 4) * 4;
  if (headerLen < MIN_HEADER || headerLen > segmentLen) {
    report(
      NetAnomalyKind.BAD_TCP_OFFSET,
      `TCP data offset ${headerLen} bytes is ${headerLen < MIN_HEADER ? 'below the 20-byte minimum' : `beyond the ${segmentLen}-byte segment`}`,
    );
    return null;
  }
  const payloadStart = off + headerLen;
  return {
    frame: p.frame,
    ts,
    src: { ip: addresses.source(), port: u16(buf, off) },
    dst: { ip: addresses.destination(), port: u16(buf, off + 2) },
    seq: u32(buf, off + 4),
    ack: u32(buf, off + 8),
    flags: buf[off + 13],
    window: u16(buf, off + 14),
    payload: payloadStart < c.capEnd ? buf.subarray(payloadStart, c.capEnd) : NO_PAYLOAD,
    payloadLen: segmentLen - headerLen,
    frameLen: p.origLen,
  };
}
