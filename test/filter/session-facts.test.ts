import { describe, expect, it } from 'vitest';
import { compileFilter } from '../../src/filter/index.js';
import { endpointsOf, factsOf } from '../../src/filter/session-facts.js';
import type { SessionEvent } from '../../src/model/events.js';
import type { Session } from '../../src/model/session.js';
import { imapSession, smtpSession } from './sessions.js';

/** `s` with its events behind a proxy that counts reads of individual events. */
function counted(s: Session): { session: Session; reads: () => number } {
  let reads = 0;
  const events = new Proxy(s.events, {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  return { session: { ...s, events }, reads: () => reads };
}

describe('factsOf', () => {
  it('walks the events once per session, however many filters and calls ask', () => {
    const { session, reads } = counted(smtpSession());
    const filters = ['command == MAIL', 'reply.code >= 500', 'from contains example', 'auth'].map(compileFilter);
    for (const f of filters) expect(f.matches(session)).toBe(true);
    const afterFirst = reads();
    expect(afterFirst).toBe(session.events.length);
    for (let i = 0; i < 10; i++) for (const f of filters) f.matches(session);
    expect(reads()).toBe(afterFirst);
  });

  it('fields that need no walk do not walk', () => {
    const { session, reads } = counted(smtpSession());
    expect(compileFilter('smtp && tcp.port == 25 && ip.addr == 192.0.2.0/24 && !tls && violation && stream == 0').matches(session)).toBe(true);
    expect(reads()).toBe(0);
  });

  it('a session that has grown is walked again', () => {
    const s = imapSession();
    const before = factsOf(s);
    expect(factsOf(s)).toBe(before);
    const last = s.events.at(-1)!;
    const noop: SessionEvent = { kind: 'command', index: s.events.length, ts: last.ts, dir: 'C', offset: 0, length: 0, verb: 'NOOP', args: '', line: 'a7 NOOP' };
    s.events.push(noop);
    expect(compileFilter('command == NOOP').matches(s)).toBe(true);
    expect(factsOf(s)).not.toBe(before);
  });

  it('gathers what the fields read', () => {
    const f = factsOf(smtpSession());
    expect(f.verbs).toEqual(['EHLO', 'AUTH', 'MAIL', 'RCPT', 'RCPT', 'DATA', 'QUIT']);
    expect(f.replyCodes).toEqual([220, 250, 235, 250, 250, 550, 354, 250, 221]);
    expect(f.from).toEqual(['bob@example.org', 'Bob <bob@example.org>', 'bob@example.org']);
    expect(f.to).toEqual(['alice@example.com', 'nobody@example.com', 'Alice <alice@example.com>', 'alice@example.com']);
    expect(f.cc).toEqual(['carol@example.net']);
    expect(f.subjects).toEqual(['Quarterly Report']);
    expect(f.messageSizes).toEqual([125]);
    expect(f.auth).toBe(true);
    expect(f.gap).toBe(false);
    expect(f.violationIds).toEqual(['SMTP-AUTH-CLEARTEXT']);
    expect(f.worstSeverity).toEqual([1]);
    expect(f.mailboxes).toEqual([]); // MAIL FROM's mailbox is not an IMAP mailbox
  });
});

describe('endpointsOf', () => {
  it('parses each address once per session; an unparsable one is left out', () => {
    const s = smtpSession();
    const e = endpointsOf(s);
    expect(endpointsOf(s)).toBe(e);
    expect(e.both.map((b) => [...b])).toEqual([
      [192, 0, 2, 10],
      [192, 0, 2, 25],
    ]);
    const odd = endpointsOf({ ...s, client: { ip: 'not-an-address', port: 1 } });
    expect(odd.client).toEqual([]);
    expect(odd.both).toHaveLength(1);
  });
});
