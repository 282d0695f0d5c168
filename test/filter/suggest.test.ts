import { describe, expect, it } from 'vitest';
import { FIELD_NAMES } from '../../src/filter/fields.js';
import { editDistance, suggestField } from '../../src/filter/suggest.js';

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', 'abc', 0],
    ['abc', '', 3],
    ['kitten', 'sitting', 3],
    ['smpt', 'smtp', 1], // a swap of neighbours costs one
    ['violations.id', 'violation.id', 1],
  ])('%s → %s: %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });

  it('stops at the cap', () => {
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(2);
    expect(editDistance('a', 'abcdefgh', 3)).toBe(3);
  });
});

describe('suggestField', () => {
  it.each([
    ['violations.id', 'violation.id'],
    ['SMTP', 'smtp'],
    ['Reply.Code', 'reply.code'],
    ['smpt', 'smtp'],
    ['replycode', 'reply.code'],
    ['ip.source', 'ip.src'],
    ['tls.versions', 'tls.version'],
    ['mailboxes', 'mailbox'],
    // Wireshark's names for the same things
    ['smtp.req.command', 'command'],
    ['smtp.response.code', 'reply.code'],
    ['pop.response.indicator', 'reply.status'],
    ['imf.subject', 'subject'],
    ['tcp.stream', 'stream'],
    ['tls.handshake.extensions_server_name', 'tls.sni'],
    ['pop', 'pop3'],
    ['port', 'tcp.port'],
  ])('%s → %s', (name, suggestion) => {
    expect(suggestField(name, FIELD_NAMES)).toBe(suggestion);
  });

  it.each(['x', 'frobnicate', 'sever', '__proto__', 'constructor', 'a'.repeat(10_000)])('nothing close to %s', (name) => {
    expect(suggestField(name, FIELD_NAMES)).toBeNull();
  });
});
