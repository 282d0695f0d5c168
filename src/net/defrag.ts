/**
 * IP fragment reassembly (IPv4 and IPv6 alike) under limits: how many datagrams are open at once,
 * how many bytes they hold in total, and how long (in capture time) a datagram may stay incomplete.
 * Overlapping fragments keep the bytes that arrived first; an overlap that disagrees is reported.
 */
import { NetAnomalyKind, type ReportAnomaly } from './anomalies.js';

/** Limits on reassembly state. */
export interface DefragLimits {
  /** Datagrams being reassembled at once; the oldest is dropped to make room for a new one. */
  maxBuffers: number;
  /** Bytes held by all datagrams being reassembled; the oldest are dropped to make room. */
  maxBytes: number;
  /** Seconds (capture time) after its first fragment that an incomplete datagram is dropped. */
  timeout: number;
}

/** Largest reassembled payload: the IP length fields are 16 bits. */
const MAX_DATAGRAM = 65535;

/** A datagram whose fragments have all arrived. */
export interface Reassembled {
  /** The reassembled payload (everything after the IP header, or the IPv6 fragmentable part). */
  payload: Buffer;
  /** The protocol the payload starts with, as given by the fragment at offset 0. */
  protocol: number;
}

/** What the decoder knows about one fragment. */
export interface Fragment {
  /** Identifies the datagram (see ipv4FragmentKey, ipv6FragmentKey). */
  key: string;
  /** Offset of the fragment's data in the datagram, in bytes. */
  offset: number;
  more: boolean;
  /** The fragment's data; copied if kept. */
  data: Buffer;
  /** Length of the fragment's data on the wire (more than data.length when the snaplen cut it). */
  wireLength: number;
  /** Protocol of the payload (meaningful in the fragment at offset 0). */
  protocol: number;
  /** For messages: `IPv4 datagram 10.0.0.1 → 10.0.0.2 id 0x1234`. */
  describe: () => string;
}

class Datagram implements Reassembled {
  payload: Buffer = Buffer.alloc(0);
  protocol = -1;
  /** Datagram length, known once the last fragment (no more fragments) arrived; -1 until then. */
  total = -1;
  /** Received byte ranges, sorted and merged: [start0, end0, start1, end1, ...]. */
  ranges: number[] = [];

  constructor(
    readonly key: string,
    readonly label: string,
    readonly created: number,
    readonly firstFrame: number,
  ) {}

  complete(): boolean {
    return this.total >= 0 && this.ranges.length === 2 && this.ranges[0] === 0 && this.ranges[1] === this.total;
  }
}

/** Reassembles fragmented datagrams; one instance serves a whole capture. */
export class Defragmenter {
  /** Open datagrams in the order they were created (Map keeps insertion order): oldest first. */
  private readonly open = new Map<string, Datagram>();
  private bytes = 0;
  /** Capture time at which the oldest open datagram expires. */
  private nextExpiry = Infinity;

  constructor(
    private readonly limits: DefragLimits,
    private readonly report: ReportAnomaly,
  ) {}

  /** Number of datagrams being reassembled. */
  get pending(): number {
    return this.open.size;
  }

  /** Bytes held for datagrams being reassembled. */
  get bufferedBytes(): number {
    return this.bytes;
  }

  /**
   * Adds one fragment seen at capture time `ts` in frame `frame`. Returns the datagram when this
   * fragment completes it (its payload is owned by the caller from then on), otherwise null.
   */
  add(f: Fragment, ts: number, frame: number): Reassembled | null {
    if (f.data.length < f.wireLength) {
      this.report(NetAnomalyKind.FRAGMENT_TRUNCATED, `${f.describe()}: fragment at offset ${f.offset} cut by the capture, cannot reassemble`);
      return null;
    }
    const end = f.offset + f.data.length;
    if (end > MAX_DATAGRAM) {
      this.report(NetAnomalyKind.FRAGMENT_INVALID, `${f.describe()}: fragment ends at ${end}, beyond the 65535-byte maximum`);
      return null;
    }
    const d = this.open.get(f.key) ?? this.create(f, ts, frame);
    if (!this.acceptsEnd(d, f, end)) return null;
    if (!this.reserve(d, d.total >= 0 ? d.total : end)) return null;
    if (f.offset === 0) d.protocol = f.protocol;
    this.merge(d, f, end);
    if (!d.complete()) return null;
    this.drop(d);
    d.payload = d.payload.subarray(0, d.total);
    return d;
  }

  /** Drops datagrams whose first fragment is older than the timeout at capture time `now`. */
  expire(now: number): void {
    if (now < this.nextExpiry) return;
    for (const d of this.open.values()) {
      if (d.created + this.limits.timeout >= now) break;
      this.report(
        NetAnomalyKind.FRAGMENT_TIMEOUT,
        `${d.label} (first fragment in frame ${d.firstFrame}) still incomplete after ${this.limits.timeout} s: dropped`,
      );
      this.drop(d);
    }
    this.updateExpiry();
  }

