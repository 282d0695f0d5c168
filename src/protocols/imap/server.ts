/**
 * The server direction: the greeting, tagged completions (matched to their command by tag, with the
 * response time), untagged data (attached to the command that was running), and continuation
 * requests (answering a literal, an AUTHENTICATE round or IDLE). Keeps the connection's state,
 * capabilities and selected mailbox up to date, and records FETCHed messages.
 */
import type { CommandEvent, ReplyEvent } from '../../model/events.js';
import type { DecoderContext } from '../decoder.js';
import { isBase64, readChallenge } from '../sasl.js';
import type { ImapConnection, PendingCommand } from './connection.js';
import type { FramedLine } from './framer.js';
import type { LiteralPurpose } from './literal-content.js';
import { Assembly, Side } from './side.js';
import type { LiteralRole, MessagePart, ParseResult, Quirk } from './syntax/input.js';
import { parseResponse } from './syntax/response.js';
import type { FetchItems, FetchValue, RespCode, Response, SectionData, StatusResponse } from './syntax/types.js';

/** What the server side asks of the decoder. */
export interface ServerActions {
  /** The server accepted STARTTLS in event `event`. */
  startTls(event: number): void;
  /** The server accepted COMPRESS DEFLATE: both directions inflate from now on. */
  startCompression(ts: number): void;
  /** The server answered a command whose synchronising literal it never asked for. */
  literalRefused(p: PendingCommand): void;
}

const STATUS = /^(OK|NO|BAD|BYE|PREAUTH)$/i;

/** Which commands produce which untagged data, to attach a response to the command that was running. */
const PRODUCERS: Record<string, readonly string[]> = {
  FETCH: ['FETCH', 'UID FETCH', 'STORE', 'UID STORE'],
  SEARCH: ['SEARCH', 'UID SEARCH'],
  ESEARCH: ['SEARCH', 'UID SEARCH'],
  SORT: ['SORT', 'UID SORT'],
  THREAD: ['THREAD', 'UID THREAD'],
  LIST: ['LIST'],
  XLIST: ['XLIST'],
  LSUB: ['LSUB'],
  STATUS: ['STATUS', 'LIST'],
  CAPABILITY: ['CAPABILITY', 'LOGIN', 'AUTHENTICATE', 'STARTTLS'],
  EXISTS: ['SELECT', 'EXAMINE'],
  RECENT: ['SELECT', 'EXAMINE'],
  FLAGS: ['SELECT', 'EXAMINE'],
  OK: ['SELECT', 'EXAMINE'],
  EXPUNGE: ['EXPUNGE', 'UID EXPUNGE', 'MOVE', 'UID MOVE', 'CLOSE'],
  VANISHED: ['EXPUNGE', 'UID EXPUNGE', 'MOVE', 'UID MOVE', 'SELECT', 'EXAMINE'],
  NAMESPACE: ['NAMESPACE'],
  ID: ['ID'],
  ENABLED: ['ENABLE'],
  QUOTA: ['GETQUOTA', 'GETQUOTAROOT'],
  QUOTAROOT: ['GETQUOTAROOT'],
  BYE: ['LOGOUT'],
};

/**
 * Whether the first server line of a capture is the greeting, or a line from the middle of a
 * session whose start was not captured (an IDLE keepalive such as `* OK Still here`): a greeting
 * is PREAUTH or BYE, or an OK with capabilities or with the words servers greet with.
 */
function looksLikeGreeting(r: StatusResponse): boolean {
  if (r.status === 'PREAUTH' || r.status === 'BYE') return true;
  if (r.status !== 'OK') return false;
  if (r.code) return r.code.name === 'CAPABILITY';
  return /\b(IMAP|ready|server|service|welcome|hello)/i.test(r.text);
}

function isSection(v: FetchValue): v is SectionData {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'size' in v && !('type' in v);
}

/** A response being received. */
class ResponseAssembly extends Assembly {
  /** `+`, `*` or the tag. */
  tag = '';
  status: string | undefined;
  /** Upper-cased name of untagged data (`FETCH`, `CAPABILITY`, ...). */
  name = '';
}

export class ServerSide extends Side<ResponseAssembly> {
  private readonly quirksReported = new Set<Quirk>();

