/**
 * Follows the objects of an archive as they are read and checks each, and their order: the
 * header and its version, every record's shape (src/archive/validate.ts), and the records
 * against each other. Problems are thrown as the error classes below, which the reader turns
 * into one-line UserErrors naming the file.
 */
import { ARCHIVE_FORMAT, ARCHIVE_VERSION, type EndRecord, type HeaderRecord, type SessionRecord, type StreamName, type StreamRecord } from './format.js';
import { checkEndRecord, checkHeaderRest, checkSession, checkSessionRecordStreams, checkStreamRecord } from './validate.js';

/** An archive's content in file order: its header, then its records up to and including the end record. */
export type ArchiveEntry = { type: 'header'; header: HeaderRecord } | StreamRecord | SessionRecord | EndRecord;

/** Something wrong with the archive's content. */
export class ArchiveProblem extends Error {}

/** The archive stops before its end. */
export class Truncated extends ArchiveProblem {}

/** Written by a mailwire that knows a later format version. */
export class NewerVersion extends Error {
  constructor(readonly version: number) {
    super(`format version ${version}`);
  }
}

/** Raw bytes already seen for a session, per direction: where the next stream record may start and how much came. */
interface StreamTally {
  c2s: { end: number; bytes: number };
  s2c: { end: number; bytes: number };
}

/** Follows the records of an archive and checks each, and their order, as it comes. */
export class RecordChecker {
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
