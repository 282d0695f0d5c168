/** Makes sure `bin/mailwire.js` runs current code: rebuilds dist/ when a source file is newer. */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Newest modification time (ms) of the .ts files under `dir`. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Runs `npm run build` in `root` when dist/cli/main.js is missing or older than a file in src/
 * (tsc rewrites every output, so that one file dates the build). Returns null when the CLI is
 * ready, or the build's error output.
 */
export function ensureBuiltCli(root: string, log: (line: string) => void): string | null {
  const main = join(root, 'dist', 'cli', 'main.js');
  if (existsSync(main) && statSync(main).mtimeMs >= newestSource(join(root, 'src'))) return null;
  log('dist/ is missing or older than src/: npm run build ...');
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, encoding: 'utf8' });
  if (build.status === 0) return null;
  return `${build.stdout}${build.stderr}`.trim() || `npm run build exited with ${build.status ?? build.signal}`;
}
