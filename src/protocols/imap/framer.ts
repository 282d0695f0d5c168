/**
 * One direction's bytes cut into what IMAP is made of: lines, and the counted octets of literals
 * that follow a line ending in `{n}`. The framer knows nothing of the grammar: its sink says, for
 * each line, how many literal octets follow. Literal octets are handed on as they arrive (a literal
 * can be gigabytes), never collected. After COMPRESS=DEFLATE the framer inflates first; event
 * offsets still refer to the bytes on the wire.
 */
import type { LineEnding } from '../stream-buffer.js';
import { StreamBuffer } from '../stream-buffer.js';
import { RawInflater } from './inflate.js';

/** Longest line kept whole; longer lines are cut to this (the rest is counted and skipped). */
export const MAX_LINE = 1024 * 1024;
/** Inflated output is processed in pieces of this size. */
const INFLATE_PIECE = 64 * 1024;
/** A compressed stream that inflates to more than this ratio (plus a small allowance) is a decompression bomb. */
export const MAX_INFLATE_RATIO = 100;
const INFLATE_ALLOWANCE = 1024 * 1024;

export interface FramedLine {
  /** The line without its ending (cut to MAX_LINE when `cut`). A view: copy it to keep it. */
  bytes: Buffer;
  ending: LineEnding;
  /** Stream offset of the first byte, and raw bytes covered (ending included). */
  offset: number;
  length: number;
  bareCr: boolean;
  /** The line was longer than MAX_LINE: `bytes` is its beginning and `tail` its last octets (where a literal announcement would be). */
  cut: boolean;
  tail?: Buffer;
  ts: number;
}

/** Receives the units of one direction. */
export interface FramerSink {
  /** A line; returns the number of literal octets that follow it, or null when none do. */
  line(line: FramedLine): number | null;
  /** Literal octets (a view of the caller's chunk: copy what must be kept) at wire offsets [offset, end). */
  literalData(bytes: Buffer, offset: number, end: number, ts: number): void;
  /** The literal's last octet arrived (or the literal was lost in a gap). */
  literalEnd(ts: number): void;
  /**
   * `length` bytes are missing from `offset` on. `inLiteral` when the hole starts inside a literal
   * (`literalLeft` octets of it were still expected); `dropped` counts the bytes of an incomplete
   * line before the hole, which can no longer end.
   */
  gap(length: number, ts: number, where: { inLiteral: boolean; literalLeft: number; dropped: number; offset: number }): void;
  /** Something the framer must say (compression trouble). */
  note(text: string, offset: number, ts: number, violation?: string): void;
}

export class Framer {
  private buf = new StreamBuffer();
  /** Literal octets still expected (0: reading lines). */
  private literalLeft = 0;
  private inLiteral = false;
  /** An overlong line being skipped: its first piece and the bytes counted so far. */
  private overlong: { bytes: Buffer; offset: number; length: number; bareCr: boolean; tail: Buffer } | null = null;
  /** Bytes of this direction are no longer decoded (TLS started, or compressed data became unreadable). */
  private stopped = false;
  private stopPending = false;
  private inflatePending = false;
  /** Inside drain(): changes of mode wait until the current line is handled. */
  private draining = false;
  private inflater: RawInflater | null = null;
  /** Wire offset of the next byte to come, while the buffer does not track it (compressed or stopped). */
  private wire = 0;
  /** Inflated and compressed octets so far, for the expansion bound. */
  private inflatedTotal = 0;
  private compressedTotal = 0;
  /** Compressed mode: [end of inflated range, wire offset where its compressed input started], oldest first. */
  private map: [number, number][] = [];

  constructor(private readonly sink: FramerSink) {}

  /** Wire offset of the next unread byte. */
  get offset(): number {
    return this.inflater || this.stopped ? this.wire : this.buf.offset;
  }

  feed(bytes: Buffer, ts: number): void {
    if (this.stopped) {
      this.wire += bytes.length;
      return;
    }
    if (this.inflater) this.inflate(bytes, ts);
    else {
      this.buf.push(bytes);
      this.drain(ts);
    }
    if (this.stopPending) this.finishPendingStop(ts);
    this.buf.detach();
    this.inflater?.detach();
  }

