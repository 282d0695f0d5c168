/** Several scripted connections → one capture file. */
import { LinkType } from '../capture/types.js';
import { encodePcap, encodePcapng, type FrameRecord } from '../capture/writer.js';
import { connectionFrames } from './connection.js';
import { DEFAULT_CLIENT_PORT, type ConnectionScript } from './script.js';

export interface CaptureOptions {
  /** Default 'pcap'. */
  format?: 'pcap' | 'pcapng';
  /** Nanosecond timestamps (pcap magic a1b23c4d, pcapng if_tsresol 9); default microseconds. */
  nanosecond?: boolean;
}

/**
 * A capture file (Ethernet link type) of all the connections, their frames interleaved by
 * time (on equal times, the earlier connection in `conns` first). A script without `client`
 * gets client port 49152 + its index, so default connections do not share a 4-tuple.
 *
 * @throws RangeError when a script is invalid (see buildConnection).
 */
export function buildCapture(conns: ConnectionScript[], opts: CaptureOptions = {}): Buffer {
  const frames = mergeByTime(conns.map((script, i) => connectionFrames(script, DEFAULT_CLIENT_PORT + i)));
  if (opts.format === 'pcapng') {
    return encodePcapng(frames, { interfaces: [{ linkType: LinkType.ETHERNET, tsresol: opts.nanosecond ? 9 : 6 }] });
  }
  return encodePcap(frames, { linkType: LinkType.ETHERNET, nanosecond: opts.nanosecond });
}

/** All frames of the lists, in time order; a stable sort keeps list order on ties. */
function mergeByTime(lists: FrameRecord[][]): FrameRecord[] {
  return lists.flat().sort((a, b) => a.tsSec - b.tsSec || a.tsNsec - b.tsNsec);
}
