/**
 * `mailwire stats`: a summary of decoded sessions per protocol — commands, replies, response
 * times, bytes, messages, TLS, violations and top talkers — as a plain-text report or as JSON
 * (schema: docs/stats.md). Computed from the sessions alone, so a capture and an archive give
 * the same numbers.
 */
import type { SessionEvent } from '../model/events.js';
import type { Session } from '../model/session.js';
import type { ProtocolName, Severity } from '../model/violation.js';
import { visible } from './visible.js';

/** Version of the `--json` layout; fields are only added within a version. */
export const STATS_SCHEMA_VERSION = 1;

/** How many clients and servers `talkers` lists per protocol. */
export const TOP_TALKERS = 10;

const PROTOCOLS: readonly ProtocolName[] = ['smtp', 'pop3', 'imap'];

/** Response times of one command verb, in seconds (nearest-rank percentiles). */
export interface ResponseTimes {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** A client or server address and what it took part in. */
export interface Talker {
  ip: string;
  sessions: number;
  /** Stream plus encrypted bytes of its sessions, both ways. */
  bytes: number;
}

export interface ViolationCount {
  severity: Severity;
  count: number;
}

/** Octets per direction. */
export interface Directional {
  c2s: number;
  s2c: number;
}

export interface ProtocolStats {
  sessions: number;
  commands: { total: number; byVerb: Record<string, number> };
  /** `byClass`: SMTP `2xx`..`5xx`; POP3 `+OK`/`-ERR`; IMAP tagged `OK`/`NO`/`BAD`, untagged `* OK`.. `* data`, `+`. */
  replies: { total: number; byClass: Record<string, number>; byCode: Record<string, number> };
  /** Per command verb, for the commands whose completion was seen. */
  responseTimes: Record<string, ResponseTimes>;
  /** Stream octets each way (cleartext, TLS and gap bytes: session.bytes). */
  bytes: Directional;
  /** Octets missing from the capture each way. */
  gaps: Directional;
  /** TLS application-data octets each way, as counted by the TLS observer. */
  encrypted: Directional;
  messages: { count: number; bytes: number; complete: number; byVia: Record<string, number> };
  tls: { none: number; starttls: number; implicit: number; versions: Record<string, number>; sni: Record<string, number> };
  violations: { total: number; bySeverity: Record<Severity, number>; byId: Record<string, ViolationCount> };
  talkers: { clients: Talker[]; servers: Talker[] };
}

export interface Stats {
  version: number;
  sessions: number;
  /** One entry per protocol that has sessions, in the order smtp, pop3, imap. */
  protocols: Partial<Record<ProtocolName, ProtocolStats>>;
}

/** The statistics of `sessions`. */
export function computeStats(sessions: Session[]): Stats {
  const protocols: Partial<Record<ProtocolName, ProtocolStats>> = {};
  for (const p of PROTOCOLS) {
    const mine = sessions.filter((s) => s.protocol === p);
    if (mine.length > 0) protocols[p] = protocolStats(p, mine);
  }
  return { version: STATS_SCHEMA_VERSION, sessions: sessions.length, protocols };
}

function protocolStats(protocol: ProtocolName, sessions: Session[]): ProtocolStats {
  const verbs = new Counter();
  const classes = new Counter();
  const codes = new Counter();
  const times = new Map<string, number[]>();
  const via = new Counter();
  const versions = new Counter();
  const snis = new Counter();
  const violationIds = new Map<string, ViolationCount>();
  const bySeverity: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const bytes = { c2s: 0, s2c: 0 };
  const gaps = { c2s: 0, s2c: 0 };
  const encrypted = { c2s: 0, s2c: 0 };
  const tls = { none: 0, starttls: 0, implicit: 0 };
  const messages = { count: 0, bytes: 0, complete: 0 };
  const clients = new Map<string, Talker>();
  const servers = new Map<string, Talker>();
  let commands = 0;
  let replies = 0;
  let violations = 0;

  for (const s of sessions) {
    for (const e of s.events) {
      if (e.kind === 'command') {
        commands++;
        verbs.add(e.verb);
        if (e.responseTime !== undefined) pushTo(times, e.verb, e.responseTime);
      } else if (e.kind === 'reply') {
        replies++;
        classes.add(replyClass(protocol, e));
        const code = replyCode(protocol, e);
        if (code !== undefined) codes.add(code);
      }
    }
    bytes.c2s += s.bytes.c2s;
    bytes.s2c += s.bytes.s2c;
    gaps.c2s += s.gaps.c2s;
    gaps.s2c += s.gaps.s2c;
    const enc = s.tlsInfo?.encryptedBytes ?? { c2s: 0, s2c: 0 };
    encrypted.c2s += enc.c2s;
    encrypted.s2c += enc.s2c;
    tls[s.tls]++;
    if (s.tls !== 'none') {
      versions.add(s.tlsInfo?.version ?? '(unknown)');
      snis.add(s.tlsInfo?.sni ?? '(none)');
    }
    for (const m of s.messages) {
      messages.count++;
      messages.bytes += m.size;
      if (m.complete) messages.complete++;
      via.add(m.via);
    }
    for (const v of s.violations) {
      violations++;
      bySeverity[v.severity]++;
      const known = violationIds.get(v.id);
      if (known) known.count++;
      else violationIds.set(v.id, { severity: v.severity, count: 1 });
    }
    const total = s.bytes.c2s + s.bytes.s2c;
    addTalker(clients, s.client.ip, total);
    addTalker(servers, s.server.ip, total);
  }

  return {
    sessions: sessions.length,
    commands: { total: commands, byVerb: verbs.byCount() },
    replies: { total: replies, byClass: classes.inOrder(REPLY_CLASSES[protocol]), byCode: codes.byKey() },
    responseTimes: Object.fromEntries([...times.entries()].sort(([a], [b]) => compareText(a, b)).map(([verb, ts]) => [verb, percentiles(ts)])),
    bytes,
    gaps,
    encrypted,
    messages: { ...messages, byVia: via.byCount() },
    tls: { ...tls, versions: versions.byCount(), sni: snis.byCount() },
    violations: {
      total: violations,
      bySeverity,
      byId: Object.fromEntries([...violationIds.entries()].sort(([a, x], [b, y]) => y.count - x.count || compareText(a, b))),
    },
    talkers: { clients: topTalkers(clients), servers: topTalkers(servers) },
  };
}

/** Reply classes always listed (with 0 when absent), in this order; others follow as seen. */
const REPLY_CLASSES: Record<ProtocolName, string[]> = {
  smtp: ['2xx', '3xx', '4xx', '5xx'],
  pop3: ['+OK', '-ERR'],
  imap: ['OK', 'NO', 'BAD'],
};

/** The class a reply is counted under (see ProtocolStats.replies). */
function replyClass(protocol: ProtocolName, e: Extract<SessionEvent, { kind: 'reply' }>): string {
  switch (protocol) {
    case 'smtp':
      return e.code !== undefined && /^[1-5]\d\d$/.test(e.code) ? `${e.code[0]}xx` : 'other';
    case 'pop3':
      return e.status ?? 'other';
    case 'imap':
      if (e.tag === '+') return '+';
      if (e.tag === '*') return e.status !== undefined ? `* ${e.status}` : '* data';
      return e.status ?? 'other';
  }
}

/** SMTP: the reply code; POP3/IMAP: the bracketed response code (`[AUTH]`, `[UIDVALIDITY ...]`), if any. */
function replyCode(protocol: ProtocolName, e: Extract<SessionEvent, { kind: 'reply' }>): string | undefined {
  if (protocol === 'smtp') return e.code;
  const code = e.detail?.code;
  if (typeof code === 'string') return code;
  if (code !== null && typeof code === 'object' && typeof (code as { name?: unknown }).name === 'string') return (code as { name: string }).name;
  return undefined;
}

/** Nearest-rank percentiles of `values` (seconds), rounded to the microsecond. */
export function percentiles(values: number[]): ResponseTimes {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number): number => round6(sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!);
  return { count: sorted.length, p50: rank(50), p90: rank(90), p99: rank(99), max: round6(sorted[sorted.length - 1]!) };
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

function pushTo(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function addTalker(map: Map<string, Talker>, ip: string, bytes: number): void {
  const t = map.get(ip);
  if (t) {
    t.sessions++;
    t.bytes += bytes;
  } else map.set(ip, { ip, sessions: 1, bytes });
}

function topTalkers(map: Map<string, Talker>): Talker[] {
  return [...map.values()].sort((a, b) => b.sessions - a.sessions || b.bytes - a.bytes || compareText(a.ip, b.ip)).slice(0, TOP_TALKERS);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Counts by key, handed out as plain objects in a stable order. */
class Counter {
  private readonly counts = new Map<string, number>();

  add(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  /** Most frequent first, ties by key. */
  byCount(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort(([a, x], [b, y]) => y - x || compareText(a, b)));
  }

  /** By key (numeric keys such as reply codes ascending). */
  byKey(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => compareText(a, b)));
  }

  /** `first` keys always (0 when unseen), in that order, then the others by key. */
  inOrder(first: string[]): Record<string, number> {
    const rest = [...this.counts.keys()].filter((k) => !first.includes(k)).sort(compareText);
    return Object.fromEntries([...first, ...rest].map((k) => [k, this.counts.get(k) ?? 0]));
  }
}

// ---------------------------------------------------------------------------------------------
// The plain-text report

const TITLES: Record<ProtocolName, string> = { smtp: 'SMTP', pop3: 'POP3', imap: 'IMAP' };

/** The statistics as an aligned plain-text report, one section per protocol. */
export function formatStats(stats: Stats): string {
  const present = PROTOCOLS.filter((p) => stats.protocols[p] !== undefined);
  if (present.length === 0) return 'No SMTP, POP3 or IMAP sessions.\n';
  return `${present.map((p) => formatProtocol(TITLES[p], stats.protocols[p]!)).join('\n')}`;
}

function formatProtocol(title: string, p: ProtocolStats): string {
  const lines: string[] = [`${title}: ${count(p.sessions, 'session')}`];
  const kv = (key: string, value: string): void => {
    lines.push(`  ${key.padEnd(12)}${value}`);
  };
  const missing = p.gaps.c2s + p.gaps.s2c > 0 ? `; missing from the capture c>s ${p.gaps.c2s}, s>c ${p.gaps.s2c}` : '';
  kv('bytes', `c>s ${p.bytes.c2s}, s>c ${p.bytes.s2c}${missing}`);
  if (p.encrypted.c2s + p.encrypted.s2c > 0) kv('encrypted', `c>s ${p.encrypted.c2s}, s>c ${p.encrypted.s2c}`);
  kv('TLS', tlsLine(p.tls));
  kv('messages', p.messages.count === 0 ? 'none' : `${p.messages.count} (${p.messages.bytes} octets, ${p.messages.complete} complete): ${pairs(p.messages.byVia)}`);
  kv('replies', `${p.replies.total}: ${pairs(p.replies.byClass)}`);
  if (Object.keys(p.replies.byCode).length > 0) kv('reply codes', pairs(p.replies.byCode));
  kv('violations', p.violations.total === 0 ? 'none' : `${p.violations.total}: ${pairs(p.violations.bySeverity)}`);

  if (p.commands.total > 0) {
    const rows = Object.entries(p.commands.byVerb).map(([verb, n]) => {
      const t = p.responseTimes[verb];
      return [shown(verb), String(n), ...(t ? [ms(t.p50), ms(t.p90), ms(t.p99), ms(t.max)] : ['-', '-', '-', '-'])];
    });
    lines.push('', ...table(['command', 'count', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms'], rows, [1, 2, 3, 4, 5]));
  }
  if (p.violations.total > 0) {
    const rows = Object.entries(p.violations.byId).map(([id, v]) => [id, v.severity, String(v.count)]);
    lines.push('', ...table(['violation', 'severity', 'count'], rows, [2]));
  }
  for (const [label, talkers] of [['client', p.talkers.clients], ['server', p.talkers.servers]] as const) {
    lines.push('', ...table([label, 'sessions', 'bytes'], talkers.map((t) => [t.ip, String(t.sessions), String(t.bytes)]), [1, 2]));
  }
  return `${lines.join('\n')}\n`;
}

function tlsLine(t: ProtocolStats['tls']): string {
  const modes = `none ${t.none}, starttls ${t.starttls}, implicit ${t.implicit}`;
  const versions = Object.keys(t.versions).length > 0 ? `; versions ${pairs(t.versions)}` : '';
  const sni = Object.keys(t.sni).length > 0 ? `; SNI ${pairs(t.sni)}` : '';
  return `${modes}${versions}${sni}`;
}

function pairs(record: Record<string, number>): string {
  return Object.entries(record)
    .map(([k, n]) => `${shown(k)} ${n}`)
    .join(', ');
}

/** Longest text from the wire shown in a cell (a garbage "verb" can be a line of binary). */
const MAX_SHOWN = 24;

/** Text from the wire made safe and short for the report: no control characters or tabs, bounded. */
function shown(text: string): string {
  const safe = visible(text).replaceAll('\t', '\\t');
  return safe.length > MAX_SHOWN ? `${safe.slice(0, MAX_SHOWN - 3)}...` : safe;
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function ms(seconds: number): string {
  return (seconds * 1000).toFixed(3);
}

/** Rows under a header, columns aligned (those in `right` to the right), indented two spaces. */
function table(header: string[], rows: string[][], right: number[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (cells: string[]): string =>
    `  ${cells
      .map((c, i) => (right.includes(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd()}`;
  return [fmt(header), ...rows.map(fmt)];
}
