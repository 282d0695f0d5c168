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
import { readProblem } from './file-errors.js';
import {
  ARCHIVE_FORMAT,
  ARCHIVE_VERSION,
  PLAIN_MSGPACK,
  type ArchiveSource,
  type EndRecord,
  type HeaderRecord,
  type SessionRecord,
  type StreamName,
  type StreamRecord,
} from './format.js';
import { checkEndRecord, checkHeaderRest, checkSession, checkSessionRecordStreams, checkStreamRecord } from './validate.js';

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

/** An archive's content in file order: its header, then its records up to and including the end record. */
export type ArchiveEntry = { type: 'header'; header: HeaderRecord } | StreamRecord | SessionRecord | EndRecord;

/** A problem with the archive's content: becomes a UserError naming the file. */
class ArchiveProblem extends Error {}

/** Raw bytes already seen for a session, per direction: where the next stream record may start and how much came. */
interface StreamTally {
  c2s: { end: number; bytes: number };
  s2c: { end: number; bytes: number };
}

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

/** Follows the records of an archive and checks each, and their order, as it comes. */
class RecordChecker {
  /** 1-based number of the last object read (the header is object 1). */
  position = 0;
  private header: HeaderRecord | null = null;
  private sessions = 0;
  private ended = false;
  private readonly seen = new Set<number>();
  private readonly tallies = new Map<number, StreamTally>();

  next(value: unknown): ArchiveEntry {
    this.position++;
    if (this.header === null) {
      this.header = checkHeader(value);
      return { type: 'header', header: this.header };
    }
    if (this.ended) throw new ArchiveProblem('there is data after the end record');
    if (!isMap(value)) throw new ArchiveProblem(`object ${this.position} is not a record`);
    switch (value.type) {
      case 'stream':
        return this.stream(value);
      case 'session':
        return this.session(value);
      case 'end':
        return this.end(value);
      default:
        throw new ArchiveProblem(`object ${this.position} has an unknown record type ${JSON.stringify(value.type)}`);
    }
  }

  finish(): void {
    if (this.header === null) throw new ArchiveProblem('it is empty');
    if (!this.ended) throw new Truncated(`it ends after ${this.sessions} session${this.sessions === 1 ? '' : 's'} without its end record`);
  }

  private stream(value: Record<string, unknown>): StreamRecord {
    this.expect(checkStreamRecord(value, 'stream record'));
    const record = value as unknown as StreamRecord;
    if (this.seen.has(record.session)) throw new ArchiveProblem(`${this.where()}: stream bytes of session ${record.session} come after its session record`);
    let tally = this.tallies.get(record.session);
    if (!tally) this.tallies.set(record.session, (tally = { c2s: { end: 0, bytes: 0 }, s2c: { end: 0, bytes: 0 } }));
    const t = tally[record.dir];
    if (record.offset < t.end) throw new ArchiveProblem(`${this.where()}: stream bytes of session ${record.session} (${record.dir}) overlap or go backwards`);
    t.end = record.offset + record.bytes.length;
    t.bytes += record.bytes.length;
    record.bytes = asBuffer(record.bytes);
    return record;
  }

  private session(value: Record<string, unknown>): SessionRecord {
    this.expect(checkSession(value.session) ?? checkSessionRecordStreams(value.streams, 'streams'));
    const record = value as unknown as SessionRecord;
    const id = record.session.id;
    if (this.seen.has(id)) throw new ArchiveProblem(`${this.where()}: session ${id} appears twice`);
    this.seen.add(id);
    const tally = this.tallies.get(id);
    this.tallies.delete(id);
    for (const dir of ['c2s', 's2c'] as StreamName[]) {
      const stored = tally?.[dir].bytes ?? 0;
      if (stored !== record.streams[dir]) {
        throw new ArchiveProblem(`${this.where()}: session ${id} should have ${record.streams[dir]} bytes of ${dir} stream, the archive holds ${stored}`);
      }
    }
    for (const m of record.session.messages) if (m.content !== undefined) m.content = asBuffer(m.content);
    this.sessions++;
    return record;
  }

  private end(value: Record<string, unknown>): EndRecord {
    this.expect(checkEndRecord(value, 'end record'));
    const record = value as unknown as EndRecord;
    if (record.sessions !== this.sessions) throw new ArchiveProblem(`the end record counts ${record.sessions} sessions, the archive holds ${this.sessions}`);
    this.ended = true;
    return record;
  }

  private expect(problem: string | null): void {
    if (problem) throw new ArchiveProblem(`${this.where()}: ${problem}`);
  }

  private where(): string {
    return `object ${this.position}`;
  }
}

/** The archive stops before its end. */
class Truncated extends ArchiveProblem {}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function checkHeader(value: unknown): HeaderRecord {
  if (!isMap(value) || value.format !== ARCHIVE_FORMAT) throw new ArchiveProblem('its first object is not a mailwire archive header');
  const version = value.version;
  if (!Number.isSafeInteger(version) || (version as number) < 1) throw new ArchiveProblem(`its header has no valid format version (${JSON.stringify(version)})`);
  if (version !== ARCHIVE_VERSION) throw new NewerVersion(version as number);
  const problem = checkHeaderRest(value, 'header');
  if (problem) throw new ArchiveProblem(problem);
  return value as unknown as HeaderRecord;
}

/** Written by a mailwire that knows a later format version. */
class NewerVersion extends Error {
  constructor(readonly version: number) {
    super(`format version ${version}`);
  }
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
