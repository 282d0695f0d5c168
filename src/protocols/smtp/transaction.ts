/**
 * The SMTP dialogue state the decoder keeps: commands waiting for their reply, mail transactions
 * (envelope as sent and as accepted), and messages being received.
 */
import type { Message } from '../../model/session.js';
import type { SaslState } from './auth.js';
import type { MessageContent } from './message-content.js';
import type { ViolationTally } from './tally.js';

export type Status = 'pending' | 'ok' | 'rejected';

export interface Recipient {
  mailbox: string;
  status: Status;
}

/** One mail transaction, from MAIL to the end of its data (or its abort). */
export interface Transaction {
  from: string;
  mailStatus: Status;
  params: Record<string, string | true>;
  rcpts: Recipient[];
  /** The transaction this MAIL replaced while still open (restored if this MAIL is refused). */
  previous: Transaction | null;
  /** The client ended it: end of data, BDAT LAST, RSET, EHLO/HELO. */
  closed: boolean;
  /** Message index once content started. */
  message?: number;
}

/** A SASL exchange started by AUTH. */
export interface AuthExchange extends SaslState {
  /** A 334 challenge arrived and has not been answered yet. */
  awaitingResponse: boolean;
}

/** The pseudo-verb of the end of DATA content, which gets a reply like a command (no real verb has a space). */
export const END_OF_DATA = 'the end of data';

/** A command (or the end of DATA content) waiting for the server's reply. */
export interface Pending {
  /** Command verb; END_OF_DATA for the end of a DATA message. */
  verb: string;
  /** The command event (for END_OF_DATA, the DATA command). */
  event: number;
  ts: number;
  /** Arrival order of the bytes that completed the command (see SmtpDecoder.seq). */
  seq: number;
  /** Arrival order of the final reply, once it came. */
  replySeq?: number;
  tx?: Transaction | null;
  rcpt?: Recipient;
  /** RSET/EHLO/HELO: the open transaction it closed (restored if the server refuses). */
  resets?: Transaction | null;
  /** END_OF_DATA and BDAT: the message. */
  message?: number;
  /** BDAT LAST. */
  last?: boolean;
  auth?: AuthExchange;
  /** DATA: its line ended in a bare LF. */
  lfOnly?: boolean;
  /** DATA: what the bytes after it were taken for before its reply arrived. */
  decided?: 'content' | 'commands';
}

/** A message being received (DATA content or BDAT chunks). */
export interface MessageInProgress {
  index: number;
  content: MessageContent;
  tx: Transaction | null;
  /** Stream offset where the current data event's bytes start. */
  runStart: number;
  /** Bytes were lost in a gap. */
  gapped: boolean;
  /** Per-message violations (bare LF in the text, long lines, ...). */
  tally: ViolationTally;
}

/** The envelope as the server accepted it: refused MAIL/RCPT are left out, unanswered ones kept. */
export function envelopeOf(tx: Transaction | null): NonNullable<Message['envelope']> {
  if (!tx) return { from: '', to: [] };
  return {
    from: tx.mailStatus === 'rejected' ? '' : tx.from,
    to: tx.rcpts.filter((r) => r.status !== 'rejected').map((r) => r.mailbox),
  };
}

/** A transaction the client may still add to (from its point of view, pending commands succeeding). */
export function isOpen(tx: Transaction | null): boolean {
  return tx !== null && !tx.closed && tx.mailStatus !== 'rejected';
}

/** Recipients accepted or still waiting for their reply. */
export function hasLiveRecipient(tx: Transaction): boolean {
  return tx.rcpts.some((r) => r.status !== 'rejected');
}
