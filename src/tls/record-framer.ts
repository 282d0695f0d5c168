/**
 * The TLS record layer's framing (RFC 8446 §5.1, RFC 5246 §6.2): cuts one direction's byte stream
 * into records `type(1) version(2) length(2) fragment(length)` and hands each record's fragment to
 * a sink piece by piece, as views of the pushed chunks. Nothing is buffered but a partial 5-byte
 * header, so the framer itself costs no copies; a sink that needs whole records (a decrypting
 * layer) assembles them, bounded by MAX_RECORD_FRAGMENT.
 *
 * This is the seam for decryption: the sink sees every record with its content type, so a layer
 * that turns ciphertext records into plaintext ones can sit between the framer and the observer.
 */

export const ContentType = {
  CHANGE_CIPHER_SPEC: 20,
  ALERT: 21,
  HANDSHAKE: 22,
  APPLICATION_DATA: 23,
  /** RFC 6520. */
  HEARTBEAT: 24,
} as const;

export const RECORD_HEADER_LENGTH = 5;

/** Largest fragment a record may announce: TLSCiphertext in TLS 1.2, 2^14 + 2048 (TLS 1.3 allows less). */
export const MAX_RECORD_FRAGMENT = 16384 + 2048;

/**
 * Checks byte `index` (0-4) of a record header, given that the bytes before it passed: content
 * type 20-24, version major 3 and minor 0-4, length at most MAX_RECORD_FRAGMENT. Returns what is
 * wrong, or null.
 */
export function recordHeaderProblem(header: Buffer, index: number): string | null {
  switch (index) {
    case 0: {
      const type = header[0]!;
      return type >= ContentType.CHANGE_CIPHER_SPEC && type <= ContentType.HEARTBEAT ? null : `content type ${type}`;
    }
    case 1:
      return header[1] === 3 ? null : `version major ${header[1]}`;
    case 2:
      return header[2]! <= 4 ? null : `version minor ${header[2]}`;
    case 4: {
      const length = header.readUInt16BE(3);
      return length <= MAX_RECORD_FRAGMENT ? null : `record length ${length} over ${MAX_RECORD_FRAGMENT}`;
    }
    default:
      return null;
  }
}

export interface RecordHeader {
  type: number;
  /** legacy_record_version, e.g. 0x0301. */
  version: number;
  /** Fragment length. */
  length: number;
  /** Stream offset of the record's first header byte. */
  offset: number;
}

/** Receives the records of one direction, in order. */
export interface TlsRecordSink {
  /** A header was read; `h.length` fragment bytes follow (recordEnd comes at once when it is 0). */
  recordStart(h: RecordHeader): void;
  /** The next bytes of the current fragment: a view, valid only during the call. */
  recordData(piece: Buffer): void;
  /** `length` bytes of the current fragment are missing from the capture. */
  recordGap(length: number): void;
  /** The current record is complete (its last bytes may have been a gap). */
  recordEnd(): void;
  /** The bytes at `offset` cannot be a record header: the stream is not (or no longer) TLS. */
  invalidRecord(offset: number, length: number, problem: string): void;
}

/**
 * `records`: following record by record. `lost`: a gap took away a record boundary, so where
 * records start is unknown (inside encrypted data, resynchronising would be guesswork). `broken`:
 * a record header was invalid. In both last states the framer only counts bytes.
 */
export type FramerState = 'records' | 'lost' | 'broken';

export class TlsRecordFramer {
  private readonly header = Buffer.alloc(RECORD_HEADER_LENGTH);
  private headerHave = 0;
  /** Fragment bytes still to come in the current record; -1 between records. */
  private remaining = -1;
  private pos: number;
  private st: FramerState = 'records';
  private unframed = 0;

  constructor(
    startOffset: number,
    private readonly sink: TlsRecordSink,
  ) {
    this.pos = startOffset;
  }

  /** Stream offset of the next byte. */
  get offset(): number {
    return this.pos;
  }

  get state(): FramerState {
    return this.st;
  }

  /** Bytes that arrived after framing stopped (lost or broken), the bad header's bytes included. */
  get unframedBytes(): number {
    return this.unframed;
  }

  /** The next bytes of the direction, in stream order, cut anywhere. */
  push(bytes: Buffer): void {
    const n = bytes.length;
    let p = 0;
    while (p < n) {
      if (this.st !== 'records') {
        this.unframed += n - p;
        this.pos += n - p;
        return;
      }
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, n - p);
        this.sink.recordData(take === n ? bytes : bytes.subarray(p, p + take));
        p += take;
        this.pos += take;
        this.remaining -= take;
        if (this.remaining === 0) this.endRecord();
        continue;
      }
      const index = this.headerHave++;
      this.header[index] = bytes[p++]!;
      this.pos++;
      const problem = recordHeaderProblem(this.header, index);
      if (problem !== null) {
        this.st = 'broken';
        this.unframed += this.headerHave;
        this.sink.invalidRecord(this.pos - this.headerHave, this.headerHave, problem);
        continue;
      }
      if (this.headerHave === RECORD_HEADER_LENGTH) this.startRecord();
    }
  }

  /** `length` bytes of the direction are missing from the capture. */
  gap(length: number): void {
    if (this.st === 'records' && this.remaining >= length && length > 0) {
      this.sink.recordGap(length);
      this.remaining -= length;
      this.pos += length;
      if (this.remaining === 0) this.endRecord();
      return;
    }
    this.pos += length;
    if (this.st === 'records' && length > 0) this.st = 'lost';
  }

  private startRecord(): void {
    const h = this.header;
    this.headerHave = 0;
    const length = h.readUInt16BE(3);
    this.remaining = length;
    this.sink.recordStart({ type: h[0]!, version: h.readUInt16BE(1), length, offset: this.pos - RECORD_HEADER_LENGTH });
    if (length === 0) this.endRecord();
  }

  private endRecord(): void {
    this.remaining = -1;
    this.sink.recordEnd();
  }
}
