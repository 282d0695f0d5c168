/**
 * The decoded content of one message as it streams in (DATA lines after dot-unstuffing, BDAT
 * chunks): counts its size, pulls the main header fields out of the header section, keeps the
 * bytes for export while they fit the configured limit, and the preview shown with each data
 * event. Memory stays bounded by those limits whatever the message size.
 */
import { isAscii } from 'node:buffer';
import type { Message } from '../../model/session.js';
import { toText } from '../stream-buffer.js';

/** The header section is only searched this far for the main fields. */
const MAX_HEADER_BYTES = 64 * 1024;

/** An append-only byte buffer that grows by doubling up to a cap. */
class ByteAccumulator {
  private buf: Buffer;
  length = 0;

  constructor(
    initial: number,
    private readonly cap: number,
  ) {
    this.buf = Buffer.allocUnsafe(Math.min(initial, cap));
  }

  /** Appends as much of `bytes` as the cap allows; returns the number of bytes taken. */
  append(bytes: Buffer): number {
    const n = Math.min(bytes.length, this.cap - this.length);
    if (n <= 0) return 0;
    if (this.length + n > this.buf.length) {
      let size = Math.max(64, this.buf.length * 2);
      while (size < this.length + n) size *= 2;
      const next = Buffer.allocUnsafe(Math.min(size, this.cap));
      this.buf.copy(next, 0, 0, this.length);
      this.buf = next;
    }
    bytes.copy(this.buf, this.length, 0, n);
    this.length += n;
    return n;
  }

  truncate(length: number): void {
    if (length < this.length) this.length = length;
  }

  get full(): boolean {
    return this.length >= this.cap;
  }

  /** The bytes so far (a view). */
  view(): Buffer {
    return this.buf.subarray(0, this.length);
  }
}

export interface ContentLimits {
  /** Keep the content of messages up to this many octets (DecoderOptions.keepMessageBytes). */
  keepBytes: number;
  /** Preview octets per data event (DecoderOptions.previewBytes). */
  previewBytes: number;
}

export interface PreviewRun {
  preview: string;
  previewTruncated: boolean;
  /** Decoded octets in this run. */
  size: number;
}

export class MessageContent {
  /** Decoded octets so far (gap lengths included). */
  size = 0;
  /** Octets with the high bit set were seen. */
  eightBit = false;
  private kept: ByteAccumulator | null;
  private readonly header = new ByteAccumulator(1024, MAX_HEADER_BYTES);
  private headerDone = false;
  private preview: ByteAccumulator;
  private runSize = 0;

  constructor(private readonly limits: ContentLimits) {
    this.kept = limits.keepBytes > 0 ? new ByteAccumulator(Math.min(4096, limits.keepBytes), limits.keepBytes) : null;
    this.preview = new ByteAccumulator(Math.min(256, limits.previewBytes), limits.previewBytes);
  }

  /** Appends decoded content bytes (copied; the caller's buffer may be reused). */
  append(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.size += bytes.length;
    this.runSize += bytes.length;
    if (!this.eightBit && !isAscii(bytes)) this.eightBit = true;
    if (this.kept) {
      if (this.kept.append(bytes) < bytes.length) this.kept = null; // too big to keep
    }
    if (!this.preview.full) this.preview.append(bytes);
    if (!this.headerDone) {
      const before = this.header.length;
      this.header.append(bytes);
      if (this.header.full || headerEnd(this.header.view(), Math.max(0, before - 3)) >= 0) this.headerDone = true;
    }
  }

  /** `length` content octets are missing: counted in the size, and nothing exact can be kept any more. */
  gap(length: number): void {
    this.size += length;
    this.headerDone = true;
    this.kept = null;
  }

  /** Cuts the content back to its first `size` octets (a lenient server ended the message there). */
  truncate(size: number): void {
    if (size >= this.size) return;
    this.runSize = Math.max(0, this.runSize - (this.size - size));
    this.size = size;
    this.kept?.truncate(size);
  }

  /** The preview of the content since the last call (one data event), and starts a new run. */
  takeRun(): PreviewRun {
    const bytes = this.preview.view();
    const run: PreviewRun = { preview: toText(bytes), previewTruncated: this.runSize > bytes.length, size: this.runSize };
    this.preview = new ByteAccumulator(Math.min(256, this.limits.previewBytes), this.limits.previewBytes);
    this.runSize = 0;
    return run;
  }

  /** Main header fields, unfolded. */
  headers(): Message['headers'] {
    const view = this.header.view();
    const end = headerEnd(view, 0);
    return parseHeaderFields(end < 0 ? view : view.subarray(0, end));
  }

  /** The exact decoded content, when it fit the limit and nothing was lost. */
  content(): Buffer | undefined {
    return this.kept ? Buffer.from(this.kept.view()) : undefined;
  }
}

/** Offset of the empty line that ends the header section (searching from `from`), or -1. */
function headerEnd(buf: Buffer, from: number): number {
  if (from === 0 && (buf[0] === 0x0a || (buf[0] === 0x0d && buf[1] === 0x0a))) return 0;
  for (let i = buf.indexOf(0x0a, from); i >= 0; i = buf.indexOf(0x0a, i + 1)) {
    const next = buf[i + 1];
    if (next === 0x0a || (next === 0x0d && buf[i + 2] === 0x0a)) return i + 1;
  }
  return -1;
}

const WANTED: Record<string, keyof Message['headers']> = {
  from: 'from',
  to: 'to',
  cc: 'cc',
  subject: 'subject',
  date: 'date',
  'message-id': 'messageId',
};

/** Picks From/To/Cc/Subject/Date/Message-ID (first occurrence of each) out of a header section. */
export function parseHeaderFields(section: Buffer): Message['headers'] {
  const out: Message['headers'] = {};
  const lines = toText(section).split(/\r?\n/);
  let name: keyof Message['headers'] | null = null;
  let value = '';
  const flush = (): void => {
    if (name && out[name] === undefined) out[name] = value.trim();
    name = null;
  };
  for (const line of lines) {
    if (line.length > 0 && (line[0] === ' ' || line[0] === '\t')) {
      if (name) value += line; // unfolding: the CRLF goes, the whitespace stays
      continue;
    }
    flush();
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const field = WANTED[line.slice(0, colon).trim().toLowerCase()];
    if (field) {
      name = field;
      value = line.slice(colon + 1);
    }
  }
  flush();
  return out;
}
