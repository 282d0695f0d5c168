/**
 * Reads mailwire archives: every record checked as it is read, so a truncated, damaged or
 * foreign file is one `UserError` naming the file and what is wrong, never a stack trace.
 * `readArchiveRecords` streams (memory: one record at a time); `readArchive` collects.
 */
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { UnpackrStream } from 'msgpackr';
import { UserError } from '../errors.js';
import type { Session } from '../model/session.js';
import { isArchive, isGzip, readHead } from './detect.js';
import { readProblem } from '../files.js';
import { ARCHIVE_VERSION, PLAIN_MSGPACK, type ArchiveSource, type EndRecord, type HeaderRecord } from './format.js';
import { ArchiveProblem, NewerVersion, RecordChecker, Truncated, type ArchiveEntry } from './record-checker.js';

/** What an archive says about itself: its header and trailer together. */
export interface ArchiveInfo {
  version: number;
  /** When it was written (ISO 8601). */
  created: string;
  /** The mailwire version that wrote it. */
  mailwire: string;
  source: ArchiveSource | null;
  /** Number of sessions. */
  sessions: number;
}

/** Contiguous raw bytes of one direction at their stream offset. */
export interface StreamChunk {
  offset: number;
  bytes: Buffer;
}

/** The raw streams of a session, in offset order; bytes lost to gaps are holes between chunks. */
export interface SessionStreams {
  c2s: StreamChunk[];
  s2c: StreamChunk[];
}

export interface ArchiveContents {
  header: ArchiveInfo;
  /** Sessions in id (stream) order, as `loadSessions` returns them for a capture. */
  sessions: Session[];
  /** Raw streams by session id; empty unless asked for with `{ streams: true }`. */
  streams: Map<number, SessionStreams>;
}

export type { ArchiveEntry } from './record-checker.js';

/**
 * Every entry of the archive at `path`, checked, in file order. Throws `UserError` when the file
 * cannot be read, is not an archive, is of an unknown version, is damaged, or ends before its
 * end record.
 */
export async function* readArchiveRecords(path: string): AsyncGenerator<ArchiveEntry> {
  let head: Buffer;
  try {
    head = await readHead(path);
  } catch (err) {
    throw new UserError(readProblem(path, err));
  }
  if (!isArchive(head)) throw new UserError(notAnArchive(path, head));
  const checker = new RecordChecker();
  try {
    for await (const value of decodedValues(path, isGzip(head))) yield checker.next(value);
    checker.finish();
  } catch (err) {
    throw asUserError(path, err, checker.position);
  }
}

/**
 * Reads a whole archive: header and trailer, the sessions, and with `{ streams: true }` the raw
 * stream bytes of each session (all in memory: only ask for them when they are needed).
 */
export async function readArchive(path: string, opts: { streams?: boolean } = {}): Promise<ArchiveContents> {
  let header: HeaderRecord | null = null;
  let end: EndRecord | null = null;
  const sessions: Session[] = [];
  const streams = new Map<number, SessionStreams>();
  for await (const entry of readArchiveRecords(path)) {
    switch (entry.type) {
      case 'header':
        header = entry.header;
        break;
      case 'stream':
        if (opts.streams) streamsOf(streams, entry.session)[entry.dir].push({ offset: entry.offset, bytes: entry.bytes });
        break;
      case 'session':
        sessions.push(entry.session);
        if (opts.streams) streamsOf(streams, entry.session.id);
        break;
      case 'end':
        end = entry;
        break;
    }
  }
  // readArchiveRecords has checked that both are there; this keeps the types honest.
  if (!header || !end) throw new UserError(`${path} is truncated: it has no end record`);
  // Stream records of sessions that never ended (a live capture stopped) have no session to go with.
  const ids = new Set(sessions.map((s) => s.id));
  for (const id of streams.keys()) if (!ids.has(id)) streams.delete(id);
  return {
    header: { version: header.version, created: header.created, mailwire: header.mailwire, source: end.source, sessions: end.sessions },
    sessions: sessions.sort((a, b) => a.id - b.id),
    streams,
  };
}

/** The sessions of an archive in id order (for `loadSessions`, when `isArchiveFile` says the input is one). */
export async function loadArchiveSessions(path: string): Promise<Session[]> {
  return (await readArchive(path)).sessions;
}

function streamsOf(streams: Map<number, SessionStreams>, id: number): SessionStreams {
  let s = streams.get(id);
  if (!s) streams.set(id, (s = { c2s: [], s2c: [] }));
  return s;
}

/** The decoded MessagePack values of the file, gunzipped first if it is gzip. */
function decodedValues(path: string, gzip: boolean): AsyncIterable<unknown> {
  // A session record holds its messages' content, which may be larger than msgpackr's default limit.
  const decoder = new UnpackrStream({ ...PLAIN_MSGPACK, maxIncompleteBufferSize: Infinity });
  const file = createReadStream(path, { highWaterMark: 1024 * 1024 });
  // pipeline destroys every stage with the first error, so iterating the decoder throws it.
  if (gzip) return pipeline(file, createGunzip({ chunkSize: 1024 * 1024 }), decoder, () => undefined);
  return pipeline(file, decoder, () => undefined);
}

function notAnArchive(path: string, head: Buffer): string {
  if (head.length === 0) return `${path} is not a mailwire archive: it is empty`;
  return `${path} is not a mailwire archive (it does not start with an archive header)`;
}

/** The UserError for anything that went wrong while reading the archive's content. */
function asUserError(path: string, err: unknown, position: number): UserError {
  if (err instanceof UserError) return err;
  if (err instanceof NewerVersion) {
    return new UserError(`${path} was written by a newer mailwire (format version ${err.version}); this mailwire reads version ${ARCHIVE_VERSION} — upgrade mailwire`);
  }
  if (err instanceof Truncated) return new UserError(`${path} is truncated: ${err.message} (was it copied or written completely?)`);
  if (err instanceof ArchiveProblem) return new UserError(`${path} is damaged: ${err.message}`);
  const e = err as NodeJS.ErrnoException & { incomplete?: boolean };
  if (e.incomplete) return new UserError(`${path} is truncated: it ends in the middle of object ${position + 1}`);
  if (e.code === 'Z_BUF_ERROR') return new UserError(`${path} is truncated: the compressed data ends too early`);
  if (e.code === 'Z_DATA_ERROR') {
    const what = /check/.test(e.message) ? 'a checksum does not match' : `the compressed data is invalid (${e.message})`;
    return new UserError(`${path} is damaged: ${what}`);
  }
  if (typeof e.code === 'string' && e.code.startsWith('E')) return new UserError(readProblem(path, err));
  return new UserError(`${path} is damaged: object ${position + 1} is not valid MessagePack (${e.message ?? String(err)})`);
}
