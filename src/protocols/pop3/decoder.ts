/**
 * The POP3 decoder (RFC 1939 with RFC 2449 CAPA and response codes, RFC 2595 STLS, RFC 5034 AUTH,
 * RFC 3206 and RFC 6856). A sans-I/O state machine fed the bytes of both directions in capture
 * order: it pairs commands and responses in order (pipelining included), knows from the command
 * which responses are multi-line, follows the AUTHORIZATION → TRANSACTION → UPDATE states, records
 * RETR/TOP messages, and reports violations. After a gap it resynchronises and says what was lost.
 *
 * Server side modes: `status` (the next line is a status line), `listing` (a structured multi-line
 * response: LIST, UIDL, CAPA, AUTH, LANG), `message` (a RETR/TOP body) and `skip` (looking for
 * the next status line after lost bytes).
 */
import type { Direction } from '../../flow/types.js';
import type { NewEvent } from '../../model/events.js';
import type { DecoderContext, DecoderFactory, ProtocolDecoder } from '../decoder.js';
import { StreamBuffer, toText, type Line } from '../stream-buffer.js';
import { COMMANDS, messageNumber, parseCommandLine, type CommandSpec, type ParsedCommand, type Pop3State } from './commands.js';
import { LineReader, type LogicalLine } from './line-reader.js';
import { ListingBody, type ListingKind } from './listing.js';
import { Maildrop } from './maildrop.js';
import { MessageBody } from './message-body.js';
import { apopTimestamp, looksLikeStatus, parseScanListing, parseServerLine, parseStat, parseUidListing, uidListingProblem, type StatusLine } from './responses.js';
import { CLEARTEXT_MECHANISMS, clientResponses, isBase64, MASK, readChallenge, readResponse } from '../sasl.js';

/** Octets of a command or status line kept for parsing (the rest of a longer line is counted, not kept). */
const LINE_KEEP = 4096;
/** Octets per piece of a RETR/TOP body line (longer lines stream through in pieces). */
const BODY_PIECE = 64 * 1024;
/** RFC 2449 §4 limits, CRLF included. */
const COMMAND_LIMIT = 255;
const RESPONSE_LIMIT = 512;
/** Client bytes held back while an STLS awaits its answer; beyond this they are decoded as commands. */
const STLS_HOLD_LIMIT = 64 * 1024;
/** Commands awaiting a response that are remembered (a client-only capture would grow without end). */
const MAX_PENDING = 1000;

const TRANSACTION_ONLY = new Set(['STAT', 'LIST', 'UIDL', 'RETR', 'TOP', 'DELE', 'NOOP', 'RSET']);

interface SaslState {
  mechanism: string;
  hadInitialResponse: boolean;
  /** Client responses so far (the initial response counts). */
  responses: number;
  /** A challenge awaits the client's answer. */
  outstanding: boolean;
  lastChallenge?: string;
}

/** A command awaiting (the end of) its response. */
interface Pending {
  event: number;
  verb: string;
  spec: CommandSpec | undefined;
  args: string[];
  /** The message number argument, when the command has one. */
  number: number | null;
  /** Sent while the response to the command before it was still incomplete. */
  sentEarly: boolean;
  /** The command it was sent behind. */
  behind?: string;
  /** PIPELINING as known when it was sent: advertised, not advertised, or unknown (mid-session capture). */
  pipelining: boolean | null;
  /** Server bytes were lost after it was sent (so an early send may just follow a lost response). */
  serverGap: boolean;
  sasl?: SaslState;
}

type Problem = [id: string, message: string];

type ServerMode =
  | { kind: 'status' }
  | { kind: 'listing'; cmd: Pending | null; body: ListingBody; status: StatusLine | null; problems: Problem[] }
  | { kind: 'message'; cmd: Pending | null; body: MessageBody; reply: number }
  | { kind: 'skip'; why: string; noted: boolean; swallowDot: boolean };

const STATUS: ServerMode = { kind: 'status' };

class Pop3Decoder implements ProtocolDecoder {
  readonly protocol = 'pop3' as const;
  private readonly buf: Record<Direction, StreamBuffer> = { C: new StreamBuffer(), S: new StreamBuffer() };
  private readonly reader: Record<Direction, LineReader> = {
    C: new LineReader(this.buf.C, LINE_KEEP),
    S: new LineReader(this.buf.S, LINE_KEEP),
  };
  private state: Pop3State = 'UNKNOWN';
  /** A greeting (or a first response) has been seen. */
  private greeted = false;
  /** The session was seen from its greeting, so counts of messages and deletions are trustworthy. */
  private fromStart = false;
  private pending: Pending[] = [];
  private mode: ServerMode = STATUS;
  private caps: Record<string, string[]> | null = null;
  private userAccepted = false;
  private quitSent = false;
  private stlsPending = 0;
  private ending = false;
  /** Client lines are held back until an STLS is answered. */
  private clientHeld = false;
  /** Capture time of the client's latest bytes (when lines held behind an STLS were sent). */
  private clientTs = 0;
  private readonly tls: Record<Direction, boolean> = { C: false, S: false };
  /** Bytes (or a gap) seen in each direction: a one-sided capture has only one. */
  private readonly seen: Record<Direction, boolean> = { C: false, S: false };
  /** Client bytes were lost, so commands may be missing: unmatched responses are not the server's fault. */
  private clientLost = false;
  /** The last status line was a +OK whose command is not in the capture (a multi-line body may follow). */
  private lastUnmatchedOk = false;
  private invalidRun = false;
  /** Only consulted in a session seen from its greeting (counts and deletions are then trustworthy). */
  private readonly maildrop = new Maildrop();
  private readonly reported = new Set<string>();

