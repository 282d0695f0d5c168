import { RecordParser } from './records.js';
import type { CaptureInterface, CaptureSink } from './types.js';

/** Classic pcap magic numbers, as read little-endian from the first four bytes. */
export const PcapMagic = {
  /** Little-endian file, microsecond timestamps (d4 c3 b2 a1 on disk). */
  MICRO_LE: 0xa1b2c3d4,
  /** Little-endian file, nanosecond timestamps (4d 3c b2 a1 on disk). */
  NANO_LE: 0xa1b23c4d,
  /** Big-endian file, microsecond timestamps (a1 b2 c3 d4 on disk). */
  MICRO_BE: 0xd4c3b2a1,
  /** Big-endian file, nanosecond timestamps (a1 b2 3c 4d on disk). */
  NANO_BE: 0x4d3cb2a1,
} as const;

const FILE_HEADER_LEN = 24;
const RECORD_HEADER_LEN = 16;

/**
 * The largest captured length believed: Wireshark's WTAP_MAX_PACKET_SIZE_STANDARD (256 KiB).
 * A record claiming more lies about its length; reading on would only desynchronise.
 */
export const MAX_PCAP_CAPLEN = 262_144;

/**
 * How far a record's captured length may exceed the file's snaplen and still be read. Some
 * writers record a snaplen smaller than what they write (65535 with GSO/TSO frames of 64 KiB
 * more); a larger excess means the length field is garbage.
 */
const SNAPLEN_SLACK = 65_536;

/** The link-type part of the pcap header's LinkType field (libpcap's LT_LINKTYPE mask). */
const LINKTYPE_MASK = 0x03ff_ffff;

/**
 * Incremental classic pcap parser (https://www.ietf.org/archive/id/draft-ietf-opsawg-pcap-04.html).
 * `push` the file in chunks of any size, then `end`. Every packet record becomes a `RawPacket`
 * (frames numbered from 1 in file order); problems become anomalies:
 *
 * - `caplen-exceeds-snaplen` (first occurrence only), `caplen-exceeds-origlen`: reported, packet kept;
 * - `bad-record-length`: a captured length above 256 KiB or far above the snaplen, fatal;
 * - `truncated-file`: the file ends inside a record or the file header, fatal;
 * - `bad-file-header`: not a pcap magic number, fatal.
 */
export class PcapParser extends RecordParser {
  private littleEndian = true;
  private nanosecond = false;
  private headerDone = false;
  private linkType = 0;
  private snapLen = 0;

  constructor(sink: CaptureSink) {
    super(sink, FILE_HEADER_LEN);
  }

  protected measure(view: DataView, pos: number, offset: number): number {
    if (!this.headerDone) return FILE_HEADER_LEN;
    const caplen = view.getUint32(pos + 8, this.littleEndian);
    if (caplen > MAX_PCAP_CAPLEN || (this.snapLen > 0 && caplen > this.snapLen + SNAPLEN_SLACK)) {
      this.report({
        kind: 'bad-record-length',
        offset,
        frame: this.frames + 1,
        message:
          `packet record at offset ${offset} claims ${caplen} captured bytes ` +
          `(snaplen ${this.snapLen}, at most ${MAX_PCAP_CAPLEN} believed); stopped reading there`,
        fatal: true,
      });
      return -1;
    }
    return RECORD_HEADER_LEN + caplen;
  }

  protected parse(buf: Buffer, view: DataView, pos: number, len: number, offset: number): void {
    if (!this.headerDone) {
      this.parseFileHeader(view, pos);
      return;
    }
    const le = this.littleEndian;
    let tsSec = view.getUint32(pos, le);
    let tsNsec = view.getUint32(pos + 4, le);
    const origLen = view.getUint32(pos + 12, le);
    const frame = ++this.frames;
    if (!this.nanosecond) tsNsec *= 1000;
    if (tsNsec >= 1e9) {
      tsSec += Math.floor(tsNsec / 1e9);
      tsNsec %= 1e9;
    }
    this.deliverPacket(
      { frame, tsSec, tsNsec, linkType: this.linkType, data: buf.subarray(pos + RECORD_HEADER_LEN, pos + len), origLen, interfaceId: 0 },
      offset,
      this.snapLen,
      "the file's",
    );
  }

  protected pendingRecordName(): string {
    return this.headerDone ? `packet record ${this.frames + 1}` : 'the pcap file header';
  }

  private parseFileHeader(view: DataView, pos: number): void {
    const magic = view.getUint32(pos, true);
    switch (magic) {
      case PcapMagic.MICRO_LE:
      case PcapMagic.NANO_LE:
        this.littleEndian = true;
        break;
      case PcapMagic.MICRO_BE:
      case PcapMagic.NANO_BE:
        this.littleEndian = false;
        break;
      default:
        this.report({
          kind: 'bad-file-header',
          offset: 0,
          message: `not a pcap magic number: 0x${magic.toString(16).padStart(8, '0')}`,
          fatal: true,
        });
        return;
    }
    this.nanosecond = magic === PcapMagic.NANO_LE || magic === PcapMagic.NANO_BE;
    this.snapLen = view.getUint32(pos + 16, this.littleEndian);
    this.linkType = view.getUint32(pos + 20, this.littleEndian) & LINKTYPE_MASK;
    this.headerDone = true;
    this.headerLen = RECORD_HEADER_LEN;
    const info: CaptureInterface = {
      id: 0,
      linkType: this.linkType,
      snapLen: this.snapLen,
      tsUnitsPerSec: this.nanosecond ? 1e9 : 1e6,
    };
    this.interfaces.push(info);
    this.sink.interface?.(info);
  }
}
