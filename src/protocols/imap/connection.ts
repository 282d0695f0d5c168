/**
 * What an IMAP connection remembers between lines: the state (RFC 9051 §3), what the server
 * advertised, the selected mailbox, and the commands in flight by tag. Both directions' handlers
 * read and update it; it emits nothing itself.
 */
import type { ImapState } from './states.js';
import { COMMAND_STATES } from './states.js';

/** A command sent and not yet completed by its tagged response. */
export interface PendingCommand {
  tag: string;
  verb: string;
  /** The command event. */
  event: number;
  ts: number;
  /** SELECT/EXAMINE: the mailbox it opens. */
  mailbox?: string;
  /** AUTHENTICATE: mechanism, client responses so far, and the last challenge (decoded text). */
  mechanism?: string;
  saslSteps: number;
  challenge?: string;
  /** The client announced a synchronising literal and waits for the server's `+`. */
  awaitingContinuation: boolean;
  /**
   * Continuations the server still owes for literals the client sent without waiting: the server
   * cannot know the client did not wait, so its `+` is expected, not unexpected.
   */
  continuationsOwed?: number;
  /** IDLE: the server's "+" that acknowledges it has come. */
  idleAcknowledged?: boolean;
}

export interface SelectedMailbox {
  name: string;
  readOnly: boolean;
  exists?: number;
  recent?: number;
  uidValidity?: number;
}

export class ImapConnection {
  state: ImapState = 'unknown';
  /** Upper-cased capabilities as last advertised; null until the server says. */
  caps: Set<string> | null = null;
  /** STARTTLS was accepted and both sides went on in TLS. */
  encrypted = false;
  selected: SelectedMailbox | null = null;
  /** The mailbox a SELECT/EXAMINE in flight opens (its untagged data arrives before the tagged OK). */
  opening: SelectedMailbox | null = null;
  /** UIDVALIDITY last seen per mailbox. */
  readonly uidValidity = new Map<string, number>();
  /** Commands in flight, oldest first. */
  readonly pending: PendingCommand[] = [];
  /** The server's first response arrived. */
  greeted = false;
  /** That first response was the greeting: the capture has the session from its start, so what was sent before is known. */
  fromStart = false;
  /** Whether each direction sent anything, and whether bytes went missing in it. */
  readonly seen = { C: false, S: false };
  readonly gapped = { C: false, S: false };
  /** The server sent `+` to an AUTHENTICATE and the client's answer is due. */
  saslAnswerDue = false;
  /** The IDLE command in progress (between the client's IDLE and DONE). */
  idle: PendingCommand | null = null;

  hasCap(cap: string): boolean {
    return this.caps !== null && this.caps.has(cap);
  }

  /** Records capabilities from `* CAPABILITY` or a `[CAPABILITY ...]` code. */
  setCaps(caps: readonly string[]): void {
    this.caps = new Set(caps.map((c) => c.toUpperCase()));
  }

  /** The first command in flight with this tag. */
  byTag(tag: string): PendingCommand | undefined {
    return this.pending.find((p) => p.tag === tag);
  }

  add(p: PendingCommand): void {
    this.pending.push(p);
  }

  remove(p: PendingCommand): void {
    const i = this.pending.indexOf(p);
    if (i >= 0) this.pending.splice(i, 1);
    if (this.idle === p) this.idle = null;
  }

  /** The AUTHENTICATE in flight, if any. */
  get authenticating(): PendingCommand | undefined {
    return this.pending.find((p) => p.verb === 'AUTHENTICATE');
  }

  /**
   * The state once the commands in flight succeed: a client may pipeline `LOGIN` and `SELECT`, and
   * the SELECT is valid if the LOGIN works.
   */
  expectedState(): ImapState {
    let s = this.state;
    for (const p of this.pending) s = afterSuccess(p.verb, s);
    return s;
  }

  /** The state after a tagged OK/NO/BAD for `p` (`status`), inferring it when it was unknown. */
  complete(p: PendingCommand, status: string): void {
    this.remove(p);
    if (status === 'OK') {
      this.state = afterSuccess(p.verb, this.state);
      if (p.verb === 'SELECT' || p.verb === 'EXAMINE') this.selected = this.opening ?? { name: p.mailbox ?? '', readOnly: p.verb === 'EXAMINE' };
      if (p.verb === 'CLOSE' || p.verb === 'UNSELECT') this.selected = null;
      if (this.state === 'unknown') this.state = inferredState(p.verb);
    } else if (status === 'NO' && (p.verb === 'SELECT' || p.verb === 'EXAMINE')) {
      // A failed SELECT leaves no mailbox selected (RFC 9051 §6.3.2).
      this.state = 'authenticated';
      this.selected = null;
    }
    if (p.verb === 'SELECT' || p.verb === 'EXAMINE') this.opening = null;
  }
}

function afterSuccess(verb: string, s: ImapState): ImapState {
  switch (verb) {
    case 'LOGIN':
    case 'AUTHENTICATE':
      return 'authenticated';
    case 'SELECT':
    case 'EXAMINE':
      return 'selected';
    case 'CLOSE':
    case 'UNSELECT':
      return 'authenticated';
    case 'LOGOUT':
      return 'logout';
    default:
      return s;
  }
}

/** What a successful command says about a state that was unknown. */
function inferredState(verb: string): ImapState {
  const states = COMMAND_STATES.get(verb);
  if (states && states.length === 1) return states[0]!;
  return 'unknown';
}