  constructor(private readonly ctx: DecoderContext) {}

  // ---- ProtocolDecoder ------------------------------------------------------------------------

  feed(dir: Direction, bytes: Buffer, ts: number): void {
    if (this.tls[dir] || bytes.length === 0) return;
    this.seen[dir] = true;
    if (dir === 'C') this.clientTs = ts;
    this.buf[dir].push(bytes);
    if (dir === 'C') this.pumpClient(ts);
    else this.pumpServer(ts);
    this.buf[dir].detach();
  }

  gap(dir: Direction, length: number, ts: number): void {
    if (this.tls[dir]) return;
    this.seen[dir] = true;
    if (dir === 'C') {
      this.reader.C.drop();
      this.buf.C.gap(length);
      this.clientLost = true;
      return;
    }
    for (const p of this.pending) p.serverGap = true;
    const mode = this.mode;
    if (mode.kind === 'message') {
      const rest = this.buf.S.readRest();
      if (rest) mode.body.piece(rest, ts);
      this.buf.S.gap(length);
      if (mode.body.gap(ts, this.buf.S.offset)) {
        const text = `${length} octets of the ${responseName(mode.cmd)} were lost: the message is incomplete; reading on to its "." line`;
        this.ctx.emit({ kind: 'note', ts, dir: 'S', offset: this.buf.S.offset, length: 0, text });
      }
      return;
    }
    this.reader.S.drop();
    this.buf.S.gap(length);
    if (mode.kind === 'listing') {
      mode.body.lost = true;
      this.endListing(ts, 'gap');
      this.mode = { kind: 'skip', why: 'the rest of the response was lost in a gap', noted: false, swallowDot: true };
      return;
    }
    if (mode.kind === 'status') {
      this.dropLostResponses(ts, true);
      this.mode = { kind: 'skip', why: 'bytes of the server were lost in a gap', noted: false, swallowDot: false };
    }
  }

  end(ts: number): void {
    this.ending = true;
    if (!this.tls.C) {
      this.pumpClient(ts);
      const rest = this.reader.C.rest();
      if (rest) this.clientLine(rest, ts);
    }
    if (!this.tls.S) {
      this.pumpServer(ts);
      const mode = this.mode;
      if (mode.kind === 'message') {
        const rest = this.buf.S.readRest();
        if (rest) mode.body.piece(rest, ts);
        this.endMessage(ts, 'end');
      } else {
        const rest = this.reader.S.rest();
        if (rest) this.serverLine(rest, ts);
        const after = this.mode;
        if (after.kind === 'listing') this.endListing(ts, 'end');
        else if (after.kind === 'message') this.endMessage(ts, 'end');
      }
    }
    // (A server in TLS answers out of sight: nothing to say then.)
    if (this.pending.length > 0 && !this.tls.S) this.noteUnanswered(ts);
  }

  resumeCleartext(dir: Direction): void {
    this.tls[dir] = false;
  }

  // ---- client ---------------------------------------------------------------------------------

  private pumpClient(ts: number): void {
    this.clientHeld = false;
    while (!this.tls.C) {
      if (this.stlsPending > 0 && !this.ending && this.buf.C.available <= STLS_HOLD_LIMIT) {
        this.clientHeld = true;
        return;
      }
      const line = this.reader.C.next();
      if (!line) return;
      this.clientLine(line, ts);
    }
  }

  private clientLine(line: LogicalLine, ts: number): void {
    const text = toText(line.bytes);
    const sasl = this.saslAwaitingResponse();
    if (sasl) this.saslResponse(sasl, line, text, ts);
    else this.command(line, text, ts);
  }

