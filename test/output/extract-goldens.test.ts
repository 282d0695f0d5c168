/**
 * Golden extract indexes of the textbook captures: `index.json` as written (its sha256 fields pin
 * the .eml bytes). After an intended change: `UPDATE_GOLDENS=1 npx vitest run
 * test/output/extract-goldens.test.ts`, then review the diff.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { extractMessages, INDEX_FILE } from '../../src/output/extract/extract.js';
import { captureSessions, TEXTBOOK } from './report-sessions.js';

const GOLDENS = fileURLToPath(new URL('./goldens/', import.meta.url));
const update = process.env.UPDATE_GOLDENS === '1';
const out = mkdtempSync(join(tmpdir(), 'mailwire-extract-golden-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('golden extract indexes of the textbook captures', () => {
  for (const name of TEXTBOOK) {
    it(name, async () => {
      const dir = join(out, name);
      await extractMessages(await captureSessions(`captures/${name}.pcap`), dir, { attachments: true });
      const index = readFileSync(join(dir, INDEX_FILE), 'utf8');
      const golden = `${GOLDENS}${name}.extract.json`;
      if (update) writeFileSync(golden, index);
      else if (!existsSync(golden)) throw new Error(`no golden ${name}.extract.json: run UPDATE_GOLDENS=1 npx vitest run test/output/extract-goldens.test.ts and review it`);
      expect(index).toBe(readFileSync(golden, 'utf8'));
    });
  }
});
