/**
 * The SMTP decoder (RFC 5321 with PIPELINING, CHUNKING, STARTTLS, AUTH, SIZE, 8BITMIME, SMTPUTF8,
 * DSN): a sans-I/O state machine fed each direction's bytes in capture order.
 *
 * Client bytes are command lines, SASL responses (after AUTH), DATA content (after a 354) or BDAT
 * chunks (exactly n octets after the BDAT line). Server bytes are replies, matched in order to the
 * commands waiting for them — pipelined or not. Replies decide how client bytes are read: the bytes
 * after DATA are held unparsed until DATA's reply says whether they are message text (354) or
 * commands (anything else); when that reply cannot come (the capture has no server side, or a gap
 * hides it, or too much is held) the bytes themselves decide. Likewise the bytes after a dot line
 * that a lenient server takes for the end of data (SMTP smuggling) are held until the server's
 * replies show whether it ended the message there.
 *
 * Pipelining is judged by arrival order: every feed() call gets a sequence number, and a command is
 * "pipelined" when an earlier command's reply arrived after it (or has not arrived yet).
 */
import type { Direction, EndReason } from '../../flow/types.js';
import type { CommandEvent, NewEvent } from '../../model/events.js';
import type { DecoderContext, DecoderFactory, ProtocolDecoder } from '../decoder.js';
import { StreamBuffer, toText, type Line } from '../stream-buffer.js';
import { decodeBase64, describeChallenge, describeClientLine, MASK } from './auth.js';
import { commandSyntaxProblem, isKnownVerb, lastCommandLine, looksLikeCommand, splitCommand, type BdatArgs } from './command.js';
import { describeCommand } from './command-detail.js';
import { DotContentReader, type SuspectSequence } from './dot-content.js';
import { advertisedSize, parseEhloReply, type Capabilities } from './ehlo.js';
import {
  advertises,
  capabilityForCommand,
  capabilityForParam,
  COMMAND_LINE_LIMIT,
  pathLineLimit,
  SASL_LINE_LIMIT,
} from './extensions.js';
import { HeldBytes, HOLD_LIMIT } from './held-bytes.js';
import { LineJoiner } from './line-joiner.js';
import { MessageRecorder } from './message-recorder.js';
import type { PathArgument } from './path.js';
import { PipelineTracker } from './pipelining.js';
import { parseEnhancedCode, parseReplyLine, plausibleReply, ReplyAssembler, type AssembledReply } from './reply.js';
import { Queue } from './queue.js';
import { ViolationTally } from './tally.js';
import {
  END_OF_DATA,
  envelopeOf,
  hasLiveRecipient,
  isOpen,
  type AuthExchange,
  type MessageInProgress,
  type Pending,
  type Transaction,
} from './transaction.js';

/** DATA content is read in lines of at most this many octets (longer ones come in pieces). */
const CONTENT_READ_LIMIT = 8 * 1024;
/** The last octets of a BDAT chunk, kept to tell a short chunk from a cut capture. */
const CHUNK_TAIL = 512;

const GREETING_CODES = new Set(['220', '421', '554']);

type ClientMode = 'command' | 'hold' | 'content' | 'suspect' | 'chunk' | 'tls';

interface DataState {
  msg: MessageInProgress;
  reader: DotContentReader;
  entry: Pending;
}

/**
 * Message text stopped at a dot line a lenient server takes for the end of data (`<LF>.<CR><LF>`):
 * the bytes after it are held until the server's replies say whether it ended the message there
 * (and read them as commands: SMTP smuggling) or reads on to `<CR><LF>.<CR><LF>`.
 */
interface SuspectHold {
  data: DataState;
  suspect: SuspectSequence;
  held: HeldBytes;
}

interface ChunkState {
  entry: Pending;
  msg: MessageInProgress;
  size: number;
  remaining: number;
  last: boolean;
  tail: Buffer;
}

class SmtpDecoder implements ProtocolDecoder {
  readonly protocol = 'smtp' as const;

  private readonly client = new StreamBuffer();
  private readonly server = new StreamBuffer();
  private readonly clientLines = new LineJoiner(this.client);
  private readonly serverLines = new LineJoiner(this.server);
  private readonly replies = new ReplyAssembler();
  /** Lines of the reply being assembled, checked once the reply has an event to point at. */
  private replyLines: Pick<Line, 'length' | 'ending' | 'bareCr'>[] = [];
  /** The event of a multi-line reply shown from its first line on (updated as its lines arrive), or -1. */
  private openReply = -1;
  private readonly tally: ViolationTally;
  private readonly messages: MessageRecorder;

  /** Arrival counter: one per feed() call. */
  private seq = 0;
  private clientSeq = 0;
  private clientTs = 0;
  private serverSeq = 0;
  private serverTs = 0;

  private cmode: ClientMode = 'command';
  private serverTls = false;
  private hold: HeldBytes | null = null;
  private data: DataState | null = null;
  private chunk: ChunkState | null = null;
  /** The message of a BDAT transaction between its chunks. */
  private bdat: MessageInProgress | null = null;
  private afterChunk: ChunkState | null = null;
  private suspectHold: SuspectHold | null = null;
  /** A suspect dot line read as message text on the server's first reply; a reply with no command after it may be the server's answer to hidden commands. */
  private keptSuspect: SuspectSequence | null = null;

  /** Commands (and ends of data) waiting for their reply, oldest first. */
  private readonly pending = new Queue<Pending>();
  private readonly pipeline = new PipelineTracker();

  private serverEverSent = false;
  private greetingSeen = false;
  private midSession = false;
  /** Commands sent before the greeting was complete; `midGreeting`: the first came after its first line. */
  private readonly beforeGreeting = { count: 0, first: -1, verb: '', midGreeting: false };
  private capabilities: Capabilities | null = null;
  private helloSent = false;
  private commandCount = 0;
  /** The client's first command was EHLO/HELO/LHLO: the session start is in the capture. */
  private firstCommandWasHello = false;
  /** Order-of-commands findings waiting to learn whether the session start is in the capture. */
  private deferred: { id: string; idx: number; message: string }[] = [];
  private current: Transaction | null = null;
  private auth: AuthExchange | null = null;
  private tlsActive = false;
  private starttlsFollowers: number[] = [];
  private quitAnswered = false;
  private readonly afterQuitReported = { C: false, S: false };

  private clientGapSeen = false;
  /** flushBeforeGap() ran for the gap about to be reported in this direction. */
  private readonly flushedForGap: Record<Direction, boolean> = { C: false, S: false };
  /** The server ended a message on a bare-LF/CR dot line: its replies to what followed have no command here. */
  private lenientEnd = false;
  private serverGapSeen = false;
  private clientResync: { offset: number; length: number; ts: number } | null = null;
  private serverResync: { offset: number; length: number; ts: number } | null = null;

  constructor(private readonly ctx: DecoderContext) {
    this.tally = new ViolationTally((id, ev, msg) => ctx.violation(id, ev, msg), 'in this session');
    this.messages = new MessageRecorder(ctx);
  }

