/**
 * A first-in first-out queue with O(1) removal at the front (an array with a moving head,
 * compacted now and then): a client may pipeline thousands of commands before the first reply.
 */
export class Queue<T> {
  private items: T[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  /** The item at position `i` from the front (0 = the oldest). */
  at(i: number): T | undefined {
    return i < 0 ? undefined : this.items[this.head + i];
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head++];
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  /** Position (from the front) of the first item that satisfies `pred`, or -1. */
  findIndex(pred: (item: T) => boolean): number {
    for (let i = this.head; i < this.items.length; i++) if (pred(this.items[i]!)) return i - this.head;
    return -1;
  }

  /** Removes and returns the `n` oldest items. */
  shiftMany(n: number): T[] {
    const out: T[] = [];
    for (let i = 0; i < n && this.length > 0; i++) out.push(this.shift()!);
    return out;
  }

  clear(): void {
    this.items = [];
    this.head = 0;
  }
}
