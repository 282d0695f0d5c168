/**
 * What the IMAP grammar produces: plain JSON-friendly values, one type per production that matters
 * to a reader of the dialogue. They become the `detail` of command and reply events.
 */
import type { ImapValue } from './core.js';
import type { ImapString } from './input.js';

export type Status = 'OK' | 'NO' | 'BAD' | 'BYE' | 'PREAUTH';

/** resp-text-code: the bracketed code of a status response (`[UIDVALIDITY 3857529045]`). */
export interface RespCode {
  /** Upper-cased code name, e.g. `UIDVALIDITY`, `CAPABILITY`, `READ-WRITE`. */
  name: string;
  /** UIDNEXT, UIDVALIDITY, UNSEEN, HIGHESTMODSEQ. */
  value?: number;
  /** CAPABILITY. */
  capabilities?: string[];
  /** PERMANENTFLAGS. */
  flags?: string[];
  /** BADCHARSET. */
  charsets?: string[];
  /** APPENDUID / COPYUID (RFC 4315). */
  uidValidity?: number;
  /** APPENDUID: the UID(s) assigned. */
  uids?: string;
  /** COPYUID: source and destination UID sets. */
  source?: string;
  destination?: string;
  /** MODIFIED (RFC 7162). */
  set?: string;
  /** Any other code: the text after the name, as sent. */
  text?: string;
}

/** A tagged or untagged status response: `a1 OK [READ-WRITE] done`, `* BYE going away`. */
export interface StatusResponse {
  kind: 'status';
  /** The tag, or `*` for an untagged response. */
  tag: string;
  status: Status;
  code?: RespCode;
  text: string;
}

/** A continuation request `+ text` (or `+ base64` during AUTHENTICATE). */
export interface ContinueRequest {
  kind: 'continue';
  code?: RespCode;
  text: string;
}

/** An address of an envelope: (name adl mailbox host). */
export interface Address {
  name: ImapString | null;
  adl: ImapString | null;
  mailbox: ImapString | null;
  host: ImapString | null;
}

/** The ENVELOPE of a message (RFC 9051 §7.5.2). */
export interface Envelope {
  date: ImapString | null;
  subject: ImapString | null;
  from: Address[] | null;
  sender: Address[] | null;
  replyTo: Address[] | null;
  to: Address[] | null;
  cc: Address[] | null;
  bcc: Address[] | null;
  inReplyTo: ImapString | null;
  messageId: ImapString | null;
}

/** body-fld-dsp: Content-Disposition. */
export interface Disposition {
  type: ImapString;
  params: Record<string, ImapString> | null;
}

/** Extension data of a body part (present only in BODYSTRUCTURE, and only as far as the server sent it). */
export interface BodyExtension {
  /** Single part: body-fld-md5. */
  md5?: ImapString | null;
  /** Multipart: body-fld-param. */
  params?: Record<string, ImapString> | null;
  disposition?: Disposition | null;
  language?: ImapString[] | null;
  location?: ImapString | null;
  /** Further body-extension values. */
  extensions?: ImapValue[];
}

/** A non-multipart body part. */
export interface SinglePart {
  type: ImapString;
  subtype: ImapString;
  params: Record<string, ImapString> | null;
  id: ImapString | null;
  description: ImapString | null;
  encoding: ImapString;
  size: number;
  /** TEXT and MESSAGE/RFC822 parts: size in lines. */
  lines?: number;
  /** MESSAGE/RFC822 and MESSAGE/GLOBAL: the encapsulated message. */
  envelope?: Envelope;
  body?: BodyStructure;
  extension?: BodyExtension;
}

/** A multipart body: its parts and subtype. */
export interface MultiPart {
  parts: BodyStructure[];
  subtype: ImapString;
  extension?: BodyExtension;
}

export type BodyStructure = SinglePart | MultiPart;

/** The content of a fetched body section (`BODY[HEADER]`, `RFC822`, `BINARY[1]`, ...). */
export interface SectionData {
  /** Content size in octets; null when the server answered NIL. */
  size: number | null;
  /** The content when it came as a quoted string (literal content is in data events and messages). */
  text?: string;
  /** Data event that carried literal content. */
  event?: number;
  /** Message record made from it. */
  message?: number;
}

/** FETCH data items, keyed by the item name as it is canonically written (`FLAGS`, `UID`, `BODY[HEADER]<0>`, ...). */
export type FetchItems = Record<string, FetchValue>;

