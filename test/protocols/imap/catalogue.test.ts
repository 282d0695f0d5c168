/** The IMAP violation catalogue and explanations: complete, well-formed, and every id tested both ways. */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { explainImapCommand } from '../../../src/protocols/imap/explain.js';
import { COMMAND_STATES } from '../../../src/protocols/imap/states.js';
import { IMAP_VIOLATIONS } from '../../../src/protocols/imap/violations.js';

const here = dirname(fileURLToPath(import.meta.url));
const testText = readdirSync(here)
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => readFileSync(join(here, f), 'utf8'))
  .join('\n');
const srcText = ['client.ts', 'server.ts', 'side.ts', 'framer.ts', 'decoder.ts']
  .map((f) => readFileSync(join(here, '../../../src/protocols/imap', f), 'utf8'))
  .join('\n');

describe('IMAP violation catalogue', () => {
  it('has unique, well-formed entries', () => {
    const ids = IMAP_VIOLATIONS.map((v) => v.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const v of IMAP_VIOLATIONS) {
      expect(v.id).toMatch(/^IMAP-[A-Z0-9-]+$/);
      expect(v.protocol).toBe('imap');
      expect(v.rfc).toMatch(/^RFC \d+/);
      expect(v.title.length).toBeGreaterThan(5);
      expect(v.description.length).toBeGreaterThan(40);
    }
  });

  it('has every id reported somewhere in the decoder', () => {
    for (const v of IMAP_VIOLATIONS) expect(srcText, v.id).toContain(`'${v.id}'`);
  });

  it('has a test that triggers every id and one that shows its legal neighbour does not', () => {
    for (const v of IMAP_VIOLATIONS) {
      expect(testText, v.id).toContain(`it('${v.id}: triggered by`);
      expect(testText, v.id).toContain(`it('${v.id}: not `);
    }
  });
});

describe('IMAP command explanations', () => {
  it('explains every command of the state table, UID forms and DONE, citing an RFC', () => {
    for (const verb of [...COMMAND_STATES.keys(), 'DONE', 'COMPRESS']) {
      const e = explainImapCommand(verb);
      expect(e, verb).toBeDefined();
      expect(e!.text.startsWith(verb), verb).toBe(true);
      expect(e!.rfc).toMatch(/^RFC \d+ §[\d.]+$/);
    }
    expect(explainImapCommand('uid fetch')).toBe(explainImapCommand('UID FETCH'));
    expect(explainImapCommand('XYZZY')).toBeUndefined();
  });
});
