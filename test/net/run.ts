/** Runs frames through one PacketDecoder and collects what it returns and reports. */
import type { RawPacket } from '../../src/capture/types.js';
import { PacketDecoder, type PacketDecoderOptions } from '../../src/net/decoder.js';
import type { NetAnomaly, TcpSegment } from '../../src/net/types.js';

export interface Decoded {
  /** One entry per packet, in order. */
  segments: Array<TcpSegment | null>;
  anomalies: NetAnomaly[];
}

export function decodeAll(packets: RawPacket[], opts: PacketDecoderOptions = {}): Decoded {
  const anomalies: NetAnomaly[] = [];
  const decoder = new PacketDecoder(opts, (a) => anomalies.push(a));
  return { segments: packets.map((p) => decoder.decode(p)), anomalies };
}

/** Decodes one packet; fails the test unless it gives a segment. */
export function decodeSegment(p: RawPacket): { segment: TcpSegment; anomalies: NetAnomaly[] } {
  const { segments, anomalies } = decodeAll([p]);
  const segment = segments[0];
  if (segment === null) throw new Error(`no segment; anomalies: ${JSON.stringify(anomalies)}`);
  return { segment, anomalies };
}

/** The kinds of the anomalies, in order. */
export function kinds(anomalies: NetAnomaly[]): string[] {
  return anomalies.map((a) => a.kind);
}
