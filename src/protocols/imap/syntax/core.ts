/**
 * Core rules of the IMAP grammar (RFC 9051 §9, with the RFC 3501 forms still on the wire), named
 * after their ABNF productions: atoms, strings (quoted with escapes, literals `{n}`, non-synchronising
 * `{n+}` (RFC 7888), `literal8` `~{n}` (RFC 3516)), numbers, flags, sequence sets, dates, and the
 * generic value used for extension data.
 */
import { type Cursor, type ImapString, type LiteralRole, MAX_NESTING } from './input.js';
import { BACKSLASH, DQUOTE, LBRACE, LPAREN, PLUS, RBRACE, RPAREN, SP, TILDE } from './chars.js';

// ---- character classes ------------------------------------------------------------------------

const ATOM = new Uint8Array(256);
const ASTRING = new Uint8Array(256);
const LIST = new Uint8Array(256);
const TAG = new Uint8Array(256);
for (let c = 0x21; c < 0x7f; c++) {
  const special = '(){%*"\\]'.includes(String.fromCharCode(c));
  if (!special) ATOM[c] = 1;
  if (!special || c === 0x5d) ASTRING[c] = 1;
  if (!special || c === 0x25 || c === 0x2a || c === 0x5d) LIST[c] = 1;
  if ((!special || c === 0x5d) && c !== 0x2b) TAG[c] = 1;
}


export function isAtomChar(b: number): boolean {
  return b >= 0 && ATOM[b] === 1;
}

function isAstringChar(b: number): boolean {
  return b >= 0 && ASTRING[b] === 1;
}

function isDigit(b: number): boolean {
  return b >= 0x30 && b <= 0x39;
}

const DEFAULT_ROLE: LiteralRole = { kind: 'string' };

// ---- atoms and strings ------------------------------------------------------------------------

/** atom = 1*ATOM-CHAR */
export function atom(cur: Cursor, what = 'atom'): string {
  const start = cur.pos;
  while (ATOM[cur.peek()] === 1) cur.advance();
  if (cur.pos === start) cur.fail(what);
  return cur.slice(start).toString('latin1');
}

/** 1*ASTRING-CHAR (the atom form of astring, where "]" is allowed). */
function astringAtom(cur: Cursor): string {
  const start = cur.pos;
  while (ASTRING[cur.peek()] === 1) cur.advance();
  if (cur.pos === start) cur.fail('astring');
  return cur.slice(start).toString('latin1');
}

/** tag = 1*<any ASTRING-CHAR except "+"> */
export function tag(cur: Cursor): string {
  const start = cur.pos;
  while (TAG[cur.peek()] === 1) cur.advance();
  if (cur.pos === start) cur.fail('tag');
  return cur.slice(start).toString('latin1');
}

/** quoted = DQUOTE *QUOTED-CHAR DQUOTE, with `\"` and `\\` escapes; UTF-8 allowed (RFC 9051). */
export function quoted(cur: Cursor): string {
  cur.expect(DQUOTE, 'DQUOTE');
  const line = cur.line;
  let i = cur.pos;
  let chunkStart = i;
  let out: Buffer[] | null = null;
  for (;;) {
    if (i >= line.length) cur.fail('closing DQUOTE', i);
    const b = line[i]!;
    if (b === DQUOTE) break;
    if (b === BACKSLASH) {
      const n = line[i + 1];
      if (n !== DQUOTE && n !== BACKSLASH) cur.fail('\\" or \\\\ after a backslash in a quoted string', i);
      (out ??= []).push(line.subarray(chunkStart, i));
      chunkStart = i + 1;
      i += 2;
      continue;
    }
    // A bare CR is reported as such by the decoder; here only NUL is out of place.
    if (b === 0) cur.fail('a TEXT-CHAR in a quoted string', i);
    i++;
  }
  const last = line.subarray(chunkStart, i);
  const value = out ? Buffer.concat([...out, last]).toString('utf8') : last.toString('utf8');
  cur.pos = i + 1;
  return value;
}

