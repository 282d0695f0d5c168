/**
 * The client direction: tagged commands (with their literals), SASL answers during AUTHENTICATE,
 * and DONE ending IDLE. Checks what can be checked when a command is sent: tag reuse, the state,
 * LOGINDISABLED, passwords in cleartext, IDLE rules, literal rules (LITERAL+/LITERAL-, waiting for
 * the server's `+`), line length.
 */
import type { CommandEvent } from '../../model/events.js';
import type { DecoderContext } from '../decoder.js';
import { CLEARTEXT_MECHANISMS, isBase64, MASK, readResponse } from '../sasl.js';
import { toText } from '../stream-buffer.js';
import type { ImapConnection, PendingCommand } from './connection.js';
import type { Framer, FramedLine } from './framer.js';
import type { LiteralPurpose } from './literal-content.js';
import { Assembly, Side } from './side.js';
import { isKnownCommand, stateName, statesOf, validIn } from './states.js';
import { commandVerb, parseCommand } from './syntax/command.js';
import type { Announcement } from './syntax/core.js';
import type { LiteralRole, MessagePart, ParseResult, SecretSpan } from './syntax/input.js';
import type { Command } from './syntax/types.js';

/** RFC 7162 §4: clients should keep command lines (literals not counted) within about 8192 octets. */
const COMMAND_LINE_LIMIT = 8192;
/** RFC 7888 §4: with LITERAL- only, non-synchronising literals are at most 4096 octets. */
const LITERAL_MINUS_MAX = 4096;
/** Commands awaiting completion that are remembered (a client-only capture would grow without end). */
const MAX_PENDING = 1000;

/** A command being received, with what the client side tracks for it. */
class CommandAssembly extends Assembly {
  command: PendingCommand | null = null;
  verb = '';
  tag = '';
  /** Octets of line text so far (for the line length rule). */
  lineOctets = 0;
}

export class ClientSide extends Side<CommandAssembly> {
  private framer: Framer | null = null;
  /** Wire offset just past the STARTTLS command line while its answer is awaited. */
  startTlsEnd: number | null = null;

  constructor(ctx: DecoderContext, conn: ImapConnection) {
    super(ctx, conn, 'C');
  }

  attach(framer: Framer): void {
    this.framer = framer;
  }

  /** The server refused the literal `p` announced (tagged response instead of `+`): it will not come. */
  literalRefused(p: PendingCommand): void {
    const a = this.current;
    if (!a || a.command !== p || !a.literal || a.literal.received > 0) return;
    this.framer?.cancelLiteral();
    a.literal = null;
    this.current = null;
    this.abandon(a, 'the server refused its literal');
  }

  // ---- units ------------------------------------------------------------------------------------

  protected startUnit(l: FramedLine): CommandAssembly | null {
    if (this.isSaslAnswer(l.bytes)) {
      this.saslAnswer(l);
      return null;
    }
    // DONE ends IDLE (also one whose start the capture missed).
    if ((this.conn.idle || !this.conn.fromStart) && /^done$/i.test(l.bytes.toString('latin1'))) {
      this.conn.idle = null;
      const idx = this.ctx.emit({ kind: 'command', ts: l.ts, dir: 'C', offset: l.offset, length: l.length, verb: 'DONE', args: '', line: toText(l.bytes) });
      this.checkLine(l, idx);
      return null;
    }
    return new CommandAssembly(l.offset);
  }

  protected emitUnit(a: CommandAssembly, l: FramedLine, r: ParseResult<unknown> | null): void {
    const head = commandVerb(l.bytes);
    a.tag = head?.tag ?? toText(l.bytes).split(' ')[0]!;
    a.verb = head?.verb ?? '';
    a.lineOctets = l.bytes.length;
    const line = this.display(a, r);
    const ev: Omit<CommandEvent, 'index'> = {
      kind: 'command',
      ts: l.ts,
      dir: 'C',
      offset: l.offset,
      length: l.length,
      verb: a.verb,
      args: head ? argsOf(line, a.tag, a.verb) : '',
      line,
    };
    if (a.tag) ev.tag = a.tag;
    a.event = this.ctx.emit(ev);
    if (head) this.commandStarted(a, l);
  }

