/**
 * SMTP reply lines (RFC 5321 §4.2): `250-first line`, `250 last line`, the three-digit code and
 * the RFC 3463 enhanced status code at the start of the text.
 */

/** One reply line split into its parts. */
export interface ReplyLine {
  /** The three digits, or null when the line does not start with three digits. */
  code: string | null;
  /** True for `250-...`: more lines of the same reply follow. */
  more: boolean;
  /** Text after the code and its separator. */
  text: string;
  /** Why the line breaks the reply syntax, if it does. */
  problem?: string;
}

const REPLY_RE = /^(\d{3})(?:([ -])([^]*))?$/;

/** Splits a reply line (without its line ending). Never throws; malformed lines carry `problem`. */
export function parseReplyLine(line: string): ReplyLine {
  const m = REPLY_RE.exec(line);
  if (!m) {
    const digits = /^\d{3}/.test(line);
    return {
      code: digits ? line.slice(0, 3) : null,
      more: false,
      text: digits ? line.slice(3) : line,
      problem: digits ? `no space or hyphen after the code in ${quote(line)}` : `line does not start with a reply code: ${quote(line)}`,
    };
  }
  const code = m[1]!;
  const out: ReplyLine = { code, more: m[2] === '-', text: m[3] ?? '' };
  const first = code.charCodeAt(0) - 48;
  const second = code.charCodeAt(1) - 48;
  if (first < 2 || first > 5 || second > 5) out.problem = `reply code ${code} is outside 2xx-5xx/x0x-x5x`;
  return out;
}

const ENHANCED_RE = /^([245])\.(\d{1,3})\.(\d{1,3})(?=\s|$)/;

/** The RFC 3463 enhanced status code at the start of a reply's text (`2.1.0`), if any. */
export function parseEnhancedCode(text: string): string | undefined {
  const m = ENHANCED_RE.exec(text);
  if (!m) return undefined;
  // Leading zeros are not allowed in the subject and detail numbers (RFC 3463 §2).
  if ((m[2]!.length > 1 && m[2]![0] === '0') || (m[3]!.length > 1 && m[3]![0] === '0')) return undefined;
  return `${m[1]}.${m[2]}.${m[3]}`;
}

/**
 * Could `code` answer `verb` (RFC 5321 §4.3.2)? Used only to re-align commands and replies after
 * a gap, or when a server skipped replies: 4xx/5xx fit anything, 354 only DATA, 221 only QUIT.
 */
export function plausibleReply(verb: string, code: string): boolean {
  if (code[0] === '4' || code[0] === '5') return true;
  switch (verb) {
    case 'QUIT':
      return code === '221';
    case 'DATA':
      return code === '354';
    case 'AUTH':
      return code === '334' || code === '235';
    case 'STARTTLS':
      return code === '220';
    case 'HELP':
      return code === '211' || code === '214';
    default:
      return code[0] === '2' && code !== '220' && code !== '221';
  }
}

/** A complete reply: every line of a multi-line reply, with where it came from. */
export interface AssembledReply {
  /** Code of the first line (null if the first line had none). */
  code: string | null;
  lines: string[];
  /** Text of each line after the code. */
  texts: string[];
  offset: number;
  /** Raw bytes covered, line endings included. */
  length: number;
  ts: number;
  /** Problems of individual lines (malformed codes), in order. */
  problems: string[];
  /** A later line carried a different code than the first. */
  mismatch?: string;
  /** The reply was cut short (gap or end of stream) before its last line. */
  truncated: boolean;
}

/** Collects reply lines until the last line of a (multi-line) reply. */
export class ReplyAssembler {
  private cur: AssembledReply | null = null;

  /** The multi-line reply whose last line has not arrived yet, if any. */
  get current(): AssembledReply | null {
    return this.cur;
  }

  /** True while a multi-line reply has started and its last line has not arrived. */
  get open(): boolean {
    return this.cur !== null;
  }

  /** Adds one line; returns the reply when this line completes it. */
  push(line: string, offset: number, length: number, ts: number): AssembledReply | null {
    const parsed = parseReplyLine(line);
    let r = this.cur;
    if (!r) {
      r = { code: parsed.code, lines: [], texts: [], offset, length: 0, ts, problems: [], truncated: false };
      this.cur = r;
    } else if (parsed.code !== null && r.code !== null && parsed.code !== r.code && r.mismatch === undefined) {
      r.mismatch = `line ${r.lines.length + 1} has code ${parsed.code}, the first line ${r.code}`;
    }
    r.lines.push(line);
    r.texts.push(parsed.text);
    r.length = offset + length - r.offset;
    r.ts = ts;
    if (parsed.problem) r.problems.push(parsed.problem);
    // A malformed line inside an open multi-line reply does not end it: a client keeps reading
    // until a line "xyz " or "xyz". A malformed first line is a reply of its own.
    if (parsed.more || (parsed.problem !== undefined && parsed.code === null && r.lines.length > 1)) return null;
    this.cur = null;
    return r;
  }

  /** Ends an open multi-line reply early (gap, end of stream); returns it marked truncated. */
  flush(): AssembledReply | null {
    const r = this.cur;
    this.cur = null;
    if (r) r.truncated = true;
    return r;
  }
}

function quote(s: string): string {
  return JSON.stringify(s.length > 60 ? `${s.slice(0, 60)}…` : s);
}
