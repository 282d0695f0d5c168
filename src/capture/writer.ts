import { PcapMagic } from './pcap.js';
import { BlockType, BYTE_ORDER_MAGIC } from './pcapng.js';
import type { DecryptionSecrets } from './types.js';

/** One frame to write. */
export interface FrameRecord {
  /** Seconds since the epoch. */
  tsSec: number;
  /** Nanoseconds within the second (0..999_999_999). */
  tsNsec: number;
  /** The frame's bytes; cut to the snaplen when longer. */
  data: Buffer;
  /** Length on the wire; defaults to `data.length`. */
  origLen?: number;
  /** pcapng only: index of the interface in the writer's `interfaces`; default 0. */
  interfaceId?: number;
}

/** Snaplen written when none is given (Wireshark's and tcpdump's default). */
const DEFAULT_SNAPLEN = 262_144;

/** A fresh zero-filled buffer with integer setters in one byte order. */
class FieldWriter {
  readonly buf: Buffer;
  private readonly view: DataView;
  constructor(
    length: number,
    private readonly littleEndian: boolean,
  ) {
    this.buf = Buffer.alloc(length);
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, length);
  }
  u16(pos: number, v: number): void {
    this.view.setUint16(pos, v, this.littleEndian);
  }
  u32(pos: number, v: number): void {
    this.view.setUint32(pos, v, this.littleEndian);
  }
  i64(pos: number, v: bigint): void {
    this.view.setBigInt64(pos, v, this.littleEndian);
  }
}

const pad4 = (n: number): number => (n + 3) & ~3;

/** Options of a classic pcap file. */
export interface PcapWriterOptions {
  /** LINKTYPE_* of every frame (see `LinkType`). */
  linkType: number;
  /** Default 262144. Longer frames are cut to it. */
  snapLen?: number;
  /** Nanosecond timestamps (magic a1b23c4d) instead of microseconds. */
  nanosecond?: boolean;
  /** Write a big-endian file (as a SPARC or PowerPC host would). */
  bigEndian?: boolean;
}

/** Encodes classic pcap: `header()` once, then `record()` per frame; concatenate the results. */
export class PcapWriter {
  private readonly littleEndian: boolean;
  private readonly snapLen: number;

  constructor(private readonly opts: PcapWriterOptions) {
    this.littleEndian = !opts.bigEndian;
    this.snapLen = opts.snapLen ?? DEFAULT_SNAPLEN;
  }

  /** The 24-byte file header. */
  header(): Buffer {
    const w = new FieldWriter(24, this.littleEndian);
    w.u32(0, this.opts.nanosecond ? PcapMagic.NANO_LE : PcapMagic.MICRO_LE);
    w.u16(4, 2);
    w.u16(6, 4);
    w.u32(16, this.snapLen);
    w.u32(20, this.opts.linkType);
    return w.buf;
  }

  /** One packet record: 16-byte header and the (snaplen-cut) data. */
  record(f: FrameRecord): Buffer {
    const caplen = Math.min(f.data.length, this.snapLen);
    const w = new FieldWriter(16 + caplen, this.littleEndian);
    w.u32(0, f.tsSec);
    w.u32(4, this.opts.nanosecond ? f.tsNsec : Math.floor(f.tsNsec / 1000));
    w.u32(8, caplen);
    w.u32(12, f.origLen ?? f.data.length);
    f.data.copy(w.buf, 16, 0, caplen);
    return w.buf;
  }
}

/** One interface of a pcapng section. */
export interface PcapngInterfaceOptions {
  /** LINKTYPE_* of the frames captured on it. */
  linkType: number;
  /** Default 262144; 0 means no limit. Longer frames are cut to it. */
  snapLen?: number;
  /** The `if_tsresol` byte: 10^-v seconds, or 2^-(v & 0x7f) with bit 7 set. Default 6 (microseconds). */
  tsresol?: number;
  /** The `if_tsoffset` option: seconds added to every timestamp of this interface. Default 0. */
  tsOffset?: number;
  /** The `if_name` option. */
  name?: string;
}

/** Options of a pcapng file (one section). */
export interface PcapngWriterOptions {
  interfaces: PcapngInterfaceOptions[];
  /** Write a big-endian section. */
  bigEndian?: boolean;
}

/**
 * Encodes one pcapng section: `header()` (Section Header Block and one Interface Description
 * Block per interface) once, then `record()` (Enhanced Packet Block) per frame, with `simple()`,
 * `secrets()` and `block()` for the other block kinds; concatenate the results. Concatenating
 * two writers' outputs gives a file of two sections.
 */
export class PcapngWriter {
  private readonly littleEndian: boolean;
  private readonly units: bigint[];

  constructor(private readonly opts: PcapngWriterOptions) {
    this.littleEndian = !opts.bigEndian;
    this.units = opts.interfaces.map((i) => {
      const r = i.tsresol ?? 6;
      return r & 0x80 ? 1n << BigInt(r & 0x7f) : 10n ** BigInt(r);
    });
  }

