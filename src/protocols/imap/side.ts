/**
 * What both directions share: turning framed lines and literal octets into one command or response
 * ("a line with literals is one command / one response"), finding which literals are message
 * content before they stream, noticing a literal whose announced length was wrong, and finding the
 * way back after a gap. The client and server subclasses say what a line means.
 */
import type { Direction } from '../../flow/types.js';
import type { DecoderContext } from '../decoder.js';
import { toText } from '../stream-buffer.js';
import type { ImapConnection } from './connection.js';
import type { FramedLine, FramerSink } from './framer.js';
import { LiteralContent, type LiteralPurpose } from './literal-content.js';
import { type Announcement, trailingAnnouncement } from './syntax/core.js';
import type { LiteralRole, MessagePart, ParseResult } from './syntax/input.js';

/** Line text kept per command/response for the grammar; past it the message is shown but not parsed. */
const MAX_MESSAGE_TEXT = 4 * 1024 * 1024;
/** Literals per command/response beyond which it is no longer parsed (each literal reparses the message). */
const MAX_LITERALS = 1000;

/** One command or response being received: its lines and literals so far. */
export class Assembly {
  readonly parts: MessagePart[] = [];
  /** The display text of each line fragment. */
  readonly texts: string[] = [];
  literal: LiteralContent | null = null;
  /** Why it will not be parsed (too large, cut lines), if so. */
  unparsable: string | null = null;
  private textBytes = 0;
  /** Parts before this index are in memory of their own. */
  private kept = 0;
  /** A gap ended the literal being received: the rest of the message is lost. */
  cutByGap = false;

  /** The command or reply event (set when it is emitted). */
  event = -1;

  constructor(
    /** Wire offset of its first byte. */
    readonly start: number,
  ) {}

  get literals(): number {
    return (this.parts.length - 1) >> 1;
  }

  /** Adds a line fragment; its bytes stay a view of the caller's chunk until keep() (most units end with their line). */
  addLine(l: FramedLine): void {
    const text = l.bytes;
    this.parts.push({ kind: 'line', text });
    this.texts.push(toText(text));
    this.textBytes += text.length;
    if (l.cut) this.unparsable ??= `a line longer than ${l.bytes.length} octets`;
    else if (this.textBytes > MAX_MESSAGE_TEXT) this.unparsable ??= `more than ${MAX_MESSAGE_TEXT} octets of text`;
    else if (this.literals >= MAX_LITERALS) this.unparsable ??= `more than ${MAX_LITERALS} literals`;
  }

  /** Copies the line fragments into memory of their own: the unit goes on past this chunk. */
  keep(): void {
    for (; this.kept < this.parts.length; this.kept++) {
      const p = this.parts[this.kept]!;
      if (p.kind === 'line') p.text = Buffer.from(p.text);
    }
  }

  /** Removes the latest line fragment (it turned out to start the next message). */
  popLine(): void {
    this.parts.pop();
    this.texts.pop();
    this.kept = Math.min(this.kept, this.parts.length);
  }
}

/** Decodes one direction, whose commands or responses are assembled in an `A`. */
export abstract class Side<A extends Assembly> implements FramerSink {
  protected current: A | null = null;
  /** After a gap: lines are skipped until one looks like the start of a command/response. */
  protected resyncing = false;
  private skipped = 0;
  private skipStart = 0;
  private bareCrReported = false;
  private bareLfReported = false;

  constructor(
    protected readonly ctx: DecoderContext,
    protected readonly conn: ImapConnection,
    readonly dir: Direction,
  ) {}

  // ---- what subclasses say ------------------------------------------------------------------------

