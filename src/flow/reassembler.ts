/**
 * One direction of one TCP connection: turns segments, in whatever order the capture shows
 * them, into the byte stream in sequence order, with every missing range announced as a gap
 * of its exact length. The policy (sequence numbers, buffering, when to give up on a hole)
 * lives here; what the bytes mean is the consumer's business (gopacket's reassembly model).
 *
 * Offsets: sequence numbers are mapped to absolute stream offsets (offset 0 is the first byte
 * after the SYN, or the first byte seen when the capture started mid-stream), so arithmetic
 * mod 2^32 happens in one place and wraparound needs no special case.
 */
import { TcpFlag } from '../net/types.js';
import type { BufferBudget } from './budget.js';
import { OutOfOrderBuffer, type BufferedRange } from './out-of-order-buffer.js';
import type { FlowLimits } from './types.js';

/** Where a reassembler delivers one direction's stream. */
export interface ReassemblerOutput {
  /** In-order bytes; the Buffer may be the caller's payload itself (valid during the call only). */
  data(bytes: Buffer, ts: number): void;
  /** `length` bytes are missing here (never zero; adjacent holes found together come as one gap). */
  gap(length: number, ts: number): void;
  /** Something odd at the TCP level, e.g. `overlap-mismatch`; the stream goes on. */
  anomaly(kind: string, message: string, ts: number): void;
}

/** What a reassembler has done so far, in bytes unless said otherwise. */
export interface ReassemblyCounters {
  /** Bytes delivered through `data`. */
  delivered: number;
  /** Number of `gap` calls and their total length. */
  gaps: number;
  gapBytes: number;
  /** Bytes that arrived for a hole a buffer limit had already given up on (they were discarded). */
  dropped: number;
  /** Bytes received again after they had been delivered or announced missing. */
  duplicate: number;
  /** Bytes from before the point where a mid-stream capture picked the stream up. */
  beforeStart: number;
}

/**
 * Segments and ACKs further ahead than this are not believed: it is the largest window TCP can
 * advertise (65535 << 14), so nothing legitimate is in flight beyond it.
 */
const MAX_AHEAD = 2 ** 30;

/** How many limit-forced holes are remembered to tell dropped bytes from duplicates. */
const MAX_LIMIT_HOLES = 16;

export class StreamReassembler {
  readonly counters: ReassemblyCounters = { delivered: 0, gaps: 0, gapBytes: 0, dropped: 0, duplicate: 0, beforeStart: 0 };
  private started = false;
  /** Sequence number of absolute offset 0. */
  private base = 0;
  /** Offset of the next byte to deliver: everything before it was delivered or announced missing. */
  private next = 0;
  /** Offset of the FIN (the sequence number it consumes), or -1 while none has been seen. */
  private fin = -1;
  /** The peer's latest ACK seen before this stream started, or -1 (tells a first keep-alive apart). */
  private peerAck = -1;
  /** How far the peer acknowledged beyond `next`: bytes on the wire the capture has not shown (-1: none). */
  private acked = -1;
  /** Length of the gap being accumulated (adjacent holes found together are announced as one). */
  private gapLength = 0;
  private readonly pending = new OutOfOrderBuffer();
  /** Holes a buffer limit made us skip, as flat `[start, end)` pairs, oldest first (null: none yet). */
  private limitHoles: number[] | null = null;

  /**
   * @param limits `maxBufferedPerStream`: out-of-order bytes this direction may hold.
   * @param out receives the stream.
   * @param budget shared with every other reassembler of the same flow table.
   */
  constructor(
    private readonly limits: Pick<FlowLimits, 'maxBufferedPerStream'>,
    private readonly out: ReassemblerOutput,
    private readonly budget: BufferBudget,
  ) {}

  /** Out-of-order bytes held right now. */
  get buffered(): number {
    return this.pending.bytes;
  }

  /** The sequence number of the next byte expected, or null before the stream has started. */
  get nextSeq(): number | null {
    return this.started ? (this.base + this.next) >>> 0 : null;
  }

