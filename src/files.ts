/**
 * Writing files safely, shared by every output: a temporary file beside the target, then a
 * rename, so that a full disk, an unwritable path or an interrupted run never leaves a
 * half-written file; and file-system errors explained in one line for the person at the terminal.
 */
import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UserError } from './errors.js';

/** A temporary path beside `target`, on the same file system so that the rename is atomic. */
export function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/** Writes `content` to `path` atomically; a failure is a UserError and leaves nothing behind. */
export async function writeFileAtomic(path: string, content: string | Buffer): Promise<void> {
  const tmp = tempPathFor(path);
  try {
    await writeFile(tmp, content);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw new UserError(writeProblem(path, err));
  }
}

function errnoCode(err: unknown): string | undefined {
  return err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

/** Why `path` could not be written, in one line (`cannot write x.mwz: the disk is full`). */
export function writeProblem(path: string, err: unknown): string {
  switch (errnoCode(err)) {
    case 'ENOENT':
      return `cannot write ${path}: the folder ${dirname(path)} does not exist`;
    case 'EACCES':
    case 'EPERM':
      return `cannot write ${path}: permission denied`;
    case 'ENOSPC':
    case 'EDQUOT':
      return `cannot write ${path}: the disk is full (nothing was written)`;
    case 'EISDIR':
      return `cannot write ${path}: it is a directory`;
    case 'EROFS':
      return `cannot write ${path}: the file system is read-only`;
    case 'ENOTDIR':
      return `cannot write ${path}: a part of the path is not a folder`;
    default:
      return `cannot write ${path}: ${err instanceof Error ? err.message : String(err)}`;
  }
}

/** Why `path` could not be read, in one line. */
export function readProblem(path: string, err: unknown): string {
  switch (errnoCode(err)) {
    case 'ENOENT':
      return `cannot read ${path}: no such file`;
    case 'EACCES':
    case 'EPERM':
      return `cannot read ${path}: permission denied`;
    case 'EISDIR':
      return `cannot read ${path}: it is a directory`;
    default:
      return `cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`;
  }
}