  protected appendText(a: CommandAssembly, text: string, end: number): void {
    a.lineOctets += Buffer.byteLength(text);
    const ev = this.ctx.event(a.event) as CommandEvent;
    ev.line += text;
    ev.args = argsOf(ev.line, a.tag, a.verb);
    ev.length = end - ev.offset;
  }

  protected mayHaveLiterals(): boolean {
    return true;
  }

  protected parse(parts: readonly MessagePart[]): ParseResult<Command> {
    return parseCommand(parts);
  }

  protected looksLikeStart(line: Buffer): boolean {
    const head = commandVerb(line);
    return head !== null && isKnownCommand(head.verb);
  }

  protected purpose(role: LiteralRole): LiteralPurpose {
    if (role.kind === 'append') return { what: 'APPEND', secret: false, keepForParse: false, message: { via: 'imap-append', mailbox: role.mailbox, partial: false } };
    return { what: 'literal', secret: role.kind === 'secret', keepForParse: true };
  }

  protected override announced(a: CommandAssembly, ann: Announcement): void {
    const caps = this.conn.caps;
    if (ann.nonSync) {
      if (caps && !caps.has('LITERAL+') && !caps.has('LITERAL-')) {
        this.ctx.violation('IMAP-LITERAL-PLUS-NOT-ADVERTISED', a.event, `{${ann.size}+} non-synchronising literal, but the server advertised neither LITERAL+ nor LITERAL-`);
      } else if (caps && !caps.has('LITERAL+') && ann.size > LITERAL_MINUS_MAX) {
        this.ctx.violation('IMAP-LITERAL-MINUS-TOO-LONG', a.event, `{${ann.size}+} non-synchronising literal is longer than ${LITERAL_MINUS_MAX} octets, the LITERAL- limit`);
      }
    } else if (a.command) a.command.awaitingContinuation = true;
  }

  protected override literalOctets(a: CommandAssembly): void {
    const p = a.command;
    if (!p?.awaitingContinuation) return;
    p.awaitingContinuation = false;
    p.continuationsOwed = (p.continuationsOwed ?? 0) + 1;
    if (!this.conn.seen.S || this.conn.gapped.S) return;
    const size = a.literal?.size ?? 0;
    this.ctx.violation('IMAP-LITERAL-BEFORE-CONTINUATION', a.event, `the client sent the {${size}} literal before the server's "+" continuation request`);
  }

  protected finish(a: CommandAssembly, r: ParseResult<unknown> | null): void {
    const ev = this.ctx.event(a.event) as CommandEvent;
    ev.line = this.display(a, r);
    ev.args = argsOf(ev.line, a.tag, a.verb);
    if (a.lineOctets > COMMAND_LINE_LIMIT) {
      this.ctx.violation('IMAP-LINE-TOO-LONG', a.event, `command line is ${a.lineOctets} octets without its literals (limit about ${COMMAND_LINE_LIMIT})`);
    }
    if (!r) {
      ev.detail = { unparsed: a.unparsable };
      return;
    }
    if (r.status === 'ok') {
      const cmd = r.value as Command;
      ev.detail = this.detailOf(cmd);
      this.commandComplete(a, cmd);
    } else if (r.status === 'invalid') {
      const p = r.problem;
      this.ctx.violation('IMAP-SYNTAX-COMMAND', a.event, `octet ${p.octet}: expected ${p.expected} near ${JSON.stringify(p.near)}`);
    }
  }

  protected abandon(a: CommandAssembly, why: string): void {
    const ev = this.ctx.event(a.event) as CommandEvent;
    ev.detail = { ...ev.detail, incomplete: why };
  }