  private command(line: LogicalLine, text: string, ts: number): void {
    if (this.pending.length > 0 && this.pending.every((p) => p.serverGap) && (this.mode.kind === 'status' || this.mode.kind === 'skip')) {
      this.dropLostResponses(ts, false);
    }
    const parsed = parseCommandLine(text);
    const spec = Object.hasOwn(COMMANDS, parsed.verb) ? COMMANDS[parsed.verb] : undefined;
    const shown = this.describeCommand(parsed, text);
    const early = this.pending.length > 0;
    if (early && this.seen.S) shown.detail.pipelined = true;
    const ev: NewEvent = { kind: 'command', ts, dir: 'C', offset: line.offset, length: line.length, verb: parsed.verb, args: shown.args, line: shown.line };
    if (Object.keys(shown.detail).length > 0) ev.detail = shown.detail;
    const index = this.ctx.emit(ev);
    const problems = this.lineChecks('C', line, COMMAND_LIMIT, 'command line');
    problems.push(...shown.problems);
    if (!spec) problems.push(['POP3-UNKNOWN-COMMAND', unknownCommand(parsed, text)]);
    else {
      const bad = spec.checkArgs(parsed.args);
      if (bad) problems.push(['POP3-BAD-ARGUMENTS', `${parsed.verb}: ${bad}`]);
    }
    if ((parsed.verb === 'PASS' || (parsed.verb === 'AUTH' && CLEARTEXT_MECHANISMS.has((parsed.args[0] ?? '').toUpperCase()))) && this.once('cleartext-auth')) {
      problems.push(['POP3-AUTH-CLEARTEXT', `${parsed.verb === 'PASS' ? 'PASS' : `AUTH ${parsed.args[0]!.toUpperCase()}`} sends the password on a connection without TLS`]);
    }
    this.raise(problems, index);

    const cmd: Pending = {
      event: index,
      verb: parsed.verb,
      spec,
      args: parsed.args,
      number: messageNumber(parsed.args[0]),
      sentEarly: early,
      pipelining: this.caps ? Object.hasOwn(this.caps, 'PIPELINING') : this.fromStart ? false : null,
      serverGap: false,
    };
    if (early) cmd.behind = this.pending[this.pending.length - 1]!.verb;
    if (parsed.verb === 'AUTH' && parsed.args[0] !== undefined) {
      cmd.sasl = { mechanism: parsed.args[0].toUpperCase(), hadInitialResponse: parsed.args.length > 1, responses: parsed.args.length > 1 ? 1 : 0, outstanding: false };
    }
    if (parsed.verb === 'STLS') this.stlsPending++;
    if (this.pending.length >= MAX_PENDING) {
      const dropped = this.pending.splice(1, 1)[0]!;
      if (dropped.verb === 'STLS') this.stlsPending--;
      if (this.once('pending-overflow')) {
        this.ctx.emit({ kind: 'note', ts, dir: 'C', offset: line.offset, length: 0, text: `more than ${MAX_PENDING} commands await a response: the oldest are no longer matched` });
      }
    }
    this.pending.push(cmd);
    if (this.pending.length === 1) this.activate(cmd);
  }

  /** The command's line and arguments for display (secrets masked), its detail, and problems found in its arguments. */
  private describeCommand(parsed: ParsedCommand, text: string): { line: string; args: string; detail: Record<string, unknown>; problems: Problem[] } {
    const show = this.ctx.options.showSecrets;
    const detail: Record<string, unknown> = {};
    const problems: Problem[] = [];
    let args = parsed.argText;
    const n = messageNumber(parsed.args[0]);
    switch (parsed.verb) {
      case 'USER':
        if (parsed.args[0] !== undefined) detail.username = parsed.args[0];
        break;
      case 'PASS':
        if (!show && args !== '') args = MASK;
        break;
      case 'APOP':
        if (parsed.args[0] !== undefined) detail.username = parsed.args[0];
        if (!show && parsed.args.length > 1) args = `${parsed.args[0]} ${MASK}`;
        break;
      case 'AUTH': {
        const mech = parsed.args[0];
        const ir = parsed.args[1];
        if (mech === undefined) break;
        detail.mechanism = mech.toUpperCase();
        if (ir === undefined) break;
        if (ir !== '=' && !isBase64(ir)) {
          problems.push(['POP3-AUTH-INVALID-BASE64', `AUTH initial response is not base64 (${ir.length} characters)`]);
          if (!show) args = `${mech} ${MASK}`;
          break;
        }
        const reading = readResponse(mech.toUpperCase(), 0, Buffer.from(ir === '=' ? '' : ir, 'base64'), undefined, show);
        detail.initialResponse = reading.text;
        if (reading.username !== undefined) detail.username = reading.username;
        if (reading.secret && !show) args = `${mech} ${MASK}`;
        break;
      }
      case 'TOP':
        if (n !== null) detail.number = n;
        if (parsed.args[1] !== undefined && /^[0-9]{1,15}$/.test(parsed.args[1])) detail.lines = Number(parsed.args[1]);
        break;
      case 'RETR':
      case 'DELE':
      case 'LIST':
      case 'UIDL':
        if (n !== null) detail.number = n;
        break;
    }
    const line = args === parsed.argText ? text : `${parsed.keyword} ${args}`;
    return { line, args, detail, problems };
  }

  /** Checks a command when the server gets to it: after the responses before it, so pipelined commands are judged in the right state. */
  private activate(cmd: Pending): void {
    const { verb, spec } = cmd;
    if (spec) {
      let problem: string | null = null;
      if (this.quitSent) problem = `${verb} after QUIT`;
      else if (this.state !== 'UNKNOWN' && !spec.states.includes(this.state)) problem = `${verb} is not allowed in the ${this.state} state`;
      else if (verb === 'PASS' && this.state === 'AUTHORIZATION' && !this.userAccepted) problem = 'PASS without a preceding successful USER';
      if (problem) this.ctx.violation('POP3-COMMAND-WRONG-STATE', cmd.event, problem);
    }
    this.userAccepted = false;
    if (verb === 'QUIT') {
      this.quitSent = true;
      if (this.state === 'TRANSACTION') this.state = 'UPDATE';
    }
    if (cmd.sentEarly && !cmd.serverGap && cmd.pipelining === false && this.once('pipelining')) {
      this.ctx.violation('POP3-PIPELINING-NOT-ADVERTISED', cmd.event, `${verb} was sent before the response to ${cmd.behind} had arrived, and the server has not advertised PIPELINING`);
    }
  }

