import { RecordParser } from './records.js';
import type { CaptureInterface, CaptureSink } from './types.js';

/** pcapng block types (https://www.ietf.org/archive/id/draft-ietf-opsawg-pcapng-03.html). */
export const BlockType = {
  SECTION_HEADER: 0x0a0d0d0a,
  INTERFACE_DESCRIPTION: 0x00000001,
  /** Obsolete Packet Block. */
  PACKET: 0x00000002,
  SIMPLE_PACKET: 0x00000003,
  NAME_RESOLUTION: 0x00000004,
  INTERFACE_STATISTICS: 0x00000005,
  ENHANCED_PACKET: 0x00000006,
  DECRYPTION_SECRETS: 0x0000000a,
  CUSTOM: 0x00000bad,
  CUSTOM_NO_COPY: 0x40000bad,
} as const;

/** The Section Header Block's byte-order magic, as written by the file's writer. */
export const BYTE_ORDER_MAGIC = 0x1a2b3c4d;

/** Interface Description Block options this reader uses. */
const OPT_END = 0;
const IF_NAME = 2;
const IF_TSRESOL = 9;
const IF_TSOFFSET = 14;

/** Block header (type, length) plus the trailing length copy. */
const BLOCK_OVERHEAD = 12;
/** Smallest Section Header Block: overhead, byte-order magic, version, section length. */
const MIN_SHB_LEN = 28;
/**
 * The largest block believed (16 MiB). Packet blocks are far smaller; a Decryption Secrets Block
 * this size holds about 100 000 TLS sessions' keys. A larger length lies, and buffering it would
 * let one corrupt field allocate without bound.
 */
export const MAX_BLOCK_LEN = 16 * 1024 * 1024;

/**
 * Block types from the pcapng registry that this reader skips without comment: statistics, name
 * resolution, custom blocks, the obsolete IRIG/ARINC blocks, systemd journal entries, Hone and
 * sysdig event blocks. Types with bit 31 set are reserved for local use and skipped too.
 */
function isKnownSkippedBlock(type: number): boolean {
  return (
    type === BlockType.NAME_RESOLUTION ||
    type === BlockType.INTERFACE_STATISTICS ||
    (type >= 0x07 && type <= 0x09) ||
    type === BlockType.CUSTOM ||
    type === BlockType.CUSTOM_NO_COPY ||
    (type >= 0x101 && type <= 0x102) ||
    (type >= 0x201 && type <= 0x2ff) ||
    type >= 0x8000_0000
  );
}

const TWO_POW_32 = 4_294_967_296;

/**
 * Turns an interface's 64-bit timestamps (`if_tsresol` units since the epoch, plus `if_tsoffset`
 * seconds) into exact seconds and nanoseconds. For resolutions that divide 1e9 (every 10^-k and
 * 2^-k with k <= 9) it uses exact double arithmetic; otherwise BigInt, per block.
 * Finer-than-nanosecond resolutions are truncated to the nanosecond.
 */
export class InterfaceClock {
  /** Result of the last `convert`: seconds since the epoch. */
  sec = 0;
  /** Result of the last `convert`: nanoseconds within the second. */
  nsec = 0;
  /** Timestamp units per second. */
  readonly unitsPerSec: number;
  private readonly unitsBig: bigint;
  /** Nanoseconds per unit when that is an integer (the exact double path), else 0 (BigInt). */
  private readonly nsPerUnit: number;

  /**
   * @param tsresol the `if_tsresol` byte: 10^-v seconds, or 2^-(v & 0x7f) when bit 7 is set.
   * @param offsetSec the `if_tsoffset` value in seconds.
   */
  constructor(
    tsresol = 6,
    private readonly offsetSec = 0,
  ) {
    this.unitsBig = tsresol & 0x80 ? 1n << BigInt(tsresol & 0x7f) : 10n ** BigInt(tsresol);
    this.unitsPerSec = Number(this.unitsBig);
    this.nsPerUnit = 1e9 % this.unitsPerSec === 0 ? 1e9 / this.unitsPerSec : 0;
  }