  /**
   * A line that starts a new unit. Lines that are units of their own (SASL answers, DONE) are
   * handled here (return null); for a command/response return a new Assembly, which emitUnit()
   * then announces.
   */
  protected abstract startUnit(l: FramedLine): A | null;
  /** Emits the event of a new command/response (its first line is in `a`; `r` is the first parse), setting `a.event`. */
  protected abstract emitUnit(a: A, l: FramedLine, r: ParseResult<unknown> | null): void;
  /** Whether lines of this unit can announce literals (status responses cannot). */
  protected abstract mayHaveLiterals(a: A): boolean;
  protected abstract parse(parts: readonly MessagePart[]): ParseResult<unknown>;
  /** Whether a line looks like the start of a command/response (resynchronising after a gap). */
  protected abstract looksLikeStart(line: Buffer): boolean;
  /** What a literal with this role becomes. */
  protected abstract purpose(role: LiteralRole): LiteralPurpose;
  /** The unit is complete (parsed, or not parsable): update its event and the connection. */
  protected abstract finish(a: A, result: ParseResult<unknown> | null, ts: number): void;
  /** A literal was announced (before its octets). */
  protected announced(_a: A, _ann: Announcement): void {}
  /** Literal octets arrive. */
  protected literalOctets(_a: A): void {}
  /** The latest fragment's text was added to the unit's event. */
  protected abstract appendText(a: A, text: string, end: number): void;
  /** The unit was cut short (gap, end of stream): mark its event. */
  protected abstract abandon(a: A, why: string): void;

  // ---- FramerSink -------------------------------------------------------------------------------

  line(l: FramedLine): number | null {
    if (this.current) return this.continueUnit(this.current, l);
    if (l.ending === 'none' && !l.cut && !this.looksLikeStart(l.bytes)) {
      // The stream ended inside a line that does not even start like a command/response.
      const text = toText(l.bytes.subarray(0, 60));
      this.ctx.emit({ kind: 'note', ts: l.ts, dir: this.dir, offset: l.offset, length: l.length, text: `the stream ends inside an unterminated line: ${JSON.stringify(text)}` });
      return null;
    }
    if (this.resyncing) {
      if (!this.looksLikeStart(l.bytes)) {
        if (this.skipped === 0) this.skipStart = l.offset;
        this.skipped += l.length;
        return null;
      }
      this.resyncing = false;
      if (this.skipped > 0) {
        this.ctx.emit({
          kind: 'note',
          ts: l.ts,
          dir: this.dir,
          offset: this.skipStart,
          length: this.skipped,
          text: `after the gap, ${this.skipped} bytes were skipped to find the next ${this.dir === 'C' ? 'command' : 'response'}`,
        });
      }
      this.skipped = 0;
    }
    const a = this.startUnit(l);
    if (!a) return null;
    a.addLine(l);
    const r = a.unparsable ? null : this.parse(a.parts);
    this.emitUnit(a, l, r);
    this.checkLine(l, a.event);
    this.current = a;
    return this.proceed(a, l, r);
  }

  literalData(bytes: Buffer, offset: number, end: number, ts: number): void {
    const a = this.current;
    if (!a?.literal) return;
    this.literalOctets(a);
    a.literal.data(bytes, offset, end, ts);
  }

  literalEnd(): void {
    const a = this.current;
    if (!a?.literal) return;
    a.parts.push(a.literal.end());
    a.literal = null;
    if (a.cutByGap) this.cut(a, 'the rest was lost in a gap');
  }

  gap(length: number, ts: number, where: { inLiteral: boolean; literalLeft: number; dropped: number; offset: number }): void {
    this.conn.gapped[this.dir] = true;
    const a = this.current;
    const unit = this.dir === 'C' ? 'command' : 'response';
    const say = (text: string) => this.ctx.emit({ kind: 'note', ts, dir: this.dir, offset: where.offset, length: 0, text });
    if (where.inLiteral && a?.literal) {
      a.literal.gap(Math.min(length, where.literalLeft));
      if (length < where.literalLeft) {
        say(`${length} octets of a {${a.literal.size}} literal are missing; the literal goes on after the gap`);
        return;
      }
      a.cutByGap = true;
      say(`the gap swallows the end of a {${a.literal.size}} literal and what followed it: the ${unit} is incomplete; decoding resumes at the next ${unit}`);
      this.startResync();
      return;
    }
    if (a) {
      this.cut(a, 'the rest was lost in a gap');
      say(`the rest of the ${unit} is lost in the gap; decoding resumes at the next ${unit}`);
    } else if (where.dropped > 0) {
      say(`an incomplete line of ${where.dropped} bytes before the gap is dropped; decoding resumes at the next ${unit}`);
    }
    this.startResync();
  }

