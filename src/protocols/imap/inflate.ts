/**
 * A synchronous, resumable raw-DEFLATE decoder (RFC 1951) for IMAP COMPRESS=DEFLATE (RFC 4978).
 *
 * Why not node's zlib: its streaming inflater is asynchronous (the work runs on the thread pool and
 * the output arrives in a later callback), and its synchronous calls inflate one complete buffer
 * and then close the engine, so they cannot carry the 32 KiB window from one TCP segment to the
 * next. A decoder is a synchronous state machine fed segment by segment, so it needs an inflater
 * that keeps its state between calls and returns output immediately: this one. Tests check it
 * against node's zlib.
 *
 * Input is written in chunks of any size; output is read in pieces of at most `max` octets, so the
 * caller bounds memory and can stop a decompression bomb. Every unit (block header, code tables,
 * one literal or length/distance pair) is decoded atomically: when the input ends inside one, the
 * reader rolls back to its start and waits for more.
 */

const WINDOW = 32768;
const WINDOW_MASK = WINDOW - 1;
const MAX_MATCH = 258;

const LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE = [
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
];
const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
const CLEN_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/** A canonical Huffman code as a lookup table indexed by the next `bits` input bits (LSB first). */
interface Huffman {
  /** (symbol << 4) | code length; 0 where no code matches. */
  table: Int32Array;
  bits: number;
}

/** Thrown inside the decoder when the input ends within a unit (never escapes the class). */
const NEED_INPUT = Symbol('need input');

export class InflateError extends Error {}

function buildHuffman(lengths: ArrayLike<number>, n: number): Huffman {
  let bits = 0;
  const count = new Uint16Array(16);
  for (let i = 0; i < n; i++) {
    const l = lengths[i]!;
    count[l]!++;
    if (l > bits) bits = l;
  }
  count[0] = 0;
  let left = 1;
  for (let len = 1; len <= 15; len++) {
    left = left * 2 - count[len]!;
    if (left < 0) throw new InflateError('over-subscribed Huffman code');
  }
  // RFC 1951 §3.2.2: the first code of each length.
  const next = new Uint16Array(16);
  for (let len = 1, code = 0; len <= 15; len++) {
    code = (code + count[len - 1]!) << 1;
    next[len] = code;
  }
  const size = 1 << Math.max(bits, 1);
  const table = new Int32Array(size);
  for (let sym = 0; sym < n; sym++) {
    const len = lengths[sym]!;
    if (len === 0) continue;
    const c = next[len]!++;
    let rev = 0;
    for (let i = 0; i < len; i++) rev |= ((c >> i) & 1) << (len - 1 - i);
    for (let i = rev; i < size; i += 1 << len) table[i] = (sym << 4) | len;
  }
  return { table, bits: Math.max(bits, 1) };
}

const FIXED_LIT = (() => {
  const l = new Uint8Array(288);
  l.fill(8, 0, 144);
  l.fill(9, 144, 256);
  l.fill(7, 256, 280);
  l.fill(8, 280, 288);
  return buildHuffman(l, 288);
})();
const FIXED_DIST = buildHuffman(new Uint8Array(30).fill(5), 30);

type State = 'header' | 'stored' | 'codes' | 'done';

export class RawInflater {
  private input: Buffer = Buffer.alloc(0);
  private pos = 0;
  private bitBuf = 0;
  private bitCnt = 0;
  private state: State = 'header';
  private final = false;
  private storedLeft = 0;
  private lit: Huffman = FIXED_LIT;
  private dist: Huffman = FIXED_DIST;
  private readonly window = new Uint8Array(WINDOW);
  private wpos = 0;
  /** Octets produced so far (a distance may not reach before the first). */
  private total = 0;
  /** Set once the input was found corrupt; no more output after that. */
  error: string | null = null;

  /** True after the final block (BFINAL) ended. */
  get finished(): boolean {
    return this.state === 'done';
  }