  constructor(
    ctx: DecoderContext,
    conn: ImapConnection,
    private readonly actions: ServerActions,
  ) {
    super(ctx, conn, 'S');
  }

  // ---- units ------------------------------------------------------------------------------------

  protected startUnit(l: FramedLine): ResponseAssembly {
    return new ResponseAssembly(l.offset);
  }

  protected emitUnit(a: ResponseAssembly, l: FramedLine): void {
    const head = /^(\S*)(?: (\S+))?(?: (\S+))?/.exec(l.bytes.toString('latin1', 0, Math.min(l.bytes.length, 200)))!;
    a.tag = head[1]!.startsWith('+') ? '+' : head[1]!;
    const second = head[2] ?? '';
    if (a.tag !== '+' && STATUS.test(second)) a.status = second.toUpperCase();
    if (a.tag === '*') a.name = /^\d+$/.test(second) ? (head[3] ?? '').toUpperCase() : (a.status ?? second.toUpperCase());
    const ev: Omit<ReplyEvent, 'index'> = { kind: 'reply', ts: l.ts, dir: 'S', offset: l.offset, length: l.length, tag: a.tag, lines: [a.texts[0]!] };
    if (a.status) ev.status = a.status;
    const cmd = a.tag === '*' ? this.runningCommand(a.name) : a.tag === '+' ? undefined : this.conn.byTag(a.tag);
    if (cmd) ev.command = cmd.event;
    a.event = this.ctx.emit(ev);
  }

  protected appendText(a: ResponseAssembly, text: string, end: number): void {
    const ev = this.ctx.event(a.event) as ReplyEvent;
    ev.lines.push(text);
    ev.length = end - ev.offset;
  }

  /** Only untagged data carries literals (status responses and continuations end at their line). */
  protected mayHaveLiterals(a: ResponseAssembly): boolean {
    return a.tag === '*' && a.status === undefined;
  }

  protected parse(parts: readonly MessagePart[]): ParseResult<Response> {
    return parseResponse(parts);
  }

