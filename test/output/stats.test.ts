import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FlowRecord } from '../../src/flow/types.js';
import type { Session } from '../../src/model/session.js';
import { computeStats, formatStats, percentiles, type ProtocolStats } from '../../src/output/stats.js';
import { analyzeCapture } from '../../src/pipeline.js';
import { SessionHarness } from '../helpers/session.js';
import { captureSessions } from './report-sessions.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

async function statsOf(path: string): Promise<ProtocolStats[]> {
  const s = computeStats(await captureSessions(path));
  return Object.values(s.protocols);
}

describe('computeStats on the textbook captures', () => {
  it('SMTP: one session, every count exact', async () => {
    const stats = computeStats(await captureSessions('captures/smtp-textbook.pcap'));
    expect(stats.version).toBe(1);
    expect(stats.sessions).toBe(1);
    expect(Object.keys(stats.protocols)).toEqual(['smtp']);
    const smtp = stats.protocols.smtp!;
    expect(smtp.sessions).toBe(1);
    expect(smtp.commands).toEqual({ total: 6, byVerb: { RCPT: 2, DATA: 1, HELO: 1, MAIL: 1, QUIT: 1 } });
    expect(smtp.replies).toEqual({ total: 8, byClass: { '2xx': 7, '3xx': 1, '4xx': 0, '5xx': 0 }, byCode: { '220': 1, '221': 1, '250': 5, '354': 1 } });
    expect(Object.keys(smtp.responseTimes)).toEqual(['DATA', 'HELO', 'MAIL', 'QUIT', 'RCPT']);
    expect(smtp.responseTimes.RCPT).toEqual({ count: 2, p50: 0.004, p90: 0.004, p99: 0.004, max: 0.004 });
    // The same as the flow's payload (`mailwire flows`): 404 and 183.
    expect(smtp.bytes).toEqual({ c2s: 404, s2c: 183 });
    expect(smtp.gaps).toEqual({ c2s: 0, s2c: 0 });
    expect(smtp.encrypted).toEqual({ c2s: 0, s2c: 0 });
    expect(smtp.messages).toEqual({ count: 1, bytes: 276, complete: 1, byVia: { 'smtp-data': 1 } });
    expect(smtp.tls).toEqual({ none: 1, starttls: 0, implicit: 0, versions: {}, sni: {} });
    expect(smtp.violations).toEqual({ total: 0, bySeverity: { error: 0, warning: 0, info: 0 }, byId: {} });
    expect(smtp.talkers).toEqual({
      clients: [{ ip: '192.0.2.10', sessions: 1, bytes: 587 }],
      servers: [{ ip: '198.51.100.25', sessions: 1, bytes: 587 }],
    });
  });

  it('POP3: commands, +OK/-ERR and the two RETR messages', async () => {
    const [pop3] = await statsOf('captures/pop3-textbook.pcap');
    expect(pop3!.commands).toEqual({ total: 8, byVerb: { DELE: 2, RETR: 2, APOP: 1, LIST: 1, QUIT: 1, STAT: 1 } });
    expect(pop3!.replies).toEqual({ total: 9, byClass: { '+OK': 9, '-ERR': 0 }, byCode: {} });
    expect(pop3!.bytes).toEqual({ c2s: 95, s2c: 620 });
    expect(pop3!.messages).toEqual({ count: 2, bytes: 320, complete: 2, byVia: { 'pop3-retr': 2 } });
  });

  it('IMAP: tagged and untagged replies, response codes, violations by id and severity', async () => {
    const [imap] = await statsOf('captures/imap-textbook.pcap');
    expect(imap!.commands).toEqual({ total: 6, byVerb: { FETCH: 2, LOGIN: 1, LOGOUT: 1, SELECT: 1, STORE: 1 } });
    expect(imap!.replies).toEqual({
      total: 16,
      byClass: { OK: 6, NO: 0, BAD: 0, '* BYE': 1, '* OK': 3, '* data': 6 },
      byCode: { 'READ-WRITE': 1, UIDVALIDITY: 1, UNSEEN: 1 },
    });
    expect(imap!.bytes).toEqual({ c2s: 134, s2c: 1394 });
    expect(imap!.messages).toEqual({ count: 1, bytes: 342, complete: 0, byVia: { 'imap-fetch': 1 } });
    expect(imap!.violations).toEqual({
      total: 2,
      bySeverity: { error: 0, warning: 2, info: 0 },
      byId: { 'IMAP-ADDRESS-SPACES': { severity: 'warning', count: 1 }, 'IMAP-CLEARTEXT-PASSWORD': { severity: 'warning', count: 1 } },
    });
  });
});