  /** The SASL exchange a client line answers, if any: the last command is AUTH with a mechanism and a challenge awaits an answer. */
  private saslAwaitingResponse(): SaslState | null {
    const sasl = this.pending[this.pending.length - 1]?.sasl;
    if (!sasl) return null;
    // Without a challenge (server side missing, or a client that does not wait) the lines the
    // mechanism needs are still SASL data, not commands, and must be masked as such.
    return sasl.outstanding || sasl.responses < clientResponses(sasl.mechanism) ? sasl : null;
  }

  private saslResponse(sasl: SaslState, line: LogicalLine, text: string, ts: number): void {
    const show = this.ctx.options.showSecrets;
    sasl.outstanding = false;
    const problems = this.lineChecks('C', line, null, 'AUTH response');
    let decoded: string;
    let secret = true;
    if (text === '*') {
      decoded = 'cancel';
      secret = false;
    } else if (!isBase64(text)) {
      decoded = 'not base64';
      problems.push(['POP3-AUTH-INVALID-BASE64', `AUTH ${sasl.mechanism} response is not base64 (${text.length} characters)`]);
    } else {
      const reading = readResponse(sasl.mechanism, sasl.responses, Buffer.from(text, 'base64'), sasl.lastChallenge, show);
      decoded = reading.text;
      secret = reading.secret;
      if (reading.username !== undefined) this.setDetail(this.pending[this.pending.length - 1]!.event, 'username', reading.username);
    }
    sasl.responses++;
    const index = this.ctx.emit({ kind: 'auth', ts, dir: 'C', offset: line.offset, length: line.length, line: secret && !show ? MASK : text, decoded });
    this.raise(problems, index);
  }

  // ---- server ---------------------------------------------------------------------------------

  private pumpServer(ts: number): void {
    while (!this.tls.S) {
      const mode = this.mode;
      if (mode.kind === 'message') {
        const piece = this.buf.S.readLine(BODY_PIECE);
        if (!piece) break;
        if (mode.body.resumable && this.pending.length > 1 && looksLikeStatus(toText(piece.bytes))) {
          // Bytes were lost in this body and a status line follows: the "." line was in the gap.
          this.endMessage(ts, 'gap');
          this.statusLine(asLogical(piece), toText(piece.bytes), ts);
          continue;
        }
        if (mode.body.piece(piece, ts)) this.endMessage(ts, 'terminated');
        continue;
      }
      const line = this.reader.S.next();
      if (!line) break;
      this.serverLine(line, ts);
    }
    if (this.clientHeld && this.stlsPending === 0 && !this.tls.C) this.pumpClient(ts);
  }

  private serverLine(line: LogicalLine, ts: number): void {
    const text = toText(line.bytes);
    const mode = this.mode;
    if (mode.kind === 'listing') {
      const step = mode.body.line(line, text);
      if (step === 'more') return;
      if (step === 'end') return this.endListing(ts, 'terminated');
      this.endListing(ts, 'interrupted');
    } else if (mode.kind === 'skip') {
      if (!looksLikeStatus(text)) return this.skipLine(mode, line, text, ts);
      this.mode = STATUS;
    }
    this.statusLine(line, text, ts);
  }

  private statusLine(line: LogicalLine, text: string, ts: number): void {
    const parsed = parseServerLine(text);
    const head = this.pending[0];
    const afterUnmatchedOk = this.lastUnmatchedOk;
    this.lastUnmatchedOk = false;
    if (!this.greeted && !head) {
      if (parsed?.kind === 'status') return this.greeting(line, text, parsed, ts);
      return this.startSkip(line, text, ts, 'the capture starts inside a server response');
    }
    if (parsed?.kind === 'continuation' && head?.sasl) return this.challenge(head.sasl, line, text, parsed.data, ts);
    if (parsed?.kind === 'status') {
      this.invalidRun = false;
      if (head) return this.response(head, line, text, parsed, ts);
      return this.unmatched(line, text, parsed, ts);
    }
    if (afterUnmatchedOk) return this.guessBody(line, text, ts);
    this.invalid(line, text, ts);
  }

  private greeting(line: LogicalLine, text: string, parsed: StatusLine, ts: number): void {
    this.greeted = true;
    this.fromStart = true;
    this.state = 'AUTHORIZATION';
    const detail: Record<string, unknown> = { greeting: true };
    if (parsed.code !== undefined) detail.code = parsed.code;
    const stamp = apopTimestamp(parsed.text);
    if (stamp !== undefined) detail.apopTimestamp = stamp;
    const index = this.emitReply(line, text, parsed, null, detail, ts);
    this.raise(this.statusChecks(line, parsed, 'greeting line'), index);
  }

  private response(head: Pending, line: LogicalLine, text: string, parsed: StatusLine, ts: number): void {
    this.greeted = true;
    const ok = parsed.status === '+OK';
    const problems = this.statusChecks(line, parsed, `response line to ${head.verb}`);
    if (ok && head.spec?.multiline(head.args.length)) {
      problems.push(...this.acceptanceChecks(head));
      if (head.verb === 'RETR' || head.verb === 'TOP') {
        const reply = this.emitReply(line, text, parsed, head, codeDetail(parsed), ts);
        this.raise(problems, reply);
        this.mode = { kind: 'message', cmd: head, body: new MessageBody(this.ctx, head.verb, head.number ?? undefined, line.offset + line.length), reply };
      } else {
        // The table's other multi-line commands are exactly the listing kinds.
        const body = new ListingBody(head.verb as ListingKind, line.offset, { text, length: line.length });
        this.mode = { kind: 'listing', cmd: head, body, status: parsed, problems };
      }
      return;
    }
    const { detail, problems: parseProblems } = this.singleLineDetail(head, parsed);
    if (ok) problems.push(...this.acceptanceChecks(head));
    problems.push(...parseProblems);
    // Lines the client sent behind an accepted STLS are shown where they were sent: before the +OK.
    if (ok && head.verb === 'STLS') this.injected('C', this.clientTs);
    const index = this.emitReply(line, text, parsed, head, detail, ts);
    this.raise(problems, index);
    this.applyResponse(head, ok, detail, index, ts);
  }