  /** Converts the timestamp `high * 2^32 + low`; the result is in `sec` and `nsec`. */
  convert(high: number, low: number): void {
    if (this.nsPerUnit === 0) {
      this.convertBig(high, low);
      return;
    }
    // `%` on doubles is exact, and (t - t % u) / u is an exact integer division.
    const u = this.unitsPerSec;
    let sec: number;
    let rem: number;
    if (high < 0x20_0000) {
      // high * 2^32 + low < 2^53: one division.
      const t = high * TWO_POW_32 + low;
      rem = t % u;
      sec = (t - rem) / u;
    } else {
      // Long division by u in 16-bit digits keeps every intermediate below u * 2^16 < 2^53
      // (u divides 1e9).
      const rh = high % u;
      const x = rh * 65_536 + (low >>> 16);
      const r1 = x % u;
      const y = r1 * 65_536 + (low & 0xffff);
      rem = y % u;
      // The low part is summed first so that the result is rounded once, like Number(BigInt).
      sec = ((high - rh) / u) * TWO_POW_32 + (((x - r1) / u) * 65_536 + (y - rem) / u);
    }
    this.sec = sec + this.offsetSec;
    this.nsec = rem * this.nsPerUnit;
  }

  private convertBig(high: number, low: number): void {
    const t = (BigInt(high) << 32n) | BigInt(low);
    this.sec = Number(t / this.unitsBig) + this.offsetSec;
    this.nsec = Number(((t % this.unitsBig) * 1_000_000_000n) / this.unitsBig);
  }
}

/** An interface of the current section. */
interface SectionInterface {
  info: CaptureInterface;
  clock: InterfaceClock;
}

/**
 * Incremental pcapng parser. `push` the file in chunks of any size, then `end`. Handles several
 * sections (each with its own byte order and interfaces), Interface Description Blocks (link type,
 * snaplen, `if_tsresol`, `if_tsoffset`, `if_name`), Enhanced, Simple and obsolete Packet Blocks
 * and Decryption Secrets Blocks; skips every other block. Anomalies:
 *
 * - `bad-block-length` (length not a multiple of 4, below 12, above 16 MiB, or trailer differs),
 *   `bad-section-header` (byte-order magic), `unsupported-version`, `missing-section-header`,
 *   `truncated-file`: fatal, with the offset; packets already read are kept;
 * - `unknown-block` (a type outside the registry), `bad-block` (too short for its fields),
 *   `bad-record-length` (captured length beyond the block), `unknown-interface`, `bad-option`,
 *   `caplen-exceeds-snaplen` (first occurrence only), `caplen-exceeds-origlen`: reported, reading goes on.
 */
export class PcapngParser extends RecordParser {
  private littleEndian = true;
  private inSection = false;
  private section: SectionInterface[] = [];

  constructor(sink: CaptureSink) {
    super(sink, BLOCK_OVERHEAD);
  }

  protected measure(view: DataView, pos: number, offset: number): number {
    let le = this.littleEndian;
    if (view.getUint32(pos, true) === BlockType.SECTION_HEADER) {
      const order = sectionByteOrder(view, pos);
      if (order === null) {
        this.report({
          kind: 'bad-section-header',
          offset,
          message: `section header at offset ${offset} has no valid byte-order magic; stopped reading there`,
          fatal: true,
        });
        return -1;
      }
      le = order;
    } else if (!this.inSection) {
      this.report({
        kind: 'missing-section-header',
        offset,
        message: `block at offset ${offset} comes before any section header block`,
        fatal: true,
      });
      return -1;
    }
    const len = view.getUint32(pos + 4, le);
    if (len < BLOCK_OVERHEAD || len % 4 !== 0 || len > MAX_BLOCK_LEN) {
      this.report({
        kind: 'bad-block-length',
        offset,
        message:
          `block at offset ${offset} has length ${len} ` +
          `(must be a multiple of 4, at least 12, at most ${MAX_BLOCK_LEN}); stopped reading there`,
        fatal: true,
      });
      return -1;
    }
    return len;
  }

