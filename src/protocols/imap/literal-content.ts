/**
 * One literal's content as it streams through: the data event(s) that show it (with a bounded
 * preview, masked for secrets), the message record when it is a message (FETCH body, APPEND), and,
 * for small literals that are arguments (mailbox names, strings of an ENVELOPE), the octets the
 * grammar needs. Nothing else is kept, whatever the literal's size.
 */
import type { Direction } from '../../flow/types.js';
import type { DataEvent } from '../../model/events.js';
import type { Message } from '../../model/session.js';
import type { DecoderContext } from '../decoder.js';
import { MASK } from '../sasl.js';
import { toText } from '../stream-buffer.js';
import { ChunkHeaderCollector } from './message-headers.js';
import type { LiteralPart } from './syntax/input.js';

/** Literals up to this size that are not message content are kept for the grammar. */
const PARSE_KEEP_BYTES = 64 * 1024;

/** What a literal becomes besides data events. */
export interface LiteralPurpose {
  /** DataEvent.what: `BODY[]`, `APPEND`, `literal`. */
  what: string;
  /** Never show the content (a password) unless secrets are shown. */
  secret: boolean;
  /** Keep the octets for the grammar (small argument literals). */
  keepForParse: boolean;
  /** Record a message with these fields. */
  message?: Pick<Message, 'via'> & Partial<Pick<Message, 'mailbox' | 'uid' | 'number'>> & { partial: boolean; section?: string };
}

export class LiteralContent {
  /** Octets received so far. */
  received = 0;
  /** Octets lost in gaps. */
  lost = 0;
  private event: DataEvent | null = null;
  private firstEvent: number | undefined;
  private preview: Buffer[] = [];
  private previewLen = 0;
  private keep: Buffer[] | null;
  private content: Buffer[] | null;
  private message: Message | undefined;
  private readonly headers: ChunkHeaderCollector | null;

  constructor(
    private readonly ctx: DecoderContext,
    private readonly dir: Direction,
    /** Announced size. */
    readonly size: number,
    private readonly purpose: LiteralPurpose,
    /** Wire offset of the first octet. */
    private readonly start: number,
  ) {
    this.keep = purpose.keepForParse && size <= PARSE_KEEP_BYTES ? [] : null;
    this.headers = purpose.message ? new ChunkHeaderCollector() : null;
    this.content = purpose.message && size <= ctx.options.keepMessageBytes ? [] : null;
  }

  /** The message record, made when the first octet arrives (a literal the server refuses never becomes one). */
  private record(): Message {
    if (this.message) return this.message;
    const m = this.purpose.message!;
    const rec: Omit<Message, 'index'> = {
      via: m.via,
      headers: {},
      size: 0,
      stream: { dir: this.dir, start: this.start, end: this.start },
      events: [],
      complete: false,
    };
    if (m.mailbox !== undefined) rec.mailbox = m.mailbox;
    if (m.uid !== undefined) rec.uid = m.uid;
    if (m.number !== undefined) rec.number = m.number;
    if (m.section !== undefined) rec.section = m.section;
    this.message = this.ctx.message(this.ctx.addMessage(rec));
    return this.message;
  }

  /** Index of the message record, if the literal is one. */
  get messageIndex(): number | undefined {
    return this.message?.index;
  }

  /** Literal octets (a view of the caller's chunk), at wire offsets [offset, end) (they differ from the octet count after COMPRESS). */
  data(bytes: Buffer, offset: number, end: number, ts: number): void {
    if (bytes.length === 0) return;
    if (this.purpose.message) this.record();
    const ev = this.event ?? this.open(offset, ts);
    ev.size += bytes.length;
    ev.length = end - ev.offset;
    this.received += bytes.length;
    const room = this.ctx.options.previewBytes - this.previewLen;
    if (room > 0) {
      const piece = Buffer.from(bytes.subarray(0, room));
      this.preview.push(piece);
      this.previewLen += piece.length;
      ev.preview = this.purpose.secret && !this.ctx.options.showSecrets ? MASK : toText(Buffer.concat(this.preview));
    }
    ev.previewTruncated = this.purpose.secret && !this.ctx.options.showSecrets ? false : ev.size > this.previewLen;
    if (this.keep) this.keep.push(Buffer.from(bytes));
    const m = this.message;
    if (m) {
      m.size += bytes.length;
      m.stream.end = end;
      this.headers!.push(bytes);
      if (this.headers!.finished) Object.assign(m.headers, this.headers!.headers);
      if (this.content) this.content.push(Buffer.from(bytes));
    }
  }

  /** `length` octets of the literal are missing: the current data event ends here. */
  gap(length: number): void {
    this.lost += length;
    this.event = null;
    this.keep = null;
    this.content = null;
  }

  /** The literal ended: completes the message record; returns the literal as the grammar sees it. */
  end(): LiteralPart {
    const m = this.purpose.message ? this.record() : undefined;
    if (m) {
      this.headers!.finish();
      Object.assign(m.headers, this.headers!.headers);
      m.complete = this.lost === 0 && this.received === this.size && !this.purpose.message!.partial;
      if (this.content && this.lost === 0) m.content = Buffer.concat(this.content);
      this.content = null;
    }
    const part: LiteralPart = { kind: 'literal', size: this.size, bytes: this.keep && this.lost === 0 ? Buffer.concat(this.keep) : null };
    if (this.firstEvent !== undefined) part.event = this.firstEvent;
    if (m) part.message = m.index;
    return part;
  }

  private open(offset: number, ts: number): DataEvent {
    this.preview = [];
    this.previewLen = 0;
    const index = this.ctx.emit({
      kind: 'data',
      ts,
      dir: this.dir,
      offset,
      length: 0,
      size: 0,
      preview: '',
      previewTruncated: false,
      what: this.purpose.what,
      ...(this.message ? { message: this.message.index } : {}),
    });
    this.firstEvent ??= index;
    this.message?.events.push(index);
    const ev = this.ctx.event(index) as DataEvent;
    this.event = ev;
    return ev;
  }
}