  /** Structured detail of a single-line response, and problems with its format. */
  private singleLineDetail(head: Pending, parsed: StatusLine): { detail: Record<string, unknown>; problems: Problem[] } {
    const detail = codeDetail(parsed);
    const problems: Problem[] = [];
    if (parsed.status !== '+OK') return { detail, problems };
    const { verb, number } = head;
    if (verb === 'STAT') {
      const stat = parseStat(parsed.text);
      if (stat) Object.assign(detail, stat);
      else problems.push(['POP3-MALFORMED-LISTING', `STAT answer ${excerpt(parsed.text)} is not "count size"`]);
    } else if (verb === 'LIST' && head.args.length === 1) {
      const scan = parseScanListing(parsed.text);
      if (scan) Object.assign(detail, scan);
      if (!scan) problems.push(['POP3-MALFORMED-LISTING', `LIST answer ${excerpt(parsed.text)} is not a scan listing "msg size"`]);
      else if (number !== null && scan.number !== number) problems.push(['POP3-MALFORMED-LISTING', `LIST ${number} answered for message ${scan.number}`]);
    } else if (verb === 'UIDL' && head.args.length === 1) {
      const uid = parseUidListing(parsed.text);
      if (uid) Object.assign(detail, uid);
      if (!uid) problems.push(['POP3-MALFORMED-LISTING', `UIDL answer ${excerpt(parsed.text)} is not a unique-id listing "msg uid": ${uidListingProblem(parsed.text)}`]);
      else if (number !== null && uid.number !== number) problems.push(['POP3-MALFORMED-LISTING', `UIDL ${number} answered for message ${uid.number}`]);
    }
    return { detail, problems };
  }

  /** A +OK to a command naming a message that does not exist or is deleted, when the dialogue shows it. */
  private acceptanceChecks(head: Pending): Problem[] {
    const n = head.number;
    if (!this.fromStart || n === null || !['RETR', 'TOP', 'DELE', 'LIST', 'UIDL'].includes(head.verb)) return [];
    const problem = this.maildrop.acceptance(head.verb, n);
    return problem ? [problem] : [];
  }

  /** What a complete single-line response changes, then on to the next command. */
  private applyResponse(head: Pending, ok: boolean, detail: Record<string, unknown>, reply: number, ts: number): void {
    if (ok) {
      switch (head.verb) {
        case 'USER':
          this.userAccepted = true;
          if (this.state === 'UNKNOWN') this.state = 'AUTHORIZATION';
          break;
        case 'PASS':
        case 'APOP':
          this.state = 'TRANSACTION';
          break;
        case 'AUTH':
          if (head.sasl) this.state = 'TRANSACTION';
          break;
        case 'STAT':
          if (this.fromStart && typeof detail.count === 'number') this.maildrop.stat(detail.count);
          break;
        case 'LIST':
          if (typeof detail.number === 'number' && typeof detail.size === 'number') this.maildrop.scan(detail.number, detail.size);
          break;
        case 'DELE':
          if (head.number !== null) this.maildrop.delete(head.number);
          break;
        case 'RSET':
          this.maildrop.reset();
          break;
        case 'STLS':
          return this.startTls(head, reply, ts);
      }
      if (this.state === 'UNKNOWN' && TRANSACTION_ONLY.has(head.verb)) this.state = 'TRANSACTION';
    }
    this.completed(head);
  }

  /** The response to the head command is complete: the next command now reaches the server. */
  private completed(head: Pending): void {
    const i = this.pending.indexOf(head);
    if (i < 0) return;
    this.pending.splice(i, 1);
    if (head.verb === 'STLS') this.stlsPending--;
    if (i === 0 && this.pending.length > 0) this.activate(this.pending[0]!);
  }

  /** STLS accepted: TLS from the next byte; what the server has already sent after its +OK was injected (the client's lines were taken before the +OK). */
  private startTls(head: Pending, reply: number, ts: number): void {
    this.completed(head);
    this.ctx.startTls(reply);
    this.tls.C = true;
    this.tls.S = true;
    this.injected('S', ts);
    for (const p of this.pending) if (p.verb === 'STLS') this.stlsPending--;
    this.pending = [];
    this.mode = STATUS;
    // RFC 2595 §4: after TLS the session is in AUTHORIZATION again and the capabilities must be asked anew.
    this.state = 'AUTHORIZATION';
    this.caps = null;
  }