/** A literal announcement `{n}`, `{n+}`, `~{n}` or `~{n+}` ending at the end of its line fragment. */
export interface Announcement {
  size: number;
  nonSync: boolean;
  binary: boolean;
}

/**
 * Reads the announcement at the end of a line fragment, if the fragment ends with one. Used by the
 * framer to know that octets follow; the grammar then checks the announcement is where a literal
 * may be.
 */
export function trailingAnnouncement(line: Buffer): Announcement | null {
  let i = line.length - 1;
  if (i < 2 || line[i] !== RBRACE) return null;
  i--;
  const nonSync = line[i] === PLUS;
  if (nonSync) i--;
  let size = 0;
  let mul = 1;
  let digits = 0;
  while (i >= 0 && isDigit(line[i]!)) {
    size += (line[i]! - 0x30) * mul;
    mul *= 10;
    digits++;
    i--;
  }
  if (digits === 0 || digits > 15 || i < 0 || line[i] !== LBRACE) return null;
  return { size, nonSync, binary: i > 0 && line[i - 1] === TILDE };
}

/** literal = "{" number64 ["+"] "}" CRLF *CHAR8 (and literal8 with "~" when `binary`). */
export function literal(cur: Cursor, role: LiteralRole = DEFAULT_ROLE, binary = false): ImapString {
  const start = cur.pos;
  if (binary) cur.expect(TILDE, '"~" of literal8');
  cur.expect(LBRACE, '"{"');
  const size = number(cur, 'literal size', Number.MAX_SAFE_INTEGER);
  if (cur.peek() === PLUS) {
    if (!cur.nonSyncAllowed) cur.fail('"}" (a server sends no non-synchronising literal)');
    cur.advance();
  }
  cur.expect(RBRACE, '"}"');
  const part = cur.literalPart(size, start, role);
  if (!part.bytes) return { literal: size };
  if (!binary && part.bytes.includes(0)) cur.fail('no NUL octet in a literal (use literal8)', start);
  return part.bytes.toString('utf8');
}

/** string = quoted / literal */
export function string(cur: Cursor, role?: LiteralRole): ImapString {
  const b = cur.peek();
  if (b === DQUOTE) return quoted(cur);
  if (b === LBRACE) return literal(cur, role);
  return cur.fail('string');
}

/** astring = 1*ASTRING-CHAR / string */
export function astring(cur: Cursor, role?: LiteralRole): ImapString {
  const b = cur.peek();
  const part = cur.part;
  const start = cur.pos;
  const v = b === DQUOTE || b === LBRACE ? string(cur, role) : astringAtom(cur);
  if (role?.kind === 'secret' && cur.part === part) cur.secrets.push({ part, start, end: cur.pos });
  return v;
}

/** nstring = string / nil */
export function nstring(cur: Cursor, role?: LiteralRole): ImapString | null {
  if (nil(cur)) return null;
  return string(cur, role);
}

/** nil = "NIL" (only when it is a whole token) */
export function nil(cur: Cursor): boolean {
  const m = cur.mark();
  if (cur.keyword('NIL') && !isAtomChar(cur.peek())) return true;
  cur.reset(m);
  return false;
}

// ---- numbers ----------------------------------------------------------------------------------

/** number = 1*DIGIT, at most `max` (2^32-1 for number, 2^63-1 for number64: bounded by what a JS number holds exactly). */
export function number(cur: Cursor, what = 'number', max = 0xffffffff): number {
  const start = cur.pos;
  let v = 0;
  while (isDigit(cur.peek())) {
    v = v * 10 + (cur.peek() - 0x30);
    cur.advance();
  }
  if (cur.pos === start) cur.fail(what);
  if (v > max || cur.pos - start > 20) cur.fail(`${what} at most ${max}`, start);
  return v;
}

/** number64 = 1*DIGIT (values up to 2^53 are exact here). */
export function number64(cur: Cursor, what = 'number'): number {
  return number(cur, what, Number.MAX_SAFE_INTEGER);
}

/** nz-number = digit-nz *DIGIT */
export function nzNumber(cur: Cursor, what = 'non-zero number'): number {
  if (cur.peek() === 0x30 || !isDigit(cur.peek())) cur.fail(what);
  return number(cur, what);
}