  // ---- ProtocolDecoder ------------------------------------------------------------------------

  feed(dir: Direction, bytes: Buffer, ts: number): void {
    const seq = ++this.seq;
    if (dir === 'S') {
      if (bytes.length > 0) this.serverEverSent = true;
      this.serverSeq = seq;
      this.serverTs = ts;
      this.server.push(bytes);
      this.processServer();
      this.server.detach();
      return;
    }
    this.clientBytes(bytes, ts, seq);
    this.client.detach();
  }

  beforeGap(dir: Direction, _length: number, ts: number): void {
    this.flushBeforeGap(dir, ts);
  }

  gap(dir: Direction, length: number, ts: number): void {
    if (!this.flushedForGap[dir]) this.flushBeforeGap(dir, ts);
    this.flushedForGap[dir] = false;
    if (dir === 'S') this.serverGap(length, ts);
    else this.clientGap(length, ts);
  }

  end(ts: number, reason?: EndReason): void {
    // A real close ends what was open; a capture that stops only leaves it unfinished.
    const closed = reason === undefined || reason === 'fin' || reason === 'rst' || reason === 'port-reuse';
    while (this.hold || this.suspectHold) {
      if (this.suspectHold) this.releaseSuspect('content');
      else this.decideFromBytes('the connection ended before the reply to DATA', true);
    }
    this.endClient(ts, closed);
    this.endServer(ts);
    if (this.bdat) {
      const m = this.bdat;
      this.bdat = null;
      if (closed) this.ctx.violation('SMTP-BDAT-INCOMPLETE', this.messages.firstEvent(m), 'the transaction sent BDAT chunks but never BDAT ... LAST');
      this.finishMessage(m, m.runStart, false);
    }
    this.tally.flush();
  }

  resumeCleartext(dir: Direction): void {
    if (dir === 'S') {
      this.serverTls = false;
      return;
    }
    this.cmode = 'command';
    this.tlsActive = false;
  }

  // ---- client bytes ---------------------------------------------------------------------------

  private clientBytes(bytes: Buffer, ts: number, seq: number): void {
    if (this.cmode === 'tls') return;
    const sh = this.suspectHold;
    if (sh) {
      sh.held.add(bytes, ts, seq);
      if (this.client.available + sh.held.queued > HOLD_LIMIT) this.releaseSuspect('content');
      return;
    }
    const hold = this.hold;
    if (hold) {
      hold.add(bytes, ts, seq);
      if (this.client.available + hold.queued > HOLD_LIMIT) {
        this.decideFromBytes(`no reply to DATA after ${this.client.available + hold.queued} octets`, true);
      } else if (hold.undecided !== undefined) {
        this.decideFromBytes(hold.undecided, false);
      }
      return;
    }
    this.clientSeq = seq;
    this.clientTs = ts;
    this.client.push(bytes);
    this.processClient();
  }

  private processClient(): void {
    for (;;) {
      switch (this.cmode) {
        case 'hold':
        case 'suspect':
        case 'tls':
          return;
        case 'content':
          if (!this.readContent()) return;
          break;
        case 'chunk':
          if (!this.readChunk()) return;
          break;
        case 'command': {
          const line = this.clientLines.next();
          if (!line) return;
          this.clientLine(line);
          break;
        }
      }
    }
  }

  private clientLine(line: Line): void {
    const text = toText(line.bytes);
    if (this.clientResync) {
      if (!looksLikeCommand(text) && !(this.auth && decodeBase64(text) !== null)) {
        this.clientResync.length += line.length;
        return;
      }
      this.endResync('C');
    }
    if (this.auth && (this.auth.awaitingResponse || !isKnownVerb(splitCommand(text).verb))) {
      this.authResponse(line, text, this.auth);
      return;
    }
    this.command(line, text);
  }

  private command(line: Line, text: string): void {
    this.keptSuspect = null;
    const c = describeCommand(text, this.ctx.options.showSecrets);
    const verb = c.verb;
    const ev: NewEvent = {
      kind: 'command',
      dir: 'C',
      ts: this.clientTs,
      offset: line.offset,
      length: line.length,
      verb,
      args: c.shownArgs,
      line: c.shownLine,
    };
    if (Object.keys(c.detail).length > 0) ev.detail = c.detail;
    const idx = this.ctx.emit(ev);
    const entry: Pending = { verb, event: idx, ts: this.clientTs, seq: this.clientSeq };
    if (this.commandCount++ === 0) this.firstCommandWasHello = verb === 'EHLO' || verb === 'HELO' || verb === 'LHLO';

    this.checkLine(line, idx, 'command line', c.path ? pathLineLimit(c.path.params) : COMMAND_LINE_LIMIT);
    this.checkAfterQuit('C', idx, verb || 'an empty line');
    this.checkVerb(verb, c.args, text, idx);
    if (!this.greetingSeen) this.noteBeforeGreeting(verb, idx);
    this.checkPipelining(entry);
    const cap = capabilityForCommand(verb);
    if (cap) this.requireCapability(cap, `${verb} command`, idx);

    switch (verb) {
      case 'HELO':
      case 'EHLO':
      case 'LHLO':
        this.helloSent = true;
        entry.resets = this.current;
        this.current = null;
        this.abortBdat('a new EHLO');
        break;
      case 'RSET':
        entry.resets = this.current;
        this.current = null;
        this.abortBdat('RSET');
        break;
      case 'MAIL':
        this.mailCommand(c.path!, entry);
        break;
      case 'RCPT':
        this.rcptCommand(c.path!, entry);
        break;
      case 'DATA':
        this.dataCommand(line, entry);
        break;
      case 'BDAT':
        this.bdatCommand(c.bdat!, entry);
        break;
      case 'AUTH':
        if (c.auth) this.authCommand(c.auth, entry, c.authProblem);
        break;
    }
    this.pending.push(entry);
    if (this.cmode === 'hold') this.beginHold(entry);
  }

  /** Length, line ending and bare CR of a command or SASL line. */
  private checkLine(line: Line, idx: number, what: string, limit: number): void {
    const total = line.length;
    if (total > limit) this.tally.add('SMTP-COMMAND-LINE-TOO-LONG', idx, `${what} is ${total} octets (limit ${limit})`);
    if (line.ending === 'LF') this.tally.add('SMTP-BARE-LF', idx, `${what} ends in a bare LF`);
    if (line.bareCr) this.tally.add('SMTP-BARE-CR', idx, `${what} contains a bare CR`);
  }

  /** `text`: the line as sent, quoted as evidence where the upper-cased verb would misquote it. */
  private checkVerb(verb: string, args: string, text: string, idx: number): void {
    const afterChunk = this.afterChunk;
    this.afterChunk = null;
    if (!isKnownVerb(verb)) {
      if (afterChunk) {
        this.tally.add(
          'SMTP-BDAT-LENGTH-MISMATCH',
          idx,
          `the line after the ${afterChunk.size}-octet BDAT chunk is not a command (${JSON.stringify(truncate(text))}): ` +
            'the chunk size looks too small',
        );
      } else {
        this.tally.add('SMTP-UNKNOWN-COMMAND', idx, verb === '' ? 'empty command line' : `unknown command ${JSON.stringify(truncate(verb))}`);
      }
      return;
    }
    const problem = commandSyntaxProblem(verb, args);
    if (problem) this.tally.add('SMTP-COMMAND-SYNTAX', idx, problem);
  }