  /**
   * One segment of this direction. `payload` is what the capture holds; `payloadLen` is the
   * length on the wire (larger when the snaplen cut the frame). The payload is never kept:
   * what has to wait is copied.
   */
  segment(seq: number, flags: number, payload: Buffer, ts: number, payloadLen: number = payload.length): void {
    const syn = (flags & TcpFlag.SYN) !== 0;
    const fin = (flags & TcpFlag.FIN) !== 0;
    const len = Number.isSafeInteger(payloadLen) && payloadLen >= 0 ? payloadLen : payload.length;
    const data = payload.length > len ? payload.subarray(0, len) : payload;
    const dataSeq = (syn ? seq + 1 : seq) >>> 0;
    const plain = !syn && !fin && len <= 1;
    if (!this.started) {
      // A pure ACK says nothing about where the stream is; a keep-alive points one byte back.
      if (plain && (len === 0 || (this.peerAck >= 0 && dataSeq === ((this.peerAck - 1) >>> 0)))) return;
      this.started = true;
      this.base = dataSeq;
    }
    const start = this.toOffset(dataSeq);
    if (start - this.next > MAX_AHEAD) {
      this.out.anomaly('out-of-window', `segment at seq ${seq >>> 0} is ${start - this.next} bytes ahead of the stream`, ts);
      return;
    }
    if (plain && start === this.next - 1) return; // keep-alive: one old byte (or none) to provoke an ACK
    let end = start + len;
    let capEnd = start + data.length;
    if (fin) this.noteFin(end, seq, ts);
    if (this.fin >= 0 && end > Math.max(start, this.fin)) {
      this.out.anomaly('data-after-fin', `segment at seq ${seq >>> 0} carries ${end - Math.max(start, this.fin)} bytes after the FIN`, ts);
      end = Math.max(start, this.fin);
      capEnd = Math.min(capEnd, end);
    }
    if (start < this.next) this.countOld(start, Math.min(end, this.next));
    if (end > this.next) this.accept(start, data, capEnd, end, seq, ts);
    this.drain(ts);
    if (this.pending.first() !== undefined) this.settle(ts);
    this.enforceLimits(ts);
    this.flushGap(ts);
  }

  /**
   * The peer acknowledged everything before `ack`. Bytes it covers that the capture has not shown
   * were on the wire; they become a gap as soon as something shows they will not come late (ACKs
   * are sometimes captured before the data they acknowledge): data after them (buffered already
   * or arriving next), the peer's next data (`settleAcked`), a buffer limit, or `flush`.
   */
  ackSeen(ack: number, ts: number): void {
    if (!this.started) {
      this.peerAck = ack >>> 0;
      return;
    }
    const target = this.toOffset(ack >>> 0);
    if (target <= this.next || target - this.next > MAX_AHEAD) return;
    if (target > this.acked) this.acked = target;
    if (this.pending.first() !== undefined) {
      this.settle(ts);
      this.flushGap(ts);
    }
  }

  /**
   * Call before the peer's next data is delivered: what the peer acknowledged and the capture
   * has not shown is announced now, so that the consumer sees the two directions in causal order.
   */
  settleAcked(ts: number): void {
    if (this.acked <= this.next) return;
    this.settle(ts);
    this.flushGap(ts);
  }

  /** Delivers everything buffered, announcing the holes before it (and before a FIN) as gaps. */
  flush(ts: number): void {
    if (!this.started) return;
    for (let r = this.pending.shift(); r !== undefined; r = this.pending.shift()) this.deliver(r, ts);
    this.settle(ts);
    if (this.fin >= 0) this.gapTo(this.fin);
    this.drain(ts);
    this.flushGap(ts);
  }

  /**
   * Moves `next` up to what the peer acknowledged: buffered ranges before it are delivered, holes
   * announced. One sequence number acknowledged beyond everything seen, with no FIN seen, is most
   * often a FIN the capture shows late (or not at all), not a byte of data: it is left alone.
   */
  private settle(ts: number): void {
    const target = this.acked;
    if (target <= this.next) return;
    if (target === this.next + 1 && this.fin < 0 && this.pending.first() === undefined) return;
    for (let r = this.pending.first(); r !== undefined && r.start < target; r = this.pending.first()) {
      this.pending.shift();
      this.deliver(r, ts);
    }
    this.gapTo(target);
    this.drain(ts);
  }

  /** Absolute offset of a sequence number: the one nearest to `next` (within ±2^31). */
  private toOffset(seq: number): number {
    return this.next + ((seq - this.base - this.next) | 0);
  }

