/**
 * What the dialogue shows about the maildrop (RFC 1939 §5): how many messages it holds, which
 * are marked deleted, and the sizes the scan listings gave. Message numbers never change within a
 * session (the maildrop is locked), so this is enough to see the server accept a message number
 * that does not exist or was deleted, and to compare RETR's octets with LIST's.
 */
export class Maildrop {
  /** Highest valid message number, once STAT or a complete LIST has told it. */
  private last: number | null = null;
  private readonly deleted = new Set<number>();
  private readonly sizes = new Map<number, number>();

  /** A STAT answer: deleted messages are not counted in it, but keep their numbers. */
  stat(count: number): void {
    this.raiseLast(count + this.deleted.size);
  }

  /** One scan listing (from LIST n, or a line of LIST). */
  scan(number: number, size: number): void {
    this.sizes.set(number, size);
  }

  /** A complete LIST: every number up to the last message is listed or deleted. */
  listed(numbers: readonly number[]): void {
    let max = 0;
    for (const n of numbers) max = Math.max(max, n);
    for (const d of this.deleted) max = Math.max(max, d);
    this.raiseLast(max);
  }

  /** DELE answered +OK. */
  delete(number: number): void {
    this.deleted.add(number);
  }

  /** RSET answered +OK. */
  reset(): void {
    this.deleted.clear();
  }

  /** The size a scan listing gave for `number`, if any. */
  listedSize(number: number): number | undefined {
    return this.sizes.get(number);
  }

  /** What is wrong with the server answering +OK to `verb number`: a violation id and message, or null. */
  acceptance(verb: string, number: number): [id: string, message: string] | null {
    if (this.deleted.has(number)) return ['POP3-MSG-DELETED-ACCEPTED', `${verb} ${number} answered +OK although message ${number} was deleted`];
    const last = this.last;
    if (last !== null && number > last) {
      return ['POP3-MSG-OUT-OF-RANGE-ACCEPTED', `${verb} ${number} answered +OK but the maildrop has ${last} message${last === 1 ? '' : 's'}`];
    }
    return null;
  }

  private raiseLast(n: number): void {
    this.last = Math.max(this.last ?? 0, n);
  }
}