  private noteBeforeGreeting(verb: string, idx: number): void {
    if (this.beforeGreeting.count++ === 0) {
      this.beforeGreeting.first = idx;
      this.beforeGreeting.verb = verb;
      this.beforeGreeting.midGreeting = this.openReply >= 0;
    }
  }

  /** Is the command pipelined behind one whose reply had not arrived when it was sent? */
  private checkPipelining(entry: Pending): void {
    const out = this.pipeline.outstandingAt(entry.seq);
    this.pipeline.track(entry);
    if (!out || entry.verb === END_OF_DATA || !this.greetingSeen || !this.serverEverSent) return;
    const verb = entry.verb || 'an empty line';
    const ender = out.groupEnder;
    if (ender?.verb === 'STARTTLS') {
      this.starttlsFollowers.push(entry.event);
    } else if (ender) {
      this.tally.add('SMTP-PIPELINING-AFTER-GROUP-END', entry.event, `${verb} sent before the reply to ${ender.verb}`);
    } else if (this.capabilities && !advertises(this.capabilities, 'PIPELINING')) {
      const message = `${verb} sent before the reply to ${out.last.verb}, but the server did not advertise PIPELINING`;
      this.tally.add('SMTP-PIPELINING-NOT-ADVERTISED', entry.event, message);
    }
  }

  private requireCapability(keyword: string, what: string, idx: number): void {
    if (this.capabilities && !advertises(this.capabilities, keyword)) {
      this.tally.add('SMTP-EXTENSION-NOT-ADVERTISED', idx, `${what} used, but the server did not advertise ${keyword}`);
    }
  }

  /**
   * Order-of-commands findings need the whole dialogue: none after a lost client segment or in a
   * capture that starts mid-session. Until the greeting (or a first EHLO/HELO) shows that the
   * session start is in the capture, they wait.
   */
  private sequenceViolation(id: string, idx: number, message: string): void {
    if (this.clientGapSeen || this.midSession) return;
    if (this.greetingSeen || this.firstCommandWasHello) this.tally.add(id, idx, message);
    else this.deferred.push({ id, idx, message });
  }

  /** Path grammar, and the extensions its parameters need; `utf8` when SMTPUTF8 is in force for the transaction. */
  private checkPath(path: PathArgument, verb: string, idx: number, utf8: boolean): void {
    if (path.spaceAfterColon) this.tally.add('SMTP-PATH-SPACE-AFTER-COLON', idx, `${verb} has a space between the colon and the path`);
    const problems = [...path.problems];
    if (!utf8 && !isAsciiText(path.mailbox)) {
      problems.push(`non-ASCII address ${JSON.stringify(path.mailbox)} without SMTPUTF8`);
    }
    if (problems.length > 0) {
      this.tally.add('SMTP-PATH-SYNTAX', idx, problems.length > 1 ? `${problems[0]} (and ${problems.length - 1} more)` : problems[0]!);
    }
    for (const [key, value] of Object.entries(path.params)) {
      this.requireCapability(capabilityForParam(key, value), `${verb} parameter ${key}`, idx);
    }
  }

  private mailCommand(path: PathArgument, entry: Pending): void {
    this.checkPath(path, 'MAIL', entry.event, path.params['SMTPUTF8'] !== undefined);
    if (!this.helloSent) this.sequenceViolation('SMTP-MAIL-BEFORE-HELO', entry.event, 'MAIL sent before any EHLO or HELO');
    const open = isOpen(this.current) ? this.current : null;
    if (open) this.sequenceViolation('SMTP-NESTED-MAIL', entry.event, `MAIL sent while the transaction from <${open.from}> is still open`);
    this.abortBdat('a new MAIL');
    const tx: Transaction = { from: path.mailbox, mailStatus: 'pending', params: path.params, rcpts: [], previous: open, closed: false };
    this.current = tx;
    entry.tx = tx;
  }

  private rcptCommand(path: PathArgument, entry: Pending): void {
    const tx = this.current;
    this.checkPath(path, 'RCPT', entry.event, tx?.params['SMTPUTF8'] !== undefined);
    if (!isOpen(tx)) {
      this.sequenceViolation(
        'SMTP-RCPT-WITHOUT-MAIL',
        entry.event,
        tx && tx.mailStatus === 'rejected' ? 'RCPT sent after the server refused MAIL' : 'RCPT sent with no MAIL transaction open',
      );
    }
    const rcpt = { mailbox: path.mailbox, status: 'pending' as const };
    entry.rcpt = rcpt;
    entry.tx = tx;
    tx?.rcpts.push(rcpt);
  }

  private checkTransactionReady(verb: string, idx: number): void {
    const tx = this.current;
    if (tx === null || !isOpen(tx)) {
      this.sequenceViolation('SMTP-DATA-WITHOUT-RCPT', idx, `${verb} sent with no MAIL transaction open`);
    } else if (!hasLiveRecipient(tx)) {
      this.sequenceViolation(
        'SMTP-DATA-WITHOUT-RCPT',
        idx,
        tx.rcpts.length === 0 ? `${verb} sent before any RCPT` : `${verb} sent after the server refused every recipient`,
      );
    }
  }

  private dataCommand(line: Line, entry: Pending): void {
    this.checkTransactionReady('DATA', entry.event);
    if (this.bdat) {
      this.tally.add('SMTP-BDAT-DATA-MIXED', entry.event, 'DATA sent in a transaction that already sent BDAT chunks');
      this.abortBdat('DATA');
    }
    entry.tx = this.current;
    entry.lfOnly = line.ending === 'LF';
    this.cmode = 'hold';
  }

  private bdatCommand(args: BdatArgs | string, entry: Pending): void {
    if (typeof args === 'string') {
      this.tally.add('SMTP-BDAT-INVALID', entry.event, args);
      return;
    }
    let msg = this.bdat;
    if (!msg) {
      this.checkTransactionReady('BDAT', entry.event);
      msg = this.messages.start(isOpen(this.current) ? this.current : null, 'smtp-bdat', this.client.offset);
      this.bdat = msg;
    }
    msg.runStart = this.client.offset;
    entry.tx = msg.tx;
    entry.message = msg.index;
    entry.last = args.last;
    if (args.last) {
      this.bdat = null;
      if (msg.tx) msg.tx.closed = true;
      if (this.current === msg.tx) this.current = null;
    }
    this.chunk = { entry, msg, size: args.size, remaining: args.size, last: args.last, tail: Buffer.alloc(0) };
    this.cmode = 'chunk';
  }

