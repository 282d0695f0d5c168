/** One-line explanations of file-system errors for the person at the terminal. */
import { dirname } from 'node:path';

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
      return `cannot write ${path}: the disk is full (no archive was written)`;
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
