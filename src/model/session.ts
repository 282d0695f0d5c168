/** A session: one TCP connection decoded as one mail protocol. */
import type { EndReason } from '../flow/types.js';
import type { Endpoint } from '../net/types.js';
import type { SessionEvent } from './events.js';
import type { ProtocolName, Violation } from './violation.js';

export type TlsMode = 'none' | 'starttls' | 'implicit';

export interface TlsInfo {
  /** Index of the event where TLS started (the STARTTLS/STLS reply, or the first TLS event). */
  startEvent: number;
  sni?: string;
  version?: string;
  cipher?: string;
  /** Whether the TLS payload was decrypted (key logs: a later feature). */
  decrypted: boolean;
  /** Application-data bytes (TLS records, encrypted) each way, filled in when the session ends. */
  encryptedBytes?: { c2s: number; s2c: number };
}

/** A mail message carried in the session. */
export interface Message {
  index: number;
  /** How it travelled: `smtp-data`, `smtp-bdat`, `pop3-retr`, `pop3-top`, `imap-fetch`, `imap-append`. */
  via: string;
  /** SMTP envelope (MAIL FROM / RCPT TO); absent for POP3/IMAP. */
  envelope?: { from: string; to: string[] };
  /** Main header fields, unfolded. */
  headers: { from?: string; to?: string; cc?: string; subject?: string; date?: string; messageId?: string };
  /** Content size in octets after transport decoding. */
  size: number;
  /** Where the raw content bytes are: direction and stream offsets [start, end). */
  stream: { dir: 'C' | 'S'; start: number; end: number };
  /** Event indices of the data events that carried it. */
  events: number[];
  /** False when the connection ended, a gap hit, or a limit cut the content. */
  complete: boolean;
  /** SMTP: index of the server's reply to the end of the content (end of DATA, BDAT LAST); 2xx means accepted. */
  reply?: number;
  /** The content itself when it fits DecoderOptions.keepMessageBytes (else undefined). */
  content?: Buffer;
  /** Mailbox and UID for IMAP, message number for POP3. */
  mailbox?: string;
  uid?: number;
  number?: number;
  /** IMAP: the part fetched when it is not the whole message (`HEADER`, `HEADER.FIELDS (FROM TO)`, `<0>` for a partial fetch). */
  section?: string;
}

export interface Session {
  /** The flow id (tshark's tcp.stream). */
  id: number;
  protocol: ProtocolName;
  /** How the protocol was chosen: the well-known port, the user's --map, or the server's banner. */
  detectedBy: 'port' | 'map' | 'banner';
  client: Endpoint;
  server: Endpoint;
  start: number;
  end: number;
  endReason: EndReason | null;
  tls: TlsMode;
  tlsInfo?: TlsInfo;
  events: SessionEvent[];
  messages: Message[];
  violations: Violation[];
  /** Bytes missing from the capture, per direction. */
  gaps: { c2s: number; s2c: number };
  /** Every stream byte of the session per direction: cleartext, TLS and the bytes of gaps. */
  bytes: { c2s: number; s2c: number };
}
