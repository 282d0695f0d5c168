import { describe, expect, it } from 'vitest';
import { Maildrop } from '../../../src/protocols/pop3/maildrop.js';

describe('Maildrop', () => {
  it('knows nothing about the range until STAT or a complete LIST', () => {
    const m = new Maildrop();
    expect(m.acceptance('RETR', 99)).toBeNull();
    m.stat(2);
    expect(m.acceptance('RETR', 2)).toBeNull();
    expect(m.acceptance('RETR', 3)).toEqual(['POP3-MSG-OUT-OF-RANGE-ACCEPTED', 'RETR 3 answered +OK but the maildrop has 2 messages']);
  });

  it('counts deleted messages, which STAT and LIST leave out, as in range', () => {
    const m = new Maildrop();
    m.delete(3);
    m.stat(2);
    expect(m.acceptance('LIST', 3)).toEqual(['POP3-MSG-DELETED-ACCEPTED', 'LIST 3 answered +OK although message 3 was deleted']);
    const l = new Maildrop();
    l.delete(4);
    l.listed([1, 2]);
    expect(l.acceptance('TOP', 4)?.[0]).toBe('POP3-MSG-DELETED-ACCEPTED');
    expect(l.acceptance('TOP', 5)?.[1]).toBe('TOP 5 answered +OK but the maildrop has 4 messages');
  });

  it('RSET forgets the deletions; scan listings give sizes', () => {
    const m = new Maildrop();
    m.delete(1);
    m.reset();
    expect(m.acceptance('DELE', 1)).toBeNull();
    m.scan(1, 120);
    expect(m.listedSize(1)).toBe(120);
    expect(m.listedSize(2)).toBeUndefined();
  });
});
