/**
 * Golden `mailwire stats` output of the textbook captures, as a table and as JSON. After an
 * intended change: `UPDATE_GOLDENS=1 npx vitest run test/output/stats-goldens.test.ts`, then
 * review the diff.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { computeStats, formatStats } from '../../src/output/stats.js';
import { captureSessions, TEXTBOOK } from './report-sessions.js';

const GOLDENS = fileURLToPath(new URL('./goldens/', import.meta.url));
const update = process.env.UPDATE_GOLDENS === '1';

function matchGolden(file: string, text: string): void {
  const golden = `${GOLDENS}${file}`;
  if (update) writeFileSync(golden, text);
  else if (!existsSync(golden)) throw new Error(`no golden ${file}: run UPDATE_GOLDENS=1 npx vitest run test/output/stats-goldens.test.ts and review it`);
  expect(text).toBe(readFileSync(golden, 'utf8'));
}

describe('golden stats of the textbook captures', () => {
  for (const name of TEXTBOOK) {
    it(name, async () => {
      const stats = computeStats(await captureSessions(`captures/${name}.pcap`));
      matchGolden(`${name}.stats.txt`, formatStats(stats));
      matchGolden(`${name}.stats.json`, `${JSON.stringify(stats, null, 2)}\n`);
    });
  }
});