// ---- flags, sequences, dates ------------------------------------------------------------------

/** flag = "\Answered" / ... / flag-keyword / flag-extension; `perm` also allows "\*" (flag-perm). */
export function flag(cur: Cursor, perm = false): string {
  if (cur.peek() === BACKSLASH) {
    cur.advance();
    if (perm && cur.peek() === 0x2a) {
      cur.advance();
      return '\\*';
    }
    return '\\' + atom(cur, 'flag name after "\\"');
  }
  return atom(cur, 'flag');
}

/** flag-list = "(" [flag *(SP flag)] ")" */
export function flagList(cur: Cursor, perm = false): string[] {
  cur.expect(LPAREN, '"(" of a flag list');
  const out: string[] = [];
  if (cur.peek() !== RPAREN) {
    out.push(flag(cur, perm));
    while (cur.peek() === SP) {
      cur.advance();
      out.push(flag(cur, perm));
    }
  }
  cur.expect(RPAREN, '")" closing the flag list');
  return out;
}

/** sequence-set = (seq-number / seq-range) ["," sequence-set], plus "$" (RFC 5182). Returned as sent. */
export function sequenceSet(cur: Cursor, what = 'sequence set'): string {
  const start = cur.pos;
  if (cur.peek() === 0x24) {
    cur.advance();
    return '$';
  }
  for (;;) {
    seqNumber(cur, what);
    if (cur.peek() === 0x3a) {
      cur.advance();
      seqNumber(cur, what);
    }
    if (cur.peek() !== 0x2c) break;
    cur.advance();
  }
  return cur.slice(start).toString('latin1');
}

