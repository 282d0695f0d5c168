/**
 * What the reports say about a set of sessions as a whole (counts per protocol, violations by
 * severity and by id), and the catalogue entries of the violations that occur. Shared by the
 * HTML and Markdown reports.
 */
import { CATALOGUE } from '../../model/catalogue.js';
import type { Session } from '../../model/session.js';
import { SEVERITY_RANK, type ProtocolName, type Severity, type Violation, type ViolationSpec } from '../../model/violation.js';

export const PROTOCOLS: readonly ProtocolName[] = ['smtp', 'pop3', 'imap'];
/** Severities, worst first. */
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

export interface ProtocolTally {
  protocol: ProtocolName;
  sessions: number;
  messages: number;
  /** Sessions with TLS (STARTTLS or implicit). */
  tls: number;
  violations: number;
}

export interface ViolationTally {
  id: string;
  severity: Severity;
  /** The RFC reference of its first occurrence. */
  rfc: string;
  count: number;
  /** Positions (in the sessions array) of the sessions where it occurs, in order. */
  sessions: number[];
}

export interface ReportSummary {
  sessions: number;
  /** Protocols that occur, in the order smtp, pop3, imap. */
  protocols: ProtocolTally[];
  bySeverity: Record<Severity, number>;
  /** Worst severity first, then most frequent, then by id. */
  byId: ViolationTally[];
}

/** Violations per severity. */
export function severityCounts(violations: readonly Violation[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const v of violations) counts[v.severity] = (counts[v.severity] ?? 0) + 1;
  return counts;
}

/** The word for `n` violations of a severity: `error`/`errors`, `warning`/`warnings`, `info`. */
export function severityWord(severity: Severity, n: number): string {
  return n === 1 || severity === 'info' ? severity : `${severity}s`;
}

/** `1 error, 2 warnings`, or `none`. */
export function severityText(counts: Record<Severity, number>): string {
  const parts = SEVERITIES.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${severityWord(s, counts[s])}`);
  return parts.length ? parts.join(', ') : 'none';
}

/** The worst severity among `violations`, or null when there are none. */
export function worstSeverity(violations: readonly Violation[]): Severity | null {
  let worst: Severity | null = null;
  for (const v of violations) if (worst === null || SEVERITY_RANK[v.severity] > SEVERITY_RANK[worst]) worst = v.severity;
  return worst;
}

export function summarize(sessions: readonly Session[]): ReportSummary {
  const protocols = new Map<ProtocolName, ProtocolTally>();
  const ids = new Map<string, ViolationTally>();
  const all: Violation[] = [];
  sessions.forEach((s, i) => {
    let p = protocols.get(s.protocol);
    if (!p) protocols.set(s.protocol, (p = { protocol: s.protocol, sessions: 0, messages: 0, tls: 0, violations: 0 }));
    p.sessions++;
    p.messages += s.messages.length;
    if (s.tls !== 'none') p.tls++;
    p.violations += s.violations.length;
    for (const v of s.violations) {
      all.push(v);
      let t = ids.get(v.id);
      if (!t) ids.set(v.id, (t = { id: v.id, severity: v.severity, rfc: v.rfc, count: 0, sessions: [] }));
      t.count++;
      if (t.sessions[t.sessions.length - 1] !== i) t.sessions.push(i);
    }
  });
  const byId = [...ids.values()].sort(
    (a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || b.count - a.count || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  return {
    sessions: sessions.length,
    protocols: PROTOCOLS.flatMap((name) => protocols.get(name) ?? []),
    bySeverity: severityCounts(all),
    byId,
  };
}

/** What the reports show of a catalogue entry. */
export type CatalogueEntry = Omit<ViolationSpec, 'protocol'>;

const CATALOGUE_BY_ID = new Map(CATALOGUE.map((v) => [v.id, v]));

/**
 * The catalogue entry of a violation; for an id the catalogue does not know (an archive written
 * by another version), an entry made from the violation itself, so a report never fails on it.
 */
export function catalogueEntry(v: Pick<Violation, 'id' | 'severity' | 'rfc'>): CatalogueEntry {
  return (
    CATALOGUE_BY_ID.get(v.id) ?? {
      id: v.id,
      severity: v.severity,
      rfc: v.rfc,
      title: v.id,
      description: 'This id is not in the catalogue of this version of mailwire.',
    }
  );
}
