/**
 * Writing results: to stdout (`-o -` or no -o), or to a file atomically — a temporary file in the
 * same folder, then a rename — so that a full disk, an unwritable path or an interrupted run never
 * leaves a half-written file behind.
 */
import { randomBytes } from 'node:crypto';
import { rm, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../errors.js';
import { writeOut } from './write.js';

/** A temporary path beside `target`, on the same file system so the rename is atomic. */
export function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/** Explains a file-system error in one line for the user. */
export function fileErrorMessage(path: string, err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e?.code) {
    case 'ENOENT':
      return `cannot write ${path}: the folder ${dirname(path)} does not exist`;
    case 'EACCES':
    case 'EPERM':
      return `cannot write ${path}: permission denied`;
    case 'ENOSPC':
      return `cannot write ${path}: the disk is full (nothing was written)`;
    case 'EISDIR':
      return `cannot write ${path}: it is a directory`;
    case 'EROFS':
      return `cannot write ${path}: the file system is read-only`;
    default:
      return `cannot write ${path}: ${e?.message ?? String(err)}`;
  }
}

/** Writes `content` to `path` atomically, or to stdout when `path` is `-` or undefined. */
export async function writeOutput(path: string | undefined, content: string | Buffer): Promise<void> {
  if (path === undefined || path === '-') {
    await writeOut(content);
    return;
  }
  const tmp = tempPathFor(path);
  try {
    await writeFile(tmp, content);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw new UserError(fileErrorMessage(path, err));
  }
}
