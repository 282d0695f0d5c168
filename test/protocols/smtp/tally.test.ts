import { describe, expect, it } from 'vitest';
import { evidenceKind, ViolationTally } from '../../../src/protocols/smtp/tally.js';

describe('ViolationTally', () => {
  it('reports each kind of problem once, at its first occurrence, with the count', () => {
    const out: [string, number, string][] = [];
    const t = new ViolationTally((id, ev, msg) => out.push([id, ev, msg]), 'in this session');
    t.add('A', 3, 'command line is 513 octets (limit 512)');
    t.add('B', 4, 'unknown command "FOO"');
    t.add('A', 7, 'command line is 900 octets (limit 512)');
    t.add('A', 9, 'reply line is 600 octets (limit 512)');
    t.add('B', 11, 'unknown command "BAR"');
    expect(out).toEqual([]);
    t.flush();
    expect(out).toEqual([
      ['A', 3, 'command line is 513 octets (limit 512) (2 times in this session)'],
      ['B', 4, 'unknown command "FOO" (2 times in this session)'],
      ['A', 9, 'reply line is 600 octets (limit 512)'],
    ]);
    t.flush();
    expect(out).toHaveLength(3);
  });
});

describe('evidenceKind', () => {
  it('ignores quoted text, paths and numbers', () => {
    expect(evidenceKind('RCPT sent while the transaction from <a@b> is open, "x \\" y" at 12')).toBe('RCPT sent while the transaction from <> is open, "" at #');
  });
});
