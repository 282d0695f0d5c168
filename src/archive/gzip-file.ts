/**
 * A file written atomically as a sequence of gzip members (RFC 1952 allows any number; gunzip
 * reads them as one stream): bytes are gathered in one block, each full block is compressed into
 * a member and appended to a temporary file beside the target, and `commit` renames the
 * temporary file into place. A failure leaves nothing at the target.
 *
 * Compression and writes are synchronous: memory stays at one block however fast the producer
 * is (a sink cannot make the pipeline wait), and a failed write is known, and thrown, at once.
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { UserError } from '../errors.js';
import { tempPathFor, writeProblem } from '../files.js';

export interface GzipFileOptions {
  /** Uncompressed bytes per gzip member. */
  blockBytes: number;
  /** zlib compression level, 1 (fastest) to 9. */
  level: number;
}

export class GzipFile {
  private readonly tempPath: string;
  private fd: number | null;
  private readonly block: Buffer;
  private used = 0;
  /** The error that stopped writing, thrown again by every later call. */
  private failure: UserError | null = null;

  /** Creates the temporary file; throws `UserError` when `path` cannot be written. */
  constructor(
    readonly path: string,
    private readonly opts: GzipFileOptions,
  ) {
    if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) throw new UserError(`cannot write ${path}: it is a directory`);
    this.tempPath = tempPathFor(path);
    try {
      this.fd = openSync(this.tempPath, 'wx');
    } catch (err) {
      throw new UserError(writeProblem(path, err));
    }
    this.block = Buffer.allocUnsafe(opts.blockBytes);
  }

  /** Appends bytes (copied: the caller may reuse `bytes`). Throws `UserError` when the file cannot be written. */
  write(bytes: Uint8Array): void {
    this.openFd();
    for (let pos = 0; pos < bytes.length; ) {
      const n = Math.min(this.block.length - this.used, bytes.length - pos);
      this.block.set(bytes.subarray(pos, pos + n), this.used);
      this.used += n;
      pos += n;
      if (this.used === this.block.length) this.flush();
    }
  }

  /** Ends the current gzip member: what was written so far is in complete members on disk. */
  flush(): void {
    const fd = this.openFd();
    if (this.used === 0) return;
    const member = gzipSync(this.block.subarray(0, this.used), { level: this.opts.level });
    this.used = 0;
    try {
      for (let done = 0; done < member.length; ) done += writeSync(fd, member, done, member.length - done);
    } catch (err) {
      this.fail(err);
    }
  }

  /** Writes what is left, syncs the file to disk and renames it into place. */
  commit(): void {
    this.flush();
    const fd = this.openFd();
    try {
      fsyncSync(fd);
      this.fd = null;
      closeSync(fd);
      renameSync(this.tempPath, this.path);
    } catch (err) {
      this.fail(err);
    }
  }

  /** Removes the temporary file; nothing is left at `path`. Safe to call at any time, more than once. */
  discard(): void {
    if (this.fd !== null) {
      const fd = this.fd;
      this.fd = null;
      try {
        closeSync(fd);
      } catch {
        // Already unusable: removing the file is all that is left to do.
      }
    }
    rmSync(this.tempPath, { force: true });
  }

  private openFd(): number {
    if (this.failure) throw this.failure;
    if (this.fd === null) throw new UserError(`cannot write ${this.path}: it is already closed`);
    return this.fd;
  }

  /** Stops writing for good: the temporary file is removed, and `err` is thrown (and thrown again by every later call) as a UserError. */
  private fail(err: unknown): never {
    this.failure = new UserError(writeProblem(this.path, err));
    this.discard();
    throw this.failure;
  }
}