  private injected(dir: Direction, ts: number): void {
    const reader = this.reader[dir];
    let first = -1;
    let count = 0;
    let octets = 0;
    let sample = '';
    for (let line = reader.next() ?? reader.rest(); line; line = reader.next() ?? reader.rest()) {
      const text = toText(line.bytes);
      let index: number;
      if (dir === 'C') {
        const parsed = parseCommandLine(text);
        const shown = this.describeCommand(parsed, text);
        shown.detail.injected = true;
        index = this.ctx.emit({ kind: 'command', ts, dir, offset: line.offset, length: line.length, verb: parsed.verb, args: shown.args, line: shown.line, detail: shown.detail });
        if (count === 0) sample = shown.line;
      } else {
        const parsed = parseServerLine(text);
        const ev: NewEvent = { kind: 'reply', ts, dir: 'S', offset: line.offset, length: line.length, lines: [text], detail: { injected: true } };
        if (parsed?.kind === 'status') ev.status = parsed.status;
        index = this.ctx.emit(ev);
        if (count === 0) sample = text;
      }
      if (first < 0) first = index;
      count++;
      octets += line.length;
    }
    if (count === 0) return;
    const what = `${plural(count, 'line')} (${octets} octets)`;
    if (dir === 'C') {
      this.ctx.violation('POP3-STLS-COMMAND-INJECTION', first, `client sent ${what} after STLS without waiting for its +OK, starting ${excerpt(sample)}`);
    } else {
      this.ctx.violation('POP3-STLS-RESPONSE-INJECTION', first, `server sent ${what} after its +OK to STLS, before the TLS handshake, starting ${excerpt(sample)}`);
    }
  }

  private challenge(sasl: SaslState, line: LogicalLine, text: string, data: string, ts: number): void {
    this.greeted = true;
    const problems = this.lineChecks('S', line, null, 'AUTH challenge');
    let decoded: string;
    if (isBase64(data)) decoded = readChallenge(sasl.mechanism, Buffer.from(data, 'base64'));
    else {
      decoded = 'not base64';
      problems.push(['POP3-AUTH-INVALID-BASE64', `AUTH ${sasl.mechanism} challenge is not base64: ${excerpt(data)}`]);
    }
    sasl.outstanding = true;
    sasl.lastChallenge = decoded;
    const index = this.ctx.emit({ kind: 'auth', ts, dir: 'S', offset: line.offset, length: line.length, line: text, decoded });
    this.raise(problems, index);
  }

  /** A status line with no command waiting for it. */
  private unmatched(line: LogicalLine, text: string, parsed: StatusLine, ts: number): void {
    const index = this.emitReply(line, text, parsed, null, codeDetail(parsed), ts);
    const problems = this.statusChecks(line, parsed, 'response line');
    const excused = this.clientLost || !this.seen.C || this.tls.C;
    if (!excused) problems.push(['POP3-UNSOLICITED-RESPONSE', `${excerpt(text)} answers no command`]);
    this.raise(problems, index);
    // Without the client's side, a +OK may open a multi-line body we cannot predict: see invalid().
    this.lastUnmatchedOk = parsed.status === '+OK' && excused;
  }

  /** A line that is neither a status line nor an expected continuation. */
  private invalid(line: LogicalLine, text: string, ts: number): void {
    const index = this.ctx.emit({ kind: 'reply', ts, dir: 'S', offset: line.offset, length: line.length, lines: [text] });
    const problems = this.lineChecks('S', line, null, 'response line');
    if (!this.invalidRun) {
      this.invalidRun = true;
      const why = text === '+' || text.startsWith('+ ') ? ' (a "+" continuation outside AUTH)' : '';
      problems.push(['POP3-INVALID-RESPONSE', `${excerpt(text)} is neither +OK nor -ERR${why}`]);
    }
    this.raise(problems, index);
  }

  /**
   * Lines after an unmatched +OK when the command cannot be known (client side missing or lost):
   * the body of a multi-line response, taken for a message when it starts like a header field,
   * otherwise for a listing of the kind its first line looks like.
   */
  private guessBody(line: LogicalLine, text: string, ts: number): void {
    const header = /^[\x21-\x39\x3b-\x7e]+:/.test(text);
    const kind: ListingKind = parseScanListing(text) ? 'LIST' : parseUidListing(text) ? 'UIDL' : 'CAPA';
    this.ctx.emit({
      kind: 'note',
      ts,
      dir: 'S',
      offset: line.offset,
      length: 0,
      text: `the command is not in the capture: multi-line response taken for ${header ? 'a message' : `a ${kind} listing`} from its first line`,
    });
    if (header) {
      const body = new MessageBody(this.ctx, 'RETR', undefined, line.offset);
      this.mode = { kind: 'message', cmd: null, body, reply: -1 };
      if (body.piece(asPiece(line), ts)) this.endMessage(ts, 'terminated');
      return;
    }
    const body = new ListingBody(kind, line.offset);
    this.mode = { kind: 'listing', cmd: null, body, status: null, problems: [] };
    if (body.line(line, text) === 'end') this.endListing(ts, 'terminated');
  }

  /** Lost bytes: look for the next status line. A "." line ends a multi-line response whose start was lost. */
  private startSkip(line: LogicalLine, text: string, ts: number, why: string): void {
    const mode: SkipMode = { kind: 'skip', why, noted: false, swallowDot: false };
    this.mode = mode;
    this.skipLine(mode, line, text, ts);
  }

