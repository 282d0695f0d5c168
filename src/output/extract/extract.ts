/**
 * `mailwire extract`: every message carried in the sessions written as a `.eml` file, byte for
 * byte as it was transferred after transport decoding (`Message.content`: SMTP dot-unstuffed,
 * IMAP literal framing removed), plus `index.json` describing each one. Like Wireshark's
 * Export Objects → IMF, for SMTP, POP3 and IMAP. Each file is written atomically.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { writeFileAtomic } from '../../files.js';
import type { Endpoint } from '../../net/types.js';
import type { Message, Session } from '../../model/session.js';
import type { ProtocolName } from '../../model/violation.js';
import { DEFAULT_DECODER_OPTIONS } from '../../protocols/decoder.js';
import { safeFileName, subjectSlug, uniqueName } from './file-names.js';
import { decodedSubject, mimeAttachments } from './mime.js';
import { ensureFolder } from './output-folder.js';

/** Version of the `index.json` layout (docs/extract.md); bumped when a field is removed or renamed. */
export const EXTRACT_INDEX_VERSION = 1;

/** The name of the index file written beside the messages. */
export const INDEX_FILE = 'index.json';

export interface ExtractOptions {
  /** Also write each message's MIME attachments into `<eml-stem>.attachments/`. */
  attachments?: boolean;
  /** Only the sessions this accepts (the display filter `-Y`); default: all. */
  filter?: (s: Session) => boolean;
  /** The `keepMessageBytes` the sessions were decoded with, to explain a message without content. */
  keepMessageBytes?: number;
}

/** One attachment written beside its message. */
export interface ExtractedAttachment {
  /** Path of the file relative to the output folder. */
  file: string;
  /** The name the message gave it, decoded, or null. */
  filename: string | null;
  contentType: string;
  size: number;
  sha256: string;
}

/** One message in `index.json`. Fields that may be unknown are null, never absent. */
export interface ExtractedMessage {
  /** The `.eml` file's name in the output folder, or null when it was not written. */
  file: string | null;
  written: boolean;
  /** Why the message was not written (only when `written` is false). */
  reason?: string;
  /** Session id (the TCP stream number). */
  session: number;
  /** Index of the message in its session (`messages` in `read --json`). */
  message: number;
  protocol: ProtocolName;
  /** `smtp-data`, `smtp-bdat`, `pop3-retr`, `pop3-top`, `imap-fetch`, `imap-append`. */
  via: string;
  client: Endpoint;
  server: Endpoint;
  /** Envelope sender (SMTP MAIL FROM) and the From header. */
  sender: { envelope: string | null; header: string | null };
  /** Envelope recipients (SMTP RCPT TO) and the To and Cc headers as written. */
  recipients: { envelope: string[]; to: string | null; cc: string | null };
  /** Subject with RFC 2047 encoded words decoded. */
  subject: string | null;
  date: string | null;
  messageId: string | null;
  /** Content octets after transport decoding. */
  size: number;
  /** sha256 of the written bytes, hex; null when not written. */
  sha256: string | null;
  /** False when the connection ended, a gap hit or a limit cut the content, or only part was fetched. */
  complete: boolean;
  /** SMTP: the server's reply code to the end of the content (2xx: accepted). */
  reply?: string;
  /** IMAP: mailbox and UID; POP3 and IMAP: message number. */
  mailbox?: string;
  uid?: number;
  number?: number;
  /** IMAP: the part fetched when it is not the whole message (`HEADER`, `<0>`, ...). */
  section?: string;
  /** With --attachments: the attachments written. */
  attachments?: ExtractedAttachment[];
  /** With --attachments: why the message's MIME structure could not be read. */
  attachmentsError?: string;
}

/** What `index.json` holds. */
export interface ExtractIndex {
  version: number;
  /** Messages written as `.eml` files. */
  written: number;
  /** Messages listed but not written (no content: too large, or bytes missing). */
  notWritten: number;
  /** Attachment files written (0 without --attachments). */
  attachments: number;
  messages: ExtractedMessage[];
}

/**
 * Writes every message of `sessions` (those `opts.filter` accepts) into `dir` (created if
 * missing) as `<session>-<n>-<subject-slug>.eml`, then `index.json`; returns the index.
 * Any file-system problem is a `UserError` with a one-line message; no half-written file is left.
 */
