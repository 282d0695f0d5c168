/**
 * Whole lines for command and status processing, on top of the shared StreamBuffer: a line longer
 * than the keep limit arrives from the StreamBuffer in pieces; this joins them into one logical
 * line that keeps only its first `keep` octets but knows its full length, so memory stays bounded
 * and the line is judged (too long, bare CR, ending) as a whole.
 */
import type { LineEnding, StreamBuffer } from '../stream-buffer.js';

export interface LogicalLine {
  /** The first octets of the line (at most the keep limit), without the ending. Valid until the next read. */
  bytes: Buffer;
  /** Stream offset of the first octet. */
  offset: number;
  /** Raw octets the line covers, ending included. */
  length: number;
  /** Octets of the line without its ending (may exceed bytes.length). */
  contentLength: number;
  ending: LineEnding;
  /** A CR that is not part of a CRLF. */
  bareCr: boolean;
}

interface Partial {
  bytes: Buffer;
  offset: number;
  length: number;
  contentLength: number;
  bareCr: boolean;
}

export class LineReader {
  private partial: Partial | null = null;

  constructor(
    private readonly buf: StreamBuffer,
    private readonly keep: number,
  ) {}

  /** The next complete line, or null until one has arrived. */
  next(): LogicalLine | null {
    for (;;) {
      const piece = this.buf.readLine(this.keep);
      if (!piece) return null;
      const p = this.partial;
      if (p === null) {
        if (!piece.overlong) {
          return { bytes: piece.bytes, offset: piece.offset, length: piece.length, contentLength: piece.bytes.length, ending: piece.ending, bareCr: piece.bareCr };
        }
        // The StreamBuffer only cuts a line where no CRLF straddles the cut, so each piece's bare-CR flag holds for the line.
        this.partial = { bytes: Buffer.from(piece.bytes), offset: piece.offset, length: piece.length, contentLength: piece.bytes.length, bareCr: piece.bareCr };
        continue;
      }
      p.length += piece.length;
      p.contentLength += piece.bytes.length;
      p.bareCr ||= piece.bareCr;
      if (piece.overlong) continue;
      this.partial = null;
      return { bytes: p.bytes, offset: p.offset, length: p.length, contentLength: p.contentLength, ending: piece.ending, bareCr: p.bareCr };
    }
  }

  /** At the end of the stream: what is left (a line without its ending), or null. */
  rest(): LogicalLine | null {
    const line = this.next();
    if (line) return line;
    const piece = this.buf.readRest();
    const p = this.partial;
    this.partial = null;
    if (p === null) {
      if (!piece) return null;
      return { bytes: piece.bytes, offset: piece.offset, length: piece.length, contentLength: piece.bytes.length, ending: 'none', bareCr: piece.bareCr };
    }
    const extra = piece?.length ?? 0;
    return { bytes: p.bytes, offset: p.offset, length: p.length + extra, contentLength: p.contentLength + extra, ending: 'none', bareCr: p.bareCr || (piece?.bareCr ?? false) };
  }

  /** Bytes were lost: a line that was being joined can no longer be completed. Returns whether one was dropped. */
  drop(): boolean {
    const had = this.partial !== null;
    this.partial = null;
    return had;
  }
}
