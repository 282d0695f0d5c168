import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { violationSpec } from '../../../src/model/catalogue.js';
import { POP3_VIOLATIONS } from '../../../src/protocols/pop3/violations.js';

const dir = fileURLToPath(new URL('.', import.meta.url));
const testText = readdirSync(dir)
  .filter((f) => f.endsWith('.test.ts') && f !== 'catalogue.test.ts')
  .map((f) => readFileSync(`${dir}/${f}`, 'utf8'))
  .join('\n');

describe('POP3 violation catalogue', () => {
  it('has unique upper-case ids prefixed POP3-, each with an RFC, title and description', () => {
    const ids = POP3_VIOLATIONS.map((v) => v.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const v of POP3_VIOLATIONS) {
      expect(v.id).toMatch(/^POP3-[A-Z0-9-]+$/);
      expect(v.protocol).toBe('pop3');
      expect(v.rfc).toMatch(/^RFC \d+/);
      expect(v.title.length).toBeGreaterThan(5);
      expect(v.description.length).toBeGreaterThan(40);
      expect(violationSpec(v.id)).toBe(v);
    }
  });

  it.each(POP3_VIOLATIONS.map((v) => v.id))('%s has a test that triggers it and one that shows its legal neighbour', (id) => {
    expect(testText).toContain(`it('${id}: triggered`);
    expect(testText).toContain(`it('${id}: not`);
  });
});