  private authCommand(ex: AuthExchange, entry: Pending, initialProblem: string | undefined): void {
    if (initialProblem) this.tally.add('SMTP-AUTH-INVALID-BASE64', entry.event, initialProblem);
    const offered = this.capabilities?.['AUTH'];
    if (offered && !offered.some((m) => m.toUpperCase() === ex.mechanism)) {
      this.tally.add('SMTP-EXTENSION-NOT-ADVERTISED', entry.event, `AUTH ${ex.mechanism} used, but the server offered only ${offered.join(' ')}`);
    }
    if (!this.tlsActive) {
      const clear = ex.mechanism === 'PLAIN' || ex.mechanism === 'LOGIN';
      const message = clear
        ? `AUTH ${ex.mechanism} without TLS: the password travels base64-encoded, readable on the path`
        : `AUTH ${ex.mechanism} without TLS`;
      this.tally.add('SMTP-AUTH-CLEARTEXT', entry.event, message);
    }
    entry.auth = ex;
    this.auth = ex;
  }

  private authResponse(line: Line, text: string, ex: AuthExchange): void {
    ex.awaitingResponse = false;
    const shown = describeClientLine(text, ex, this.ctx.options.showSecrets);
    const idx = this.ctx.emit({
      kind: 'auth',
      dir: 'C',
      ts: this.clientTs,
      offset: line.offset,
      length: line.length,
      line: shown.secret && !this.ctx.options.showSecrets ? MASK : text,
      decoded: shown.decoded,
    });
    ex.responses++;
    if (shown.invalid) {
      // The line may be a password typed in clear: it is not quoted.
      this.tally.add('SMTP-AUTH-INVALID-BASE64', idx, `SASL response of ${text.length} characters is not base64`);
    }
    this.checkLine(line, idx, 'SASL response line', SASL_LINE_LIMIT);
  }

  // ---- holding the bytes after DATA -------------------------------------------------------------

  private beginHold(entry: Pending): void {
    this.hold = new HeldBytes(entry, this.clientSeq, this.clientTs);
    if (!this.serverEverSent) this.decideFromBytes('no reply from the server in the capture', false);
  }

  /**
   * The reply to DATA will not settle what the held bytes are: look at them. Commands stay
   * commands; anything else is taken as message text. With `force`, decide on whatever is there.
   */
  private decideFromBytes(reason: string, force: boolean): void {
    const hold = this.hold;
    if (!hold) return;
    const first = hold.firstLine(this.client.peek(this.client.available));
    if (first === null) {
      // Nothing followed DATA (yet): no message to decode.
      if (force) this.release('commands');
      else hold.undecided = reason;
      return;
    }
    if (!force && !HeldBytes.enough(first)) {
      hold.undecided = reason;
      return;
    }
    const commands = looksLikeCommand(first.text);
    hold.entry.decided = commands ? 'commands' : 'content';
    const what = commands ? 'look like commands' : 'are taken as the message text';
    this.note('C', this.client.offset, hold.ts, `${reason}: the bytes after DATA ${what}`);
    this.release(commands ? 'commands' : 'content');
  }

  /** DATA's fate is known: replays the held bytes as message text or as commands. */
  private release(as: 'content' | 'commands'): void {
    const hold = this.hold!;
    this.hold = null;
    const heldSomething = this.client.available > 0 || hold.pieces.length > 0;
    this.clientSeq = hold.seq;
    this.clientTs = hold.ts;
    if (as === 'content') this.startData(hold.entry, heldSomething);
    else this.cmode = 'command';
    this.processClient();
    for (const p of hold.pieces) this.clientBytes(p.bytes, p.ts, p.seq);
  }

  /** DATA's reply arrived: the held bytes, sent before it, are decoded (and message text shown) before the reply event. */
  private releaseBeforeReply(r: AssembledReply): void {
    this.release(r.code === '354' ? 'content' : 'commands');
    const d = this.data;
    if (d && d.msg.runStart < this.client.offset) this.messages.emitRun(d.msg, this.client.offset, this.clientTs, 'DATA');
  }

  // ---- DATA content ---------------------------------------------------------------------------

  private startData(entry: Pending, early: boolean): void {
    const tx = entry.tx ?? null;
    const msg = this.messages.start(tx, 'smtp-data', this.client.offset);
    this.data = { msg, reader: new DotContentReader(entry.lfOnly === true), entry };
    this.cmode = 'content';
    if (early && entry.decided === undefined) {
      msg.tally.add('SMTP-DATA-BEFORE-354', -1, 'message text sent before the 354 reply to DATA');
    }
  }

  private readContent(): boolean {
    const d = this.data!;
    const line = this.client.readLine(CONTENT_READ_LIMIT);
    if (!line) return false;
    const before = d.reader.lastSuspect;
    if (d.reader.line(line, d.msg.content)) this.endData(line);
    else if (d.reader.lastSuspect !== before) this.maybeHoldAfterSuspect(d, line);
    return true;
  }

  /**
   * A dot line a lenient server ends the data on (`<LF>.<CR><LF>`): with a server side in the
   * capture, hold what follows until its replies show how it read the dot line.
   */
  private maybeHoldAfterSuspect(d: DataState, line: Line): void {
    const s = d.reader.lastSuspect!;
    const end = line.offset + line.length;
    if (s.resume !== end || d.msg.gapped || !this.serverEverSent || this.serverGapSeen || this.clientGapSeen) return;
    this.messages.emitRun(d.msg, end, this.clientTs, 'DATA');
    this.suspectHold = { data: d, suspect: s, held: new HeldBytes(d.entry, this.clientSeq, this.clientTs) };
    this.cmode = 'suspect';
  }

  /**
   * A reply came while the bytes after a suspect dot line are held. The server ended the message
   * at the dot line when it answered before the bytes held a <CR><LF>.<CR><LF>, or when it sent more
   * than one reply at once (a strict server has one answer for one message).
   */
  private decideSuspect(): void {
    const sh = this.suspectHold!;
    const held = Buffer.concat([Buffer.from('\r\n'), this.client.peek(this.client.available), ...sh.held.pieces.map((p) => p.bytes)]);
    const strictEnd = held.indexOf('\r\n.\r\n') >= 0;
    const lenient = !strictEnd || this.server.available > 0;
    this.keptSuspect = lenient ? null : sh.suspect;
    this.releaseSuspect(lenient ? 'commands' : 'content');
  }

  /** Replays the bytes held after a suspect dot line as the rest of the message, or as the commands a lenient server read. */
  private releaseSuspect(as: 'content' | 'commands'): void {
    const sh = this.suspectHold!;
    this.suspectHold = null;
    this.clientSeq = sh.held.seq;
    this.clientTs = sh.held.ts;
    if (as === 'content') {
      this.cmode = 'content';
    } else {
      this.endDataAtSuspect(sh.data, sh.suspect, this.client.available + sh.held.queued);
    }
    this.processClient();
    for (const p of sh.held.pieces) this.clientBytes(p.bytes, p.ts, p.seq);
  }