describe('computeStats on real and corpus captures', () => {
  it('STARTTLS: the version, no SNI, and the encrypted bytes after the handshake', async () => {
    const [smtp] = await statsOf('captures/real/smtp-starttls.pcap');
    expect(smtp!.tls).toEqual({ none: 0, starttls: 1, implicit: 0, versions: { 'TLS 1.3': 1 }, sni: { '(none)': 1 } });
    expect(smtp!.encrypted).toEqual({ c2s: 533, s2c: 1894 });
    expect(smtp!.commands.byVerb).toEqual({ EHLO: 1, STARTTLS: 1 });
  });

  it('implicit TLS: versions and SNI per session', async () => {
    const [imap] = await statsOf('test/fixtures/corpus/ndpi/imaps.pcap');
    expect(imap!.sessions).toBe(2);
    expect(imap!.tls).toEqual({ none: 0, starttls: 0, implicit: 2, versions: { 'TLS 1.2': 2 }, sni: { 'imap.asia.secureserver.net': 1, 'mail.ntop.org': 1 } });
    expect(imap!.commands.total).toBe(0);
    expect(imap!.talkers.clients.map((t) => t.ip)).toEqual(['192.168.1.8', '192.168.0.1']);
  });

  it('several sessions: top talkers by sessions, then bytes; violations by id', async () => {
    const [pop3] = await statsOf('test/fixtures/corpus/ndpi/pop3.pcap');
    expect(pop3!.sessions).toBe(6);
    expect(pop3!.replies.byClass).toEqual({ '+OK': 29, '-ERR': 4 });
    expect(pop3!.messages).toMatchObject({ count: 4, bytes: 20667 });
    expect(pop3!.talkers.clients).toEqual([
      { ip: '192.168.0.4', sessions: 5, bytes: 20847 },
      { ip: '143.225.229.181', sessions: 1, bytes: 1853 },
    ]);
    expect(pop3!.violations.byId).toEqual({
      'POP3-AUTH-CLEARTEXT': { severity: 'warning', count: 4 },
      'POP3-PIPELINING-NOT-ADVERTISED': { severity: 'warning', count: 2 },
    });
    expect(pop3!.responseTimes.AUTH!.count).toBe(6);
  });

  it('SMTP reply classes include malformed codes as "other"', async () => {
    const [smtp] = await statsOf('test/fixtures/corpus/suricata-verify/smtp-errors_smtperr.pcap');
    expect(smtp!.replies.byClass).toEqual({ '2xx': 8, '3xx': 1, '4xx': 6, '5xx': 7, other: 2 });
    expect(smtp!.violations.bySeverity).toEqual({ error: 10, warning: 6, info: 0 });
  });

  it('on every shipped and corpus capture: totals agree with their breakdowns, and cleartext bytes with the flows', async () => {
    const files = [...walk(join(REPO, 'captures')), ...walk(join(REPO, 'test/fixtures/corpus'))];
    expect(files.length).toBeGreaterThan(100);
    let compared = 0;
    for (const file of files) {
      const sessions: Session[] = [];
      const flows = new Map<number, FlowRecord>();
      await analyzeCapture(file, { sessions: { sessionEnd: (s) => sessions.push(s) }, onFlowEnd: (f) => flows.set(f.id, f) });
      const stats = computeStats(sessions);
      const perProtocol = Object.values(stats.protocols);
      expect(perProtocol.reduce((n, p) => n + p.sessions, 0), file).toBe(sessions.length);
      for (const p of perProtocol) {
        expect(sum(p.commands.byVerb), file).toBe(p.commands.total);
        expect(sum(p.replies.byClass), file).toBe(p.replies.total);
        expect(p.violations.bySeverity.error + p.violations.bySeverity.warning + p.violations.bySeverity.info, file).toBe(p.violations.total);
        expect(Object.values(p.violations.byId).reduce((n, v) => n + v.count, 0), file).toBe(p.violations.total);
        expect(sum(p.messages.byVia), file).toBe(p.messages.count);
        expect(p.tls.none + p.tls.starttls + p.tls.implicit, file).toBe(p.sessions);
        for (const t of Object.values(p.responseTimes)) expect(t.p50 <= t.p90 && t.p90 <= t.p99 && t.p99 <= t.max, file).toBe(true);
      }
      // A cleartext session's bytes are its stream's: payload delivered plus bytes missing.
      for (const s of sessions) {
        if (s.tls !== 'none' || s.events.every((e) => e.length === 0)) continue;
        const f = flows.get(s.id)!;
        expect(computeStats([s]).protocols[s.protocol]!.bytes, `${file} stream ${s.id}`).toEqual({
          c2s: f.c2s.payload + f.c2s.gapBytes,
          s2c: f.s2c.payload + f.s2c.gapBytes,
        });
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(150);
  });
});

describe('computeStats on hand-made sessions', () => {
  it('counts violations and replies of a session with bare LFs and a rejection', () => {
    const s = new SessionHarness('smtp')
      .s('220 mx ESMTP\r\n')
      .c('HELO c\n')
      .s('250 mx\r\n')
      .c('MAIL FROM:<a@x.example>\r\n')
      .s('550 no\r\n')
      .c('QUIT\r\n')
      .s('221 bye\r\n')
      .end();
    const smtp = computeStats([s]).protocols.smtp!;
    expect(smtp.replies.byClass).toEqual({ '2xx': 3, '3xx': 0, '4xx': 0, '5xx': 1 });
    expect(smtp.violations.byId['SMTP-BARE-LF']).toEqual({ severity: 'error', count: 1 });
  });

  it('is empty, and says so, without sessions', () => {
    expect(computeStats([])).toEqual({ version: 1, sessions: 0, protocols: {} });
    expect(formatStats(computeStats([]))).toBe('No SMTP, POP3 or IMAP sessions.\n');
  });
});

describe('percentiles', () => {
  it('are nearest-rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => (100 - i) / 1000);
    expect(percentiles(values)).toEqual({ count: 100, p50: 0.05, p90: 0.09, p99: 0.099, max: 0.1 });
    expect(percentiles([0.25])).toEqual({ count: 1, p50: 0.25, p90: 0.25, p99: 0.25, max: 0.25 });
    expect(percentiles([0.1, 0.2, 0.3, 10])).toEqual({ count: 4, p50: 0.2, p90: 10, p99: 10, max: 10 });
  });

  it('are ordered and each one of the values', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 300 }), (micros) => {
        const values = micros.map((m) => m / 1e6);
        const p = percentiles(values);
        expect(p.count).toBe(values.length);
        expect(p.p50 <= p.p90 && p.p90 <= p.p99 && p.p99 <= p.max).toBe(true);
        for (const q of [p.p50, p.p90, p.p99, p.max]) expect(values).toContain(q);
        expect(p.max).toBe(Math.max(...values));
      }),
    );
  });
});