  protected looksLikeStart(line: Buffer): boolean {
    const s = line.toString('latin1', 0, Math.min(line.length, 64));
    if (/^\+( |$)/.test(s)) return true;
    if (/^\* (OK|NO|BAD|BYE|PREAUTH|CAPABILITY|FLAGS|LIST|LSUB|STATUS|SEARCH|ESEARCH|NAMESPACE|ID|ENABLED|QUOTA|QUOTAROOT|SORT|THREAD|VANISHED)\b/i.test(s)) return true;
    if (/^\* \d+ (EXISTS|RECENT|EXPUNGE|FETCH)\b/i.test(s)) return true;
    return /^[^\s*+(){%"\\]+ (OK|NO|BAD)\b/i.test(s);
  }

  protected purpose(role: LiteralRole): LiteralPurpose {
    if (role.kind !== 'body') return { what: 'literal', secret: false, keepForParse: true };
    const sec = role.section;
    const header = sec === 'HEADER' || sec.startsWith('HEADER.FIELDS');
    const whole = sec === '';
    if (!whole && !header) return { what: role.item, secret: false, keepForParse: false };
    const section = header ? sec + (role.origin !== undefined ? `<${role.origin}>` : '') : role.origin !== undefined ? `<${role.origin}>` : undefined;
    const message: NonNullable<LiteralPurpose['message']> = { via: 'imap-fetch', number: role.number, partial: section !== undefined };
    if (section !== undefined) message.section = section;
    const mailbox = this.conn.selected?.name;
    if (mailbox !== undefined) message.mailbox = mailbox;
    if (role.uid !== undefined) message.uid = role.uid;
    return { what: role.item, secret: false, keepForParse: false, message };
  }

  protected abandon(a: ResponseAssembly, why: string): void {
    const ev = this.ctx.event(a.event) as ReplyEvent;
    ev.detail = { ...ev.detail, incomplete: why };
  }

  protected finish(a: ResponseAssembly, r: ParseResult<unknown> | null, ts: number): void {
    const ev = this.ctx.event(a.event) as ReplyEvent;
    let resp: Response | null = null;
    if (!r) ev.detail = { unparsed: a.unparsable };
    else if (r.status === 'ok') {
      resp = r.value as Response;
      ev.detail = { ...resp };
      for (const q of new Set(r.quirks)) this.quirk(q, a);
    } else if (r.status === 'invalid') {
      const p = r.problem;
      this.ctx.violation('IMAP-SYNTAX-RESPONSE', a.event, `octet ${p.octet}: expected ${p.expected} near ${JSON.stringify(p.near)}`);
    }
    const greeting = !this.conn.greeted;
    this.conn.greeted = true;
    if (a.tag === '+') this.continuation(ev, resp);
    else if (a.tag === '*') {
      // The first thing the server sends (from the start of its stream) is the greeting.
      if (greeting && a.start === 0 && resp?.kind === 'status' && looksLikeGreeting(resp)) this.greeting(resp.status);
      if (resp) this.untagged(ev, resp, greeting);
      else if (a.status === 'BYE') this.bye(ev, greeting);
    } else this.tagged(ev, a, resp, ts);
  }

  /** A tolerated deviation from the grammar: reported once per session for each kind. */
  private quirk(q: Quirk, a: ResponseAssembly): void {
    if (this.quirksReported.has(q)) return;
    this.quirksReported.add(q);
    const line = a.texts[0]!;
    const quoted = JSON.stringify(line.length > 50 ? `${line.slice(0, 50)}…` : line);
    if (q === 'missing-text') {
      this.ctx.violation('IMAP-RESP-TEXT-MISSING', a.event, `${quoted} has no text after its status or code (further ones are not reported)`);
    } else {
      this.ctx.violation('IMAP-ADDRESS-SPACES', a.event, `an ENVELOPE address list separates its addresses with SP (further ones are not reported)`);
    }
  }

  // ---- meanings ---------------------------------------------------------------------------------

  private greeting(status: string): void {
    this.conn.fromStart = true;
    this.conn.state = status === 'OK' ? 'not-authenticated' : status === 'PREAUTH' ? 'authenticated' : 'logout';
  }

  private continuation(ev: ReplyEvent, resp: Response | null): void {
    const conn = this.conn;
    const waiting = conn.pending.find((p) => p.awaitingContinuation);
    if (waiting) {
      waiting.awaitingContinuation = false;
      ev.command = waiting.event;
      return;
    }
    const late = conn.pending.find((p) => (p.continuationsOwed ?? 0) > 0);
    if (late) {
      late.continuationsOwed! -= 1;
      ev.command = late.event;
      return;
    }
    const auth = conn.authenticating;
    if (auth) {
      ev.command = auth.event;
      const text = resp && resp.kind === 'continue' && !resp.code ? resp.text : '';
      const data = text === '' || isBase64(text) ? Buffer.from(text, 'base64') : null;
      auth.challenge = data ? readChallenge(auth.mechanism ?? '', data) : text;
      if (data) ev.detail = { ...ev.detail, challenge: auth.challenge };
      conn.saslAnswerDue = true;
      return;
    }
    if (conn.idle) {
      ev.command = conn.idle.event;
      // RFC 2177: one "+" acknowledges IDLE; the server's news then come as untagged responses.
      if (!conn.idle.idleAcknowledged) {
        conn.idle.idleAcknowledged = true;
        return;
      }
      if (conn.fromStart && !conn.gapped.S) {
        this.ctx.violation('IMAP-CONTINUATION-UNEXPECTED', ev.index, 'a second "+" during IDLE: the server already acknowledged it; news must come as untagged responses');
      }
      return;
    }
    if (conn.fromStart && conn.seen.C && !conn.gapped.C && !conn.gapped.S) {
      this.ctx.violation('IMAP-CONTINUATION-UNEXPECTED', ev.index, 'the server sent "+" but no command waits for one (no literal, AUTHENTICATE or IDLE)');
    }
  }

  private tagged(ev: ReplyEvent, a: ResponseAssembly, resp: Response | null, ts: number): void {
    const conn = this.conn;
    const p = conn.byTag(a.tag);
    if (!p) {
      // Only when every command the client sent was seen: from the greeting on, without lost bytes.
      if (conn.fromStart && conn.seen.C && !conn.gapped.C) this.ctx.violation('IMAP-TAG-UNKNOWN', ev.index, `tagged response for ${a.tag}, a tag the client did not send (or whose command already completed)`);
      if (resp?.kind === 'status' && resp.code) this.code(ev, resp.code);
      return;
    }
    const cmd = this.ctx.event(p.event) as CommandEvent;
    cmd.reply = ev.index;
    cmd.responseTime = Math.max(0, ts - p.ts);
    ev.command = p.event;
    const status = a.status ?? '';
    if (p.awaitingContinuation) this.actions.literalRefused(p);
    if (status === 'BAD') {
      const text = resp?.kind === 'status' ? resp.text : ev.lines[0]!;
      this.ctx.violation('IMAP-BAD-RESPONSE', ev.index, `the server rejected ${p.verb}: ${JSON.stringify(text)}`);
    }
    if (p.verb === 'AUTHENTICATE') conn.saslAnswerDue = false;
    if (resp?.kind === 'status' && resp.code) this.code(ev, resp.code);
    conn.complete(p, status);
    if (status !== 'OK') return;
    if ((p.verb === 'SELECT' || p.verb === 'EXAMINE') && conn.selected) ev.detail = { ...ev.detail, selected: { ...conn.selected } };
    if (p.verb === 'STARTTLS') this.actions.startTls(ev.index);
    else if (p.verb === 'COMPRESS') this.actions.startCompression(ts);
  }

  private untagged(ev: ReplyEvent, resp: Response, greeting: boolean): void {
    if (resp.kind === 'status') {
      if (resp.code) this.code(ev, resp.code);
      if (resp.status === 'BYE') this.bye(ev, greeting, resp);
      return;
    }
    if (resp.kind !== 'data') return;
    const conn = this.conn;
    const box = conn.opening ?? conn.selected;
    switch (resp.type) {
      case 'CAPABILITY':
        conn.setCaps(resp.capabilities);
        break;
      case 'EXISTS':
        if (box) box.exists = resp.number;
        break;
      case 'RECENT':
        if (box) box.recent = resp.number;
        break;
      case 'FETCH':
        this.fetched(resp.items);
        break;
    }
  }

  private bye(ev: ReplyEvent, greeting: boolean, resp?: StatusResponse): void {
    const logout = this.conn.pending.some((p) => p.verb === 'LOGOUT');
    this.conn.state = 'logout';
    if (logout) return;
    const text = resp?.text ?? ev.lines[0]!;
    this.ctx.violation(
      'IMAP-UNEXPECTED-BYE',
      ev.index,
      greeting ? `the server refused the connection in its greeting: ${JSON.stringify(text)}` : `the server closes the connection without a LOGOUT: ${JSON.stringify(text)}`,
    );
  }

  /** What a response code tells: capabilities, UIDVALIDITY, read-only. */
  private code(ev: ReplyEvent, code: RespCode): void {
    const conn = this.conn;
    const box = conn.opening ?? conn.selected;
    switch (code.name) {
      case 'CAPABILITY':
        if (code.capabilities) conn.setCaps(code.capabilities);
        break;
      case 'READ-ONLY':
        if (box) box.readOnly = true;
        break;
      case 'READ-WRITE':
        if (box) box.readOnly = false;
        break;
      case 'UIDVALIDITY': {
        if (!box || code.value === undefined) break;
        const before = conn.uidValidity.get(box.name);
        if (before !== undefined && before !== code.value) {
          this.ctx.violation('IMAP-UIDVALIDITY-CHANGED', ev.index, `UIDVALIDITY of ${box.name} changed from ${before} to ${code.value} within the session`);
        }
        conn.uidValidity.set(box.name, code.value);
        box.uidValidity = code.value;
        break;
      }
    }
  }

  /** A FETCH response: messages recorded from its body sections learn the UID when it came after them. */
  private fetched(items: FetchItems): void {
    const uid = items.UID;
    if (typeof uid !== 'number') return;
    for (const v of Object.values(items)) {
      if (isSection(v) && v.message !== undefined) this.ctx.message(v.message).uid ??= uid;
    }
  }

  /** The command an untagged response belongs to: the oldest in flight that produces it, else the oldest in flight. */
  private runningCommand(name: string): PendingCommand | undefined {
    const pending = this.conn.pending;
    const producers = PRODUCERS[name];
    if (producers) {
      const p = pending.find((c) => producers.includes(c.verb));
      if (p) return p;
    }
    return pending[0];
  }
}