  /** Appends compressed input. The inflater may keep a view of `chunk` until detach(). */
  write(chunk: Buffer): void {
    if (chunk.length === 0) return;
    if (this.pos >= this.input.length) {
      this.input = chunk;
      this.pos = 0;
    } else {
      this.input = Buffer.concat([this.input.subarray(this.pos), chunk]);
      this.pos = 0;
    }
  }

  /** Copies unconsumed input into memory of its own (call before the caller's chunk goes away). */
  detach(): void {
    this.input = Buffer.from(this.input.subarray(this.pos));
    this.pos = 0;
  }

  /** Compressed octets written but not yet consumed. */
  get pending(): number {
    return this.input.length - this.pos;
  }

  /**
   * Inflates up to `max` octets (at least MAX_MATCH) from the input written so far. Returns an
   * empty buffer when more input is needed (or after the end or an error).
   */
  read(max: number): Buffer {
    if (this.error || this.state === 'done') return Buffer.alloc(0);
    const out = Buffer.allocUnsafe(Math.max(max, MAX_MATCH));
    let n = 0;
    try {
      for (;;) {
        if (this.state === 'header') {
          if (!this.header()) break;
        } else if (this.state === 'stored') {
          n += this.stored(out, n);
          if (this.state === 'stored') break; // out of input or room
        } else if (this.state === 'codes') {
          n = this.codes(out, n);
          if (this.state === 'codes') break; // out of input or room
        } else break;
      }
    } catch (e) {
      if (!(e instanceof InflateError)) throw e;
      this.error = e.message;
    }
    return out.subarray(0, n);
  }

  // ---- bits -------------------------------------------------------------------------------------

  private need(n: number): void {
    while (this.bitCnt < n) {
      if (this.pos >= this.input.length) throw NEED_INPUT;
      this.bitBuf |= this.input[this.pos++]! << this.bitCnt;
      this.bitCnt += 8;
    }
  }

  private bits(n: number): number {
    if (n === 0) return 0;
    this.need(n);
    const v = this.bitBuf & ((1 << n) - 1);
    this.bitBuf >>>= n;
    this.bitCnt -= n;
    return v;
  }

  private decode(h: Huffman): number {
    while (this.bitCnt < h.bits && this.pos < this.input.length) {
      this.bitBuf |= this.input[this.pos++]! << this.bitCnt;
      this.bitCnt += 8;
    }
    const e = h.table[this.bitBuf & ((1 << h.bits) - 1)]!;
    const len = e & 15;
    if (len === 0) {
      if (this.bitCnt < h.bits) throw NEED_INPUT;
      throw new InflateError('invalid Huffman code');
    }
    if (len > this.bitCnt) throw NEED_INPUT;
    this.bitBuf >>>= len;
    this.bitCnt -= len;
    return e >> 4;
  }

  private snapshot(): [number, number, number] {
    return [this.pos, this.bitBuf, this.bitCnt];
  }

  private rollback(s: [number, number, number]): void {
    [this.pos, this.bitBuf, this.bitCnt] = s;
  }

  // ---- blocks -----------------------------------------------------------------------------------

  /** Reads a block header (and, for dynamic blocks, the code tables); false when input is short. */
  private header(): boolean {
    if (this.final) {
      this.state = 'done';
      return false;
    }
    const s = this.snapshot();
    try {
      const bfinal = this.bits(1);
      const btype = this.bits(2);
      if (btype === 0) {
        const drop = this.bitCnt & 7; // to the byte boundary
        this.bitBuf >>>= drop;
        this.bitCnt -= drop;
        const len = this.bits(16);
        const nlen = this.bits(16);
        if ((len ^ 0xffff) !== nlen) throw new InflateError('stored block length check failed');
        this.storedLeft = len;
        this.state = 'stored';
      } else if (btype === 1) {
        this.lit = FIXED_LIT;
        this.dist = FIXED_DIST;
        this.state = 'codes';
      } else if (btype === 2) {
        this.dynamicTables();
        this.state = 'codes';
      } else throw new InflateError('invalid block type 3');
      this.final = bfinal === 1;
      return true;
    } catch (e) {
      if (e !== NEED_INPUT) throw e;
      this.rollback(s);
      return false;
    }
  }

