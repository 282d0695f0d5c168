/**
 * Picks the main header fields (From, To, Cc, Subject, Date, Message-ID) out of a message's
 * header section as it streams past, line by line, unfolding continuation lines. Memory is bounded:
 * at most HEADER_BYTES of header text is looked at.
 */
import type { Message } from '../model/session.js';

export const HEADER_BYTES = 64 * 1024;

type Headers = Message['headers'];

const WANTED: ReadonlyMap<string, keyof Headers> = new Map([
  ['from', 'from'],
  ['to', 'to'],
  ['cc', 'cc'],
  ['subject', 'subject'],
  ['date', 'date'],
  ['message-id', 'messageId'],
]);

export class HeaderCollector {
  readonly headers: Headers = {};
  private done = false;
  private seen = 0;
  private field: { name: string; value: string } | null = null;

  /** True once the empty line that ends the header section (or the byte budget) was reached. */
  get finished(): boolean {
    return this.done;
  }

  /** One complete content line (dot-unstuffed, without its line ending). */
  line(bytes: Buffer): void {
    if (this.done) return;
    this.seen += bytes.length + 2;
    if (bytes.length === 0 || this.seen > HEADER_BYTES) return this.finish();
    const text = bytes.toString('utf8');
    if ((text[0] === ' ' || text[0] === '\t') && this.field) {
      this.field.value += text;
      return;
    }
    this.flush();
    const colon = text.indexOf(':');
    if (colon <= 0) return;
    this.field = { name: text.slice(0, colon).trim().toLowerCase(), value: text.slice(colon + 1) };
  }

  /** Ends the header section (at the empty line, or when the content ends first). */
  finish(): void {
    if (this.done) return;
    this.flush();
    this.done = true;
  }

  private flush(): void {
    const f = this.field;
    this.field = null;
    if (!f) return;
    const key = WANTED.get(f.name);
    if (key === undefined || this.headers[key] !== undefined) return;
    this.headers[key] = f.value.trim();
  }
}
