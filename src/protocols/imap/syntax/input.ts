/**
 * The input of the IMAP grammar: one command or response as framed on the wire, that is a list of
 * line fragments separated by literals (`a LOGIN {3}` CRLF `bob {6}` CRLF `secret` CRLF is three
 * lines and two literals), and the cursor the rules walk over it.
 *
 * Like imap-codec, every parse either succeeds, or answers *incomplete* (the input stops at a
 * literal that has not arrived yet; the answer says what role that literal plays, so the decoder
 * knows whether it is message content before streaming it), or *invalid* with the position of the
 * first octet the grammar rejects. Incomplete and invalid are never confused.
 */
import { SP } from './chars.js';

/** A line fragment, without its line ending. When it is not the last part it ends with a literal announcement. */
export interface LinePart {
  kind: 'line';
  text: Buffer;
}

/** A literal's content as the grammar sees it. */
export interface LiteralPart {
  kind: 'literal';
  /** Announced (and delivered) size in octets. */
  size: number;
  /** Content, when it was kept for parsing (small literals that are not message content); else null. */
  bytes: Buffer | null;
  /** First data event that carried the content (decoder bookkeeping, copied into parse results). */
  event?: number;
  /** Message record the content became, if any. */
  message?: number;
}

export type MessagePart = LinePart | LiteralPart;

/** A literal that was not kept: only its size is known. */
export interface OmittedLiteral {
  literal: number;
}

/** A string value: the text, or a placeholder for a literal too large to keep. */
export type ImapString = string | OmittedLiteral;

/** What the literal the input stops at is for (decides how the decoder treats its content). */
export type LiteralRole =
  | { kind: 'string' }
  /** A password or other secret: never shown unless asked. */
  | { kind: 'secret' }
  /** A message given to APPEND. */
  | { kind: 'append'; mailbox: string }
  /** A FETCH body section (`BODY[HEADER]`, `RFC822`, `BINARY[1]`, ...). */
  | { kind: 'body'; item: string; section: string; origin?: number; number: number; uid?: number };

/** Where and why the grammar rejected its input. */
export interface SyntaxProblem {
  /** Index of the line part the problem is in. */
  part: number;
  /** Octet position inside that line part. */
  column: number;
  /** Octet position from the start of the command/response (line endings counted as CRLF). */
  octet: number;
  /** What the grammar expected there. */
  expected: string;
  /** A short excerpt of the input around the position. */
  near: string;
}

/**
 * Deviations that real servers commonly make and that the parser accepts while noting them (as
 * imap-codec's quirks): `missing-text` is a status response or continuation without the SP and
 * text the grammar requires (`* OK [PERMANENTFLAGS (...)]`, `* BYE`, `+`); `address-spaces` is
 * an SP between the addresses of an ENVELOPE address list (`((...) (...))`, as the line-wrapped
 * RFC 3501 example reads).
 */
export type Quirk = 'missing-text' | 'address-spaces';

/** Where a secret (a LOGIN password, a SASL initial response) sits in a line fragment, to mask it for display. */
export interface SecretSpan {
  part: number;
  start: number;
  end: number;
}

export type ParseResult<T> =
  | { status: 'ok'; value: T; quirks: Quirk[]; secrets: SecretSpan[] }
  | { status: 'incomplete'; literal: LiteralRole }
  | { status: 'invalid'; problem: SyntaxProblem };

/** Thrown by the rules when the input ends at a literal that has not arrived (caught by the entry points). */
export class Incomplete {
  constructor(readonly role: LiteralRole) {}
}

/** Thrown by the rules for a syntax error (caught by the entry points). */
export class Invalid {
  constructor(
    readonly part: number,
    readonly column: number,
    readonly expected: string,
  ) {}
}

/** Lists nested deeper than this are rejected, so hostile input cannot exhaust the stack. */
export const MAX_NESTING = 64;


export class Cursor {
  /** Index of the current line part. */
  part = 0;
  /** Position in the current line part. */
  pos = 0;
  /** Whether `{n+}` literals are grammatical here (commands: yes; responses: no). */
  nonSyncAllowed = true;
  /** The literal most recently stepped over (its event and message bookkeeping go into section values). */
  lastLiteral: LiteralPart | null = null;
  /** Tolerated deviations met so far. */
  readonly quirks: Quirk[] = [];
  /** Secrets met so far (in line fragments; secret literals are masked where they stream). */
  readonly secrets: SecretSpan[] = [];
  /** Current list nesting depth. */
  private depth = 0;
  private text: Buffer;

  constructor(private readonly parts: readonly MessagePart[]) {
    const first = parts[0];
    this.text = first && first.kind === 'line' ? first.text : Buffer.alloc(0);
  }

  /** The byte at the cursor, or -1 at the end of the current line fragment. */
  peek(): number {
    return this.pos < this.text.length ? this.text[this.pos]! : -1;
  }

  /** The byte `k` positions ahead, or -1. */
  peekAt(k: number): number {
    const i = this.pos + k;
    return i < this.text.length ? this.text[i]! : -1;
  }

