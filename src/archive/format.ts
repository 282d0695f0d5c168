/**
 * The mailwire archive (`.mwz`) format, version 1: what its records are and how they are encoded.
 *
 * An archive is a gzip file (one or more gzip members, RFC 1952) whose content is a sequence of
 * plain MessagePack objects (maps, strings, numbers, binaries; no extension types), so any
 * MessagePack library can read it after gunzip:
 *
 * 1. a header: `{ format: "mailwire-archive", version: 1, created, mailwire }`;
 * 2. for each session, in the order sessions end: its raw stream bytes as `stream` records
 *    (at most `chunkBytes` each, contiguous bytes of one direction), then its `session` record;
 * 3. a trailer `{ type: "end", sessions, source }`: without it the archive is truncated.
 *
 * docs/schema.md ("Archive format") documents every field.
 */
import type { Options } from 'msgpackr';
import type { Session } from '../model/session.js';

/** The value of the header's `format` field. */
export const ARCHIVE_FORMAT = 'mailwire-archive';

/** The format version this mailwire writes and reads. */
export const ARCHIVE_VERSION = 1;

/** Where the capture the archive was made from came from (written in the trailer). */
export interface ArchiveSource {
  /** The capture's path as given on the command line (`-` for stdin). */
  file: string;
  /** `pcap` or `pcapng`; null when unknown (live capture, proxy). */
  format: string | null;
  /** Packets read from the capture. */
  packets: number;
}

/** The first object of an archive. */
export interface HeaderRecord {
  format: typeof ARCHIVE_FORMAT;
  version: number;
  /** When the archive was written, ISO 8601 (UTC). */
  created: string;
  /** Version of the mailwire that wrote it. */
  mailwire: string;
}

/** The stream direction names used in archives: `c2s` is the client's stream (`C`), `s2c` the server's (`S`). */
export type StreamName = 'c2s' | 's2c';

/** Raw bytes of one direction of a session, as they came off TCP reassembly (before TLS or protocol decoding). */
export interface StreamRecord {
  type: 'stream';
  /** The session's id (its flow number). */
  session: number;
  dir: StreamName;
  /** Stream offset of the first byte; bytes lost to gaps are holes between records. */
  offset: number;
  bytes: Buffer;
}

/** A decoded session, written when it ends, after all its stream records. */
export interface SessionRecord {
  type: 'session';
  /** The session as in `mailwire read --json` (docs/schema.md), with each kept message's `content` as binary. */
  session: Session;
  /** Raw stream bytes stored for the session (the sum of its stream records' lengths) per direction. */
  streams: { c2s: number; s2c: number };
}

/** The last object of an archive. */
export interface EndRecord {
  type: 'end';
  /** Number of session records. */
  sessions: number;
  source: ArchiveSource | null;
}

export type ArchiveRecord = StreamRecord | SessionRecord | EndRecord;

/**
 * msgpackr options that write and read plain MessagePack: no record extension, `undefined`
 * properties left out (as JSON.stringify does) and `undefined` elsewhere written as nil instead
 * of msgpackr's own extension, 64-bit integers read as numbers. Binary values are copied on
 * read, so a small message does not keep a whole read chunk alive.
 */
export const PLAIN_MSGPACK: Options & { skipValues: unknown[] } = {
  useRecords: false,
  moreTypes: false,
  structuredClone: false,
  bundleStrings: false,
  encodeUndefinedAsNil: true,
  skipValues: [undefined],
  mapsAsObjects: true,
  int64AsType: 'number',
  copyBuffers: true,
};
