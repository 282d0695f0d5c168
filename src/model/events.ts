/**
 * Session events: what a protocol decoder says happened, in order. Plain data, JSON-serialisable
 * (docs/schema.md documents the JSON form), so the same events serve transcripts, exports and UIs.
 */
import type { Direction } from '../flow/types.js';

export interface EventBase {
  /** Position in session.events. */
  index: number;
  /** Capture time of the bytes that completed the event (seconds since the epoch). */
  ts: number;
  dir: Direction;
  /** Offset of the event's first byte in its direction's stream (gaps count as stream bytes). */
  offset: number;
  /** Number of raw bytes the event covers in that stream. */
  length: number;
}

/** A client command line (SMTP/POP3 verb, IMAP tagged command). */
export interface CommandEvent extends EventBase {
  kind: 'command';
  dir: 'C';
  /** Upper-cased verb; two words for IMAP `UID FETCH` and the like. */
  verb: string;
  /** Argument text as sent (secrets masked unless --show-secrets). */
  args: string;
  /** IMAP tag. */
  tag?: string;
  /** The whole line as sent, without its line ending (secrets masked unless --show-secrets). */
  line: string;
  /** Protocol-specific structured detail (SMTP path and parameters, IMAP parsed arguments, ...). */
  detail?: Record<string, unknown>;
  /** Index of the event that completed this command (SMTP/POP3 reply, IMAP tagged response). */
  reply?: number;
  /** Seconds from the command to its completion. */
  responseTime?: number;
}

/** A server reply: SMTP reply (all lines of a multi-line reply), POP3 response, IMAP response line. */
export interface ReplyEvent extends EventBase {
  kind: 'reply';
  dir: 'S';
  /** SMTP: the three-digit code. */
  code?: string;
  /** SMTP: RFC 3463 enhanced status code of the first line, if any. */
  enhanced?: string;
  /** POP3: `+OK` / `-ERR`; IMAP: `OK` / `NO` / `BAD` / `BYE` / `PREAUTH` where there is one. */
  status?: string;
  /** IMAP: the tag, `*` for untagged, `+` for a continuation request. */
  tag?: string;
  /** The reply's text lines as sent (for SMTP, each full line including the code). */
  lines: string[];
  /** Protocol-specific structured detail (capabilities, response codes, FETCH items, ...). */
  detail?: Record<string, unknown>;
  /** Index of the command this answers, if any. */
  command?: number;
}

/** Message or literal content (SMTP DATA/BDAT, POP3 RETR/TOP bodies, IMAP literals), not a command. */
export interface DataEvent extends EventBase {
  kind: 'data';
  /** Content octets after transport decoding (dot-unstuffed, literal framing removed). */
  size: number;
  /** Index into session.messages when the content is (part of) a message. */
  message?: number;
  /** The first lines of the content for display (bounded; see DecoderOptions.previewBytes). */
  preview: string;
  /** True when `preview` is shorter than the content. */
  previewTruncated: boolean;
  /** What the content is, e.g. `DATA`, `BDAT`, `RETR`, `literal`. */
  what: string;
  /** The line that ended the content on the wire, when there is one (`.` for SMTP DATA and POP3 bodies). */
  terminator?: string;
}

/** A SASL exchange line (AUTH/AUTHENTICATE rounds): decoded, masked unless asked. */
export interface AuthEvent extends EventBase {
  kind: 'auth';
  /** Base64 text as sent (masked). */
  line: string;
  /** Decoded meaning for display, e.g. `username: bob`, `password: ********`. */
  decoded: string;
}

/** TLS on the wire: the handshake after STARTTLS, or implicit TLS, with what is visible. */
export interface TlsEvent extends EventBase {
  kind: 'tls';
  /** e.g. `ClientHello`, `ServerHello`, `encrypted data`. */
  what: string;
  sni?: string;
  version?: string;
  cipher?: string;
  /** ALPN protocols offered (ClientHello) or chosen (ServerHello). */
  alpn?: string[];
  /** Alert level and description, e.g. `fatal handshake_failure`. */
  alert?: string;
}

/** Bytes missing from the capture in one direction. */
export interface GapEvent extends EventBase {
  kind: 'gap';
}

/** Something the analyzer wants to say that is not a violation (resynchronised, decoder gave up, ...). */
export interface NoteEvent extends EventBase {
  kind: 'note';
  text: string;
}

export type SessionEvent = CommandEvent | ReplyEvent | DataEvent | AuthEvent | TlsEvent | GapEvent | NoteEvent;

/** An event as a decoder emits it: the session assigns `index`. */
export type NewEvent = SessionEvent extends infer E ? (E extends SessionEvent ? Omit<E, 'index'> : never) : never;