export async function extractMessages(sessions: Session[], dir: string, opts: ExtractOptions = {}): Promise<ExtractIndex> {
  await ensureFolder(dir);
  const keepBytes = opts.keepMessageBytes ?? DEFAULT_DECODER_OPTIONS.keepMessageBytes;
  const messages: ExtractedMessage[] = [];
  for (const s of sessions) {
    if (opts.filter && !opts.filter(s)) continue;
    for (const m of s.messages) messages.push(await extractOne(s, m, dir, keepBytes, Boolean(opts.attachments)));
  }
  const index: ExtractIndex = {
    version: EXTRACT_INDEX_VERSION,
    written: messages.filter((m) => m.written).length,
    notWritten: messages.filter((m) => !m.written).length,
    attachments: messages.reduce((n, m) => n + (m.attachments?.length ?? 0), 0),
    messages,
  };
  await writeFileAtomic(join(dir, INDEX_FILE), `${JSON.stringify(index, null, 2)}\n`);
  return index;
}

async function extractOne(s: Session, m: Message, dir: string, keepBytes: number, withAttachments: boolean): Promise<ExtractedMessage> {
  const subject = m.content ? await decodedSubject(m.content, m.headers.subject) : m.headers.subject;
  if (!m.content) return { file: null, written: false, reason: whyNoContent(s, m, keepBytes), ...indexFields(s, m, subject, null) };
  const stem = `${s.id}-${m.index}-${subjectSlug(subject)}`;
  const file = `${stem}.eml`;
  await writeFileAtomic(join(dir, file), m.content);
  const written: ExtractedMessage = { file, written: true, ...indexFields(s, m, subject, sha256(m.content)) };
  if (withAttachments) Object.assign(written, await writeAttachments(m.content, dir, `${stem}.attachments`));
  return written;
}

/** The index fields of a message, given the hash of what was written (null: not written). */
function indexFields(s: Session, m: Message, subject: string | undefined, sha: string | null): Omit<ExtractedMessage, 'file' | 'written'> {
  const reply = m.reply !== undefined ? s.events[m.reply] : undefined;
  return {
    session: s.id,
    message: m.index,
    protocol: s.protocol,
    via: m.via,
    client: s.client,
    server: s.server,
    sender: { envelope: m.envelope?.from ?? null, header: m.headers.from ?? null },
    recipients: { envelope: m.envelope?.to ?? [], to: m.headers.to ?? null, cc: m.headers.cc ?? null },
    subject: subject ?? null,
    date: m.headers.date ?? null,
    messageId: m.headers.messageId ?? null,
    size: m.size,
    sha256: sha,
    complete: m.complete,
    ...(reply?.kind === 'reply' && reply.code !== undefined ? { reply: reply.code } : {}),
    ...(m.mailbox !== undefined ? { mailbox: m.mailbox } : {}),
    ...(m.uid !== undefined ? { uid: m.uid } : {}),
    ...(m.number !== undefined ? { number: m.number } : {}),
    ...(m.section !== undefined ? { section: m.section } : {}),
  };
}

/** Why a message has no content to write. */
function whyNoContent(s: Session, m: Message, keepBytes: number): string {
  const { dir, start, end } = m.stream;
  const gapInside = s.events.some((e) => e.kind === 'gap' && e.dir === dir && e.offset < end && e.offset + e.length > start);
  if (gapInside) return 'bytes of the message are missing from the capture';
  if (m.size > keepBytes) return `the message is larger than the ${keepBytes}-octet limit for keeping content`;
  if (!m.complete) return 'the message was cut off before its end';
  return 'the content was not kept by the decoder';
}

/** Writes the MIME attachments of `content` into `dir/folder/`; the index fields for them. */
async function writeAttachments(content: Buffer, dir: string, folder: string): Promise<Pick<ExtractedMessage, 'attachments' | 'attachmentsError'>> {
  const { attachments, error } = await mimeAttachments(content);
  if (error !== undefined) return { attachments: [], attachmentsError: error };
  if (attachments.length > 0) await ensureFolder(join(dir, folder));
  const taken = new Set<string>();
  const written: ExtractedAttachment[] = [];
  for (const [i, a] of attachments.entries()) {
    const name = uniqueName(safeFileName(a.filename, `attachment-${i + 1}`), taken);
    await writeFileAtomic(join(dir, folder, name), a.content);
    written.push({ file: `${folder}/${name}`, filename: a.filename ?? null, contentType: a.contentType, size: a.content.length, sha256: a.sha256 });
  }
  return { attachments: written };
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