  // ---- commands ---------------------------------------------------------------------------------

  /** Checks and bookkeeping when a command's first line arrives. */
  private commandStarted(a: CommandAssembly, l: FramedLine): void {
    const conn = this.conn;
    const { verb, tag } = a;
    const ev = a.event;
    // Without the server's side (or with some of it lost), completions may be missing: no verdict.
    if (conn.byTag(tag) && conn.seen.S && !conn.gapped.S) this.ctx.violation('IMAP-TAG-REUSED', ev, `tag ${tag} is already in use by a command still in progress`);
    if (conn.idle) this.ctx.violation('IMAP-COMMAND-DURING-IDLE', ev, `${verb} sent while IDLE is active (the client must send DONE first)`);
    const state = conn.expectedState();
    if (!validIn(verb, state)) {
      this.ctx.violation('IMAP-COMMAND-INVALID-STATE', ev, `${verb} is valid in ${statesOf(verb)} state, but the connection is ${stateName(state)}`);
    }
    if (verb === 'LOGIN') {
      if (conn.hasCap('LOGINDISABLED')) this.ctx.violation('IMAP-LOGIN-DISABLED', ev, 'LOGIN sent although the server advertised LOGINDISABLED');
      if (!conn.encrypted) this.ctx.violation('IMAP-CLEARTEXT-PASSWORD', ev, 'LOGIN sends the password in cleartext (no TLS on this connection)');
    }
    const p: PendingCommand = { tag, verb, event: ev, ts: l.ts, saslSteps: 0, awaitingContinuation: false };
    if (verb === 'AUTHENTICATE') {
      const mech = /^\S+ AUTHENTICATE (\S+)/i.exec(l.bytes.toString('latin1'))?.[1]?.toUpperCase() ?? '';
      p.mechanism = mech;
      if (CLEARTEXT_MECHANISMS.has(mech) && !conn.encrypted) {
        this.ctx.violation('IMAP-CLEARTEXT-PASSWORD', ev, `AUTHENTICATE ${mech} sends the password or token readably (no TLS on this connection)`);
      }
    }
    if (verb === 'IDLE') {
      if (conn.caps && !conn.caps.has('IDLE')) this.ctx.violation('IMAP-IDLE-NOT-ADVERTISED', ev, 'IDLE sent although the server did not advertise the IDLE capability');
      conn.idle = p;
    }
    if (verb === 'STARTTLS') this.startTlsEnd = l.offset + l.length;
    a.command = p;
    conn.add(p);
    if (conn.pending.length > MAX_PENDING) conn.pending.shift();
  }

  /** Bookkeeping once the whole command is parsed. */
  private commandComplete(a: CommandAssembly, cmd: Command): void {
    const p = a.command;
    if (!p) return;
    const mb = cmd.args.mailbox;
    if ((cmd.verb === 'SELECT' || cmd.verb === 'EXAMINE') && typeof mb === 'string') {
      p.mailbox = mb;
      this.conn.opening = { name: mb, readOnly: cmd.verb === 'EXAMINE' };
    }
    if (cmd.verb === 'AUTHENTICATE' && cmd.args.initialResponse !== undefined) p.saslSteps = 1;
  }

  /** The detail of a command event: its parsed arguments, secrets masked. */
  private detailOf(cmd: Command): Record<string, unknown> {
    const d: Record<string, unknown> = { ...cmd.args };
    const show = this.ctx.options.showSecrets;
    if (cmd.verb === 'LOGIN' && !show) d.password = MASK;
    if (cmd.verb === 'AUTHENTICATE' && cmd.args.initialResponse !== undefined) {
      const reading = this.readSasl(cmd.args.mechanism ?? '', 0, cmd.args.initialResponse, undefined);
      d.decoded = reading.text;
      if (reading.secret && !show) d.initialResponse = MASK;
    }
    return d;
  }

