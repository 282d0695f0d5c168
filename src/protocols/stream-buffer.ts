/**
 * One direction's unread bytes, read as lines (commands, replies) or as counted octets (literals,
 * BDAT chunks). Shared by every decoder. Tracks the stream offset of each byte (gaps included) so
 * events can say exactly which bytes they cover.
 *
 * Lines end at LF. A CR that is not followed by LF stays inside the line and is reported as
 * `bareCr`; an LF without CR is reported as ending `LF`. Neither is fixed silently: the decoders
 * turn them into violations.
 */

export type LineEnding = 'CRLF' | 'LF' | 'none';

export interface Line {
  /** The line's bytes without the ending. A view: copy it to keep it past the next push(). */
  bytes: Buffer;
  ending: LineEnding;
  /** Stream offset of the first byte. */
  offset: number;
  /** Bytes consumed, ending included. */
  length: number;
  /** The line contains a CR that is not part of a CRLF. */
  bareCr: boolean;
  /** The line was longer than the limit given to readLine(): this is the first `limit` bytes and the rest follows as further pieces. */
  overlong: boolean;
}

const LF = 0x0a;
const CR = 0x0d;
const EMPTY = Buffer.alloc(0);

export class StreamBuffer {
  /** The unread bytes are buf[pos..]. buf is a view of the caller's chunk, or of `store`. */
  private buf: Buffer = EMPTY;
  private pos = 0;
  private base = 0; // stream offset of buf[0]
  /** Memory of our own that buf is a prefix of (null while buf is a view of the caller's chunk). */
  private store: Buffer | null = null;

  constructor(initialOffset = 0) {
    this.base = initialOffset;
  }

  /** Stream offset of the next unread byte. */
  get offset(): number {
    return this.base + this.pos;
  }

  /** Unread bytes held. */
  get available(): number {
    return this.buf.length - this.pos;
  }

  /**
   * Appends bytes. The buffer may keep a view of `bytes` until detach() is called. Bytes already
   * handed out (lines, octets) are never overwritten: appending writes only past them, and making
   * room allocates new memory, so a long line arriving in many small pieces costs linear time.
   */
  push(bytes: Buffer): void {
    if (bytes.length === 0) return;
    if (this.pos >= this.buf.length) {
      this.base += this.buf.length;
      this.buf = bytes;
      this.pos = 0;
      this.store = null;
      return;
    }
    const len = this.buf.length;
    if (this.store && this.pos * 2 < len && this.store.length - len >= bytes.length) {
      bytes.copy(this.store, len);
      this.buf = this.store.subarray(0, len + bytes.length);
      return;
    }
    this.moveRest(bytes.length, bytes);
  }

  /**
   * Copies the unread bytes into memory of their own (so the caller's chunk can be freed), with
   * room for `extra` more bytes, followed by `next` if given.
   */
  private moveRest(extra: number, next?: Buffer): void {
    const rest = this.buf.subarray(this.pos);
    const need = rest.length + extra;
    const store = Buffer.allocUnsafe(Math.max(need * 2, 256));
    rest.copy(store, 0);
    if (next) next.copy(store, rest.length);
    this.base += this.pos;
    this.pos = 0;
    this.store = store;
    this.buf = store.subarray(0, next ? need : rest.length);
  }

  /**
   * Copies the unread bytes into memory of their own, so that the caller's chunk can be freed
   * (and a store grown for a long line is given back once it is mostly read). Decoders call it at
   * the end of each feed().
   */
  detach(): void {
    const rest = this.buf.length - this.pos;
    if (rest === 0) {
      this.base += this.buf.length;
      this.buf = EMPTY;
      this.pos = 0;
      this.store = null;
      return;
    }
    if (!this.store || (this.store.length > 64 * 1024 && rest * 4 < this.store.length)) this.moveRest(0);
  }

  /**
   * The next complete line, or null when no LF has arrived yet. When `limit` bytes arrive without
   * an LF, returns them as an `overlong` piece so that memory stays bounded.
   */
  readLine(limit = Infinity): Line | null {
    const start = this.pos;
    const end = this.buf.length;
    if (start >= end) return null;
    const searchEnd = limit === Infinity ? end : Math.min(end, start + limit + 2);
    let lf = this.buf.indexOf(LF, start);
    if (lf >= searchEnd) lf = -1;
    if (lf < 0) {
      if (end - start > limit) return this.cut(start, start + limit, 'none', true);
      return null;
    }
    const crlf = lf > start && this.buf[lf - 1] === CR;
    const contentEnd = crlf ? lf - 1 : lf;
    if (contentEnd - start > limit) return this.cut(start, start + limit, 'none', true);
    return this.cut(start, lf + 1, crlf ? 'CRLF' : 'LF', false, contentEnd);
  }

  /** Whatever is left as a final unterminated line (at the end of the stream), or null. */
  readRest(): Line | null {
    if (this.pos >= this.buf.length) return null;
    return this.cut(this.pos, this.buf.length, 'none', false);
  }

  private cut(start: number, next: number, ending: LineEnding, overlong: boolean, contentEnd = next): Line {
    const bytes = this.buf.subarray(start, contentEnd);
    this.pos = next;
    return { bytes, ending, offset: this.base + start, length: next - start, bareCr: bytes.includes(CR), overlong };
  }

  /** Exactly `n` bytes, or null if fewer are available. */
  readBytes(n: number): Buffer | null {
    if (this.buf.length - this.pos < n) return null;
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** Up to `max` bytes (whatever is available), for streaming content through. */
  take(max: number): Buffer {
    const n = Math.min(max, this.buf.length - this.pos);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** The next `n` unread bytes (or fewer) without consuming them. */
  peek(n: number): Buffer {
    return this.buf.subarray(this.pos, Math.min(this.buf.length, this.pos + n));
  }

  /**
   * `length` bytes are missing from the stream: drops what is buffered (an incomplete unit that
   * can no longer be completed) and moves the offset past the hole. Returns the dropped bytes.
   */
  gap(length: number): Buffer {
    const dropped = this.buf.subarray(this.pos);
    this.base += this.buf.length + length;
    this.buf = EMPTY;
    this.pos = 0;
    this.store = null;
    return dropped;
  }
}

/** Bytes as display text: UTF-8 where valid (SMTPUTF8, IMAP UTF8=ACCEPT), U+FFFD elsewhere. */
export function toText(bytes: Buffer): string {
  return bytes.toString('utf8');
}