  note(text: string, offset: number, ts: number, violation?: string): void {
    const idx = this.ctx.emit({ kind: 'note', ts, dir: this.dir, offset, length: 0, text });
    if (violation) this.ctx.violation(violation, idx, text);
  }

  /** The connection ended: a literal or message still open is cut short. */
  end(): void {
    const a = this.current;
    if (!a) return;
    if (a.literal) {
      const lit = a.literal;
      const missing = lit.size - lit.received - lit.lost;
      this.ctx.violation(
        'IMAP-LITERAL-TRUNCATED',
        a.event,
        `the connection ended ${missing} octets before the end of a {${lit.size}} literal`,
      );
      a.parts.push(lit.end());
      a.literal = null;
    }
    this.cut(a, 'the connection ended before its end');
  }

  // ---- internals ----------------------------------------------------------------------------------

  /** Reports a bare CR / lone LF on a line that belongs to event `event` (once per direction each). */
  protected checkLine(l: FramedLine, event: number): void {
    const who = this.dir === 'C' ? 'client' : 'server';
    if (l.bareCr && !this.bareCrReported) {
      this.bareCrReported = true;
      this.ctx.violation('IMAP-BARE-CR', event, `${who} line contains a CR not followed by LF (further ones in this direction are not reported)`);
    }
    if (l.ending === 'LF' && !this.bareLfReported) {
      this.bareLfReported = true;
      this.ctx.violation('IMAP-BARE-LF', event, `${who} line ends with LF without CR (further ones in this direction are not reported)`);
    }
  }

  private startResync(): void {
    this.resyncing = true;
    this.skipped = 0;
  }

  /** A line fragment after a literal. */
  private continueUnit(a: A, l: FramedLine): number | null {
    a.addLine(l);
    const r = a.unparsable ? null : this.parse(a.parts);
    // Valid up to the literal and broken in the line right after it: the literal had the wrong length.
    if (r?.status === 'invalid' && r.problem.part === a.parts.length - 1) return this.lengthMismatch(a, l);
    this.appendText(a, a.texts[a.texts.length - 1]!, l.offset + l.length);
    this.checkLine(l, a.event);
    return this.proceed(a, l, r);
  }

  /** Decides, after the latest fragment, whether a literal follows or the unit is complete. */
  private proceed(a: A, l: FramedLine, r: ParseResult<unknown> | null): number | null {
    const ann = this.mayHaveLiterals(a) ? trailingAnnouncement(l.cut ? (l.tail ?? l.bytes) : l.bytes) : null;
    if (ann && r?.status !== 'ok') return this.beginLiteral(a, ann, r?.status === 'incomplete' ? r.literal : { kind: 'string' }, l);
    this.current = null;
    this.finish(a, r, l.ts);
    return null;
  }

  private beginLiteral(a: A, ann: Announcement, role: LiteralRole, l: FramedLine): number {
    a.keep();
    this.announced(a, ann);
    a.literal = new LiteralContent(this.ctx, this.dir, ann.size, this.purpose(role), l.offset + l.length);
    return ann.size;
  }

  /**
   * The octets right after a literal do not continue the command/response: the literal's announced
   * length was wrong. The unit ends; the line starts the next one when it looks like it.
   */
  private lengthMismatch(a: A, l: FramedLine): number | null {
    const lit = a.parts[a.parts.length - 2];
    const size = lit && lit.kind === 'literal' ? lit.size : 0;
    const sample = toText(l.bytes.subarray(0, 40));
    this.ctx.violation(
      'IMAP-LITERAL-LENGTH-MISMATCH',
      a.event,
      `a {${size}} literal is followed by ${JSON.stringify(sample)}, which does not continue the ${this.dir === 'C' ? 'command' : 'response'}: the announced length does not match the data`,
    );
    const restart = this.looksLikeStart(l.bytes);
    if (restart) a.popLine();
    else {
      this.appendText(a, a.texts[a.texts.length - 1]!, l.offset + l.length);
      this.checkLine(l, a.event);
    }
    this.cut(a, 'a literal of the wrong length broke it');
    return restart ? this.line(l) : null;
  }

  /** Ends the unit early. */
  private cut(a: A, why: string): void {
    if (this.current === a) this.current = null;
    this.abandon(a, why);
  }
}
