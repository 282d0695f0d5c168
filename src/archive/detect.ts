/** Telling a mailwire archive from a capture by its first bytes. */
import { open } from 'node:fs/promises';
import { constants, gunzipSync } from 'node:zlib';
import { ARCHIVE_FORMAT } from './format.js';

/** How many leading bytes `isArchive` needs to decide (fewer are fine when the file is shorter). */
export const ARCHIVE_SNIFF_BYTES = 512;

/** The header's first entry as MessagePack: the key `format` and the value `mailwire-archive`, both fixstr. */
const HEADER_START = Buffer.concat([fixstr('format'), fixstr(ARCHIVE_FORMAT)]);

function fixstr(s: string): Buffer {
  return Buffer.concat([Buffer.of(0xa0 | s.length), Buffer.from(s, 'latin1')]);
}

/** True when `bytes` start with the gzip magic number. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Decompresses as much of a gzip prefix as it holds; empty when it is not valid gzip. */
function gunzipPrefix(bytes: Uint8Array): Buffer {
  try {
    return gunzipSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH });
  } catch {
    return Buffer.alloc(0);
  }
}

/** Length of the MessagePack map header at the start of `b` (fixmap, map16, map32), or 0 if there is none. */
function mapHeaderLength(b: Uint8Array): number {
  if (b.length === 0) return 0;
  if ((b[0]! & 0xf0) === 0x80) return 1;
  if (b[0] === 0xde) return 3;
  if (b[0] === 0xdf) return 5;
  return 0;
}

/**
 * True when `firstBytes` (the first `ARCHIVE_SNIFF_BYTES` of a file, or all of a shorter one)
 * start a mailwire archive: gzip (or, once gunzipped, plain) MessagePack whose first object is a
 * map starting with `format: "mailwire-archive"`. A gzipped capture is not an archive.
 */
export function isArchive(firstBytes: Uint8Array): boolean {
  const plain = isGzip(firstBytes) ? gunzipPrefix(firstBytes) : firstBytes;
  const start = mapHeaderLength(plain);
  return start > 0 && plain.length >= start + HEADER_START.length && HEADER_START.equals(plain.subarray(start, start + HEADER_START.length));
}

/** The first `ARCHIVE_SNIFF_BYTES` of `path` (fewer if it is shorter); throws what the file system throws. */
export async function readHead(path: string): Promise<Buffer> {
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(ARCHIVE_SNIFF_BYTES);
    const { bytesRead } = await file.read(head, 0, head.length, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

/** Reads the first bytes of `path` and tells whether it is an archive; false when it cannot be read or is `-` (stdin). */
export async function isArchiveFile(path: string): Promise<boolean> {
  if (path === '-') return false;
  try {
    return isArchive(await readHead(path));
  } catch {
    return false;
  }
}