  /** After stopAfterBuffered(): an incomplete last line is shown as it is, then decoding stops. */
  private finishPendingStop(ts: number): void {
    this.stopPending = false;
    if (!this.inLiteral) this.end(ts);
    this.stop();
  }

  gap(length: number, ts: number): void {
    if (this.stopped) {
      this.wire += length;
      return;
    }
    if (this.inflater) {
      const at = this.wire;
      this.wire += length;
      this.stop();
      this.sink.note(`${length} compressed bytes are missing: the rest of this direction cannot be inflated`, at, ts);
      return;
    }
    // Where the hole starts (an incomplete line before it is still buffered).
    const offset = this.buf.offset + this.buf.available;
    if (this.inLiteral && length < this.literalLeft) {
      this.literalLeft -= length;
      this.buf.gap(length);
      this.sink.gap(length, ts, { inLiteral: true, literalLeft: this.literalLeft + length, dropped: 0, offset });
      return;
    }
    const left = this.inLiteral ? this.literalLeft : 0;
    const dropped = this.buf.gap(length).length + (this.overlong ? this.overlong.length : 0);
    this.overlong = null;
    this.literalLeft = 0;
    const wasLiteral = this.inLiteral;
    this.inLiteral = false;
    this.sink.gap(length, ts, { inLiteral: wasLiteral, literalLeft: left, dropped, offset });
    if (wasLiteral) this.sink.literalEnd(ts);
  }

  /** The end of the stream: an unterminated last line is delivered as it is. */
  end(ts: number): void {
    if (this.stopped || this.inLiteral) return;
    this.stopPending = false;
    if (this.overlong) {
      const o = this.overlong;
      this.overlong = null;
      const rest = this.buf.readRest();
      const tail = rest ? keepTail(o.tail, rest.bytes) : o.tail;
      this.sink.line({ bytes: o.bytes, ending: 'none', offset: o.offset, length: o.length + (rest?.length ?? 0), bareCr: o.bareCr || !!rest?.bareCr, cut: true, tail, ts });
      return;
    }
    const rest = this.buf.readRest();
    if (rest) this.sink.line({ bytes: rest.bytes, ending: 'none', offset: this.wireOffset(rest.offset), length: rest.length, bareCr: rest.bareCr, cut: false, ts });
  }

  /** Literal octets that were announced but will not come (the server refused the literal): back to lines. */
  cancelLiteral(): void {
    this.inLiteral = false;
    this.literalLeft = 0;
  }

  /** Unread bytes held (an incomplete line, or lines not yet handed on while the sink is busy). */
  get buffered(): number {
    return this.inflater ? 0 : this.buf.available;
  }

  /**
   * Stops decoding this direction now (TLS begins): bytes already buffered are dropped and their
   * number returned (they belong to no TLS handshake: the STARTTLS injection).
   */
  stopForTls(): number {
    const dropped = this.buf.available;
    this.stop();
    return dropped;
  }

  /**
   * Stops decoding once the lines already buffered have been handed on (TLS begins after the
   * line being handled; what follows it in the buffer is shown, then the direction stops).
   */
  stopAfterBuffered(): void {
    this.stopPending = true;
  }

  /** Decoding resumes (the TLS layer found cleartext); bytes are fed again from the current offset. */
  resume(): void {
    if (this.inflater || !this.stopped) return;
    this.stopped = false;
    this.buf = new StreamBuffer(this.wire);
  }

  /**
   * From the byte after the current line on, this direction is raw DEFLATE (RFC 4978). Called while
   * a line is being handled, it takes effect when that line's handling returns.
   */
  startInflate(ts: number): void {
    if (this.inflater || this.stopped) return;
    if (this.draining) {
      this.inflatePending = true;
      return;
    }
    this.beginInflate(ts);
  }

  private beginInflate(ts: number): void {
    this.inflatePending = false;
    this.wire = this.buf.offset;
    const pending = Buffer.from(this.buf.take(this.buf.available));
    this.buf = new StreamBuffer(0);
    this.inflater = new RawInflater();
    this.map = [];
    if (pending.length) this.inflate(pending, ts);
  }

  private stop(): void {
    if (!this.inflater) this.wire = this.buf.offset + this.buf.available;
    this.buf = new StreamBuffer(this.wire);
    this.stopPending = false;
    this.stopped = true;
    this.inLiteral = false;
    this.literalLeft = 0;
    this.overlong = null;
  }