  /** The server took the suspect dot line for the end of data: the message ends there, and commands follow. */
  private endDataAtSuspect(d: DataState, s: SuspectSequence, after: number): void {
    this.data = null;
    this.cmode = 'command';
    d.msg.content.truncate(s.contentSize);
    this.messages.reportLines(d.msg, d.reader, s.sequence);
    this.finishMessage(d.msg, s.contentEnd, true);
    const tx = d.msg.tx;
    if (tx) tx.closed = true;
    if (this.current === tx) this.current = null;
    this.note(
      'C',
      s.resume,
      this.clientTs,
      `the server answered as if the ${s.sequence} at stream offset ${s.offset} ended the message` +
        (after > 0 ? `, so the ${after} octet${after === 1 ? '' : 's'} the client sent after it are read as the commands the server saw` : ''),
    );
    const eod: Pending = { verb: END_OF_DATA, event: d.entry.event, ts: this.clientTs, seq: this.clientSeq, tx, message: d.msg.index };
    this.pending.push(eod);
    this.checkPipelining(eod);
  }

  private endData(line: Line): void {
    const d = this.data!;
    this.data = null;
    this.cmode = 'command';
    this.messages.emitRun(d.msg, line.offset + line.length, this.clientTs, 'DATA', '.');
    this.messages.reportLines(d.msg, d.reader);
    this.finishMessage(d.msg, line.offset, true);
    const tx = d.msg.tx;
    if (tx) tx.closed = true;
    if (this.current === tx) this.current = null;
    const eod: Pending = { verb: END_OF_DATA, event: d.entry.event, ts: this.clientTs, seq: this.clientSeq, tx, message: d.msg.index };
    this.pending.push(eod);
    this.checkPipelining(eod);
  }

  // ---- BDAT chunks ----------------------------------------------------------------------------

  private readChunk(): boolean {
    const c = this.chunk!;
    if (c.remaining > 0) {
      const piece = this.client.take(c.remaining);
      if (piece.length === 0) return false;
      c.remaining -= piece.length;
      c.msg.content.append(piece);
      c.tail = Buffer.concat([c.tail, piece]).subarray(-CHUNK_TAIL);
    }
    if (c.remaining === 0) this.endChunk(this.client.offset, true);
    return true;
  }

  /** The chunk's last octet is just before stream offset `end`; `whole` unless a gap took part of it. */
  private endChunk(end: number, whole: boolean): void {
    const c = this.chunk!;
    this.chunk = null;
    this.cmode = 'command';
    if (end > c.msg.runStart) this.messages.emitRun(c.msg, end, this.clientTs, 'BDAT');
    if (whole) this.afterChunk = c;
    else c.msg.gapped = true;
    if (c.last) this.finishMessage(c.msg, end, !c.msg.gapped);
  }

  /** Ends a chunked message the client abandoned (RSET, EHLO, a new MAIL, DATA). */
  private abortBdat(why: string): void {
    const m = this.bdat;
    if (!m) return;
    this.bdat = null;
    this.note('C', this.client.offset, this.clientTs, `${why} abandons the message sent in BDAT chunks without BDAT LAST`);
    this.finishMessage(m, m.runStart, false);
  }

  private finishMessage(msg: MessageInProgress, end: number, complete: boolean): void {
    this.messages.finish(msg, end, complete, this.capabilities ? advertisedSize(this.capabilities) : undefined);
  }

  // ---- client gaps and the end of the stream --------------------------------------------------

  /**
   * Emits what precedes a hole in `dir` — the message text or chunk collected so far, a reply
   * still missing its last lines, a partial line — while it can still come before the gap event.
   */
  private flushBeforeGap(dir: Direction, ts: number): void {
    this.flushedForGap[dir] = true;
    // Without the whole dialogue the replies cannot tell how the server read a suspect dot line.
    while (this.suspectHold) this.releaseSuspect('content');
    if (dir === 'S') {
      if (this.serverTls) return;
      const pieces = this.serverLines.drop();
      const start = this.server.offset - pieces;
      const partial = pieces + this.server.available;
      const open = this.replies.flush();
      if (open) this.reply(open);
      if (partial > 0) this.note('S', start, ts, `${partial} octets of a reply line before the gap could not be decoded`, partial);
      return;
    }
    // Bytes held after DATA have to be decoded before the hole, whatever the reply turns out to be.
    // (Replaying them can start a new hold, after another DATA among them.)
    while (this.hold || this.suspectHold) {
      if (this.suspectHold) this.releaseSuspect('content');
      else this.decideFromBytes('part of the client stream is missing before the reply to DATA', true);
    }
    switch (this.cmode) {
      case 'content': {
        const d = this.data!;
        // An unterminated piece never ends the data.
        const rest = this.client.readRest();
        if (rest) d.reader.line(rest, d.msg.content);
        if (this.client.offset > d.msg.runStart) this.messages.emitRun(d.msg, this.client.offset, ts, 'DATA');
        return;
      }
      case 'chunk': {
        const c = this.chunk!;
        if (this.client.offset > c.msg.runStart) this.messages.emitRun(c.msg, this.client.offset, ts, 'BDAT');
        return;
      }
      case 'command': {
        const pieces = this.clientLines.drop();
        const start = this.client.offset - pieces;
        const partial = pieces + this.client.available;
        if (partial > 0) this.note('C', start, ts, `${partial} octets of a command line before the gap could not be decoded`, partial);
        return;
      }
      default:
        return;
    }
  }

  private clientGap(length: number, ts: number): void {
    this.clientGapSeen = true;
    this.clientTs = ts;
    switch (this.cmode) {
      case 'tls':
        return;
      case 'content': {
        const d = this.data!;
        d.msg.content.gap(length);
        d.reader.gap();
        d.msg.gapped = true;
        this.client.gap(length);
        d.msg.runStart = this.client.offset;
        return;
      }
      case 'chunk': {
        const c = this.chunk!;
        const lost = Math.min(length, c.remaining);
        const chunkEnd = this.client.offset + lost;
        c.msg.content.gap(lost);
        c.msg.gapped = true;
        c.remaining -= lost;
        this.client.gap(length);
        c.msg.runStart = chunkEnd;
        if (c.remaining === 0) {
          this.endChunk(chunkEnd, false);
          if (length > lost) this.clientResync = { offset: this.client.offset, length: 0, ts };
        }
        return;
      }
      default:
        this.client.gap(length);
        this.clientResync = { offset: this.client.offset, length: 0, ts };
    }
  }

