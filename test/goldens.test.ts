/**
 * Golden transcripts: every capture shipped in captures/ has its `mailwire read` transcript beside
 * it (`<name>.transcript.txt`), and decoding it again must give exactly that text.
 * After an intended change: `UPDATE_GOLDENS=1 npx vitest run test/goldens.test.ts`, then review
 * the diff like any other change.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureTranscript } from '../scripts/lib/transcript.js';

const ROOT = new URL('../captures/', import.meta.url).pathname;
const update = process.env.UPDATE_GOLDENS === '1';

function captures(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? captures(join(dir, e.name)) : /\.(pcap|pcapng)$/.test(e.name) ? [join(dir, e.name)] : []))
    .sort();
}

const files = captures(ROOT);

describe('golden transcripts of the shipped captures', () => {
  it('covers the demo captures', () => {
    expect(files.map((f) => relative(ROOT, f))).toEqual(expect.arrayContaining(['smtp-textbook.pcap', 'pop3-textbook.pcap', 'imap-textbook.pcap']));
  });

  for (const file of files) {
    const golden = file.replace(/\.(pcap|pcapng)$/, '.transcript.txt');
    it(relative(ROOT, file), async () => {
      const text = await captureTranscript(file);
      if (update || !existsSync(golden)) {
        if (!update) throw new Error(`no golden transcript ${relative(ROOT, golden)}: run UPDATE_GOLDENS=1 npx vitest run test/goldens.test.ts and review it`);
        writeFileSync(golden, text);
      }
      expect(text).toBe(readFileSync(golden, 'utf8'));
    });
  }
});