describe('formatStats', () => {
  it('keeps wire text from reaching the terminal raw, and bounds it', () => {
    const s = new SessionHarness('smtp').s('220 mx ESMTP\r\n').c('\x1b[31mEVIL\x1b[0m\tX\r\n').s('500 what\r\n').c(`${'Z'.repeat(80)}\r\n`).s('500 what\r\n').end();
    const text = formatStats(computeStats([s]));
    expect(text).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
    expect(text).not.toContain('\t');
    expect(text).toContain('\\x1b[31MEVIL\\x1b[0M\\tX ');
    expect(text).toMatch(/Z{21}\.\.\. +1/);
  });

  it('aligns every table column', async () => {
    const text = formatStats(computeStats(await captureSessions('test/fixtures/corpus/ndpi/pop3.pcap')));
    const block = text.split('\n\n').find((b) => b.startsWith('  command'))!.split('\n');
    expect(block.length).toBe(10);
    const ends = (line: string): number[] => [...line.matchAll(/\S+/g)].slice(1).map((m) => m.index + m[0].length);
    // Numbers are right-aligned under their headings (whose last word ends where they end).
    const headingEnds = ends(block[0]!);
    const rowEnds = ends(block[1]!);
    expect(rowEnds).toHaveLength(5);
    for (const end of rowEnds) expect(headingEnds).toContain(end);
    for (const line of block.slice(2)) expect(ends(line)).toEqual(rowEnds);
  });
});

function sum(record: Record<string, number>): number {
  return Object.values(record).reduce((a, b) => a + b, 0);
}

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : /\.(pcap|pcapng)$/.test(name) ? [path] : [];
    });
}
