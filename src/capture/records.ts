import type { CaptureAnomaly, CaptureInterface, CaptureSink, RawPacket } from './types.js';

/**
 * Base of the incremental capture parsers (classic pcap, pcapng). Cuts the byte stream pushed in
 * arbitrary chunks into length-prefixed records and hands each complete record to the subclass:
 *
 * - `measure` reads a record's header (`headerLen` bytes) and returns the record's total length,
 *   or -1 after reporting a fatal anomaly (a length that lies);
 * - `parse` receives the complete record.
 *
 * A record inside one chunk is parsed in place (no copy). Only a record that straddles two or more
 * chunks is copied, into one buffer of its exact size, so memory is bounded by the largest record
 * `measure` accepts. After a fatal anomaly the parser is `stopped` and ignores further input.
 */
export abstract class RecordParser {
  /** Packets handed to the sink. */
  packets = 0;
  /** Anomalies reported (fatal or not). */
  anomalies = 0;
  /** Packet records met so far, delivered or not: the last frame number handed out. */
  frames = 0;
  /** Bytes pushed so far. */
  bytes = 0;
  /** True once a fatal anomaly stopped the parser: further input is ignored. */
  stopped = false;
  /** Every interface described so far, in file order. */
  readonly interfaces: CaptureInterface[] = [];

  /** File offset where the next record starts. */
  private offset = 0;
  /** The first bytes of a record whose header straddles chunks. */
  private readonly head = Buffer.alloc(32);
  private headFill = 0;
  /** A record that straddles chunks, allocated to its full length once its header was measured. */
  private partial: Buffer | null = null;
  private partialFill = 0;

  /**
   * @param sink receives packets, anomalies and the rest, in file order.
   * @param headerLen bytes `measure` needs to know a record's length (at most 32).
   */
  protected constructor(
    protected readonly sink: CaptureSink,
    protected headerLen: number,
  ) {}

  /** Returns the total length of the record at `pos` (>= `headerLen`), or -1 to stop. */
  protected abstract measure(view: DataView, pos: number, offset: number): number;

  /** Handles one complete record of `len` bytes at `buf[pos]`; `offset` is its file offset. */
  protected abstract parse(buf: Buffer, view: DataView, pos: number, len: number, offset: number): void;

  /** Names what a truncated file ends inside of, for the `truncated-file` message. */
  protected abstract pendingRecordName(): string;

  /** Feeds the next chunk of the file. */
  push(chunk: Buffer): void {
    this.bytes += chunk.length;
    if (this.stopped) return;
    let pos = 0;
    if (this.headFill > 0 || this.partial !== null) {
      pos = this.completeCarried(chunk);
      if (pos < 0) return;
    }
    const end = chunk.length;
    const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    while (end - pos >= this.headerLen) {
      const len = this.measure(view, pos, this.offset);
      if (len < 0) return;
      if (len > end - pos) {
        this.partial = Buffer.allocUnsafe(len);
        this.partialFill = chunk.copy(this.partial, 0, pos, end);
        return;
      }
      this.parse(chunk, view, pos, len, this.offset);
      if (this.stopped) return;
      pos += len;
      this.offset += len;
    }
    this.headFill = chunk.copy(this.head, 0, pos, end);
  }

  /** Signals the end of the file: a record left incomplete is a `truncated-file` anomaly. */
  end(): void {
    if (this.stopped) return;
    const have = this.partial !== null ? this.partialFill : this.headFill;
    if (have > 0) {
      const need = this.partial !== null ? ` of ${this.partial.length}` : '';
      this.report({
        kind: 'truncated-file',
        offset: this.offset,
        message: `file ends inside ${this.pendingRecordName()} at offset ${this.offset} (${have}${need} bytes present)`,
        fatal: true,
      });
    }
    this.stopped = true;
  }

  private snapLenExceeded = false;

  /**
   * Hands a packet to the sink after the checks every format makes: captured length over the
   * snaplen (reported once per file; `snapLenOf` names whose snaplen) and over the wire length.
   */
  protected deliverPacket(p: RawPacket, offset: number, snapLen: number, snapLenOf: string): void {
    const caplen = p.data.length;
    if (caplen > snapLen && snapLen > 0 && !this.snapLenExceeded) {
      this.snapLenExceeded = true;
      this.report({
        kind: 'caplen-exceeds-snaplen',
        offset,
        frame: p.frame,
        message: `frame ${p.frame} has ${caplen} captured bytes, more than ${snapLenOf} snaplen ${snapLen} (later ones not reported)`,
      });
    }
    if (p.origLen < caplen) {
      this.report({
        kind: 'caplen-exceeds-origlen',
        offset,
        frame: p.frame,
        message: `frame ${p.frame} has ${caplen} captured bytes but claims only ${p.origLen} on the wire`,
      });
    }
    this.packets++;
    this.sink.packet(p);
  }

  /** Counts an anomaly, passes it to the sink, and stops the parser if it is fatal. */
  protected report(a: CaptureAnomaly): void {
    this.anomalies++;
    if (a.fatal) this.stopped = true;
    this.sink.anomaly?.(a);
  }

  /**
   * Completes the carried header or record with the start of `chunk` and parses it once whole.
   * Returns the position in `chunk` after the bytes used, or -1 when the chunk is used up or the
   * parser stopped.
   */
  private completeCarried(chunk: Buffer): number {
    let pos = 0;
    if (this.partial === null) {
      pos = chunk.copy(this.head, this.headFill, 0, this.headerLen - this.headFill);
      this.headFill += pos;
      if (this.headFill < this.headerLen) return -1;
      const len = this.measure(new DataView(this.head.buffer, this.head.byteOffset, this.headerLen), 0, this.offset);
      if (len < 0) return -1;
      this.partial = Buffer.allocUnsafe(len);
      this.partialFill = this.head.copy(this.partial, 0, 0, this.headFill);
      this.headFill = 0;
    }
    const record = this.partial;
    const copied = chunk.copy(record, this.partialFill, pos, pos + record.length - this.partialFill);
    this.partialFill += copied;
    pos += copied;
    if (this.partialFill < record.length) return -1;
    this.partial = null;
    this.partialFill = 0;
    this.parse(record, new DataView(record.buffer, record.byteOffset, record.length), 0, record.length, this.offset);
    this.offset += record.length;
    return this.stopped ? -1 : pos;
  }
}
