/**
 * Reassembles handshake messages (`msg_type(1) length(3) body`) from the plaintext fragments of
 * handshake records: a message may span records and a record may hold several messages. Only the
 * messages the owner wants are kept, and of those at most `cap` body bytes, so memory stays
 * bounded whatever the announced lengths; the other messages are skipped without copying.
 */

const HEADER_LENGTH = 4;
const EMPTY = Buffer.alloc(0);

export interface HandshakeMessage {
  type: number;
  /** The body, or its first `cap` bytes when longer. A view, valid only during the callback. */
  body: Buffer;
  /** Body length announced in the message header. */
  length: number;
  /** Some body bytes were missing from the capture: `body` is empty, the message cannot be read. */
  damaged: boolean;
  /** Stream offset of the record that carried the message's first byte. */
  recordOffset: number;
}

export class HandshakeReader {
  private readonly header = Buffer.alloc(HEADER_LENGTH);
  private headerHave = 0;
  private inBody = false;
  private type = 0;
  private length = 0;
  private have = 0;
  private want = false;
  private damaged = false;
  private store: Buffer | null = null;
  private recordOffset = 0;

  /**
   * @param wanted whether to keep the body of a message of this type
   * @param onMessage called with each complete wanted message
   * @param cap most body bytes kept of one message
   */
  constructor(
    private readonly wanted: (type: number) => boolean,
    private readonly onMessage: (m: HandshakeMessage) => void,
    private readonly cap: number,
  ) {}

  /** The next plaintext handshake bytes, from the record that starts at stream offset `recordOffset`. */
  push(piece: Buffer, recordOffset: number): void {
    const n = piece.length;
    let p = 0;
    while (p < n) {
      if (!this.inBody) {
        if (this.headerHave === 0) this.recordOffset = recordOffset;
        this.header[this.headerHave++] = piece[p++]!;
        if (this.headerHave === HEADER_LENGTH) this.startMessage();
        continue;
      }
      const take = Math.min(this.length - this.have, n - p);
      if (this.want && !this.damaged) {
        if (this.have === 0 && take === this.length) {
          // the whole body is in this piece: hand out a view, no copy
          this.have = take;
          p += take;
          this.finish(piece.subarray(p - take, p - take + Math.min(take, this.cap)));
          continue;
        }
        this.keep(piece, p, take);
      }
      this.have += take;
      p += take;
      if (this.have === this.length) this.finish(this.store ?? EMPTY);
    }
  }

  /**
   * `n` handshake bytes are missing from the capture. Returns false when the message boundaries
   * are lost with them (the gap took a message header), after which the reader must not be fed.
   */
  skip(n: number): boolean {
    if (!this.inBody) return n === 0;
    const take = Math.min(this.length - this.have, n);
    this.damaged = true;
    this.have += take;
    if (this.have === this.length) this.finish(EMPTY);
    return take === n;
  }

  /** Forgets any partial message (encryption starts, or the stream is resynchronised). */
  reset(): void {
    this.headerHave = 0;
    this.inBody = false;
    this.store = null;
  }

  private startMessage(): void {
    const h = this.header;
    this.headerHave = 0;
    this.type = h[0]!;
    this.length = (h[1]! << 16) | h.readUInt16BE(2);
    this.have = 0;
    this.want = this.wanted(this.type);
    this.damaged = false;
    this.store = null;
    this.inBody = true;
    if (this.length === 0) this.finish(EMPTY);
  }

  /** Copies the part of body bytes piece[p, p+take) that fits under the cap. */
  private keep(piece: Buffer, p: number, take: number): void {
    const size = Math.min(this.length, this.cap);
    if (this.store === null) this.store = Buffer.allocUnsafe(size);
    const room = size - this.have;
    if (room > 0) piece.copy(this.store, this.have, p, p + Math.min(room, take));
  }

  private finish(body: Buffer): void {
    const m: HandshakeMessage | null = this.want
      ? { type: this.type, body: this.damaged ? EMPTY : body, length: this.length, damaged: this.damaged, recordOffset: this.recordOffset }
      : null;
    this.inBody = false;
    this.store = null;
    if (m !== null) this.onMessage(m);
  }
}
