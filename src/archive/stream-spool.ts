/**
 * The raw bytes of one direction of one session on their way into an archive: consecutive
 * bytes are gathered into runs of at most `chunkBytes`, and each full run, each run broken by a
 * gap, and whatever is held when `flush` is called, goes to `emit` (which must copy what it keeps).
 */
export class StreamSpool {
  private buf: Buffer | null = null;
  private used = 0;
  /** Stream offset of buf[0]. */
  private start = 0;
  /** Bytes handed to `emit` so far. */
  private emitted = 0;

  constructor(
    private readonly chunkBytes: number,
    private readonly emit: (offset: number, bytes: Buffer) => void,
  ) {}

  /** Bytes of memory held (the buffer's size, not only the part in use). */
  get capacity(): number {
    return this.buf?.length ?? 0;
  }

  /** Bytes passed on to `emit` so far. */
  get stored(): number {
    return this.emitted;
  }

  /** Bytes at stream offset `offset`; `bytes` is only read during the call. */
  add(offset: number, bytes: Buffer): void {
    if (this.used > 0 && offset !== this.start + this.used) this.flush();
    let pos = 0;
    while (pos < bytes.length) {
      if (this.used === 0) this.start = offset + pos;
      const n = Math.min(this.chunkBytes - this.used, bytes.length - pos);
      if (this.used === 0 && n === this.chunkBytes) {
        this.pass(this.start, bytes.subarray(pos, pos + n));
      } else {
        const buf = this.room(this.used + n);
        bytes.copy(buf, this.used, pos, pos + n);
        this.used += n;
        if (this.used === this.chunkBytes) this.emitHeld();
      }
      pos += n;
    }
  }

  /** Emits what is held and frees the buffer. */
  flush(): void {
    this.emitHeld();
    this.buf = null;
  }

  private emitHeld(): void {
    if (this.used === 0 || this.buf === null) return;
    const n = this.used;
    this.used = 0;
    this.pass(this.start, this.buf.subarray(0, n));
  }

  private pass(offset: number, bytes: Buffer): void {
    this.emitted += bytes.length;
    this.emit(offset, bytes);
  }

  /** The buffer, grown (doubling, from 4 KiB, up to chunkBytes) to hold at least `need` bytes. */
  private room(need: number): Buffer {
    if (this.buf !== null && this.buf.length >= need) return this.buf;
    let size = Math.max(this.buf?.length ?? 0, Math.min(4096, this.chunkBytes));
    while (size < need) size = Math.min(size * 2, this.chunkBytes);
    const grown = Buffer.allocUnsafe(size);
    if (this.buf !== null) this.buf.copy(grown, 0, 0, this.used);
    this.buf = grown;
    return grown;
  }
}
