/**
 * The client bytes that follow DATA, held unparsed until DATA's reply says what they are: message
 * text (354) or more commands (a refusal). The bytes already in the client's StreamBuffer when the
 * hold began stay there; what arrives later is queued here, each piece with its arrival, so that
 * replaying it later still judges pipelining by when it was sent.
 */
import { toText } from '../stream-buffer.js';
import type { Pending } from './transaction.js';

/** Client bytes held after DATA, waiting for its reply, before the bytes decide on their own. */
export const HOLD_LIMIT = 64 * 1024;

/** Of held bytes, this many are looked at to decide whether they are commands. */
const PEEK = 1024;

export interface HeldPiece {
  bytes: Buffer;
  ts: number;
  seq: number;
}

/** The start of the held bytes: the first line as text, whether it is complete, and how many bytes were looked at. */
export interface FirstLine {
  text: string;
  complete: boolean;
  available: number;
}

export class HeldBytes {
  readonly pieces: HeldPiece[] = [];
  /** Octets in `pieces`. */
  queued = 0;
  /** A decision from the bytes is due (for this reason) as soon as enough of them have arrived. */
  undecided: string | undefined;

  constructor(
    /** The DATA command whose reply is awaited. */
    readonly entry: Pending,
    /** Arrival (feed sequence number and time) of the bytes left in the client buffer when the hold began. */
    readonly seq: number,
    readonly ts: number,
  ) {}

  /** Holds a later piece (copied: the caller's chunk may be reused). */
  add(bytes: Buffer, ts: number, seq: number): void {
    this.pieces.push({ bytes: Buffer.from(bytes), ts, seq });
    this.queued += bytes.length;
  }

  /** The first held line, starting with `buffered` (the bytes still in the client buffer); null when nothing is held. */
  firstLine(buffered: Buffer): FirstLine | null {
    const parts: Buffer[] = [buffered.subarray(0, PEEK)];
    let n = parts[0]!.length;
    for (const p of this.pieces) {
      if (n >= PEEK) break;
      const part = p.bytes.subarray(0, PEEK - n);
      parts.push(part);
      n += part.length;
    }
    if (n === 0) return null;
    const bytes = Buffer.concat(parts, n);
    const lf = bytes.indexOf(0x0a);
    const end = lf < 0 ? bytes.length : lf > 0 && bytes[lf - 1] === 0x0d ? lf - 1 : lf;
    return { text: toText(bytes.subarray(0, end)), complete: lf >= 0, available: n };
  }

  /** Enough is held to decide from the bytes: a whole first line, or as much as is ever looked at. */
  static enough(first: FirstLine): boolean {
    return first.complete || first.available >= PEEK;
  }
}
