/**
 * Parsers for POP3 server lines: the status line (`+OK`/`-ERR` with an RFC 2449 response code),
 * the SASL continuation (`+ base64`), the STAT answer, scan listings, unique-id listings and
 * capability lines. Each returns plain data or null; none throws.
 */

/** A server status line, split up. */
export interface StatusLine {
  kind: 'status';
  status: '+OK' | '-ERR';
  /** The text after the status indicator (and after the response code, if any). */
  text: string;
  /** RFC 2449 §8 response code without brackets, e.g. `IN-USE`, `SYS/TEMP`. */
  code?: string;
  /** The indicator was not in upper case (`+ok`): understood, but not as RFC 1939 §3 requires. */
  lowerCase: boolean;
}

/** A SASL continuation request (`+ ` followed by base64, RFC 5034 §4). */
export interface ContinuationLine {
  kind: 'continuation';
  /** The base64 text after `+ ` (may be empty). */
  data: string;
}

/** Classifies one server line (without its ending). Returns null for a line that is neither. */
export function parseServerLine(line: string): StatusLine | ContinuationLine | null {
  const upper = line.slice(0, 4).toUpperCase();
  let status: '+OK' | '-ERR' | null = null;
  let rest = '';
  if (upper.startsWith('+OK') && (line.length === 3 || line[3] === ' ')) {
    status = '+OK';
    rest = line.slice(4);
  } else if (upper === '-ERR' && (line.length === 4 || line[4] === ' ')) {
    status = '-ERR';
    rest = line.slice(5);
  }
  if (status !== null) {
    const parsed: StatusLine = { kind: 'status', status, text: rest, lowerCase: line.slice(0, status.length) !== status };
    const code = /^\[([^\]\s]+)\]\s?/.exec(rest);
    if (code) {
      parsed.code = code[1]!;
      parsed.text = rest.slice(code[0].length);
    }
    return parsed;
  }
  if (line === '+' || line.startsWith('+ ')) return { kind: 'continuation', data: line.slice(2) };
  return null;
}

const DECIMAL = /^[0-9]{1,15}$/;

/** `count size` as in a STAT answer; extra text after them is allowed (RFC 1939 §5). */
export function parseStat(text: string): { count: number; size: number } | null {
  const m = /^([0-9]{1,15}) ([0-9]{1,15})(?: |$)/.exec(text);
  return m ? { count: Number(m[1]), size: Number(m[2]) } : null;
}

/** A scan listing `msg size` (RFC 1939 §5 LIST); extra text after the size is allowed. */
export function parseScanListing(text: string): { number: number; size: number } | null {
  const m = /^([0-9]{1,15}) ([0-9]{1,15})(?: |$)/.exec(text);
  if (!m) return null;
  const number = Number(m[1]);
  return number >= 1 ? { number, size: Number(m[2]) } : null;
}

/** A unique-id listing `msg uid` (RFC 1939 §7 UIDL): uid is 1–70 characters 0x21–0x7E. */
export function parseUidListing(text: string): { number: number; uid: string } | null {
  const sp = text.indexOf(' ');
  if (sp < 0) return null;
  const num = text.slice(0, sp);
  const uid = text.slice(sp + 1);
  if (!DECIMAL.test(num) || !/^[\x21-\x7e]{1,70}$/.test(uid)) return null;
  const number = Number(num);
  return number >= 1 ? { number, uid } : null;
}

/** Why a line is not a unique-id listing (for the violation message); null when it is one. */
export function uidListingProblem(text: string): string | null {
  if (parseUidListing(text) !== null) return null;
  const sp = text.indexOf(' ');
  if (sp < 0) return 'no space between message number and uid';
  const num = text.slice(0, sp);
  if (!DECIMAL.test(num) || Number(num) < 1) return `${JSON.stringify(num.slice(0, 20))} is not a message number`;
  const uid = text.slice(sp + 1);
  if (uid.length === 0) return 'the uid is empty';
  if (!/^[\x21-\x7e]*$/.test(uid)) return 'the uid has a character outside 0x21-0x7E';
  return `the uid is ${uid.length} characters (at most 70)`;
}

/** A capability line (RFC 2449 §6): name and arguments. */
export function parseCapability(text: string): { name: string; args: string[] } | null {
  const parts = text.split(' ').filter((p) => p !== '');
  const name = parts.shift();
  if (name === undefined) return null;
  return { name: name.toUpperCase(), args: parts };
}

/** The APOP timestamp `<...>` of a greeting (RFC 1939 §7), if any. */
export function apopTimestamp(text: string): string | undefined {
  const m = /<[^<>\s]*@[^<>\s]*>/.exec(text);
  return m ? m[0] : undefined;
}

/** Whether a line looks like a status line at all: used to resynchronise after a gap. */
export function looksLikeStatus(line: string): boolean {
  const p = parseServerLine(line);
  return p !== null && p.kind === 'status' && !p.lowerCase;
}
