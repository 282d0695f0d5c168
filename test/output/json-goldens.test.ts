/**
 * Golden files for the JSON and NDJSON outputs of the textbook captures: what scripts parse must
 * not change by accident. After an intended change: `UPDATE_GOLDENS=1 npx vitest run
 * test/output/json-goldens.test.ts`, then review the diff.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadSessions } from '../../src/cli/input.js';
import { sessionsToJson } from '../../src/output/json.js';
import { eventsToNdjson, sessionsToNdjson } from '../../src/output/ndjson.js';

const update = process.env.UPDATE_GOLDENS === '1';
const CAPTURES = ['smtp-textbook', 'pop3-textbook', 'imap-textbook'];

function golden(name: string, text: string): void {
  const file = new URL(`./goldens/${name}`, import.meta.url).pathname;
  if (update) writeFileSync(file, text);
  else if (!existsSync(file)) throw new Error(`no golden ${name}: run UPDATE_GOLDENS=1 npx vitest run test/output/json-goldens.test.ts and review it`);
  expect(text).toBe(readFileSync(file, 'utf8'));
}

describe('JSON and NDJSON goldens of the textbook captures', () => {
  for (const name of CAPTURES) {
    it(name, async () => {
      const sessions = await loadSessions(new URL(`../../captures/${name}.pcap`, import.meta.url).pathname, { portMap: new Map() });
      golden(`${name}.json`, sessionsToJson(sessions));
      golden(`${name}.ndjson`, sessionsToNdjson(sessions));
      golden(`${name}.events.ndjson`, eventsToNdjson(sessions));
    });
  }
});
