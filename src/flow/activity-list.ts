/**
 * Connections in order of last activity, least recent first: an intrusive doubly linked list,
 * so that touching a connection on every packet, finding the idlest one and removing any one
 * are all O(1).
 */

/** What an item needs to be kept in an ActivityList (the list owns these two fields). */
export interface ActivityNode<T> {
  prevActive: T | null;
  nextActive: T | null;
}

export class ActivityList<T extends ActivityNode<T>> {
  /** The least recently active item. */
  head: T | null = null;
  private tail: T | null = null;

  /** Adds an item that is not in the list as the most recently active. */
  append(item: T): void {
    item.prevActive = this.tail;
    item.nextActive = null;
    if (this.tail === null) this.head = item;
    else this.tail.nextActive = item;
    this.tail = item;
  }

  /** Takes an item out of the list. */
  remove(item: T): void {
    if (item.prevActive === null) this.head = item.nextActive;
    else item.prevActive.nextActive = item.nextActive;
    if (item.nextActive === null) this.tail = item.prevActive;
    else item.nextActive.prevActive = item.prevActive;
    item.prevActive = null;
    item.nextActive = null;
  }

  /** Marks an item in the list as the most recently active. */
  touch(item: T): void {
    if (this.tail === item) return;
    this.remove(item);
    this.append(item);
  }
}