  private endClient(ts: number, closed: boolean): void {
    switch (this.cmode) {
      case 'content': {
        const d = this.data!;
        this.data = null;
        this.cmode = 'command';
        const rest = this.client.readRest();
        if (rest) d.reader.line(rest, d.msg.content);
        // Every message gets a data event, if only an empty one, for its findings to point at.
        if (this.client.offset > d.msg.runStart || this.messages.firstEvent(d.msg) < 0) this.messages.emitRun(d.msg, this.client.offset, ts, 'DATA');
        const how = `after ${d.msg.content.size} octets of message text, before the end-of-data line`;
        if (closed) this.ctx.violation('SMTP-DATA-INCOMPLETE', this.messages.firstEvent(d.msg), `the connection ended ${how}`);
        else this.note('C', this.client.offset, ts, `the capture ends ${how}`);
        this.messages.reportLines(d.msg, d.reader);
        this.finishMessage(d.msg, this.client.offset, false);
        return;
      }
      case 'chunk': {
        const c = this.chunk!;
        this.chunk = null;
        this.cmode = 'command';
        if (this.client.offset > c.msg.runStart) this.messages.emitRun(c.msg, this.client.offset, ts, 'BDAT');
        const cmd = lastCommandLine(c.tail);
        if (!closed) {
          this.note('C', this.client.offset, ts, `the capture ends after ${c.size - c.remaining} of the ${c.size} octets BDAT announced`);
        } else if (cmd) {
          this.ctx.violation(
            'SMTP-BDAT-LENGTH-MISMATCH',
            c.entry.event,
            `BDAT announced ${c.size} octets but only ${c.size - c.remaining} came, ending in the command ${JSON.stringify(truncate(cmd))}`,
          );
        } else {
          const message = `the connection ended after ${c.size - c.remaining} of the ${c.size} octets BDAT announced`;
          this.ctx.violation('SMTP-BDAT-INCOMPLETE', c.entry.event, message);
        }
        if (this.bdat === c.msg) this.bdat = null;
        c.msg.gapped = true;
        this.finishMessage(c.msg, this.client.offset, false);
        return;
      }
      case 'command': {
        const rest = this.clientLines.rest();
        if (rest) {
          this.clientTs = ts;
          this.clientLine(rest);
        }
        if (this.clientResync) this.endResync('C');
        return;
      }
      default:
        return;
    }
  }

  // ---- server bytes ---------------------------------------------------------------------------

  private processServer(): void {
    for (;;) {
      if (this.serverTls) return this.drainInjectedReplies();
      const line = this.serverLines.next();
      if (!line) return;
      this.serverLine(line);
    }
  }

  private serverLine(line: Line): void {
    const text = toText(line.bytes);
    if (this.serverResync) {
      const p = parseReplyLine(text);
      if (p.code === null || p.problem !== undefined) {
        this.serverResync.length += line.length;
        return;
      }
      this.endResync('S');
    }
    this.replyLines.push({ length: line.length, ending: line.ending, bareCr: line.bareCr });
    const reply = this.replies.push(text, line.offset, line.length, this.serverTs);
    if (reply) this.reply(reply);
    else this.showOpenReply(line.offset + line.length);
  }

  /**
   * A multi-line reply is shown from its first line, so that what the client sends before its last
   * line (a command before the end of a multi-line greeting) comes after it; its lines are added
   * as they arrive and it is matched to its command once complete. Not while client bytes wait for
   * a reply to decide what they are: those must be decoded before the reply is shown.
   */
  private showOpenReply(end: number): void {
    const ev = this.openReply >= 0 ? this.ctx.event(this.openReply) : undefined;
    if (ev?.kind === 'reply') {
      ev.length = end - ev.offset;
      return;
    }
    const r = this.replies.current;
    if (!r || this.hold || this.suspectHold) return;
    this.showTextBeforeReply();
    this.openReply = this.ctx.emit({ kind: 'reply', dir: 'S', ts: r.ts, offset: r.offset, length: r.length, lines: r.lines });
  }

  private reply(r: AssembledReply): void {
    const shown = this.openReply;
    this.openReply = -1;
    if (shown < 0) this.showTextBeforeReply();
    const code = r.code ?? undefined;
    let entry: Pending | undefined;
    let greeting = false;
    if (r.code !== null && !this.greetingSeen) {
      this.greetingSeen = true;
      if (GREETING_CODES.has(r.code)) {
        greeting = true;
      } else {
        this.midSession = true;
        this.deferred = [];
        this.note('S', r.offset, r.ts, 'no greeting: the capture seems to start in the middle of the session');
      }
    }
    if (this.suspectHold) this.decideSuspect();
    // Even a malformed reply takes the place of the answer to the oldest waiting command.
    if (!greeting) entry = this.matchReply(r);
    // The bytes held after DATA were sent before this reply: decode them first, so that events stay in wire order.
    if (entry && entry === this.hold?.entry) this.releaseBeforeReply(r);

    const enhanced = parseEnhancedCode(r.texts[0] ?? '');
    const ev: NewEvent = { kind: 'reply', dir: 'S', ts: r.ts, offset: r.offset, length: r.length, lines: r.lines };
    if (code !== undefined) ev.code = code;
    if (enhanced) ev.enhanced = enhanced;
    if (entry) ev.command = entry.event;
    const detail = this.replyDetail(r, entry, greeting);
    if (detail) ev.detail = detail;
    const idx = shown >= 0 ? this.completeShownReply(shown, ev) : this.ctx.emit(ev);

    this.checkReply(r, idx, enhanced);
    this.checkAfterQuit('S', idx, `reply ${code ?? '(malformed)'}`);
    if (greeting) this.greeted();
    else if (entry) this.answered(entry, r, idx);
    else if (r.code !== null && r.code !== '421' && !this.midSession && !this.clientGapSeen && !this.lenientEnd) {
      this.tally.add('SMTP-UNEXPECTED-REPLY', idx, `reply ${r.code} arrived with no command waiting for it`);
      const s = this.keptSuspect;
      this.keptSuspect = null;
      if (s) {
        this.note(
          'S',
          r.offset,
          r.ts,
          `the server may have ended the message at the ${s.sequence} at stream offset ${s.offset} and read the text after it as commands (SMTP smuggling): its replies to them came after its first reply, so that text is still shown as the message`,
        );
      }
    }
  }

  /** Fills in the event of a multi-line reply shown since its first line (which keeps that line's time). */
  private completeShownReply(idx: number, done: NewEvent): number {
    const ev = this.ctx.event(idx);
    if (ev.kind !== 'reply' || done.kind !== 'reply') return this.ctx.emit(done);
    ev.lines = done.lines;
    ev.length = done.length;
    if (done.code !== undefined) ev.code = done.code;
    if (done.enhanced !== undefined) ev.enhanced = done.enhanced;
    if (done.command !== undefined) ev.command = done.command;
    if (done.detail !== undefined) ev.detail = done.detail;
    return idx;
  }

  /** Message text or chunk octets decoded so far were sent before the reply now arriving: their data event goes first. */
  private showTextBeforeReply(): void {
    const msg = this.cmode === 'content' ? this.data?.msg : this.cmode === 'chunk' ? this.chunk?.msg : undefined;
    if (msg && msg.runStart < this.client.offset) this.messages.emitRun(msg, this.client.offset, this.clientTs, this.cmode === 'chunk' ? 'BDAT' : 'DATA');
  }

