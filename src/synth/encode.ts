/** Turns planned segments into timestamped Ethernet frames. */
import type { FrameRecord } from '../capture/writer.js';
import { EtherType, ethernetFrame } from './ethernet.js';
import { IpProtocol, ipv4Packet } from './ipv4.js';
import { ipv6Packet } from './ipv6.js';
import { WINDOW_SCALE, type PlannedSegment } from './plan.js';
import type { ResolvedScript } from './script.js';
import { tcpOptions, tcpSegment } from './tcp.js';

/** Frames of one connection never share a timestamp: a frame is at least this much after the one before. */
const MIN_FRAME_GAP_NS = 1_000;

/**
 * Encodes the segments in order. Each side's IPv4 identification goes up by one per segment
 * it sent, lost ones included (they were on the wire); lost segments produce no frame.
 */
export function encodeSegments(script: ResolvedScript, segments: readonly PlannedSegment[]): FrameRecord[] {
  const synOptions = tcpOptions({ mss: script.mss, sackPermitted: true, windowScale: WINDOW_SCALE });
  const ipIds = { C: script.ipIdClient, S: script.ipIdServer };
  const frames: FrameRecord[] = [];
  let lastNs = -Infinity;
  for (const segment of segments) {
    const ipId = ipIds[segment.from];
    ipIds[segment.from] = (ipId + 1) & 0xffff;
    if (segment.lost) continue;
    const timeNs = Math.max(segment.timeNs, lastNs + MIN_FRAME_GAP_NS);
    lastNs = timeNs;
    const [src, dst] = segment.from === 'C' ? [script.client, script.server] : [script.server, script.client];
    const tcp = tcpSegment({
      src: src.ip,
      dst: dst.ip,
      srcPort: src.port,
      dstPort: dst.port,
      seq: segment.seq,
      ack: segment.ack,
      flags: segment.flags,
      window: segment.window,
      options: segment.synOptions ? synOptions : undefined,
      payload: segment.payload,
    });
    const ip = script.ipv6
      ? ipv6Packet({ src: src.ip, dst: dst.ip, nextHeader: IpProtocol.TCP, payload: tcp })
      : ipv4Packet({ src: src.ip, dst: dst.ip, protocol: IpProtocol.TCP, payload: tcp, id: ipId });
    const data = ethernetFrame({
      src: src.mac,
      dst: dst.mac,
      etherType: script.ipv6 ? EtherType.IPV6 : EtherType.IPV4,
      payload: ip,
      vlan: script.vlan,
    });
    const totalNs = script.startNsec + timeNs;
    frames.push({ tsSec: script.startSec + Math.floor(totalNs / 1e9), tsNsec: totalNs % 1e9, data });
  }
  return frames;
}
