import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../../src/model/catalogue.js';
import { SMTP_VIOLATIONS } from '../../../src/protocols/smtp/violations.js';

const DIR = new URL('./', import.meta.url).pathname;
const testText = readdirSync(DIR)
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => readFileSync(DIR + f, 'utf8'))
  .join('\n');

describe('SMTP violation catalogue', () => {
  it('has well-formed, unique entries in the global catalogue', () => {
    expect(SMTP_VIOLATIONS.length).toBeGreaterThan(30);
    for (const v of SMTP_VIOLATIONS) {
      expect(v.id).toMatch(/^SMTP-[A-Z0-9]+(-[A-Z0-9]+)*$/);
      expect(v.protocol).toBe('smtp');
      expect(v.rfc).toMatch(/^RFC \d+/);
      expect(v.title.length).toBeGreaterThan(5);
      expect(v.description.length).toBeGreaterThan(40);
      expect(CATALOGUE.filter((c) => c.id === v.id)).toHaveLength(1);
    }
  });

  it('has a triggering and a legal-neighbour test for every id', () => {
    const missing = SMTP_VIOLATIONS.flatMap((v) => [
      ...(testText.includes(`'${v.id}: triggered by`) ? [] : [`${v.id}: triggered`]),
      ...(testText.includes(`'${v.id}: not for`) ? [] : [`${v.id}: not for`]),
    ]);
    expect(missing).toEqual([]);
  });
});
