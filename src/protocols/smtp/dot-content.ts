/**
 * Message text after DATA (RFC 5321 §4.1.1.4, §4.5.2): lines up to the end-of-data line
 * `<CRLF>.<CRLF>`, with the transparency dot removed. While reading it watches for what breaks the
 * line rules — bare LF, bare CR, lines over 1000 octets — and for every dot line delimited by
 * anything but CRLF on both sides (`<LF>.<LF>`, `<CR>.<CR>`, `<CR><LF>.<LF>`, ...): those are
 * the end-of-data sequences lenient servers accept, the raw material of SMTP smuggling.
 */
import type { Line } from '../stream-buffer.js';
import type { MessageContent } from './message-content.js';

const CR = 0x0d;
const DOT = 0x2e;
const CRLF_BYTES = Buffer.from('\r\n');
const LF_BYTES = Buffer.from('\n');

/** RFC 5321 §4.5.3.1.6: a text line may be 1000 octets including the CRLF. */
export const TEXT_LINE_LIMIT = 1000;

/** Remembers only the first few smuggling candidates of a message; the rest are counted. */
const MAX_SEQUENCES_KEPT = 4;

export interface SuspectSequence {
  /** e.g. `<LF>.<LF>` */
  sequence: string;
  /** Stream offset of its first octet. */
  offset: number;
  /** Decoded content octets before it: the message as a lenient server would have stored it. */
  contentSize: number;
  /** Stream offset where that content ends (the dot). */
  contentEnd: number;
  /** Stream offset where a lenient server would read commands again. */
  resume: number;
}

/** What the lines of one message broke, counted once per message. */
export interface DotContentFindings {
  bareLf: number;
  firstBareLf: number;
  bareCr: number;
  firstBareCr: number;
  longLines: number;
  longest: number;
  firstLong: number;
  suspects: SuspectSequence[];
  suspectCount: number;
}

type Prev = 'CRLF' | 'LF' | 'unknown';

export class DotContentReader {
  readonly findings: DotContentFindings = {
    bareLf: 0,
    firstBareLf: -1,
    bareCr: 0,
    firstBareCr: -1,
    longLines: 0,
    longest: 0,
    firstLong: -1,
    suspects: [],
    suspectCount: 0,
  };
  /** The sequence that ended the data when it was not <CRLF>.<CRLF> (LF-only clients). */
  endSequence: string | undefined;
  /** The most recent suspect sequence. */
  lastSuspect: SuspectSequence | undefined;
  private prev: Prev;
  private midLine = false;
  private lineLen = 0;
  private lineStart = 0;
  private stuffed = false;

  /**
   * @param lfOnly the DATA command itself ended in a bare LF: this client speaks LF-only, and the
   *   server that let it get this far accepts `<LF>.<LF>` as the end of data.
   */
  constructor(private readonly lfOnly: boolean) {
    this.prev = lfOnly ? 'LF' : 'CRLF';
  }

  /**
   * One line (or piece of an overlong line) from the stream. Appends the decoded bytes to `out`;
   * returns true when it is the end-of-data line (which is not content).
   */
  line(line: Line, out: MessageContent): boolean {
    const b = line.bytes;
    let data = b;
    if (!this.midLine) {
      this.lineLen = 0;
      this.lineStart = line.offset;
      this.stuffed = false;
      if (b.length > 0 && b[0] === DOT) {
        const dotLine = b.length === 1 && line.ending !== 'none';
        const follow = dotLine ? (line.ending === 'CRLF' ? '<CR><LF>' : '<LF>') : b.length > 1 && b[1] === CR ? '<CR>' : null;
        const standardEnd = dotLine && line.ending === 'CRLF' && this.prev !== 'LF';
        const sequence = `${this.prevName()}.${follow}`;
        if (follow && !standardEnd && this.prev !== 'unknown') {
          const resume = dotLine ? line.offset + line.length : line.offset + 2;
          this.suspect(sequence, line.offset - (this.prev === 'LF' ? 1 : 2), out.size, line.offset, resume);
        }
        if (dotLine && (standardEnd || this.lfOnly)) {
          if (!standardEnd) this.endSequence = sequence;
          return true;
        }
        // The transparency dot starts a CRLF-delimited line; after a bare LF a strict server is
        // still inside the previous line (unless the client speaks LF-only throughout).
        if (this.prev !== 'LF' || this.lfOnly) {
          this.stuffed = true;
          data = b.subarray(1);
        }
      }
    }
    if (line.bareCr) {
      this.scanBareCr(line, out.size - (this.stuffed ? 1 : 0));
      this.count('bareCr', 'firstBareCr', this.lineStart);
    }
    this.lineLen += b.length;
    out.append(data);
    if (line.ending === 'none') {
      this.midLine = true;
      return false;
    }
    this.midLine = false;
    const total = this.lineLen - (this.stuffed ? 1 : 0) + (line.ending === 'CRLF' ? 2 : 1);
    if (total > TEXT_LINE_LIMIT) {
      this.count('longLines', 'firstLong', this.lineStart);
      if (total > this.findings.longest) this.findings.longest = total;
    }
    if (line.ending === 'LF') this.count('bareLf', 'firstBareLf', line.offset + line.length - 1);
    out.append(line.ending === 'CRLF' ? CRLF_BYTES : LF_BYTES);
    this.prev = line.ending;
    return false;
  }

  /** Content octets were lost: the next line may or may not start a line. */
  gap(): void {
    this.prev = 'unknown';
    this.midLine = false;
  }

  private prevName(): string {
    return this.prev === 'LF' ? '<LF>' : '<CR><LF>';
  }

  /** Finds `<CR>.` followed by CR or the line end inside a line; `base` is the decoded size at the line's first octet. */
  private scanBareCr(line: Line, base: number): void {
    const b = line.bytes;
    for (let i = b.indexOf(CR); i >= 0 && i + 1 < b.length; i = b.indexOf(CR, i + 1)) {
      if (b[i + 1] !== DOT) continue;
      let follow: string | null = null;
      let resume = line.offset + i + 3;
      if (i + 2 === b.length) {
        if (line.ending === 'CRLF') follow = '<CR><LF>';
        else if (line.ending === 'LF') follow = '<LF>';
        resume = line.offset + line.length;
      } else if (b[i + 2] === CR) {
        follow = '<CR>';
      }
      if (follow) this.suspect(`<CR>.${follow}`, line.offset + i, base + i + 1, line.offset + i + 1, resume);
    }
  }

  private suspect(sequence: string, offset: number, contentSize: number, contentEnd: number, resume: number): void {
    const s = { sequence, offset, contentSize, contentEnd, resume };
    this.lastSuspect = s;
    this.findings.suspectCount++;
    if (this.findings.suspects.length < MAX_SEQUENCES_KEPT) this.findings.suspects.push(s);
  }

  private count(key: 'bareLf' | 'bareCr' | 'longLines', first: 'firstBareLf' | 'firstBareCr' | 'firstLong', offset: number): void {
    if (this.findings[key]++ === 0) this.findings[first] = offset;
  }
}
