/**
 * A structured multi-line response (LIST, UIDL, CAPA, AUTH mechanism list, LANG) collected until
 * its "." line and parsed into reply detail. Memory is bounded: at most MAX_LINES lines are kept
 * as sent and MAX_ENTRIES parsed entries.
 */
import type { LogicalLine } from './line-reader.js';
import { parseCapability, parseScanListing, parseServerLine, parseUidListing } from './responses.js';

export type ListingKind = 'LIST' | 'UIDL' | 'CAPA' | 'AUTH' | 'LANG';

const MAX_LINES = 10_000;
const MAX_ENTRIES = 100_000;

/** How a listing line was taken. */
export type ListingStep = 'more' | 'end' | 'interrupted';

export class ListingBody {
  /** The lines as sent (status line first, stuffing and "." line included), up to MAX_LINES. */
  readonly lines: string[];
  /** Raw octets covered so far, status line included. */
  length: number;
  linesOmitted = 0;
  /** Lines that do not have the listing's format: count and the first one. */
  malformed = 0;
  firstMalformed: string | undefined;
  dotErrors = 0;
  bareLf = 0;
  bareCr = 0;
  /** Bytes of the response were lost in a gap. */
  lost = false;
  readonly scans: { number: number; size: number }[] = [];
  readonly uids: { number: number; uid: string }[] = [];
  /** Capability name → arguments (no prototype, so any name the server sends is just a key). */
  readonly capabilities: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  readonly mechanisms: string[] = [];
  readonly languages: { tag: string; description: string }[] = [];
  private entries = 0;

  /**
   * `offset` is where the response starts; `status` is its status line, already checked by the
   * caller (absent when the status line was shown on its own, as in a server-only capture).
   */
  constructor(
    readonly kind: ListingKind,
    readonly offset: number,
    status?: { text: string; length: number },
  ) {
    this.lines = status ? [status.text] : [];
    this.length = status ? status.length : 0;
  }

  /**
   * The next line of the response. A line that is a status line (`+OK`/`-ERR`) cannot belong to
   * any of these listings: it means the "." line is missing, and the line is left for the caller.
   */
  line(l: LogicalLine, text: string): ListingStep {
    if (text === '.' && l.ending !== 'none') {
      this.take(l, text);
      return 'end';
    }
    const parsed = parseServerLine(text);
    if (parsed !== null && parsed.kind === 'status') return 'interrupted';
    this.take(l, text);
    let content = text;
    if (content.startsWith('.')) {
      if (!content.startsWith('..')) this.dotErrors++;
      content = content.slice(1);
    }
    if (this.entries < MAX_ENTRIES) {
      this.entries++;
      if (!this.parse(content)) {
        this.malformed++;
        this.firstMalformed ??= content;
      }
    }
    return 'more';
  }

  /** Structured detail for the reply event. */
  detail(): Record<string, unknown> {
    const d: Record<string, unknown> = {};
    switch (this.kind) {
      case 'LIST':
        d.messages = this.scans;
        break;
      case 'UIDL':
        d.messages = this.uids;
        break;
      case 'CAPA':
        d.capabilities = this.capabilities;
        break;
      case 'AUTH':
        d.mechanisms = this.mechanisms;
        break;
      case 'LANG':
        d.languages = this.languages;
        break;
    }
    if (this.entries >= MAX_ENTRIES) d.entriesTruncated = true;
    if (this.linesOmitted > 0) d.linesOmitted = this.linesOmitted;
    return d;
  }

  private take(l: LogicalLine, text: string): void {
    this.length += l.length;
    if (l.ending === 'LF') this.bareLf++;
    if (l.bareCr) this.bareCr++;
    if (this.lines.length < MAX_LINES) this.lines.push(text);
    else this.linesOmitted++;
  }

  private parse(content: string): boolean {
    switch (this.kind) {
      case 'LIST': {
        const s = parseScanListing(content);
        if (s) this.scans.push(s);
        return s !== null;
      }
      case 'UIDL': {
        const u = parseUidListing(content);
        if (u) this.uids.push(u);
        return u !== null;
      }
      case 'CAPA': {
        const c = parseCapability(content);
        if (c) this.capabilities[c.name] = c.args;
        return c !== null;
      }
      case 'AUTH': {
        const mech = content.trim();
        if (mech !== '') this.mechanisms.push(mech.toUpperCase());
        return mech !== '';
      }
      case 'LANG': {
        const sp = content.indexOf(' ');
        this.languages.push(sp < 0 ? { tag: content, description: '' } : { tag: content.slice(0, sp), description: content.slice(sp + 1) });
        return content !== '';
      }
    }
  }
}
