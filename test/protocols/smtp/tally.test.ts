import { describe, expect, it } from 'vitest';
import { ViolationTally } from '../../../src/protocols/smtp/tally.js';

describe('ViolationTally', () => {
  it('reports each id once, at its first occurrence, with the count', () => {
    const out: [string, number, string][] = [];
    const t = new ViolationTally((id, ev, msg) => out.push([id, ev, msg]), 'in this session');
    t.add('A', 3, 'first a');
    t.add('B', 4, 'first b');
    t.add('A', 7, 'second a');
    t.add('A', 9, 'a of another kind', 'other');
    expect(out).toEqual([]);
    t.flush();
    expect(out).toEqual([
      ['A', 3, 'first a (2 times in this session)'],
      ['B', 4, 'first b'],
      ['A', 9, 'a of another kind'],
    ]);
    t.flush();
    expect(out).toHaveLength(3);
  });
});