  /** The command line for display: fragments joined, secrets masked unless shown. */
  private display(a: CommandAssembly, r: ParseResult<unknown> | null): string {
    const texts = a.parts.filter((p) => p.kind === 'line').map((p) => p.text);
    if (this.ctx.options.showSecrets) return texts.map(toText).join('');
    if (r?.status === 'ok') return maskSpans(a.parts, this.secretSpans(a, r));
    const joined = texts.map(toText).join('');
    if (r?.status === 'incomplete' || (a.verb !== 'LOGIN' && a.verb !== 'AUTHENTICATE')) return joined;
    // Not parsable: mask everything after the user name / mechanism.
    const m = /^(\S+ \S+ \S+ )(.*)$/.exec(joined);
    return m && !/^\{\d+\+?\}$/.test(m[2]!) ? `${m[1]}${MASK}` : joined;
  }

  /** The secret spans that must be masked (an initial response only when it carries a secret). */
  private secretSpans(a: CommandAssembly, r: Extract<ParseResult<unknown>, { status: 'ok' }>): SecretSpan[] {
    if (a.verb !== 'AUTHENTICATE') return r.secrets;
    const cmd = r.value as Command;
    const ir = cmd.args.initialResponse;
    if (ir === undefined) return [];
    return this.readSasl(cmd.args.mechanism ?? '', 0, ir, undefined).secret ? r.secrets : [];
  }

  // ---- SASL -------------------------------------------------------------------------------------

  /** During AUTHENTICATE: the line answers the server's `+` (or, sent early, is a lone base64 token). */
  private isSaslAnswer(line: Buffer): boolean {
    const auth = this.conn.authenticating;
    if (!auth) return false;
    if (this.conn.saslAnswerDue) return true;
    return auth.saslSteps === 0 && !line.includes(0x20) && line.length > 0;
  }

  private saslAnswer(l: FramedLine): void {
    const auth = this.conn.authenticating!;
    this.conn.saslAnswerDue = false;
    const text = l.bytes.toString('latin1');
    let decoded: string;
    let secret = false;
    if (text === '*') decoded = 'the client cancels the authentication';
    else {
      const reading = this.readSasl(auth.mechanism ?? '', auth.saslSteps, text, auth.challenge);
      decoded = reading.text;
      secret = reading.secret;
    }
    auth.saslSteps++;
    const show = this.ctx.options.showSecrets;
    const idx = this.ctx.emit({ kind: 'auth', ts: l.ts, dir: 'C', offset: l.offset, length: l.length, line: secret && !show ? MASK : text, decoded });
    this.checkLine(l, idx);
  }

  private readSasl(mech: string, step: number, b64: string, challenge: string | undefined): { text: string; secret: boolean } {
    if (b64 === '=' || b64 === '') return readResponse(mech, step, Buffer.alloc(0), challenge, this.ctx.options.showSecrets);
    if (!isBase64(b64)) return { text: '(not base64)', secret: true };
    return readResponse(mech, step, Buffer.from(b64, 'base64'), challenge, this.ctx.options.showSecrets);
  }
}

/** The argument text of a command line: what follows `tag verb `. */
function argsOf(line: string, tag: string, verb: string): string {
  const prefix = tag.length + 1 + verb.length + 1;
  return line.length > prefix ? line.slice(prefix) : '';
}

/** The line fragments joined with the given spans replaced by the mask. */
function maskSpans(parts: readonly MessagePart[], spans: readonly SecretSpan[]): string {
  let out = '';
  parts.forEach((p, i) => {
    if (p.kind !== 'line') return;
    let text = p.text;
    const mine = spans.filter((s) => s.part === i).sort((x, y) => y.start - x.start);
    let piece = '';
    let end = text.length;
    for (const s of mine) {
      piece = MASK + toText(text.subarray(s.end, end)) + piece;
      end = s.start;
    }
    text = text.subarray(0, end);
    out += toText(text) + piece;
  });
  return out;
}