  /** Section Header Block followed by the Interface Description Blocks. */
  header(): Buffer {
    const shb = new FieldWriter(16, this.littleEndian);
    shb.u32(0, BYTE_ORDER_MAGIC);
    shb.u16(4, 1);
    shb.u16(6, 0);
    shb.i64(8, -1n);
    return Buffer.concat([
      this.block(BlockType.SECTION_HEADER, shb.buf),
      ...this.opts.interfaces.map((i) => this.interfaceBlock(i)),
    ]);
  }

  /**
   * Enhanced Packet Block on interface `f.interfaceId` (default 0).
   * @throws RangeError for an interface the writer lacks, or a time that 64 bits of the
   * interface's units cannot hold.
   */
  record(f: FrameRecord): Buffer {
    const id = f.interfaceId ?? 0;
    const iface = this.opts.interfaces[id];
    if (iface === undefined) throw new RangeError(`no interface ${id} in this pcapng writer`);
    const snapLen = iface.snapLen ?? DEFAULT_SNAPLEN;
    const caplen = snapLen > 0 ? Math.min(f.data.length, snapLen) : f.data.length;
    const units = this.units[id];
    const ts = BigInt(f.tsSec - (iface.tsOffset ?? 0)) * units + (BigInt(f.tsNsec) * units) / 1_000_000_000n;
    if (ts < 0n || ts >= 1n << 64n) throw new RangeError(`time ${f.tsSec}s does not fit 64 bits at interface ${id}'s resolution`);
    const body = new FieldWriter(20 + pad4(caplen), this.littleEndian);
    body.u32(0, id);
    body.u32(4, Number(ts >> 32n));
    body.u32(8, Number(ts & 0xffff_ffffn));
    body.u32(12, caplen);
    body.u32(16, f.origLen ?? f.data.length);
    f.data.copy(body.buf, 20, 0, caplen);
    return this.block(BlockType.ENHANCED_PACKET, body.buf);
  }

  /**
   * Simple Packet Block (interface 0, no timestamp) holding all of `data`. A reader takes
   * min(origLen, snaplen of interface 0) bytes, so give an `origLen` above `data.length` only
   * when `data` is exactly that snaplen long.
   */
  simple(data: Buffer, origLen = data.length): Buffer {
    const body = new FieldWriter(4 + pad4(data.length), this.littleEndian);
    body.u32(0, origLen);
    data.copy(body.buf, 4);
    return this.block(BlockType.SIMPLE_PACKET, body.buf);
  }

  /** Decryption Secrets Block. */
  secrets(s: DecryptionSecrets): Buffer {
    const body = new FieldWriter(8 + pad4(s.data.length), this.littleEndian);
    body.u32(0, s.type);
    body.u32(4, s.data.length);
    s.data.copy(body.buf, 8);
    return this.block(BlockType.DECRYPTION_SECRETS, body.buf);
  }

  /** Any block: type, length, `body` padded to 4 bytes, length again. */
  block(type: number, body: Buffer): Buffer {
    const len = 12 + pad4(body.length);
    const w = new FieldWriter(len, this.littleEndian);
    w.u32(0, type);
    w.u32(4, len);
    body.copy(w.buf, 8);
    w.u32(len - 4, len);
    return w.buf;
  }

  private interfaceBlock(i: PcapngInterfaceOptions): Buffer {
    const options: Buffer[] = [];
    if (i.name !== undefined) options.push(this.option(2, Buffer.from(i.name, 'utf8')));
    if (i.tsresol !== undefined && i.tsresol !== 6) options.push(this.option(9, Buffer.from([i.tsresol])));
    if (i.tsOffset) {
      const v = new FieldWriter(8, this.littleEndian);
      v.i64(0, BigInt(i.tsOffset));
      options.push(this.option(14, v.buf));
    }
    if (options.length > 0) options.push(Buffer.alloc(4)); // opt_endofopt
    const fixed = new FieldWriter(8, this.littleEndian);
    fixed.u16(0, i.linkType);
    fixed.u32(4, i.snapLen ?? DEFAULT_SNAPLEN);
    return this.block(BlockType.INTERFACE_DESCRIPTION, Buffer.concat([fixed.buf, ...options]));
  }

  private option(code: number, value: Buffer): Buffer {
    const w = new FieldWriter(4 + pad4(value.length), this.littleEndian);
    w.u16(0, code);
    w.u16(2, value.length);
    value.copy(w.buf, 4);
    return w.buf;
  }
}

/** A whole classic pcap file holding `frames`. */
export function encodePcap(frames: Iterable<FrameRecord>, opts: PcapWriterOptions): Buffer {
  const w = new PcapWriter(opts);
  const parts = [w.header()];
  for (const f of frames) parts.push(w.record(f));
  return Buffer.concat(parts);
}

/** A whole one-section pcapng file holding `frames` as Enhanced Packet Blocks. */
export function encodePcapng(frames: Iterable<FrameRecord>, opts: PcapngWriterOptions): Buffer {
  const w = new PcapngWriter(opts);
  const parts = [w.header()];
  for (const f of frames) parts.push(w.record(f));
  return Buffer.concat(parts);
}
