/**
 * npm run docs:violations — writes docs/violations.md from the catalogue (src/model/catalogue.ts).
 * `--check` exits 1 when the file is out of date (the unit tests run the same check).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { renderViolationsDoc } from './lib/violations-doc.js';

const target = new URL('../docs/violations.md', import.meta.url);
const text = renderViolationsDoc();
if (process.argv.includes('--check')) {
  const current = readFileSync(target, 'utf8');
  if (current !== text) {
    process.stderr.write('docs/violations.md is out of date: run npm run docs:violations\n');
    process.exit(1);
  }
} else {
  writeFileSync(target, text);
  process.stdout.write('wrote docs/violations.md\n');
}
