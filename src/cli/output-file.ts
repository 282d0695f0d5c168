/** Writing results: to stdout (`-o -` or no -o), or to a file atomically (src/files.ts). */
import { writeFileAtomic } from '../files.js';
import { writeOut } from './write.js';

/** Writes `content` to `path` atomically, or to stdout when `path` is `-` or undefined. */
export async function writeOutput(path: string | undefined, content: string | Buffer): Promise<void> {
  if (path === undefined || path === '-') await writeOut(content);
  else await writeFileAtomic(path, content);
}