  private dynamicTables(): void {
    const hlit = this.bits(5) + 257;
    const hdist = this.bits(5) + 1;
    const hclen = this.bits(4) + 4;
    if (hlit > 286 || hdist > 30) throw new InflateError('too many length or distance codes');
    const clen = new Uint8Array(19);
    for (let i = 0; i < hclen; i++) clen[CLEN_ORDER[i]!] = this.bits(3);
    const clh = buildHuffman(clen, 19);
    const lengths = new Uint8Array(hlit + hdist);
    let i = 0;
    while (i < hlit + hdist) {
      const sym = this.decode(clh);
      if (sym < 16) lengths[i++] = sym;
      else {
        let rep: number;
        let val = 0;
        if (sym === 16) {
          if (i === 0) throw new InflateError('repeat with no previous length');
          val = lengths[i - 1]!;
          rep = 3 + this.bits(2);
        } else if (sym === 17) rep = 3 + this.bits(3);
        else rep = 11 + this.bits(7);
        if (i + rep > hlit + hdist) throw new InflateError('code lengths overflow');
        lengths.fill(val, i, i + rep);
        i += rep;
      }
    }
    if (lengths[256] === 0) throw new InflateError('no end-of-block code');
    this.lit = buildHuffman(lengths.subarray(0, hlit), hlit);
    this.dist = buildHuffman(lengths.subarray(hlit), hdist);
  }

  /** Copies stored-block octets into out[at..]; returns how many. */
  private stored(out: Buffer, at: number): number {
    // Whole bytes already pulled into the bit buffer come first.
    let n = 0;
    while (this.storedLeft > 0 && this.bitCnt >= 8 && at + n < out.length) {
      this.put(out, at + n++, this.bitBuf & 0xff);
      this.bitBuf >>>= 8;
      this.bitCnt -= 8;
      this.storedLeft--;
    }
    const k = Math.min(this.storedLeft, this.input.length - this.pos, out.length - at - n);
    for (let j = 0; j < k; j++) this.put(out, at + n + j, this.input[this.pos + j]!);
    this.pos += k;
    this.storedLeft -= k;
    if (this.storedLeft === 0) this.state = 'header';
    return n + k;
  }

  private put(out: Buffer, at: number, b: number): void {
    out[at] = b;
    this.window[this.wpos] = b;
    this.wpos = (this.wpos + 1) & WINDOW_MASK;
    this.total++;
  }

  /** Decodes symbols into out[at..] while room for one maximal match remains; returns the new end. */
  private codes(out: Buffer, at: number): number {
    let n = at;
    const win = this.window;
    while (n + MAX_MATCH <= out.length) {
      const s = this.snapshot();
      try {
        const sym = this.decode(this.lit);
        if (sym < 256) {
          this.put(out, n++, sym);
          continue;
        }
        if (sym === 256) {
          this.state = 'header';
          return n;
        }
        const li = sym - 257;
        if (li >= 29) throw new InflateError('invalid length code');
        const length = LENGTH_BASE[li]! + this.bits(LENGTH_EXTRA[li]!);
        const di = this.decode(this.dist);
        if (di >= 30) throw new InflateError('invalid distance code');
        const distance = DIST_BASE[di]! + this.bits(DIST_EXTRA[di]!);
        if (distance > this.total) throw new InflateError('distance too far back');
        let from = (this.wpos - distance) & WINDOW_MASK;
        for (let j = 0; j < length; j++) {
          this.put(out, n++, win[from]!);
          from = (from + 1) & WINDOW_MASK;
        }
      } catch (e) {
        if (e !== NEED_INPUT) throw e;
        this.rollback(s);
        return n;
      }
    }
    return n;
  }
}
