/**
 * The folder extracted files go to: created when missing (with its parents), and every problem
 * with it one line for the user. Files themselves are written atomically by `writeFileAtomic` (src/files.ts).
 */
import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UserError } from '../../errors.js';

/** Deepest chain of missing parent folders created for one output folder. */
const MAX_NEW_PARENTS = 64;

/**
 * Makes sure `dir` is a folder, creating it and its missing parents. Throws a `UserError` naming
 * the problem in one line (a file in the way, permission denied, read-only, disk full, ...).
 */
export async function ensureFolder(dir: string): Promise<void> {
  await makeFolder(dir, MAX_NEW_PARENTS, dir);
}

// Not `mkdir(dir, { recursive: true })`: on a path the kernel refuses with ENOENT even though
// its parent exists (under /proc, say), Node 20's recursive mkdir retries forever.
// Errors name `target`, the folder the user asked for, even when one of its parents is the problem.
async function makeFolder(dir: string, parentsLeft: number, target: string): Promise<void> {
  try {
    await mkdir(dir);
    return;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return mustBeFolder(dir, target);
    const parent = dirname(dir);
    if (code !== 'ENOENT' || parentsLeft === 0 || parent === dir) throw new UserError(folderErrorMessage(target, err));
    await makeFolder(parent, parentsLeft - 1, target);
  }
  try {
    await mkdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return mustBeFolder(dir, target);
    throw new UserError(folderErrorMessage(target, err));
  }
}

async function mustBeFolder(dir: string, target: string): Promise<void> {
  const info = await stat(dir).catch((err: unknown) => {
    throw new UserError(folderErrorMessage(target, err));
  });
  if (!info.isDirectory()) throw new UserError(dir === target ? `cannot write to ${dir}: it is a file, not a folder` : folderErrorMessage(target, { code: 'ENOTDIR' }));
}

/** Explains in one line why the folder `dir` cannot be made or used. */
export function folderErrorMessage(dir: string, err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e?.code) {
    case 'EACCES':
    case 'EPERM':
      return `cannot write to ${dir}: permission denied`;
    case 'ENOTDIR':
      return `cannot write to ${dir}: part of that path is a file, not a folder`;
    case 'EROFS':
      return `cannot write to ${dir}: the file system is read-only`;
    case 'ENOSPC':
      return `cannot write to ${dir}: the disk is full`;
    case 'ENOENT':
      return `cannot create the folder ${dir}: the file system does not allow it`;
    default:
      return `cannot write to ${dir}: ${e?.message ?? String(err)}`;
  }
}