  private inflate(bytes: Buffer, ts: number): void {
    const inf = this.inflater!;
    const start = this.wire;
    inf.write(bytes);
    this.wire += bytes.length;
    this.compressedTotal += bytes.length;
    for (;;) {
      const out = inf.read(INFLATE_PIECE);
      if (out.length === 0) break;
      this.inflatedTotal += out.length;
      if (this.inflatedTotal > MAX_INFLATE_RATIO * this.compressedTotal + INFLATE_ALLOWANCE) {
        this.stop();
        this.sink.note(
          `compressed data inflates more than ${MAX_INFLATE_RATIO}-fold (${this.inflatedTotal} octets from ${this.compressedTotal}): decompression stopped`,
          start,
          ts,
        );
        return;
      }
      this.map.push([this.buf.offset + this.buf.available + out.length, start]);
      this.buf.push(out);
      this.drain(ts);
      if (this.stopped) return;
      this.buf.detach();
    }
    if (inf.error) {
      this.stop();
      this.sink.note(`compressed data is corrupt (${inf.error}): the rest of this direction cannot be decoded`, start, ts, 'IMAP-COMPRESS-CORRUPT');
    }
  }

  /** Wire offset of inflated offset `o` (the start of the compressed input that produced it). */
  private wireOffset(o: number): number {
    if (!this.inflater) return o;
    while (this.map.length > 1 && this.map[0]![0] <= o) this.map.shift();
    const m = this.map[0];
    return m && o < m[0] ? m[1] : this.wire;
  }

  private drain(ts: number): void {
    this.draining = true;
    try {
      this.drainUnits(ts);
    } finally {
      this.draining = false;
    }
    if (this.inflatePending) this.beginInflate(ts);
  }

  private drainUnits(ts: number): void {
    while (!this.stopped && !this.inflatePending) {
      if (this.inLiteral) {
        if (this.literalLeft > 0) {
          if (this.buf.available === 0) return;
          const at = this.buf.offset;
          const chunk = this.buf.take(this.literalLeft);
          this.literalLeft -= chunk.length;
          this.sink.literalData(chunk, this.wireOffset(at), this.wireOffset(this.buf.offset), ts);
          if (this.literalLeft > 0) return;
        }
        this.inLiteral = false;
        this.sink.literalEnd(ts);
        continue;
      }
      const line = this.buf.readLine(MAX_LINE);
      if (!line) return;
      if (line.overlong) {
        if (!this.overlong) {
          const bytes = Buffer.from(line.bytes);
          this.overlong = { bytes, offset: this.wireOffset(line.offset), length: line.length, bareCr: line.bareCr, tail: keepTail(Buffer.alloc(0), bytes) };
        } else {
          this.overlong.length += line.length;
          this.overlong.bareCr ||= line.bareCr;
          this.overlong.tail = keepTail(this.overlong.tail, line.bytes);
        }
        continue;
      }
      let framed: FramedLine;
      if (this.overlong) {
        const o = this.overlong;
        this.overlong = null;
        framed = {
          bytes: o.bytes,
          ending: line.ending,
          offset: o.offset,
          length: o.length + line.length,
          bareCr: o.bareCr || line.bareCr,
          cut: true,
          tail: keepTail(o.tail, line.bytes),
          ts,
        };
      } else {
        framed = { bytes: line.bytes, ending: line.ending, offset: this.wireOffset(line.offset), length: line.length, bareCr: line.bareCr, cut: false, ts };
      }
      if (this.inflater) framed.length = Math.max(0, this.wireOffset(this.buf.offset) - framed.offset);
      const literal = this.sink.line(framed);
      if (literal !== null && !this.stopped) {
        this.inLiteral = true;
        this.literalLeft = literal;
      }
    }
  }
}

/** Octets of an overlong line's end that are kept: enough for the longest literal announcement. */
const TAIL_BYTES = 24;

function keepTail(prev: Buffer, more: Buffer): Buffer {
  if (more.length >= TAIL_BYTES) return Buffer.from(more.subarray(more.length - TAIL_BYTES));
  const both = Buffer.concat([prev, more]);
  return both.length > TAIL_BYTES ? both.subarray(both.length - TAIL_BYTES) : both;
}
