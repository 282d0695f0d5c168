import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderViolationsDoc } from '../../scripts/lib/violations-doc.js';
import { CATALOGUE, violationSpec } from '../../src/model/catalogue.js';

describe('the violation catalogue', () => {
  it('has unique ids, each prefixed by its protocol and complete', () => {
    const ids = CATALOGUE.map((v) => v.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const v of CATALOGUE) {
      expect(v.id).toMatch(/^[A-Z0-9]+(-[A-Z0-9]+)+$/);
      expect(v.id.startsWith(`${v.protocol.toUpperCase()}-`)).toBe(true);
      expect(v.rfc).toMatch(/^RFC \d+/);
      expect(v.title.length).toBeGreaterThan(3);
      expect(v.description.length).toBeGreaterThan(20);
    }
  });

  it('throws for an id that is not in it (a programming error, caught by the tests)', () => {
    expect(() => violationSpec('SMTP-NO-SUCH-THING')).toThrow(/not in the catalogue/);
  });

  it('is what docs/violations.md says (npm run docs:violations regenerates it)', () => {
    const doc = readFileSync(new URL('../../docs/violations.md', import.meta.url), 'utf8');
    expect(doc).toBe(renderViolationsDoc());
  });
});