  private skipLine(mode: SkipMode, line: LogicalLine, text: string, ts: number): void {
    if (!mode.noted) {
      mode.noted = true;
      this.ctx.emit({ kind: 'note', ts, dir: 'S', offset: line.offset, length: 0, text: `resynchronising: ${mode.why}; server lines are skipped up to the next +OK/-ERR` });
    }
    if (text !== '.') return;
    if (mode.swallowDot) {
      mode.swallowDot = false;
      return;
    }
    const head = this.pending[0];
    if (head?.spec?.multiline(head.args.length)) this.completed(head);
  }

  /**
   * Server bytes were lost while commands awaited responses. A client that does not pipeline sends
   * a command only after the response to the one before, so every command but the last (or, when
   * the client has just sent another, every one) was answered in the lost bytes. Their effect on
   * the state is unknown, so the state is inferred anew.
   */
  private dropLostResponses(ts: number, keepLast: boolean): void {
    const pipelining = this.caps !== null && Object.hasOwn(this.caps, 'PIPELINING');
    const lost = keepLast ? this.pending.slice(0, -1) : this.pending.slice();
    if (pipelining || lost.length === 0) return;
    for (const p of lost) this.completed(p);
    this.state = 'UNKNOWN';
    this.ctx.emit({
      kind: 'note',
      ts,
      dir: 'S',
      offset: this.buf.S.offset,
      length: 0,
      text: `the response${lost.length === 1 ? '' : 's'} to ${lost.map((p) => p.verb).join(', ')} ${lost.length === 1 ? 'was' : 'were'} lost in the gap`,
    });
  }

  private endListing(ts: number, how: 'terminated' | 'interrupted' | 'gap' | 'end'): void {
    const mode = this.mode;
    if (mode.kind !== 'listing') return;
    this.mode = STATUS;
    const { body, cmd, status } = mode;
    const detail = { ...(status ? codeDetail(status) : {}), ...body.detail() };
    if (how !== 'terminated' || body.lost) detail.complete = false;
    const ev: NewEvent = { kind: 'reply', ts, dir: 'S', offset: body.offset, length: body.length, lines: body.lines, detail };
    if (status) ev.status = status.status;
    if (cmd) ev.command = cmd.event;
    const index = this.ctx.emit(ev);
    if (cmd) this.link(cmd, index, ts);
    const problems = mode.problems;
    const name = responseName(cmd);
    if ((how === 'interrupted' || how === 'end') && !body.lost) {
      problems.push(['POP3-MULTILINE-UNTERMINATED', how === 'end' ? `the connection ended inside the ${name}` : `the ${name} has no "." line: the next response began`]);
    }
    problems.push(...bodyChecks(name, body.dotErrors, body.bareLf, body.bareCr));
    if ((body.kind === 'LIST' || body.kind === 'UIDL') && body.malformed > 0) {
      const form = body.kind === 'LIST' ? 'msg size' : 'msg uid';
      const first = body.firstMalformed ?? '';
      const why = body.kind === 'UIDL' ? `: ${uidListingProblem(first)}` : '';
      problems.push(['POP3-MALFORMED-LISTING', `${plural(body.malformed, 'line')} of the ${name} not in the form "${form}", first ${excerpt(first)}${why}`]);
    }
    this.raise(problems, index);
    if (body.kind === 'CAPA' && cmd) this.caps = body.capabilities;
    if (body.kind === 'LIST') {
      for (const scan of body.scans) this.maildrop.scan(scan.number, scan.size);
      if (this.fromStart && cmd && how === 'terminated' && !body.lost) this.maildrop.listed(body.scans.map((scan) => scan.number));
    }
    if (cmd) this.completed(cmd);
  }

  private endMessage(ts: number, how: 'terminated' | 'gap' | 'end'): void {
    const mode = this.mode;
    if (mode.kind !== 'message') return;
    this.mode = STATUS;
    const { body, cmd } = mode;
    const sum = body.finish(ts, how === 'terminated');
    const at = sum.firstEvent >= 0 ? sum.firstEvent : mode.reply;
    const name = responseName(cmd);
    const problems: Problem[] = [];
    if (how === 'end' && !sum.lost) problems.push(['POP3-MULTILINE-UNTERMINATED', `the connection ended inside the ${name} (${sum.size} octets received)`]);
    problems.push(...bodyChecks(name, sum.dotErrors, sum.bareLf, sum.bareCr));
    if (cmd?.verb === 'RETR' && sum.complete && cmd.number !== null) {
      const listed = this.maildrop.listedSize(cmd.number);
      if (listed !== undefined && listed !== sum.size) {
        problems.push(['POP3-SIZE-MISMATCH', `RETR ${cmd.number} delivered ${sum.size} octets but the scan listing gave ${listed}`]);
      }
    }
    if (at >= 0) this.raise(problems, at);
    if (cmd) this.completed(cmd);
  }

  private noteUnanswered(ts: number): void {
    const verbs = this.pending.map((p) => p.verb);
    const shown = verbs.length > 5 ? `${verbs.slice(0, 5).join(', ')} and ${verbs.length - 5} more` : verbs.join(', ');
    const text = this.seen.S
      ? `no response to ${shown} before the connection ended`
      : `the server side is not in the capture: ${plural(verbs.length, 'command')} without response`;
    this.ctx.emit({ kind: 'note', ts, dir: 'S', offset: this.buf.S.offset, length: 0, text });
  }

