/**
 * Violations that can repeat on every line (bare LF on each command, every pipelined command of
 * a client that never waits, thousands of malformed RCPTs, ...) are reported once per scope, at
 * their first occurrence, with the number of occurrences — so a broken client yields one finding
 * per kind of problem, not thousands.
 */

export type Report = (id: string, event: number, message: string) => void;

interface Entry {
  id: string;
  event: number;
  evidence: string;
  count: number;
}

/**
 * What makes two pieces of evidence the same kind of problem: the message with its quoted
 * strings, <paths> and numbers taken out (`command line is 513 octets` ~ `... 600 octets`).
 */
export function evidenceKind(evidence: string): string {
  return evidence
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/<[^<>]*>/g, '<>')
    .replace(/\d+/g, '#');
}

export class ViolationTally {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly report: Report,
    /** How the count reads, e.g. `in this session`. */
    private readonly scopeName: string,
  ) {}

  /** Records an occurrence; the first one of its kind (id and evidenceKind) is what gets reported. */
  add(id: string, event: number, evidence: string): void {
    const key = `${id}\u0000${evidenceKind(evidence)}`;
    const e = this.entries.get(key);
    if (e) e.count++;
    else this.entries.set(key, { id, event, evidence, count: 1 });
  }

  /** Reports every kind seen since the last flush, in order of first occurrence. */
  flush(): void {
    for (const e of this.entries.values()) {
      this.report(e.id, e.event, e.count > 1 ? `${e.evidence} (${e.count} times ${this.scopeName})` : e.evidence);
    }
    this.entries.clear();
  }
}