  private create(f: Fragment, ts: number, frame: number): Datagram {
    while (this.open.size >= this.limits.maxBuffers) {
      if (!this.evictOldest('datagrams')) break;
    }
    const d = new Datagram(f.key, f.describe(), ts, frame);
    this.open.set(f.key, d);
    this.updateExpiry();
    return d;
  }

  /** Checks the fragment against the datagram's known end; sets the end from a last fragment. */
  private acceptsEnd(d: Datagram, f: Fragment, end: number): boolean {
    const received = d.ranges.length > 0 ? d.ranges[d.ranges.length - 1] : 0;
    if (!f.more) {
      if (d.total >= 0 && d.total !== end) {
        this.report(NetAnomalyKind.FRAGMENT_INVALID, `${d.label}: last fragment ends at ${end}, an earlier one ended it at ${d.total}; ignored`);
        return false;
      }
      if (received > end) {
        this.report(NetAnomalyKind.FRAGMENT_INVALID, `${d.label}: last fragment ends at ${end}, but data up to ${received} was received; ignored`);
        return false;
      }
      d.total = end;
    } else if (d.total >= 0 && end > d.total) {
      this.report(NetAnomalyKind.FRAGMENT_INVALID, `${d.label}: fragment at offset ${f.offset} runs past the datagram end ${d.total}; ignored`);
      return false;
    }
    return true;
  }

  /** Grows the datagram's buffer to `size` bytes within the byte limit; drops it if that cannot be. */
  private reserve(d: Datagram, size: number): boolean {
    const have = d.payload.length;
    if (size <= have) return true;
    const wanted = d.total >= 0 ? size : Math.min(MAX_DATAGRAM, Math.max(size, 2 * have));
    while (this.bytes + wanted - have > this.limits.maxBytes) {
      if (!this.evictOldest('bytes', d)) break;
    }
    if (this.bytes + wanted - have > this.limits.maxBytes) {
      this.report(NetAnomalyKind.FRAGMENT_LIMIT, `${d.label}: needs ${wanted} bytes, over the ${this.limits.maxBytes}-byte reassembly limit: dropped`);
      this.drop(d);
      return false;
    }
    const grown = Buffer.allocUnsafe(wanted);
    d.payload.copy(grown, 0, 0, have);
    d.payload = grown;
    this.bytes += wanted - have;
    return true;
  }

  /** Copies the parts of the fragment not yet received; compares the parts already received. */
  private merge(d: Datagram, f: Fragment, end: number): void {
    const r = d.ranges;
    let pos = f.offset;
    let disagrees = false;
    for (let i = 0; i < r.length && pos < end; i += 2) {
      const start = r[i];
      const stop = r[i + 1];
      if (stop <= pos) continue;
      if (start >= end) break;
      if (start > pos) f.data.copy(d.payload, pos, pos - f.offset, start - f.offset);
      const overlapEnd = stop < end ? stop : end;
      const from = start > pos ? start : pos;
      if (d.payload.compare(f.data, from - f.offset, overlapEnd - f.offset, from, overlapEnd) !== 0) disagrees = true;
      pos = overlapEnd;
    }
    if (pos < end) f.data.copy(d.payload, pos, pos - f.offset, end - f.offset);
    if (disagrees) {
      this.report(NetAnomalyKind.FRAGMENT_OVERLAP, `${d.label}: fragment at offset ${f.offset} overlaps earlier data with different bytes; the first bytes are kept`);
    }
    if (end > f.offset) addRange(r, f.offset, end);
  }

  /** Drops the oldest datagram other than `keep`; false when there is none. */
  private evictOldest(limit: 'datagrams' | 'bytes', keep?: Datagram): boolean {
    for (const d of this.open.values()) {
      if (d === keep) continue;
      const what = limit === 'datagrams' ? `${this.limits.maxBuffers} datagrams` : `${this.limits.maxBytes} bytes`;
      this.report(NetAnomalyKind.FRAGMENT_LIMIT, `${d.label} (first fragment in frame ${d.firstFrame}) dropped: reassembly limit of ${what} reached`);
      this.drop(d);
      return true;
    }
    return false;
  }

  private drop(d: Datagram): void {
    this.open.delete(d.key);
    this.bytes -= d.payload.length;
    this.updateExpiry();
  }

  private updateExpiry(): void {
    const oldest = this.open.values().next();
    this.nextExpiry = oldest.done ? Infinity : oldest.value.created + this.limits.timeout;
  }
}

/** Inserts [start, end) into sorted, merged ranges, merging what touches or overlaps it. */
function addRange(r: number[], start: number, end: number): void {
  let i = 0;
  while (i < r.length && r[i + 1] < start) i += 2;
  let j = i;
  let s = start;
  let e = end;
  while (j < r.length && r[j] <= e) {
    if (r[j] < s) s = r[j];
    if (r[j + 1] > e) e = r[j + 1];
    j += 2;
  }
  r.splice(i, j - i, s, e);
}