  protected parse(buf: Buffer, view: DataView, pos: number, len: number, offset: number): void {
    const isSection = view.getUint32(pos, true) === BlockType.SECTION_HEADER;
    // measure() already checked the byte-order magic of a section header.
    const le = isSection ? sectionByteOrder(view, pos) === true : this.littleEndian;
    const trailer = view.getUint32(pos + len - 4, le);
    if (trailer !== len) {
      this.report({
        kind: 'bad-block-length',
        offset,
        message: `block at offset ${offset} has length ${len} but its trailing copy says ${trailer}; stopped reading there`,
        fatal: true,
      });
      return;
    }
    if (isSection) {
      this.parseSectionHeader(view, pos, len, offset, le);
      return;
    }
    const type = view.getUint32(pos, le);
    const body = pos + 8;
    const bodyEnd = pos + len - 4;
    switch (type) {
      case BlockType.ENHANCED_PACKET:
        this.parsePacket(buf, view, body, bodyEnd, offset, view.getUint32(body, le));
        break;
      case BlockType.PACKET:
        this.parsePacket(buf, view, body, bodyEnd, offset, view.getUint16(body, le));
        break;
      case BlockType.SIMPLE_PACKET:
        this.parseSimplePacket(buf, view, body, bodyEnd, offset);
        break;
      case BlockType.INTERFACE_DESCRIPTION:
        this.parseInterface(buf, view, body, bodyEnd, offset);
        break;
      case BlockType.DECRYPTION_SECRETS:
        this.parseSecrets(buf, view, body, bodyEnd, offset);
        break;
      default:
        if (!isKnownSkippedBlock(type)) {
          this.report({
            kind: 'unknown-block',
            offset,
            message: `skipped block of unknown type 0x${type.toString(16).padStart(8, '0')} at offset ${offset}`,
          });
        }
    }
  }

  protected pendingRecordName(): string {
    return 'a block';
  }

  private parseSectionHeader(view: DataView, pos: number, len: number, offset: number, le: boolean): void {
    if (len < MIN_SHB_LEN) {
      this.report({
        kind: 'bad-block-length',
        offset,
        message: `section header at offset ${offset} is only ${len} bytes (at least ${MIN_SHB_LEN}); stopped reading there`,
        fatal: true,
      });
      return;
    }
    const major = view.getUint16(pos + 12, le);
    if (major !== 1) {
      this.report({
        kind: 'unsupported-version',
        offset,
        message: `section at offset ${offset} is pcapng version ${major}.${view.getUint16(pos + 14, le)}; only 1.x is read`,
        fatal: true,
      });
      return;
    }
    this.littleEndian = le;
    this.inSection = true;
    this.section = [];
  }

  private parseInterface(buf: Buffer, view: DataView, body: number, bodyEnd: number, offset: number): void {
    if (bodyEnd - body < 8) {
      this.reportShortBlock('interface description', offset);
      return;
    }
    const le = this.littleEndian;
    const linkType = view.getUint16(body, le);
    const snapLen = view.getUint32(body + 4, le);
    let tsresol = 6;
    let tsoffset = 0;
    let name: string | undefined;
    let p = body + 8;
    while (bodyEnd - p >= 4) {
      const code = view.getUint16(p, le);
      const olen = view.getUint16(p + 2, le);
      if (code === OPT_END) break;
      if (p + 4 + olen > bodyEnd) {
        this.report({
          kind: 'bad-option',
          offset,
          message: `interface description at offset ${offset}: option ${code} runs past the end of the block; rest ignored`,
        });
        break;
      }
      if (code === IF_TSRESOL && olen >= 1) tsresol = buf[p + 4];
      else if (code === IF_TSOFFSET && olen >= 8) tsoffset = Number(view.getBigInt64(p + 4, le));
      else if (code === IF_NAME) name = buf.toString('utf8', p + 4, p + 4 + olen).replace(/\0+$/, '');
      p += 4 + ((olen + 3) & ~3);
    }
    const clock = new InterfaceClock(tsresol, tsoffset);
    const info: CaptureInterface = {
      id: this.interfaces.length,
      linkType,
      snapLen,
      tsUnitsPerSec: clock.unitsPerSec,
      ...(name !== undefined ? { name } : {}),
    };
    this.interfaces.push(info);
    this.section.push({ info, clock });
    this.sink.interface?.(info);
  }

