import { fstatSync, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { UserError } from '../errors.js';

/** Size of the reads from the file and of the gunzipped chunks (1 MiB). */
export const READ_CHUNK_BYTES = 1 << 20;

/** A failure in the middle of the input: the bytes before it were delivered. */
export class CaptureSourceError extends Error {
  constructor(
    /** `bad-compression` for a corrupt or cut gzip stream, `read-error` for an I/O error. */
    readonly kind: 'bad-compression' | 'read-error',
    message: string,
  ) {
    super(message);
    this.name = 'CaptureSourceError';
  }
}

/** An opened capture: its bytes as chunks, gunzipped when the content is gzip. */
export interface CaptureSource {
  /** How the input is named in messages: the path, or `stdin` for `-`. */
  readonly name: string;
  /** True when the content started with the gzip magic (1f 8b) and is being gunzipped. */
  readonly compressed: boolean;
  /** Size of the file in bytes, or null when unknown (a pipe, a terminal). */
  readonly totalBytes: number | null;
  /** Bytes read from the file so far (compressed bytes when compressed). */
  readonly bytesRead: number;
  /**
   * The (decompressed) content in chunks of up to 1 MiB; iterate once. Throws
   * `CaptureSourceError` when reading or gunzipping fails midway. Leaving the loop early closes
   * the file.
   */
  readonly chunks: AsyncIterable<Buffer>;
}

/**
 * Opens `path` (or standard input for `-`) for reading in 1 MiB chunks, and gunzips it when its
 * first two bytes are the gzip magic, whatever its name. Throws `UserError` when the file cannot
 * be opened (missing, permission denied, a directory).
 */
export interface OpenOptions {
  /**
   * Read a plain (not gzipped) file into one buffer that is reused for every chunk, instead of a
   * new 1 MiB buffer per read: far less garbage on large captures. Only for consumers that keep
   * nothing of a chunk after handling it (the flow counting of `mailwire flows`).
   */
  reuseBuffer?: boolean;
}

export async function openCaptureSource(path: string, opts: OpenOptions = {}): Promise<CaptureSource> {
  if (path === '-') return captureSourceFromStream('stdin', process.stdin, stdinSize());
  let handle: FileHandle;
  let stat: Stats;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    throw new UserError(`${path}: ${openFailure(err)}`);
  }
  try {
    stat = await handle.stat();
  } catch (err) {
    await handle.close();
    throw new UserError(`${path}: ${openFailure(err)}`);
  }
  if (stat.isDirectory()) {
    await handle.close();
    throw new UserError(`${path}: is a directory; give a capture file`);
  }
  if (opts.reuseBuffer && stat.isFile()) {
    const magic = Buffer.alloc(2);
    const { bytesRead } = await handle.read(magic, 0, 2, 0).catch((err: unknown) => {
      void handle.close();
      throw new UserError(`${path}: cannot read (${errorText(err)})`);
    });
    if (bytesRead < 2 || magic[0] !== 0x1f || magic[1] !== 0x8b) return reusingSource(path, handle, stat.size);
  }
  const stream = handle.createReadStream({ highWaterMark: READ_CHUNK_BYTES });
  return captureSourceFromStream(path, stream, stat.isFile() ? stat.size : null);
}

/**
 * Wraps a byte stream as a capture source named `name`: waits for its first two bytes to decide
 * whether to gunzip it. `totalBytes` is its size when known.
 */
export async function captureSourceFromStream(
  name: string,
  stream: Readable,
  totalBytes: number | null,
): Promise<CaptureSource> {
  const raw = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let bytesRead = 0;
  const first: Buffer[] = [];
  try {
    while (bytesRead < 2) {
      const r = await raw.next();
      if (r.done) break;
      first.push(r.value);
      bytesRead += r.value.length;
    }
  } catch (err) {
    throw new UserError(`${name}: cannot read (${errorText(err)})`);
  }
  const start = first.length > 1 ? Buffer.concat(first) : first[0];
  const compressed = start !== undefined && start.length >= 2 && start[0] === 0x1f && start[1] === 0x8b;

  async function* rawChunks(): AsyncGenerator<Buffer> {
    try {
      yield* first;
      for (;;) {
        const r = await raw.next();
        if (r.done) return;
        bytesRead += r.value.length;
        yield r.value;
      }
    } finally {
      await raw.return?.();
    }
  }

  async function* content(): AsyncGenerator<Buffer> {
    try {
      if (!compressed) {
        yield* rawChunks();
        return;
      }
      const gunzip = createGunzip({ chunkSize: READ_CHUNK_BYTES });
      // pipeline() passes a read error on to gunzip, so the loop below sees every failure.
      pipeline(Readable.from(rawChunks()), gunzip, () => {});
      for await (const chunk of gunzip as AsyncIterable<Buffer>) yield chunk;
    } catch (err) {
      throw sourceError(err);
    }
  }

  return {
    name,
    compressed,
    totalBytes,
    get bytesRead() {
      return bytesRead;
    },
    chunks: content(),
  };
}

/** A plain file read chunk by chunk into one reused buffer (see OpenOptions.reuseBuffer). */
function reusingSource(name: string, handle: FileHandle, totalBytes: number): CaptureSource {
  let bytesRead = 0;
  async function* chunks(): AsyncGenerator<Buffer> {
    const buf = Buffer.allocUnsafe(READ_CHUNK_BYTES);
    try {
      for (;;) {
        const { bytesRead: n } = await handle.read(buf, 0, buf.length, bytesRead);
        if (n === 0) return;
        bytesRead += n;
        yield buf.subarray(0, n);
      }
    } catch (err) {
      throw sourceError(err);
    } finally {
      await handle.close();
    }
  }
  return {
    name,
    compressed: false,
    totalBytes,
    get bytesRead() {
      return bytesRead;
    },
    chunks: chunks(),
  };
}

/** The size of standard input when it is a redirected regular file. */
function stdinSize(): number | null {
  try {
    const stat = fstatSync(0);
    return stat.isFile() ? stat.size : null;
  } catch {
    return null;
  }
}

function errorCode(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string') return err.code;
  return undefined;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function openFailure(err: unknown): string {
  switch (errorCode(err)) {
    case 'ENOENT':
      return 'no such file; check the path';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied; check the file permissions';
    default:
      return `cannot open (${errorText(err)})`;
  }
}

/** Classifies a failure while reading: zlib errors carry `Z_*` codes, I/O errors `E*` codes. */
function sourceError(err: unknown): Error {
  const code = errorCode(err);
  if (code?.startsWith('Z_')) {
    const cut = code === 'Z_BUF_ERROR';
    return new CaptureSourceError(
      'bad-compression',
      cut ? 'gzip stream ends early (the compressed file is cut)' : `corrupt gzip data (${errorText(err)})`,
    );
  }
  if (code !== undefined && /^E[A-Z0-9]+$/.test(code)) return new CaptureSourceError('read-error', `read failed (${errorText(err)})`);
  return err instanceof Error ? err : new Error(String(err));
}