  private checkReply(r: AssembledReply, idx: number, enhanced: string | undefined): void {
    for (const line of this.replyLines) {
      if (line.length > COMMAND_LINE_LIMIT) this.tally.add('SMTP-REPLY-LINE-TOO-LONG', idx, `reply line is ${line.length} octets (limit 512)`);
      if (line.ending === 'LF') this.tally.add('SMTP-BARE-LF', idx, 'reply line ends in a bare LF');
      if (line.bareCr) this.tally.add('SMTP-BARE-CR', idx, 'reply line contains a bare CR');
    }
    this.replyLines = [];
    if (r.problems.length > 0) this.tally.add('SMTP-REPLY-CODE-MALFORMED', idx, r.problems[0]!);
    if (r.mismatch) this.tally.add('SMTP-MULTILINE-CODE-MISMATCH', idx, r.mismatch);
    if (enhanced && r.code && enhanced[0] !== r.code[0]) {
      this.tally.add('SMTP-ENHANCED-CODE-MISMATCH', idx, `enhanced status ${enhanced} with reply code ${r.code}`);
    }
  }

  /** The command a reply answers: the oldest one waiting, or the end of data the server saw through a gap. */
  private matchReply(r: AssembledReply): Pending | undefined {
    if (this.pending.length === 0 && this.data && r.code !== '421') {
      const early = this.replyEndsData(r);
      if (early) return early;
    }
    const head = this.pending.at(0);
    if (!head || r.code === null || plausibleReply(head.verb, r.code)) return head;
    // 354 answers only DATA: commands before it got no reply (lost in a gap, or never sent).
    // After a gap other codes re-align too: replies lost in a server gap leave commands waiting,
    // commands lost in a client gap leave replies without their command.
    if (r.code === '354' || this.serverGapSeen) {
      const i = this.pending.findIndex((p) => plausibleReply(p.verb, r.code!));
      if (i > 0) {
        const lost = this.pending.shiftMany(i);
        const what = lost.map((p) => p.verb).join(', ');
        this.note('S', r.offset, r.ts, this.serverGapSeen ? `the replies to ${what} were lost in a gap` : `the server sent no reply to ${what}`);
        return this.pending.at(0);
      }
    }
    if (!this.clientGapSeen && !this.serverGapSeen) return head;
    this.note('S', r.offset, r.ts, `reply ${r.code} does not fit ${head.verb}: its command was probably lost in a gap`);
    return undefined;
  }

  /**
   * A reply while the client is still sending message text: the server saw the end of the data
   * where this decoder did not — because the end-of-data line was lost in a gap, or because the
   * server took a bare-LF/bare-CR dot line for it (SMTP smuggling). Ends the message there.
   */
  private replyEndsData(r: AssembledReply): Pending | undefined {
    const d = this.data!;
    const suspect = d.reader.lastSuspect;
    if (!d.msg.gapped && !suspect) return undefined;
    this.data = null;
    this.cmode = 'command';
    if (this.client.offset > d.msg.runStart) this.messages.emitRun(d.msg, this.client.offset, this.clientTs, 'DATA');
    if (d.msg.gapped) {
      this.messages.reportLines(d.msg, d.reader);
      this.finishMessage(d.msg, this.client.offset, false);
      this.note('C', this.client.offset, r.ts, 'the server answered the message: its end-of-data line was lost in the gap');
    } else {
      const s = suspect!;
      const after = this.client.offset - s.resume;
      d.msg.content.truncate(s.contentSize);
      this.messages.reportLines(d.msg, d.reader, s.sequence);
      this.finishMessage(d.msg, s.contentEnd, true);
      this.lenientEnd = true;
      this.note(
        'C',
        this.client.offset,
        r.ts,
        `the server answered before <CR><LF>.<CR><LF>: it took the ${s.sequence} at stream offset ${s.offset} as the end of data` +
          (after > 0 ? `, so it read the ${after} octet${after === 1 ? '' : 's'} after it as commands` : ''),
      );
    }
    return { verb: END_OF_DATA, event: d.entry.event, ts: this.clientTs, seq: this.clientSeq, tx: d.msg.tx, message: d.msg.index };
  }

  private replyDetail(r: AssembledReply, entry: Pending | undefined, greeting: boolean): Record<string, unknown> | undefined {
    if (greeting) return { greeting: true };
    if (!entry) return undefined;
    if ((entry.verb === 'EHLO' || entry.verb === 'LHLO') && r.code === '250') {
      const e = parseEhloReply(r.texts);
      return { domain: e.domain, capabilities: e.capabilities };
    }
    if (entry.verb === END_OF_DATA) return { endOfData: true, message: entry.message };
    if (entry.verb === 'AUTH' && r.code === '334' && entry.auth) {
      const text = (r.texts[0] ?? '').trim();
      const data = decodeBase64(text);
      return { challenge: data ? describeChallenge(data, entry.auth.mechanism) : text };
    }
    return undefined;
  }

  private greeted(): void {
    for (const d of this.deferred) this.tally.add(d.id, d.idx, d.message);
    this.deferred = [];
    const b = this.beforeGreeting;
    if (b.count > 0) {
      this.ctx.violation(
        'SMTP-CMD-BEFORE-GREETING',
        b.first,
        `${b.verb || 'an empty line'}${b.count > 1 ? ` and ${b.count - 1} more command(s)` : ''} sent before the server's greeting` +
          (b.midGreeting ? ' was complete (after its first line, before its last)' : ''),
      );
    }
  }

  /** A reply for `entry` arrived: record it and apply its effect on the dialogue. */
  private answered(entry: Pending, r: AssembledReply, idx: number): void {
    const code = r.code ?? '';
    const ok = code[0] === '2';
    if (entry.verb === 'AUTH' && code === '334' && entry.auth) {
      const text = (r.texts[0] ?? '').trim();
      const data = decodeBase64(text);
      entry.auth.lastChallenge = data ? data.toString('utf8') : text;
      entry.auth.awaitingResponse = true;
      return;
    }
    this.pending.shift();
    entry.replySeq = this.serverSeq;
    if (entry.verb !== END_OF_DATA) {
      const cmd = this.ctx.event(entry.event) as CommandEvent;
      cmd.reply = idx;
      cmd.responseTime = round6(r.ts - entry.ts);
    }
    switch (entry.verb) {
      case 'EHLO':
      case 'LHLO':
      case 'HELO':
        if (ok) this.capabilities = entry.verb === 'HELO' ? {} : parseEhloReply(r.texts).capabilities;
        else this.restore(entry);
        break;
      case 'RSET':
        if (!ok) this.restore(entry);
        break;
      case 'MAIL':
        this.mailAnswered(entry.tx!, ok);
        break;
      case 'RCPT':
        if (entry.rcpt) entry.rcpt.status = ok ? 'ok' : 'rejected';
        this.refreshEnvelope(entry.tx ?? null);
        break;
      case 'DATA':
        this.dataAnswered(entry, code, r);
        break;
      case END_OF_DATA:
      case 'BDAT':
        if (entry.message !== undefined && (entry.verb === END_OF_DATA || entry.last || !ok)) this.ctx.message(entry.message).reply = idx;
        break;
      case 'STARTTLS':
        if (code === '220') this.startTls(idx, r.ts);
        else this.starttlsRefused();
        break;
      case 'AUTH':
        this.auth = null;
        break;
      case 'QUIT':
        if (code === '221') this.quitAnswered = true;
        break;
    }
  }

