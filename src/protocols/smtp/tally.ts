/**
 * Violations that can repeat on every line (bare LF on each command, every pipelined command of
 * a client that never waits, ...) are reported once per scope, at the first occurrence, with the
 * number of occurrences — so a broken client yields one finding, not thousands.
 */

export type Report = (id: string, event: number, message: string) => void;

interface Entry {
  id: string;
  event: number;
  evidence: string;
  count: number;
}

export class ViolationTally {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly report: Report,
    /** How the count reads, e.g. `in this session`. */
    private readonly scopeName: string,
  ) {}

  /**
   * Records an occurrence; the first one's event and evidence are what gets reported. `kind`
   * keeps apart occurrences of one id that deserve their own report (bare LF in commands and in replies).
   */
  add(id: string, event: number, evidence: string, kind = ''): void {
    const key = `${id}\u0000${kind}`;
    const e = this.entries.get(key);
    if (e) e.count++;
    else this.entries.set(key, { id, event, evidence, count: 1 });
  }

  /** Reports every id seen since the last flush, in order of first occurrence. */
  flush(): void {
    for (const e of this.entries.values()) {
      this.report(e.id, e.event, e.count > 1 ? `${e.evidence} (${e.count} times ${this.scopeName})` : e.evidence);
    }
    this.entries.clear();
  }
}
