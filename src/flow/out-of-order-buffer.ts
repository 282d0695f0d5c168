/**
 * The out-of-order part of one TCP byte stream: sorted, non-overlapping ranges of absolute
 * stream offsets, each holding a private copy of its bytes or marking bytes known to be missing
 * from the capture (the part of a segment the snaplen cut off).
 *
 * Overlap policy: the first copy of a byte wins. A new segment only fills what is not buffered
 * yet, and where it overlaps buffered bytes it is compared with them so that a retransmission
 * with different content can be reported. The one exception is a "missing" marker: real bytes
 * arriving later replace it.
 */

/** One buffered range `[start, end)` in absolute stream offsets. */
export interface BufferedRange {
  start: number;
  end: number;
  /** A private copy of the bytes, or null when the bytes are known to be missing from the capture. */
  data: Buffer | null;
}

/** What one insert did. */
export interface InsertResult {
  /** Bytes newly buffered (missing markers do not count). */
  added: number;
  /** True when some overlapping bytes differ from the ones already buffered. */
  mismatch: boolean;
  /** Number of new ranges created (0: the insert changed nothing). */
  pieces: number;
}

/** Above this many pieces an insert rebuilds the array instead of splicing (no huge argument lists). */
const MAX_SPLICE_ITEMS = 512;

export class OutOfOrderBuffer {
  private ranges: BufferedRange[] = [];
  /** Index of the first live range; ranges before it were shifted out (compacted lazily). */
  private head = 0;
  /** Bytes held (missing markers excluded). */
  bytes = 0;

  /** The range with the lowest offset, if any. */
  first(): BufferedRange | undefined {
    return this.ranges[this.head];
  }

  /** The range with the highest offset, if any. */
  last(): BufferedRange | undefined {
    return this.ranges.length > this.head ? this.ranges[this.ranges.length - 1] : undefined;
  }

  /** Removes and returns the range with the lowest offset. O(1) amortised. */
  shift(): BufferedRange | undefined {
    const r = this.ranges[this.head];
    if (r === undefined) return undefined;
    this.head++;
    if (r.data) this.bytes -= r.data.length;
    if (this.head === this.ranges.length) {
      this.ranges = [];
      this.head = 0;
    } else if (this.head >= 64 && this.head * 2 >= this.ranges.length) {
      this.ranges.splice(0, this.head);
      this.head = 0;
    }
    return r;
  }

  /**
   * Adds `[start, end)`: `data` holds exactly those bytes (it is copied, never kept), or null to
   * mark them missing. Only what is not buffered yet is added.
   */
  insert(start: number, end: number, data: Buffer | null): InsertResult {
    const result: InsertResult = { added: 0, mismatch: false, pieces: 0 };
    if (end <= start) return result;
    const ranges = this.ranges;
    const i = this.firstEndingAfter(start);
    const merged: BufferedRange[] = [];
    let cur = start;
    let j = i;
    for (; j < ranges.length; j++) {
      const r = ranges[j]!;
      if (r.start >= end) break;
      if (cur < r.start) merged.push(this.piece(cur, r.start, start, data, result));
      const os = Math.max(cur, r.start);
      const oe = Math.min(end, r.end);
      if (r.data === null && data !== null) {
        // Real bytes replace the overlapped part of a missing marker.
        if (r.start < os) merged.push({ start: r.start, end: os, data: null });
        merged.push(this.piece(os, oe, start, data, result));
        if (oe < r.end) merged.push({ start: oe, end: r.end, data: null });
      } else {
        if (r.data !== null && data !== null && !result.mismatch) {
          result.mismatch = data.compare(r.data, os - r.start, oe - r.start, os - start, oe - start) !== 0;
        }
        merged.push(r);
      }
      cur = Math.max(cur, r.end);
    }
    if (cur < end) merged.push(this.piece(cur, end, start, data, result));
    if (result.pieces === 0) return result; // everything was buffered already
    if (merged.length <= MAX_SPLICE_ITEMS) ranges.splice(i, j - i, ...merged);
    else this.ranges = ranges.slice(0, i).concat(merged, ranges.slice(j));
    this.bytes += result.added;
    return result;
  }

  /** Index of the first live range whose end is after `offset` (binary search). */
  private firstEndingAfter(offset: number): number {
    let lo = this.head;
    let hi = this.ranges.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ranges[mid]!.end <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** A new range `[from, to)` cut out of the inserted segment (which starts at `segStart`). */
  private piece(from: number, to: number, segStart: number, data: Buffer | null, result: InsertResult): BufferedRange {
    result.pieces++;
    if (data === null) return { start: from, end: to, data: null };
    result.added += to - from;
    return { start: from, end: to, data: Buffer.from(data.subarray(from - segStart, to - segStart)) };
  }
}
