/**
 * The body of a RETR or TOP response: a mail message streamed line by line, dot-unstuffed,
 * recorded as a session Message and shown as `data` events. A data event is cut every
 * DATA_EVENT_BYTES raw octets (at a line end), so the events do not depend on how the bytes were
 * chunked; memory is bounded by DecoderOptions.keepMessageBytes + previewBytes + one line.
 */
import type { DataEvent } from '../../model/events.js';
import type { Message } from '../../model/session.js';
import type { DecoderContext } from '../decoder.js';
import type { Line } from '../stream-buffer.js';
import { toText } from '../stream-buffer.js';
import { HeaderCollector } from '../message-headers.js';

/** Raw octets after which the current data event is closed (at the next line end). */
export const DATA_EVENT_BYTES = 1024 * 1024;

const DOT = 0x2e;
const CRLF = Buffer.from('\r\n');
const LF = Buffer.from('\n');

/** Appends bytes into one growing buffer (doubling, but never beyond `limit` unless one append needs it). */
class ByteAccumulator {
  private buf = Buffer.alloc(0);
  private len = 0;

  constructor(private readonly limit: number) {}

  append(b: Buffer): void {
    const need = this.len + b.length;
    if (need > this.buf.length) {
      const next = Buffer.allocUnsafe(Math.max(need, Math.min(Math.max(4096, need * 2), this.limit)));
      this.buf.copy(next, 0, 0, this.len);
      this.buf = next;
    }
    b.copy(this.buf, this.len);
    this.len += b.length;
  }

  get length(): number {
    return this.len;
  }

  bytes(): Buffer {
    return this.buf.subarray(0, this.len);
  }
}

/** What the decoder needs to know when the body ends. */
export interface BodySummary {
  /** Decoded octets (what the client stores). */
  size: number;
  complete: boolean;
  /** Bytes of it were lost in a gap. */
  lost: boolean;
  /** Lines that began with a single "." that was not stuffing. */
  dotErrors: number;
  bareLf: number;
  bareCr: number;
  /** The first data event (or -1 when no content arrived). */
  firstEvent: number;
}

export class MessageBody {
  readonly messageIndex: number;
  private readonly message: Message;
  private readonly headers = new HeaderCollector();
  private content: ByteAccumulator | null;
  private atLineStart = true;
  private lost = false;
  /** The "." line has been read: the last data event carries it as its terminator. */
  private terminated = false;
  private size = 0;
  private dotErrors = 0;
  private bareLf = 0;
  private bareCr = 0;
  // The data event being built.
  private evStart: number;
  private evRaw = 0;
  private evSize = 0;
  private preview: ByteAccumulator;

  constructor(
    private readonly ctx: DecoderContext,
    private readonly what: 'RETR' | 'TOP',
    number: number | undefined,
    start: number,
  ) {
    this.evStart = start;
    this.content = new ByteAccumulator(ctx.options.keepMessageBytes);
    this.preview = new ByteAccumulator(ctx.options.previewBytes);
    const m: Omit<Message, 'index'> = {
      via: what === 'RETR' ? 'pop3-retr' : 'pop3-top',
      headers: {},
      size: 0,
      stream: { dir: 'S', start, end: start },
      events: [],
      complete: false,
    };
    if (number !== undefined) m.number = number;
    this.messageIndex = ctx.addMessage(m);
    this.message = ctx.message(this.messageIndex);
  }

  /** Bytes were lost and the next piece starts a line: a status line there means the "." line was lost too. */
  get resumable(): boolean {
    return this.lost && this.atLineStart;
  }

  /**
   * One piece of the response as the StreamBuffer cut it (a line, or part of an overlong one).
   * Returns true when it was the terminating "." line: the caller then calls finish().
   */
  piece(p: Line, ts: number): boolean {
    if (this.atLineStart && p.bytes.length === 1 && p.bytes[0] === DOT && (p.ending === 'CRLF' || p.ending === 'LF')) {
      if (p.ending === 'LF') this.bareLf++;
      this.evRaw += p.length;
      this.terminated = true;
      return true;
    }
    let content = p.bytes;
    if (this.atLineStart && content.length > 1 && content[0] === DOT) {
      if (content[1] !== DOT) this.dotErrors++;
      content = content.subarray(1);
    }
    if (p.ending === 'LF') this.bareLf++;
    if (p.bareCr) this.bareCr++;
    if (!this.headers.finished) {
      if (p.overlong || !this.atLineStart) this.headers.finish();
      else this.headers.line(content);
    }
    const ending = p.ending === 'CRLF' ? CRLF : p.ending === 'LF' ? LF : null;
    this.add(content);
    if (ending) this.add(ending);
    this.evRaw += p.length;
    this.message.stream.end = p.offset + p.length;
    this.atLineStart = p.ending !== 'none';
    if (this.atLineStart && this.evRaw >= DATA_EVENT_BYTES) this.emit(ts);
    return false;
  }

  /**
   * Bytes of the response were lost (the caller has passed in the partial line before the hole):
   * what came before is shown, the message is incomplete, and decoding goes on at `resume`.
   * Returns true for the first loss in this body.
   */
  gap(ts: number, resume: number): boolean {
    const first = !this.lost;
    this.lost = true;
    this.emit(ts);
    this.evStart = resume;
    // After the hole we cannot know whether a line starts; assume it does, so that the "." line is still found.
    this.atLineStart = true;
    return first;
  }

  /** Ends the body: terminated by its "." line, or cut off (connection end, resynchronisation). */
  finish(ts: number, terminated: boolean): BodySummary {
    this.emit(ts);
    this.headers.finish();
    const m = this.message;
    m.headers = this.headers.headers;
    m.size = this.size;
    m.complete = terminated && !this.lost;
    if (this.content) m.content = Buffer.from(this.content.bytes());
    this.content = null;
    return {
      size: this.size,
      complete: m.complete,
      lost: this.lost,
      dotErrors: this.dotErrors,
      bareLf: this.bareLf,
      bareCr: this.bareCr,
      firstEvent: m.events[0] ?? -1,
    };
  }

  private add(b: Buffer): void {
    if (b.length === 0) return;
    this.size += b.length;
    this.evSize += b.length;
    if (this.content) {
      if (this.size <= this.ctx.options.keepMessageBytes) this.content.append(b);
      else this.content = null;
    }
    const room = this.ctx.options.previewBytes - this.preview.length;
    if (room > 0) this.preview.append(b.subarray(0, room));
  }

  private emit(ts: number): void {
    if (this.evRaw === 0) return;
    const ev: Omit<DataEvent, 'index'> = {
      kind: 'data',
      ts,
      dir: 'S',
      offset: this.evStart,
      length: this.evRaw,
      size: this.evSize,
      message: this.messageIndex,
      preview: toText(this.preview.bytes()),
      previewTruncated: this.preview.length < this.evSize,
      what: this.what,
    };
    if (this.terminated) ev.terminator = '.';
    this.message.events.push(this.ctx.emit(ev));
    this.evStart += this.evRaw;
    this.evRaw = 0;
    this.evSize = 0;
    this.preview = new ByteAccumulator(this.ctx.options.previewBytes);
  }
}
