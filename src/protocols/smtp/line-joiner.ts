/**
 * Command and reply lines as whole units on top of the shared StreamBuffer. A line longer than
 * the read limit comes out of the StreamBuffer in pieces; this joins them into one line that keeps
 * only its first octets but knows its full length, so memory stays bounded while the line is still
 * judged (too long, bare CR, ending) as a whole.
 */
import type { Line, StreamBuffer } from '../stream-buffer.js';

/** Lines up to this length are read in one piece (SASL responses may be 12288 octets, RFC 4954 §4). */
export const LINE_READ_LIMIT = 16 * 1024;

/** Of a line longer than LINE_READ_LIMIT, this many leading octets are kept for display. */
const KEEP = 4096;

interface Partial {
  bytes: Buffer;
  offset: number;
  length: number;
  bareCr: boolean;
}

export class LineJoiner {
  private partial: Partial | null = null;

  constructor(private readonly buf: StreamBuffer) {}

  /** The next whole line (`overlong` set when it was joined from pieces), or null until one has arrived. */
  next(): Line | null {
    for (;;) {
      const line = this.buf.readLine(LINE_READ_LIMIT);
      if (!line) return null;
      if (!line.overlong && !this.partial) return line;
      const p = this.partial ?? (this.partial = { bytes: Buffer.from(line.bytes.subarray(0, KEEP)), offset: line.offset, length: 0, bareCr: false });
      p.length += line.length;
      p.bareCr ||= line.bareCr;
      if (line.overlong) continue;
      this.partial = null;
      return { bytes: p.bytes, ending: line.ending, offset: p.offset, length: p.length, bareCr: p.bareCr, overlong: true };
    }
  }

  /** The unterminated rest at the end of the stream (joined with any partial line), or null. */
  rest(): Line | null {
    const line = this.buf.readRest();
    const p = this.partial;
    this.partial = null;
    if (!p) return line;
    return {
      bytes: p.bytes,
      ending: 'none',
      offset: p.offset,
      length: p.length + (line?.length ?? 0),
      bareCr: p.bareCr || (line?.bareCr ?? false),
      overlong: true,
    };
  }

  /** Forgets a partial line (its bytes were lost in a gap). Returns how many octets of it were read. */
  drop(): number {
    const n = this.partial?.length ?? 0;
    this.partial = null;
    return n;
  }
}