  /**
   * Enhanced Packet Block, or the obsolete Packet Block (16-bit interface id and drop count in the
   * same four bytes): interface, timestamp high and low, captured and original length, data.
   */
  private parsePacket(
    buf: Buffer,
    view: DataView,
    body: number,
    bodyEnd: number,
    offset: number,
    interfaceId: number,
  ): void {
    const fields = body + 4;
    const frame = ++this.frames;
    if (bodyEnd - fields < 16) {
      this.reportShortBlock('packet', offset, frame);
      return;
    }
    const le = this.littleEndian;
    const caplen = view.getUint32(fields + 8, le);
    const data = fields + 16;
    if (caplen > bodyEnd - data) {
      this.report({
        kind: 'bad-record-length',
        offset,
        frame,
        message: `frame ${frame} at offset ${offset} claims ${caplen} captured bytes but its block holds ${bodyEnd - data}; skipped`,
      });
      return;
    }
    const iface = this.section[interfaceId];
    if (iface === undefined) {
      this.reportUnknownInterface(interfaceId, offset, frame);
      return;
    }
    iface.clock.convert(view.getUint32(fields, le), view.getUint32(fields + 4, le));
    this.deliver(buf, data, caplen, view.getUint32(fields + 12, le), iface, iface.clock.sec, iface.clock.nsec, offset, frame);
  }

  /** Simple Packet Block: interface 0, original length, data; caplen = min(orig, snaplen). */
  private parseSimplePacket(buf: Buffer, view: DataView, body: number, bodyEnd: number, offset: number): void {
    const frame = ++this.frames;
    if (bodyEnd - body < 4) {
      this.reportShortBlock('simple packet', offset, frame);
      return;
    }
    const iface = this.section[0];
    if (iface === undefined) {
      this.reportUnknownInterface(0, offset, frame);
      return;
    }
    const origLen = view.getUint32(body, this.littleEndian);
    const caplen = iface.info.snapLen > 0 ? Math.min(origLen, iface.info.snapLen) : origLen;
    if (caplen > bodyEnd - body - 4) {
      this.report({
        kind: 'bad-record-length',
        offset,
        frame,
        message: `simple packet ${frame} at offset ${offset} needs ${caplen} bytes but its block holds ${bodyEnd - body - 4}; skipped`,
      });
      return;
    }
    this.deliver(buf, body + 4, caplen, origLen, iface, 0, 0, offset, frame);
  }

  private parseSecrets(buf: Buffer, view: DataView, body: number, bodyEnd: number, offset: number): void {
    if (bodyEnd - body < 8) {
      this.reportShortBlock('decryption secrets', offset);
      return;
    }
    const type = view.getUint32(body, this.littleEndian);
    const length = view.getUint32(body + 4, this.littleEndian);
    if (length > bodyEnd - body - 8) {
      this.report({
        kind: 'bad-record-length',
        offset,
        message: `decryption secrets block at offset ${offset} claims ${length} bytes but holds ${bodyEnd - body - 8}; skipped`,
      });
      return;
    }
    // Copied: secrets are kept after this call, unlike packet data.
    this.sink.secrets?.({ type, data: Buffer.from(buf.subarray(body + 8, body + 8 + length)) });
  }

  private deliver(
    buf: Buffer,
    data: number,
    caplen: number,
    origLen: number,
    iface: SectionInterface,
    tsSec: number,
    tsNsec: number,
    offset: number,
    frame: number,
  ): void {
    const info = iface.info;
    this.deliverPacket(
      { frame, tsSec, tsNsec, linkType: info.linkType, data: buf.subarray(data, data + caplen), origLen, interfaceId: info.id },
      offset,
      info.snapLen,
      `interface ${info.id}'s`,
    );
  }

  private reportShortBlock(what: string, offset: number, frame?: number): void {
    this.report({
      kind: 'bad-block',
      offset,
      ...(frame !== undefined ? { frame } : {}),
      message: `${what} block at offset ${offset} is too short for its fields; skipped`,
    });
  }

  private reportUnknownInterface(interfaceId: number, offset: number, frame: number): void {
    this.report({
      kind: 'unknown-interface',
      offset,
      frame,
      message: `frame ${frame} at offset ${offset} names interface ${interfaceId}, but its section describes ${this.section.length}; skipped`,
    });
  }
}

/** Byte order of the section header at `pos`: true for little-endian, null for a bad magic. */
function sectionByteOrder(view: DataView, pos: number): boolean | null {
  const magic = view.getUint32(pos + 8, true);
  if (magic === BYTE_ORDER_MAGIC) return true;
  if (magic === 0x4d3c2b1a) return false;
  return null;
}