  advance(n = 1): void {
    this.pos += n;
  }

  /** True at the end of the current line fragment. */
  get eol(): boolean {
    return this.pos >= this.text.length;
  }

  /** True at the end of the whole command/response. */
  get atEnd(): boolean {
    return this.eol && this.part === this.parts.length - 1;
  }

  /** Bytes of the current line fragment from `start` to the cursor. */
  slice(start: number, end = this.pos): Buffer {
    return this.text.subarray(start, end);
  }

  /** The current line fragment. */
  get line(): Buffer {
    return this.text;
  }

  fail(expected: string, column = this.pos): never {
    throw new Invalid(this.part, column, expected);
  }

  expect(byte: number, what: string): void {
    if (this.peek() !== byte) this.fail(what);
    this.pos++;
  }

  sp(): void {
    if (this.peek() !== SP) this.fail('SP');
    this.pos++;
  }

  /** Consumes `word` (ASCII, compared case-insensitively) if it is next; returns whether it was. */
  keyword(word: string): boolean {
    const n = word.length;
    if (this.pos + n > this.text.length) return false;
    for (let i = 0; i < n; i++) {
      const b = this.text[this.pos + i]!;
      const w = word.charCodeAt(i);
      if (b !== w && !(w >= 0x41 && w <= 0x5a && b === w + 0x20)) return false;
    }
    this.pos += n;
    return true;
  }

  expectKeyword(word: string): void {
    if (!this.keyword(word)) this.fail(`"${word}"`);
  }

  /** The message must end here. */
  end(): void {
    if (!this.eol) this.fail('end of line');
    if (this.part !== this.parts.length - 1) this.fail('end of line (the line announces a literal here)');
  }

  mark(): { part: number; pos: number } {
    return { part: this.part, pos: this.pos };
  }

  reset(m: { part: number; pos: number }): void {
    this.part = m.part;
    this.pos = m.pos;
    const p = this.parts[m.part];
    this.text = p && p.kind === 'line' ? p.text : Buffer.alloc(0);
  }

  /** Enters a parenthesised list (the caller has consumed `(`); bounded by MAX_NESTING. */
  enter(): void {
    if (++this.depth > MAX_NESTING) this.fail(`lists nested at most ${MAX_NESTING} deep`);
  }

  leave(): void {
    this.depth--;
  }

  /**
   * Steps over a literal whose announcement `{n}` the caller has just consumed (the cursor must be
   * at the end of the line fragment): returns the literal part and moves to the next fragment.
   * Throws Incomplete with `role` when the literal has not arrived yet.
   */
  literalPart(size: number, announceStart: number, role: LiteralRole): LiteralPart {
    if (!this.eol) this.fail('CRLF after the literal announcement');
    const lit = this.parts[this.part + 1];
    if (!lit) throw new Incomplete(role);
    if (lit.kind !== 'literal' || lit.size !== size) this.fail('a literal of the announced size', announceStart);
    const next = this.parts[this.part + 2];
    if (!next || next.kind !== 'line') throw new Incomplete(role);
    this.part += 2;
    this.pos = 0;
    this.text = next.text;
    this.lastLiteral = lit;
    return lit;
  }

  /** Describes a position for error messages. */
  problem(e: Invalid): SyntaxProblem {
    let octet = 0;
    for (let i = 0; i < e.part && i < this.parts.length; i++) {
      const p = this.parts[i]!;
      octet += p.kind === 'line' ? p.text.length + 2 : p.size;
    }
    octet += e.column;
    const p = this.parts[e.part];
    const text = p && p.kind === 'line' ? p.text : Buffer.alloc(0);
    const from = Math.max(0, e.column - 20);
    const to = Math.min(text.length, e.column + 20);
    const near = (from > 0 ? '…' : '') + printable(text.subarray(from, to)) + (to < text.length ? '…' : '');
    return { part: e.part, column: e.column, octet, expected: e.expected, near };
  }
}

/** Runs a rule over framed input, turning thrown Incomplete/Invalid into a ParseResult. */
export function run<T>(parts: readonly MessagePart[], rule: (cur: Cursor) => T, nonSyncAllowed = true): ParseResult<T> {
  const cur = new Cursor(parts);
  cur.nonSyncAllowed = nonSyncAllowed;
  try {
    return { status: 'ok', value: rule(cur), quirks: cur.quirks, secrets: cur.secrets };
  } catch (e) {
    if (e instanceof Incomplete) return { status: 'incomplete', literal: e.role };
    if (e instanceof Invalid) return { status: 'invalid', problem: cur.problem(e) };
    if (e instanceof RangeError) {
      // Stack exhaustion cannot happen within MAX_NESTING, but a parser must never throw out.
      return { status: 'invalid', problem: cur.problem(new Invalid(cur.part, cur.pos, 'input the parser can handle')) };
    }
    throw e;
  }
}

function printable(b: Buffer): string {
  let s = '';
  for (const c of b) s += c >= 0x20 && c !== 0x7f ? String.fromCharCode(c) : '.';
  return s;
}
