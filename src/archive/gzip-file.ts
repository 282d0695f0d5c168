/**
 * A file written atomically as a sequence of gzip members (RFC 1952 allows any number; gunzip
 * reads them as one stream): bytes are gathered in a block, each full block is compressed into
 * one member and appended to a temporary file beside the target, and `commit` renames the
 * temporary file into place. A failure leaves nothing at the target.
 *
 * Blocks are compressed on libuv's thread pool, `parallel` at a time, while the caller goes on
 * producing; when that many are already being compressed the caller compresses the next block
 * itself, which slows it down to the pace of compression. Memory is therefore bounded: at most
 * `parallel` blocks in compression, plus the members finished while an earlier one was still
 * being compressed (they are written in order as soon as it is done).
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { gzip, gzipSync } from 'node:zlib';
import { UserError } from '../errors.js';
import { writeProblem } from './file-errors.js';

export interface GzipFileOptions {
  /** Uncompressed bytes per gzip member. */
  blockBytes: number;
  /** zlib compression level, 1 (fastest) to 9. */
  level: number;
  /** Blocks compressed on the thread pool at the same time (0: all on the calling thread). */
  parallel: number;
}

/** A gzip member on its way to the file; `bytes` is null while it is being compressed. */
interface Member {
  bytes: Buffer | null;
}

/** A temporary path beside `target`, on the same file system so that the rename is atomic. */
function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

export class GzipFile {
  private readonly tempPath: string;
  private fd: number | null;
  private block: Buffer;
  private used = 0;
  /** Members not yet written, in file order. */
  private readonly queue: Member[] = [];
  private compressing = 0;
  /** Called when the queue has been written out. */
  private onDrained: (() => void) | null = null;
  /** The error that stopped writing, reported again by every later call. */
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

  /** Appends bytes (copied: the caller may reuse `bytes`). Throws `UserError` once the file could not be written. */
  write(bytes: Uint8Array): void {
    this.check();
    for (let pos = 0; pos < bytes.length; ) {
      const n = Math.min(this.block.length - this.used, bytes.length - pos);
      this.block.set(bytes.subarray(pos, pos + n), this.used);
      this.used += n;
      pos += n;
      if (this.used === this.block.length) this.flush();
    }
  }

  /** Ends the current gzip member: what was written so far goes into members of its own. */
  flush(): void {
    this.check();
    if (this.used === 0) return;
    const input = this.block.subarray(0, this.used);
    this.block = Buffer.allocUnsafe(this.opts.blockBytes);
    this.used = 0;
    const member: Member = { bytes: null };
    this.queue.push(member);
    if (this.compressing < this.opts.parallel) {
      this.compressing++;
      gzip(input, { level: this.opts.level }, (err, out) => {
        this.compressing--;
        if (err) this.recordFailure(err);
        else member.bytes = out;
        this.writeQueued();
      });
    } else {
      member.bytes = gzipSync(input, { level: this.opts.level });
      this.writeQueued();
      this.check();
    }
  }

  /** Writes what is left, waits for it to be on disk and renames the file into place. */
  async commit(): Promise<void> {
    this.flush();
    if (this.queue.length > 0) await new Promise<void>((resolve) => (this.onDrained = resolve));
    const fd = this.openFd();
    try {
      fsyncSync(fd);
      this.fd = null;
      closeSync(fd);
      renameSync(this.tempPath, this.path);
    } catch (err) {
      this.recordFailure(err);
      this.check();
    }
  }

  /** Removes the temporary file; nothing is left at `path`. Safe to call at any time, more than once. */
  discard(): void {
    this.queue.length = 0;
    this.writeQueued();
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

  /** Writes the finished members at the head of the queue, in order. */
  private writeQueued(): void {
    while (this.failure === null && this.fd !== null && this.queue.length > 0 && this.queue[0]!.bytes !== null) {
      const bytes = this.queue.shift()!.bytes!;
      try {
        for (let done = 0; done < bytes.length; ) done += writeSync(this.fd, bytes, done, bytes.length - done);
      } catch (err) {
        this.recordFailure(err);
      }
    }
    if ((this.queue.length === 0 || this.failure !== null) && this.onDrained) {
      const resolve = this.onDrained;
      this.onDrained = null;
      resolve();
    }
  }

  private openFd(): number {
    this.check();
    return this.fd!;
  }

  private check(): void {
    if (this.failure) throw this.failure;
    if (this.fd === null) throw new UserError(`cannot write ${this.path}: it is already closed`);
  }

  /** Stops writing for good: the temporary file is removed and every later call throws `err` as a UserError. */
  private recordFailure(err: unknown): void {
    if (this.failure) return;
    this.failure = new UserError(writeProblem(this.path, err));
    this.discard();
  }
}
