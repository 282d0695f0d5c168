import { describe, expect, it } from 'vitest';
import { advertisedSize, parseEhloReply } from '../../../src/protocols/smtp/ehlo.js';

describe('parseEhloReply', () => {
  it('reads the domain, greeting text and keywords with parameters', () => {
    expect(parseEhloReply(['mx.google.com at your service, [10.0.0.1]', 'SIZE 35882577', '8BITMIME', 'STARTTLS', 'ENHANCEDSTATUSCODES', 'PIPELINING', 'CHUNKING', 'SMTPUTF8'])).toEqual({
      domain: 'mx.google.com',
      greet: 'at your service, [10.0.0.1]',
      capabilities: { SIZE: ['35882577'], '8BITMIME': [], STARTTLS: [], ENHANCEDSTATUSCODES: [], PIPELINING: [], CHUNKING: [], SMTPUTF8: [] },
    });
  });

  it('upper-cases keywords, merges AUTH and the old AUTH= form without duplicates', () => {
    const r = parseEhloReply(['x', 'auth PLAIN LOGIN', 'AUTH=LOGIN CRAM-MD5', '8bitmime', 'X-ANONYMOUSTLS', '']);
    expect(r.capabilities).toEqual({ AUTH: ['PLAIN', 'LOGIN', 'CRAM-MD5'], '8BITMIME': [], 'X-ANONYMOUSTLS': [] });
  });

  it('copes with a one-line reply and an empty one', () => {
    expect(parseEhloReply(['example.org'])).toEqual({ domain: 'example.org', greet: '', capabilities: {} });
    expect(parseEhloReply([])).toEqual({ domain: '', greet: '', capabilities: {} });
  });
});

describe('advertisedSize', () => {
  it('is the SIZE parameter, unless absent, zero or not a number', () => {
    expect(advertisedSize({ SIZE: ['10240000'] })).toBe(10240000);
    expect(advertisedSize({ SIZE: ['0'] })).toBeUndefined();
    expect(advertisedSize({ SIZE: [] })).toBeUndefined();
    expect(advertisedSize({ SIZE: ['big'] })).toBeUndefined();
    expect(advertisedSize({})).toBeUndefined();
  });
});