  /** The server refused RSET/EHLO/HELO: the transaction they would have closed is still open. */
  private restore(entry: Pending): void {
    if (entry.resets && this.current === null) {
      this.current = entry.resets;
    }
  }

  private mailAnswered(tx: Transaction, ok: boolean): void {
    tx.mailStatus = ok ? 'ok' : 'rejected';
    if (!ok && this.current === tx && tx.previous && !tx.previous.closed) this.current = tx.previous;
    this.refreshEnvelope(tx);
  }

  private refreshEnvelope(tx: Transaction | null): void {
    if (tx?.message !== undefined) this.ctx.message(tx.message).envelope = envelopeOf(tx);
  }

  private dataAnswered(entry: Pending, code: string, r: AssembledReply): void {
    const go = code === '354';
    if (entry.decided === 'content' && !go) {
      this.note('S', r.offset, r.ts, `the server refused DATA with ${code}, but the bytes after it had already been taken as the message text`);
    } else if (entry.decided === 'commands' && go) {
      this.note('S', r.offset, r.ts, 'the server accepted DATA, but the bytes after it had already been taken as commands');
    }
  }

  // ---- STARTTLS -------------------------------------------------------------------------------

  /** The server said 220 to STARTTLS: what is still buffered on either side was injected. */
  private startTls(replyIdx: number, ts: number): void {
    const followers = this.starttlsFollowers;
    this.starttlsFollowers = [];
    // Bytes held after a DATA join the rest, so that the stream offset moves past all of them.
    for (const p of this.hold?.pieces ?? []) this.client.push(p.bytes);
    const pieces = this.clientLines.drop();
    const buffered = pieces + this.client.available;
    let noteIdx = -1;
    if (buffered > 0) {
      const offset = this.client.offset - pieces;
      const bytes = this.client.take(this.client.available);
      noteIdx = this.ctx.emit({
        kind: 'note',
        ts,
        dir: 'C',
        offset,
        length: buffered,
        text: `${buffered} octets sent after STARTTLS before the TLS handshake: ${JSON.stringify(truncate(toText(bytes), 80))}`,
      });
    }
    if (followers.length > 0 || noteIdx >= 0) {
      const verbs = followers.map((i) => (this.ctx.event(i) as CommandEvent).verb);
      const what = verbs.length > 0 ? `${verbs.slice(0, 5).join(', ')}${verbs.length > 5 ? ', ...' : ''}` : `${buffered} octets`;
      this.ctx.violation('SMTP-STARTTLS-COMMAND-INJECTION', followers[0] ?? noteIdx, `the client sent ${what} after STARTTLS, before the 220 reply`);
    }
    this.ctx.startTls(replyIdx);
    this.cmode = 'tls';
    this.serverTls = true;
    this.tlsActive = true;
    // The TLS session starts from scratch: the client must EHLO again (RFC 3207 §4.2).
    this.pending.clear();
    this.pipeline.clear();
    this.hold = null;
    this.data = null;
    this.chunk = null;
    this.current = null;
    this.auth = null;
    this.capabilities = null;
    this.helloSent = false;
    this.afterChunk = null;
    this.replies.flush();
    this.openReply = -1;
  }

  private starttlsRefused(): void {
    for (const i of this.starttlsFollowers) {
      this.tally.add('SMTP-PIPELINING-AFTER-GROUP-END', i, `${(this.ctx.event(i) as CommandEvent).verb} sent before the reply to STARTTLS`);
    }
    this.starttlsFollowers = [];
  }

  /** Lines the server sent right after its 220 to STARTTLS, in the same segment(s). */
  private drainInjectedReplies(): void {
    let first = true;
    for (let line = this.serverLines.next(); line; line = this.serverLines.next()) {
      const text = toText(line.bytes);
      const p = parseReplyLine(text);
      const ev: NewEvent = {
        kind: 'reply',
        dir: 'S',
        ts: this.serverTs,
        offset: line.offset,
        length: line.length,
        lines: [text],
        detail: { injected: true },
      };
      if (p.code !== null) ev.code = p.code;
      const idx = this.ctx.emit(ev);
      if (first) {
        const message = `the server sent ${JSON.stringify(truncate(text))} after its 220 to STARTTLS, before the TLS handshake`;
        this.ctx.violation('SMTP-STARTTLS-RESPONSE-INJECTION', idx, message);
        first = false;
      }
    }
    const rest = this.server.available;
    if (rest > 0) {
      const offset = this.server.offset;
      const bytes = this.server.take(rest);
      const idx = this.note('S', offset, this.serverTs, `${rest} octets after the 220 to STARTTLS: ${JSON.stringify(truncate(toText(bytes), 80))}`, rest);
      if (first) {
        const message = `the server sent ${rest} more octets after its 220 to STARTTLS, before the TLS handshake`;
        this.ctx.violation('SMTP-STARTTLS-RESPONSE-INJECTION', idx, message);
      }
    }
  }

  // ---- server gaps and the end ----------------------------------------------------------------

  private serverGap(length: number, ts: number): void {
    this.serverGapSeen = true;
    this.serverTs = ts;
    if (this.serverTls) return;
    this.server.gap(length);
    this.serverResync = { offset: this.server.offset, length: 0, ts };
    if (this.hold) this.decideFromBytes('a gap in the server stream may hide the reply to DATA', false);
  }

  private endServer(ts: number): void {
    if (this.serverTls) return;
    this.serverTs = ts;
    const rest = this.serverLines.rest();
    if (rest) this.serverLine(rest);
    const open = this.replies.flush();
    if (open) this.reply(open);
    if (this.serverResync) this.endResync('S');
  }

  // ---- helpers --------------------------------------------------------------------------------

  private checkAfterQuit(dir: Direction, idx: number, what: string): void {
    if (!this.quitAnswered || this.afterQuitReported[dir]) return;
    this.afterQuitReported[dir] = true;
    this.ctx.violation('SMTP-AFTER-QUIT', idx, `${dir === 'C' ? 'the client sent' : 'the server sent'} ${what} after QUIT was answered with 221`);
  }

  /** Ends a resynchronisation after a gap, with a note for what was skipped. */
  private endResync(dir: Direction): void {
    const r = dir === 'C' ? this.clientResync : this.serverResync;
    if (dir === 'C') this.clientResync = null;
    else this.serverResync = null;
    if (r && r.length > 0) {
      this.note(dir, r.offset, r.ts, `skipped ${r.length} octets after the gap to the next ${dir === 'C' ? 'command' : 'reply'}`, r.length);
    }
  }

  /** Emits a note; `length` when it stands for bytes that no other event covers. */
  private note(dir: Direction, offset: number, ts: number, text: string, length = 0): number {
    return this.ctx.emit({ kind: 'note', ts, dir, offset, length, text });
  }
}

function isAsciiText(s: string): boolean {
  return !/[^\x00-\x7f]/.test(s);
}

function truncate(s: string, n = 40): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** Makes the SMTP decoder for one session. */
export const createSmtpDecoder: DecoderFactory = (ctx) => new SmtpDecoder(ctx);
