/**
 * Writes a mailwire archive as sessions are decoded: a `SessionSink`, so the same writer serves a
 * capture file, live capture and the proxy. Nothing waits for the end of the input: raw stream
 * bytes go out in chunks as they arrive and each session's record when it ends.
 *
 * Memory is bounded: per open session and direction at most `chunkBytes` of raw bytes are held
 * (a buffer that grows from 4 KiB), and when all of them together exceed `maxHeldBytes` every
 * open session's bytes are written out at once; the output holds one gzip block. Nothing else is
 * kept, so the archive's size has no bearing on memory.
 *
 * The archive is written to a temporary file beside the target and renamed into place by
 * `close`: a failure (an unwritable path, a full disk) is a `UserError` and leaves no file.
 */
import { createRequire } from 'node:module';
import { Packr } from 'msgpackr';
import type { Direction } from '../flow/types.js';
import type { Session } from '../model/session.js';
import type { SessionSink } from '../protocols/session-builder.js';
import { UserError } from '../errors.js';
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
import { GzipFile } from './gzip-file.js';
import { StreamSpool } from './stream-spool.js';

const MAILWIRE_VERSION = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

export interface ArchiveWriterOptions {
  /** Most raw bytes in one stream record (default 64 KiB). */
  chunkBytes: number;
  /** Raw bytes held for all open sessions together before they are written out (default 16 MiB). */
  maxHeldBytes: number;
  /** Uncompressed bytes per gzip member (default 1 MiB). */
  blockBytes: number;
  /** gzip level (default 1: see docs/decisions.md, "Archive compression"). */
  level: number;
}

export const DEFAULT_ARCHIVE_WRITER_OPTIONS: ArchiveWriterOptions = {
  chunkBytes: 64 * 1024,
  maxHeldBytes: 16 * 1024 * 1024,
  blockBytes: 1024 * 1024,
  level: 1,
};

/** What `close` records about the input in the trailer. */
export interface ArchiveMeta {
  source: ArchiveSource | null;
}

/** A session sink that writes an archive. */
export interface ArchiveWriter extends SessionSink {
  streamBytes(s: Session, dir: Direction, offset: number, bytes: Buffer): void;
  /** Writes the trailer and renames the archive into place. Sessions still open are not in the archive. */
  close(meta: ArchiveMeta): Promise<void>;
  /** Gives up: removes the temporary file, leaves nothing at the path. */
  abort(): Promise<void>;
}

/** The spools of a session that has not ended yet. */
interface OpenSession {
  c2s: StreamSpool;
  s2c: StreamSpool;
}

const STREAM_NAME: Record<Direction, StreamName> = { C: 'c2s', S: 's2c' };

/**
 * Starts an archive at `path` (`.mwz` by convention). Throws `UserError` at once when the path
 * cannot be written; every later call throws `UserError` when the file cannot be written.
 */
export function createArchiveWriter(path: string, options: Partial<ArchiveWriterOptions> = {}): ArchiveWriter {
  if (path === '-') throw new UserError('an archive is a binary file: give its path with -o (not -o -)');
  return new StreamingArchiveWriter(path, { ...DEFAULT_ARCHIVE_WRITER_OPTIONS, ...options });
}

class StreamingArchiveWriter implements ArchiveWriter {
  private readonly packr = new Packr(PLAIN_MSGPACK);
  private readonly file: GzipFile;
  private readonly open = new Map<Session, OpenSession>();
  /** Buffer capacity held by all open sessions' spools. */
  private held = 0;
  private sessions = 0;

  constructor(
    path: string,
    private readonly opts: ArchiveWriterOptions,
  ) {
    this.file = new GzipFile(path, { blockBytes: opts.blockBytes, level: opts.level });
    const header: HeaderRecord = {
      format: ARCHIVE_FORMAT,
      version: ARCHIVE_VERSION,
      created: new Date().toISOString(),
      mailwire: MAILWIRE_VERSION,
    };
    this.write(header);
    // The header is a gzip member of its own, so that `isArchive` finds it in the first bytes.
    this.file.flush();
  }

  streamBytes(s: Session, dir: Direction, offset: number, bytes: Buffer): void {
    const spool = this.spools(s)[STREAM_NAME[dir]];
    const before = spool.capacity;
    spool.add(offset, bytes);
    this.held += spool.capacity - before;
    if (this.held > this.opts.maxHeldBytes) this.flushAll();
  }

  sessionEnd(s: Session): void {
    const open = this.open.get(s);
    const record: SessionRecord = { type: 'session', session: s, streams: { c2s: 0, s2c: 0 } };
    if (open) {
      this.release(open);
      this.open.delete(s);
      record.streams = { c2s: open.c2s.stored, s2c: open.s2c.stored };
    }
    this.write(record);
    this.sessions++;
  }

  async close(meta: ArchiveMeta): Promise<void> {
    const end: EndRecord = { type: 'end', sessions: this.sessions, source: meta.source };
    this.write(end);
    this.open.clear();
    this.file.commit();
  }

  async abort(): Promise<void> {
    this.open.clear();
    this.file.discard();
  }

  private spools(s: Session): OpenSession {
    let open = this.open.get(s);
    if (!open) {
      const spool = (dir: StreamName): StreamSpool =>
        new StreamSpool(this.opts.chunkBytes, (offset, bytes) => {
          const record: StreamRecord = { type: 'stream', session: s.id, dir, offset, bytes };
          this.write(record);
        });
      open = { c2s: spool('c2s'), s2c: spool('s2c') };
      this.open.set(s, open);
    }
    return open;
  }

  /** Writes out a session's held bytes and frees its buffers. */
  private release(open: OpenSession): void {
    this.held -= open.c2s.capacity + open.s2c.capacity;
    open.c2s.flush();
    open.s2c.flush();
  }

  private flushAll(): void {
    for (const open of this.open.values()) this.release(open);
  }

  private write(record: HeaderRecord | StreamRecord | SessionRecord | EndRecord): void {
    this.file.write(this.packr.pack(record));
  }
}
