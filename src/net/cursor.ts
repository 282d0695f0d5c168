/**
 * The window of bytes the current layer occupies. The decoder owns one Cursor and moves it inward
 * layer by layer (link → IP → tunnel → IP → TCP), so decoding a packet allocates nothing for it.
 */
export class Cursor {
  /** The bytes being decoded: the captured frame, or a reassembled datagram. */
  buf: Buffer = Buffer.alloc(0);
  /** Where the current layer starts in `buf`. */
  off = 0;
  /** Where the current layer ends on the wire; may lie beyond `buf` when the snaplen cut the frame. */
  wireEnd = 0;
  /** Where the captured bytes of the current layer end: min(buf.length, wireEnd). */
  capEnd = 0;

  /** Points the cursor at `buf[off..]` with `wireEnd` as the end on the wire. */
  reset(buf: Buffer, off: number, wireEnd: number): void {
    this.buf = buf;
    this.off = off;
    this.wireEnd = wireEnd;
    this.capEnd = buf.length < wireEnd ? buf.length : wireEnd;
  }

  /** True when `n` bytes from `off` were captured. */
  has(n: number): boolean {
    return this.off + n <= this.capEnd;
  }

  /** Length of the current layer on the wire. */
  wireLength(): number {
    return this.wireEnd - this.off;
  }

  /** Moves the start forward by `n` bytes (the caller has checked they exist on the wire). */
  skip(n: number): void {
    this.off += n;
  }

  /** Ends the current layer `len` bytes after `off` (the caller has checked len <= wireLength()). */
  limit(len: number): void {
    this.wireEnd = this.off + len;
    if (this.capEnd > this.wireEnd) this.capEnd = this.wireEnd;
  }
}