export type FetchValue = string[] | number | string | null | Envelope | BodyStructure | SectionData | ImapValue;

/** A namespace descriptor (RFC 2342). */
export interface Namespace {
  prefix: ImapString;
  delimiter: string | null;
  extensions?: Record<string, ImapString[]>;
}

/** Untagged data responses. */
export type ResponseData =
  | { type: 'CAPABILITY' | 'ENABLED'; capabilities: string[] }
  | { type: 'FLAGS'; flags: string[] }
  | {
      type: 'LIST' | 'LSUB' | 'XLIST';
      attributes: string[];
      delimiter: string | null;
      mailbox: ImapString;
      extended?: Record<string, ImapValue>;
    }
  | { type: 'STATUS'; mailbox: ImapString; attributes: Record<string, number> }
  | { type: 'SEARCH' | 'SORT'; numbers: number[]; modseq?: number }
  | { type: 'ESEARCH'; correlator?: ImapString; uid: boolean; results: Record<string, ImapValue> }
  | { type: 'NAMESPACE'; personal: Namespace[] | null; other: Namespace[] | null; shared: Namespace[] | null }
  | { type: 'ID'; params: Record<string, ImapString | null> | null }
  | { type: 'EXISTS' | 'RECENT' | 'EXPUNGE'; number: number }
  | { type: 'FETCH'; number: number; items: FetchItems }
  | { type: 'QUOTA'; root: ImapString; resources: { name: string; usage: number; limit: number }[] }
  | { type: 'QUOTAROOT'; mailbox: ImapString; roots: ImapString[] }
  | { type: 'VANISHED'; earlier: boolean; uids: string }
  | { type: 'other'; name: string; number?: number; args: ImapValue[] };

export type DataResponse = { kind: 'data' } & ResponseData;

/** Any server response line (with its literals). */
export type Response = StatusResponse | ContinueRequest | DataResponse;

/** A client command with its arguments parsed. `args` holds the per-command fields (see command.ts). */
export interface Command {
  tag: string;
  /** Upper-cased; two words for `UID FETCH` and the like. */
  verb: string;
  args: CommandArgs;
}

/** Parsed arguments of a command; which fields are present depends on the verb. */
export interface CommandArgs {
  mailbox?: ImapString;
  /** RENAME. */
  newName?: ImapString;
  /** LOGIN. */
  user?: ImapString;
  password?: ImapString;
  /** AUTHENTICATE. */
  mechanism?: string;
  /** AUTHENTICATE with SASL-IR: the initial response as sent (base64, or `=` for empty). */
  initialResponse?: string;
  /** ENABLE. */
  capabilities?: string[];
  /** SELECT/EXAMINE/CREATE/RENAME parameters, FETCH/STORE modifiers. */
  params?: ImapValue[];
  /** LIST. */
  reference?: ImapString;
  patterns?: ImapString[];
  selection?: string[];
  return?: ImapValue[];
  /** STATUS. */
  items?: string[];
  /** APPEND: one entry per message (MULTIAPPEND sends several). */
  messages?: {
    flags?: string[];
    date?: string;
    /** Literal size (0 for a CATENATE message). */
    size: number;
    binary?: boolean;
    /** CATENATE (RFC 4469) parts instead of a literal. */
    catenate?: ImapValue[];
    event?: number;
    message?: number;
  }[];
  /** FETCH/STORE/COPY/MOVE/UID EXPUNGE. */
  sequence?: string;
  /** STORE. */
  action?: string;
  silent?: boolean;
  flags?: string[];
  /** SEARCH. */
  charset?: string;
  criteria?: SearchKey[];
  /** ID: the client's identification (NIL: null). */
  id?: Record<string, ImapString | null> | null;
  /** GETQUOTA / SETQUOTA. */
  root?: ImapString;
  /** Unknown commands: their arguments as generic values. */
  values?: ImapValue[];
}

/** One search key: `{ key: 'FROM', value: 'bob' }`, `{ key: 'OR', keys: [...] }`, `{ key: 'SET', value: '1:5' }`. */
export interface SearchKey {
  key: string;
  value?: ImapString | number;
  /** HEADER: the field name; MODSEQ: the metadata entry name. */
  field?: ImapString;
  /** MODSEQ with an entry: `priv`, `shared` or `all`. */
  scope?: string;
  keys?: SearchKey[];
}
