/**
 * Filters over the sessions of the shipped captures, decoded by the real pipeline (loadSessions):
 * which captures each filter lets through.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSessions } from '../../src/cli/input.js';
import { compileFilter } from '../../src/filter/index.js';
import type { Session } from '../../src/model/session.js';

const CAPTURES = {
  'smtp-textbook': 'captures/smtp-textbook.pcap',
  'pop3-textbook': 'captures/pop3-textbook.pcap',
  'imap-textbook': 'captures/imap-textbook.pcap',
  'smtp-rejected-rcpt': 'captures/real/smtp-rejected-rcpt.pcap',
  'smtp-auth-login': 'captures/real/smtp-auth-login.pcap',
  'smtp-multi': 'captures/real/smtp-multi.pcap',
  'pop3-bad-login': 'captures/real/pop3-bad-login.pcap',
  'pop3-stls': 'captures/real/pop3-stls.pcap',
  'imap-curl': 'captures/real/imap-curl.pcap',
  'imap-starttls': 'captures/real/imap-starttls.pcap',
  smtps: 'test/fixtures/thirdparty/ndpi_smtps.pcapng',
  truncated: 'test/fixtures/thirdparty/zeek_tcp-truncated-header.pcap',
} as const;
type Name = keyof typeof CAPTURES;

const sessions = new Map<Name, Session[]>();

beforeAll(async () => {
  for (const [name, path] of Object.entries(CAPTURES) as [Name, string][]) {
    sessions.set(name, await loadSessions(new URL(`../../${path}`, import.meta.url).pathname, { portMap: new Map(), quiet: true }));
  }
});

/** The captures with at least one session the filter lets through. */
function pick(expr: string): Name[] {
  const f = compileFilter(expr);
  return [...sessions].filter(([, list]) => list.some((s) => f.matches(s))).map(([name]) => name);
}

describe('filters over the shipped captures', () => {
  it('every capture decodes to one session', () => {
    expect([...sessions.values()].map((l) => l.length)).toEqual(Object.keys(CAPTURES).map(() => 1));
  });

  it.each<[string, Name[]]>([
    ['smtp', ['smtp-textbook', 'smtp-rejected-rcpt', 'smtp-auth-login', 'smtp-multi', 'smtps', 'truncated']],
    ['pop3', ['pop3-textbook', 'pop3-bad-login', 'pop3-stls']],
    ['imap', ['imap-textbook', 'imap-curl', 'imap-starttls']],
    ['smtp && reply.code >= 500', ['smtp-rejected-rcpt']],
    ['pop3 && reply.status == "-ERR"', ['pop3-bad-login']],
    ['imap && mailbox == "INBOX" && from contains "example.test"', ['imap-curl']],
    ['imap && mailbox == INBOX', ['imap-textbook', 'imap-curl']],
    ['from contains "washington.edu"', ['imap-textbook']],
    ['cc contains "klensin"', ['imap-textbook']],
    ['to == "theboss@example.com"', ['smtp-textbook']],
    ['subject matches "^message [0-9] of 3$"', ['smtp-multi']],
    ['subject contains "FIRST"', ['pop3-textbook']],
    ['message.size > 400', ['imap-curl']],
    ['command == "uid fetch"', ['imap-curl']],
    ['command == APOP', ['pop3-textbook']],
    ['command in {RSET NOOP}', ['smtp-multi']],
    ['auth', ['pop3-textbook', 'imap-textbook', 'smtp-auth-login', 'pop3-bad-login', 'imap-curl']],
    ['tls', ['pop3-stls', 'imap-starttls', 'smtps']],
    ['tls.mode == implicit', ['smtps']],
    ['tls.mode == starttls && tls.version == "TLS 1.3"', ['pop3-stls', 'imap-starttls']],
    ['tls.sni == "mail.example.test"', ['pop3-stls']],
    ['tls && !tls.sni', ['imap-starttls', 'smtps']],
    ['violation.id == SMTP-AUTH-CLEARTEXT', ['smtp-auth-login']],
    ['violation.id matches "CLEARTEXT"', ['imap-textbook', 'smtp-auth-login', 'pop3-bad-login', 'imap-curl', 'smtps']],
    // (IMAP left out: its decoder's findings on these captures are still being refined)
    ['!imap && severity == error', ['smtps']],
    ['!imap && severity >= warning && !(severity == error)', ['smtp-auth-login', 'pop3-bad-login']],
    ['!imap && !violation', ['smtp-textbook', 'pop3-textbook', 'smtp-rejected-rcpt', 'smtp-multi', 'pop3-stls', 'truncated']],
    ['gap', ['truncated']],
    ['ip.addr == 127.0.0.0/8 && tcp.dstport == 25', ['smtp-rejected-rcpt', 'smtp-auth-login', 'smtp-multi']],
    ['ip.dst == 198.51.100.0/24', ['smtp-textbook', 'pop3-textbook', 'imap-textbook']],
    ['tcp.port == 465', ['smtps']],
  ])('%s', (expr, expected) => {
    const order = Object.keys(CAPTURES) as Name[];
    expect(pick(expr)).toEqual(order.filter((n) => expected.includes(n)));
  });
});
