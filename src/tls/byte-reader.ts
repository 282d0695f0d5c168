/**
 * A bounds-checked cursor over a handshake message body. Reading past the end never throws: the
 * read returns -1 (numbers) or null (byte ranges) and `short` becomes true, so a parser can read a
 * whole structure and check once whether it was all there.
 */
export class ByteReader {
  /** A read went past the end. */
  short = false;

  constructor(
    private readonly buf: Buffer,
    private pos = 0,
    private readonly end = buf.length,
  ) {}

  /** Bytes left to read. */
  get remaining(): number {
    return this.end - this.pos;
  }

  u8(): number {
    if (this.pos + 1 > this.end) return this.fail();
    return this.buf[this.pos++]!;
  }

  u16(): number {
    if (this.pos + 2 > this.end) return this.fail();
    const v = this.buf.readUInt16BE(this.pos);
    this.pos += 2;
    return v;
  }

  u24(): number {
    if (this.pos + 3 > this.end) return this.fail();
    const v = (this.buf[this.pos]! << 16) | this.buf.readUInt16BE(this.pos + 1);
    this.pos += 3;
    return v;
  }

  /** The next `n` bytes as a view, or null when fewer remain (the reader is then exhausted). */
  bytes(n: number): Buffer | null {
    if (n < 0 || this.pos + n > this.end) {
      this.fail();
      return null;
    }
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** A reader over the next `n` bytes (a length-prefixed vector), advancing this one past them; null when fewer remain. */
  sub(n: number): ByteReader | null {
    if (n < 0 || this.pos + n > this.end) {
      this.fail();
      return null;
    }
    const r = new ByteReader(this.buf, this.pos, this.pos + n);
    this.pos += n;
    return r;
  }

  private fail(): number {
    this.short = true;
    this.pos = this.end;
    return -1;
  }
}