  /** Takes `[from, end)` of a segment starting at `start` where `from = max(start, next)`. */
  private accept(start: number, data: Buffer, capEnd: number, end: number, seq: number, ts: number): void {
    let at = Math.max(start, this.next);
    if (at === this.next) {
      // In order: hand the caller's bytes through, up to the first buffered range.
      const first = this.pending.first();
      const stop = first === undefined ? capEnd : Math.min(capEnd, first.start);
      if (stop > at) {
        const whole = at === start && stop === start + data.length;
        this.emitData(whole ? data : data.subarray(at - start, stop - start), ts);
        this.next = at = stop;
      }
    }
    if (at < capEnd) {
      const r = this.pending.insert(at, capEnd, data.subarray(at - start, capEnd - start));
      this.budget.used += r.added;
      if (r.mismatch) {
        this.out.anomaly('overlap-mismatch', `segment at seq ${seq >>> 0} (${end - start} bytes) differs from buffered bytes it overlaps`, ts);
      }
    }
    const lostFrom = Math.max(at, capEnd);
    if (lostFrom < end) this.pending.insert(lostFrom, end, null);
  }

  /** Records a FIN at `pos`; a FIN that contradicts what was seen is reported and ignored. */
  private noteFin(pos: number, seq: number, ts: number): void {
    if (this.fin >= 0) {
      if (pos !== this.fin) this.out.anomaly('fin-moved', `FIN at seq ${seq >>> 0} after a FIN at another position`, ts);
      return;
    }
    const last = this.pending.last();
    if (pos < this.next || (last !== undefined && last.end > pos)) {
      this.out.anomaly('data-after-fin', `FIN at seq ${seq >>> 0} comes before bytes already seen`, ts);
      return;
    }
    this.fin = pos;
  }

  /** Counts the part `[from, to)` of a segment that lies before `next`. */
  private countOld(from: number, to: number): void {
    const c = this.counters;
    if (from < 0) {
      c.beforeStart += Math.min(to, 0) - from;
      from = 0;
    }
    let n = to - from;
    const holes = this.limitHoles;
    if (n > 0 && holes !== null) {
      for (let i = 0; i < holes.length; i += 2) {
        const overlap = Math.min(to, holes[i + 1]!) - Math.max(from, holes[i]!);
        if (overlap > 0) {
          c.dropped += overlap;
          n -= overlap;
        }
      }
    }
    if (n > 0) c.duplicate += n;
  }

  /** Delivers the buffered ranges that now continue the stream, and consumes the FIN when reached. */
  private drain(ts: number): void {
    for (let r = this.pending.first(); r !== undefined && r.start <= this.next; r = this.pending.first()) {
      this.pending.shift();
      this.deliver(r, ts);
    }
    if (this.next === this.fin) this.next++;
  }

  /** Gives up on holes while this stream or the shared budget holds more than allowed. */
  private enforceLimits(ts: number): void {
    for (;;) {
      const held = this.pending.bytes;
      if (held <= this.limits.maxBufferedPerStream && (held === 0 || this.budget.used <= this.budget.limit)) return;
      const first = this.pending.first();
      if (first === undefined) return;
      this.rememberLimitHole(this.next, first.start);
      this.pending.shift();
      this.deliver(first, ts);
      this.drain(ts);
    }
  }

  private rememberLimitHole(from: number, to: number): void {
    if (to <= from) return;
    const holes = (this.limitHoles ??= []);
    holes.push(from, to);
    if (holes.length > 2 * MAX_LIMIT_HOLES) holes.splice(0, 2);
  }

  /** Delivers a range taken out of the buffer, announcing the hole before it. */
  private deliver(r: BufferedRange, ts: number): void {
    if (r.data !== null) this.budget.used -= r.data.length;
    this.gapTo(r.start);
    if (r.end <= this.next) return;
    const skip = this.next - r.start;
    if (r.data === null) this.gapLength += r.end - this.next;
    else this.emitData(skip > 0 ? r.data.subarray(skip) : r.data, ts);
    this.next = r.end;
  }

  /** Marks everything up to `target` (but never the FIN's own sequence number) as missing. */
  private gapTo(target: number): void {
    const to = this.fin >= 0 && target > this.fin ? this.fin : target;
    if (to > this.next) {
      this.gapLength += to - this.next;
      this.next = to;
    }
  }

  private emitData(bytes: Buffer, ts: number): void {
    this.flushGap(ts);
    this.counters.delivered += bytes.length;
    this.out.data(bytes, ts);
  }

  private flushGap(ts: number): void {
    if (this.gapLength === 0) return;
    const n = this.gapLength;
    this.gapLength = 0;
    this.counters.gaps++;
    this.counters.gapBytes += n;
    this.out.gap(n, ts);
  }
}