  // ---- helpers --------------------------------------------------------------------------------

  private emitReply(line: LogicalLine, text: string, parsed: StatusLine, cmd: Pending | null, detail: Record<string, unknown>, ts: number): number {
    const ev: NewEvent = { kind: 'reply', ts, dir: 'S', offset: line.offset, length: line.length, status: parsed.status, lines: [text] };
    if (Object.keys(detail).length > 0) ev.detail = detail;
    if (cmd) ev.command = cmd.event;
    const index = this.ctx.emit(ev);
    if (cmd) this.link(cmd, index, ts);
    return index;
  }

  private link(cmd: Pending, reply: number, ts: number): void {
    const ev = this.ctx.event(cmd.event);
    if (ev.kind !== 'command') return;
    ev.reply = reply;
    ev.responseTime = ts - ev.ts;
  }

  private setDetail(event: number, key: string, value: unknown): void {
    const ev = this.ctx.event(event);
    if (ev.kind === 'command') ev.detail = { ...ev.detail, [key]: value };
  }

  /** Length and line-ending checks of a status line (the first line of a response). */
  private statusChecks(line: LogicalLine, parsed: StatusLine, what: string): Problem[] {
    const problems = this.lineChecks('S', line, RESPONSE_LIMIT, what);
    if (parsed.lowerCase) problems.push(['POP3-INVALID-RESPONSE', `status indicator ${excerpt(line.bytes.subarray(0, parsed.status.length).toString('latin1'))} is not upper case`]);
    return problems;
  }

  /** Length (when `limit` is given) and line-ending checks; line endings are reported once per direction. */
  private lineChecks(dir: Direction, line: LogicalLine, limit: number | null, what: string): Problem[] {
    const out: Problem[] = [];
    const octets = line.contentLength + 2;
    if (limit !== null && octets > limit) {
      out.push([dir === 'C' ? 'POP3-COMMAND-LINE-TOO-LONG' : 'POP3-RESPONSE-LINE-TOO-LONG', `${what} is ${octets} octets with CRLF (limit ${limit})`]);
    }
    const who = dir === 'C' ? 'client' : 'server';
    if (line.ending === 'LF' && this.once(`lf-${dir}`)) out.push(['POP3-BARE-LF', `${who} ${what} ends in LF without CR`]);
    if (line.bareCr && this.once(`cr-${dir}`)) out.push(['POP3-BARE-CR', `${who} ${what} contains a CR without LF`]);
    return out;
  }

  private raise(problems: Problem[], event: number): void {
    for (const [id, message] of problems) this.ctx.violation(id, event, message);
  }

  /** True the first time it is asked for `key` in this session. */
  private once(key: string): boolean {
    if (this.reported.has(key)) return false;
    this.reported.add(key);
    return true;
  }
}

type SkipMode = ServerMode & { kind: 'skip' };

function unknownCommand(parsed: ParsedCommand, text: string): string {
  if (text === '') return 'empty command line';
  if (parsed.verb === '') return `command line starts with a space: ${excerpt(text)}`;
  return `unknown command ${excerpt(parsed.verb)}`;
}

/** How a multi-line response is named in messages: `RETR 1 response`. */
function responseName(cmd: Pending | null): string {
  if (!cmd) return 'multi-line response';
  return `${cmd.verb}${cmd.number !== null ? ` ${cmd.number}` : ''} response`;
}

function codeDetail(parsed: StatusLine): Record<string, unknown> {
  return parsed.code === undefined ? {} : { code: parsed.code };
}

function bodyChecks(name: string, dotErrors: number, bareLf: number, bareCr: number): Problem[] {
  const out: Problem[] = [];
  if (dotErrors > 0) out.push(['POP3-DOT-STUFFING', `${lines(dotErrors)} of the ${name} ${verb(dotErrors, 'begin')} with a single "." that is not stuffing`]);
  if (bareLf > 0) out.push(['POP3-BARE-LF', `${lines(bareLf)} of the ${name} ${verb(bareLf, 'end')} in LF without CR`]);
  if (bareCr > 0) out.push(['POP3-BARE-CR', `${lines(bareCr)} of the ${name} ${verb(bareCr, 'contain')} a CR without LF`]);
  return out;
}

function lines(n: number): string {
  return plural(n, 'line');
}

/** A verb agreeing with a count: `1 line contains`, `2 lines contain`. */
function verb(n: number, base: string): string {
  return n === 1 ? `${base}s` : base;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function excerpt(s: string, max = 60): string {
  return JSON.stringify(s.length > max ? `${s.slice(0, max)}…` : s);
}

/** A logical line as a StreamBuffer piece (for a body that starts with an already-read line). */
function asPiece(l: LogicalLine): Line {
  return { bytes: l.bytes, ending: l.ending, offset: l.offset, length: l.length, bareCr: l.bareCr, overlong: l.contentLength > l.bytes.length };
}

/** A StreamBuffer piece as a logical line (a status line found inside a body). */
function asLogical(p: Line): LogicalLine {
  return { bytes: p.bytes, offset: p.offset, length: p.length, contentLength: p.bytes.length, ending: p.ending, bareCr: p.bareCr };
}

/** Creates a POP3 decoder for one session. */
export const createPop3Decoder: DecoderFactory = (ctx) => new Pop3Decoder(ctx);