function seqNumber(cur: Cursor, what: string): void {
  if (cur.peek() === 0x2a) cur.advance();
  else nzNumber(cur, what);
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

function digits(cur: Cursor, n: number, what: string): void {
  for (let i = 0; i < n; i++) {
    if (!isDigit(cur.peek())) cur.fail(what);
    cur.advance();
  }
}

function dateMonth(cur: Cursor): void {
  const m = cur.slice(cur.pos, cur.pos + 3).toString('latin1').toUpperCase();
  if (!MONTHS.includes(m)) cur.fail('month name (Jan … Dec)');
  cur.advance(3);
}

/** date-time = DQUOTE date-day-fixed "-" date-month "-" date-year SP time SP zone DQUOTE */
export function dateTime(cur: Cursor): string {
  const start = cur.pos;
  cur.expect(DQUOTE, 'DQUOTE of a date-time');
  if (cur.peek() === SP) {
    cur.advance();
    digits(cur, 1, 'day');
  } else digits(cur, 2, 'day (two digits or SP and a digit)');
  cur.expect(0x2d, '"-"');
  dateMonth(cur);
  cur.expect(0x2d, '"-"');
  digits(cur, 4, 'year');
  cur.sp();
  digits(cur, 2, 'hour');
  cur.expect(0x3a, '":"');
  digits(cur, 2, 'minute');
  cur.expect(0x3a, '":"');
  digits(cur, 2, 'second');
  cur.sp();
  if (cur.peek() !== PLUS && cur.peek() !== 0x2d) cur.fail('zone sign');
  cur.advance();
  digits(cur, 4, 'zone');
  cur.expect(DQUOTE, 'DQUOTE closing the date-time');
  return cur.slice(start + 1, cur.pos - 1).toString('latin1');
}

/** date = date-text / DQUOTE date-text DQUOTE; date-text = date-day "-" date-month "-" date-year */
export function date(cur: Cursor): string {
  const q = cur.peek() === DQUOTE;
  if (q) cur.advance();
  const start = cur.pos;
  digits(cur, 1, 'day');
  if (isDigit(cur.peek())) cur.advance();
  cur.expect(0x2d, '"-"');
  dateMonth(cur);
  cur.expect(0x2d, '"-"');
  digits(cur, 4, 'year');
  const text = cur.slice(start).toString('latin1');
  if (q) cur.expect(DQUOTE, 'DQUOTE closing the date');
  return text;
}

/** mailbox = "INBOX" / astring (INBOX in any case means the inbox). */
export function mailbox(cur: Cursor, role?: LiteralRole): ImapString {
  const m = astring(cur, role);
  return typeof m === 'string' && m.toUpperCase() === 'INBOX' ? 'INBOX' : m;
}

/** list-mailbox = 1*list-char / string */
export function listMailbox(cur: Cursor): ImapString {
  const b = cur.peek();
  if (b === DQUOTE || b === LBRACE) return string(cur);
  const start = cur.pos;
  while (LIST[cur.peek()] === 1) cur.advance();
  if (cur.pos === start) cur.fail('mailbox pattern');
  return cur.slice(start).toString('latin1');
}

/** text = 1*TEXT-CHAR, here also empty (RFC 9051 makes resp-text's text optional); UTF-8 allowed. */
export function text(cur: Cursor): string {
  const start = cur.pos;
  const line = cur.line;
  let i = start;
  while (i < line.length) {
    const b = line[i]!;
    if (b === 0) cur.fail('TEXT-CHAR', i);
    i++;
  }
  cur.pos = i;
  return line.subarray(start, i).toString('utf8');
}

/** A parenthesised list of `item`s separated by SP: "(" [item *(SP item)] ")". */
export function list<T>(cur: Cursor, item: (cur: Cursor) => T, what: string, allowEmpty = true): T[] {
  cur.expect(LPAREN, `"(" of ${what}`);
  cur.enter();
  const out: T[] = [];
  if (cur.peek() !== RPAREN || !allowEmpty) {
    out.push(item(cur));
    while (cur.peek() === SP) {
      cur.advance();
      out.push(item(cur));
    }
  }
  cur.expect(RPAREN, `")" closing ${what}`);
  cur.leave();
  return out;
}

// ---- generic values (extension data) -----------------------------------------------------------

/** Any IMAP data item: NIL, a number, a string/atom, or a list of them. */
export type ImapValue = null | number | string | { literal: number } | ImapValue[];

/**
 * A generic value, as extension data is parsed: nil / number / string / list / an atom-like token
 * (flags such as `\Seen`, and tokens with brackets like `BODY[TEXT]` are kept as one token).
 */
export function value(cur: Cursor, depth = 0): ImapValue {
  if (depth > MAX_NESTING) cur.fail(`lists nested at most ${MAX_NESTING} deep`);
  const b = cur.peek();
  if (b === LPAREN) return list(cur, (c) => value(c, depth + 1), 'a list');
  if (b === DQUOTE || b === LBRACE) return string(cur);
  if (b === TILDE && cur.peekAt(1) === LBRACE) return literal(cur, DEFAULT_ROLE, true);
  if (isDigit(b)) {
    const m = cur.mark();
    const n = number64(cur);
    if (!isAstringChar(cur.peek()) && cur.peek() !== 0x5b) return n;
    cur.reset(m);
  }
  if (nil(cur)) return null;
  return token(cur);
}

/** An atom-like token for generic values: ASTRING-CHARs, "*", "%", a leading "\\", and bracketed parts such as `[TEXT]`. */
function token(cur: Cursor): string {
  const start = cur.pos;
  if (cur.peek() === BACKSLASH) cur.advance();
  const body = cur.pos;
  for (;;) {
    const b = cur.peek();
    if (b === 0x5b) {
      while (!cur.eol && cur.peek() !== 0x5d) cur.advance();
      if (cur.eol) cur.fail('"]"');
      cur.advance();
    } else if (ASTRING[b] === 1 || b === 0x2a || b === 0x25) cur.advance();
    else break;
  }
  if (cur.pos === body) cur.fail('a value (atom, number, string, NIL or list)');
  return cur.slice(start).toString('latin1');
}

/** Generic values separated by SP until the end of the message (arguments of unknown commands and responses). */
export function values(cur: Cursor): ImapValue[] {
  const out: ImapValue[] = [];
  while (!cur.atEnd) {
    cur.sp();
    out.push(value(cur));
  }
  return out;
}
