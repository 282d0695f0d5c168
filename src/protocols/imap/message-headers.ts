/**
 * The main header fields of a message picked out of literal content as it streams past in chunks
 * of any size: the chunks are cut into lines for the shared line-based HeaderCollector. At most
 * HEADER_BYTES are looked at, so memory stays bounded however large the message.
 */
import { HEADER_BYTES, HeaderCollector } from '../message-headers.js';

export class ChunkHeaderCollector {
  private readonly collector = new HeaderCollector();
  /** The incomplete line carried over from the previous chunk (our own copy). */
  private partial: Buffer = Buffer.alloc(0);
  private seen = 0;

  get headers(): HeaderCollector['headers'] {
    return this.collector.headers;
  }

  get finished(): boolean {
    return this.collector.finished;
  }

  /** Content octets, in order. */
  push(chunk: Buffer): void {
    let start = 0;
    while (!this.collector.finished && start < chunk.length) {
      if (this.seen > HEADER_BYTES) return this.collector.finish();
      const lf = chunk.indexOf(0x0a, start);
      const end = lf < 0 ? chunk.length : lf;
      this.seen += end - start + 1;
      const piece = chunk.subarray(start, end);
      if (lf < 0) {
        this.partial = Buffer.concat([this.partial, piece.subarray(0, Math.max(0, HEADER_BYTES - this.partial.length))]);
        return;
      }
      const line = this.partial.length ? Buffer.concat([this.partial, piece]) : piece;
      this.partial = Buffer.alloc(0);
      this.collector.line(line[line.length - 1] === 0x0d ? line.subarray(0, line.length - 1) : line);
      start = lf + 1;
    }
  }

  /** The content ended (a header section may end with it). */
  finish(): void {
    if (this.partial.length && !this.collector.finished) this.collector.line(this.partial);
    this.partial = Buffer.alloc(0);
    this.collector.finish();
  }
}
