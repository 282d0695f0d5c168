/** What the capture readers produce: one record per captured frame, before any decoding. */

/** LINKTYPE_* values (https://www.tcpdump.org/linktypes.html) that the net layer understands. */
export const LinkType = {
  NULL: 0,
  ETHERNET: 1,
  RAW: 101,
  LOOP: 108,
  LINUX_SLL: 113,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
} as const;

export interface RawPacket {
  /** 1-based frame number, counted as tshark counts them (every packet record in file order). */
  frame: number;
  /** Seconds since the epoch (integer part). */
  tsSec: number;
  /** Nanoseconds within that second (0..999_999_999). */
  tsNsec: number;
  /** LINKTYPE_* of the interface the frame was captured on. */
  linkType: number;
  /** The captured bytes (caplen of them; may be shorter than origLen when the snaplen cut it). */
  data: Buffer;
  /** The frame's length on the wire. */
  origLen: number;
  /**
   * pcapng interface id; 0 for classic pcap. Counted over the whole file like tshark's
   * `frame.interface_id`: a later section's interfaces continue the numbering.
   */
  interfaceId: number;
}

/** Time of a packet as seconds (float). Microsecond precision survives a double at epoch scale. */
export function packetTime(p: RawPacket): number {
  return p.tsSec + p.tsNsec / 1e9;
}

/** Something wrong in the file that the reader worked around (or stopped at) without crashing. */
export interface CaptureAnomaly {
  /** Stable kind, e.g. `truncated-file`, `caplen-exceeds-snaplen`, `unknown-block`, `bad-block-length`. */
  kind: string;
  /** Byte offset in the (decompressed) capture where the problem is. */
  offset: number;
  /** The frame number concerned, if any. */
  frame?: number;
  message: string;
  /** True when the reader could not go on past this point. */
  fatal?: boolean;
}

/** A pcapng Decryption Secrets Block, kept for later TLS decryption. */
export interface DecryptionSecrets {
  /** secrets type, e.g. 0x544c534b ('TLSK', NSS key log). */
  type: number;
  data: Buffer;
}

export interface CaptureInterface {
  /** Index over the whole file (see RawPacket.interfaceId). */
  id: number;
  linkType: number;
  snapLen: number;
  name?: string;
  /** Units per second of this interface's timestamps (pcapng if_tsresol; 1e6 or 1e9 for pcap). */
  tsUnitsPerSec: number;
}

export type CaptureFormat = 'pcap' | 'pcapng';

/** Receives what a capture parser finds, in file order. */
export interface CaptureSink {
  /**
   * One captured frame. `p.data` is a view into the reader's current read chunk (no copy) and is
   * valid only during this call: the chunk may be reused, and keeping the view would pin the whole
   * chunk (up to 1 MiB) in memory. Copy what you keep (`Buffer.from(p.data)`).
   */
  packet(p: RawPacket): void;
  anomaly?(a: CaptureAnomaly): void;
  secrets?(s: DecryptionSecrets): void;
  interface?(i: CaptureInterface): void;
}

export interface CaptureSummary {
  format: CaptureFormat;
  compressed: boolean;
  /** Bytes read from the file (compressed size if compressed). */
  fileBytes: number;
  packets: number;
  anomalies: number;
  interfaces: CaptureInterface[];
}
