/**
 * The table of TCP connections: finds the connection of each segment, numbers connections like
 * tshark's `tcp.stream`, counts every frame as tshark's conversation table does, feeds each
 * direction's reassembler (and the peer's ACKs to it), and ends connections on FIN, RST, port
 * reuse, idle time, the connection limit or the end of the capture.
 */
import { TcpFlag, type Endpoint, type TcpSegment } from '../net/types.js';
import { ActivityList, type ActivityNode } from './activity-list.js';
import { createBudget, type BufferBudget } from './budget.js';
import { CaptureClock } from './capture-clock.js';
import { StreamReassembler, type ReassemblerOutput } from './reassembler.js';
import {
  DEFAULT_FLOW_LIMITS,
  type Direction,
  type DirectionStats,
  type EndReason,
  type FlowLimits,
  type FlowRecord,
  type StreamConsumer,
  type StreamFactory,
} from './types.js';

export interface FlowTableOptions {
  limits?: Partial<FlowLimits>;
  /** Called once per connection when its record leaves the table (its `end` is set by then). */
  onFlowEnd?(flow: FlowRecord): void;
  /** Keep every FlowRecord for `records()` (memory grows with the number of connections). */
  keepRecords?: boolean;
}

const SYN_ACK = TcpFlag.SYN | TcpFlag.ACK;
/** A Wireshark base sequence number not known yet. */
const UNSET = -1;

interface Connection extends ActivityNode<Connection> {
  readonly key: string;
  /** `ip/port` of the client, to tell the direction of a segment. */
  readonly clientId: string;
  readonly record: FlowRecord;
  readonly consumer: StreamConsumer | null;
  /** The reassemblers, until the connection ends. */
  c2s: StreamReassembler | null;
  s2c: StreamReassembler | null;
  /**
   * Wireshark's base sequence number per direction, which decides (as for tcp.stream) whether a
   * SYN starts a new connection: set by the direction's first segment (its seq, minus one unless
   * it is a SYN) or by the first ACK from the other side (ack minus one).
   */
  baseC: number;
  baseS: number;
  finC: boolean;
  finS: boolean;
  synC: boolean;
  synAckS: boolean;
  /** Capture time of the last packet (the clock's, so that the activity list is in time order). */
  touchedAt: number;
}

export class FlowTable {
  private readonly limits: FlowLimits;
  private readonly budget: BufferBudget;
  private readonly connections = new Map<string, Connection>();
  private readonly activity = new ActivityList<Connection>();
  /** Connections that ended by FIN or RST, kept `closedLinger` seconds for late packets. */
  private readonly closed = new ActivityList<Connection>();
  private readonly kept: FlowRecord[] | null;
  private nextId = 0;
  private readonly clock: CaptureClock;
  private nextIdleCheck = -Infinity;

  constructor(
    private readonly factory: StreamFactory,
    private readonly opts: FlowTableOptions = {},
  ) {
    this.limits = { ...DEFAULT_FLOW_LIMITS, ...opts.limits };
    this.budget = createBudget(this.limits.maxBufferedTotal);
    this.clock = new CaptureClock(this.limits.idleTimeout);
    this.kept = opts.keepRecords ? [] : null;
  }

  /** Connections currently in the table (ended ones stay until a new SYN, idle time or finish). */
  get size(): number {
    return this.connections.size;
  }

  /** Out-of-order bytes buffered across all connections. */
  get buffered(): number {
    return this.budget.used;
  }

  /** Every connection seen so far in id order; empty unless the table was made with `keepRecords`. */
  records(): readonly FlowRecord[] {
    return this.kept ?? [];
  }

  /** One TCP segment, in capture order. */
  add(seg: TcpSegment): void {
    const now = this.clock.advance(seg.ts);
    const srcId = endpointId(seg.src);
    const dstId = endpointId(seg.dst);
    const key = srcId < dstId ? `${srcId} ${dstId}` : `${dstId} ${srcId}`;
    let conn = this.connections.get(key);
    if (conn !== undefined && (seg.flags & SYN_ACK) === TcpFlag.SYN) {
      const base = srcId === conn.clientId ? conn.baseC : conn.baseS;
      if (base !== UNSET && base !== seg.seq >>> 0) {
        this.remove(conn, seg.ts, 'port-reuse');
        conn = undefined;
      }
    }
    if (conn === undefined) conn = this.open(seg, srcId, key);
    else this.listOf(conn).touch(conn);
    conn.touchedAt = now;
    this.process(conn, seg, srcId === conn.clientId);
    // After the packet, so that a connection that just had one is never taken for idle.
    if (now >= this.nextIdleCheck) {
      this.expireIdle(now);
      this.nextIdleCheck = now + 1;
    }
  }

  /** The capture is over: flushes and ends every connection (`capture-end`), in id order. */
  finish(ts?: number): void {
    const at = ts ?? (Number.isFinite(this.clock.now) ? this.clock.now : 0);
    const all = [...this.connections.values()].sort((a, b) => a.record.id - b.record.id);
    for (const conn of all) this.remove(conn, at, 'capture-end');
  }

  private open(seg: TcpSegment, srcId: string, key: string): Connection {
    if (this.connections.size >= this.limits.maxFlows) {
      const victim = this.closed.head ?? this.activity.head;
      if (victim !== null) this.remove(victim, seg.ts, 'limit');
    }
    const synFlags = seg.flags & SYN_ACK;
    const clientFromSyn = synFlags === TcpFlag.SYN || synFlags === SYN_ACK;
    const clientIsSrc = clientFromSyn ? synFlags === TcpFlag.SYN : seg.src.port >= seg.dst.port;
    const client = clientIsSrc ? seg.src : seg.dst;
    const server = clientIsSrc ? seg.dst : seg.src;
    const record: FlowRecord = {
      id: this.nextId++,
      client: { ip: client.ip, port: client.port },
      server: { ip: server.ip, port: server.port },
      clientFromSyn,
      handshake: false,
      start: seg.ts,
      last: seg.ts,
      end: null,
      c2s: emptyStats(),
      s2c: emptyStats(),
      anomalies: {},
    };
    const conn: Connection = {
      key,
      clientId: clientIsSrc ? srcId : endpointId(seg.dst),
      record,
      consumer: this.factory(record),
      c2s: null,
      s2c: null,
      baseC: UNSET,
      baseS: UNSET,
      finC: false,
      finS: false,
      synC: false,
      synAckS: false,
      touchedAt: seg.ts,
      prevActive: null,
      nextActive: null,
    };
    conn.c2s = new StreamReassembler(this.limits, this.output(conn, 'C'), this.budget);
    conn.s2c = new StreamReassembler(this.limits, this.output(conn, 'S'), this.budget);
    this.connections.set(key, conn);
    this.activity.append(conn);
    this.kept?.push(record);
    return conn;
  }

  private process(conn: Connection, seg: TcpSegment, fromClient: boolean): void {
    const rec = conn.record;
    const flags = seg.flags;
    const stats = fromClient ? rec.c2s : rec.s2c;
    stats.packets++;
    stats.bytes += seg.frameLen;
    rec.last = seg.ts;
    const seq = seg.seq >>> 0;
    const syn = (flags & TcpFlag.SYN) !== 0;
    const ack = (flags & TcpFlag.ACK) !== 0;
    const ownBase = syn ? seq : (seq - 1) >>> 0;
    const peerBase = (seg.ack - 1) >>> 0;
    if (fromClient) {
      if (conn.baseC === UNSET) conn.baseC = ownBase;
      if (ack && conn.baseS === UNSET) conn.baseS = peerBase;
      if (syn && !ack) conn.synC = true;
    } else {
      if (conn.baseS === UNSET) conn.baseS = ownBase;
      if (ack && conn.baseC === UNSET) conn.baseC = peerBase;
      if (syn && ack) conn.synAckS = true;
    }
    rec.handshake = conn.synC && conn.synAckS;
    if (rec.end !== null) return; // counted; its bytes were delivered (or given up) already

    const own = fromClient ? conn.c2s : conn.s2c;
    const other = fromClient ? conn.s2c : conn.c2s;
    if (ack) other?.ackSeen(seg.ack, seg.ts);
    if ((flags & TcpFlag.RST) !== 0) {
      this.end(conn, seg.ts, 'rst');
      this.retire(conn);
      return;
    }
    if (own !== null) {
      // Loss the peer's ACKs revealed is announced before this direction's next data.
      if (seg.payloadLen > 0 || seg.payload.length > 0) other?.settleAcked(seg.ts);
      own.segment(seq, flags, seg.payload, seg.ts, seg.payloadLen);
      stats.dropped = own.counters.dropped;
    }
    if ((flags & TcpFlag.FIN) !== 0) {
      if (fromClient) conn.finC = true;
      else conn.finS = true;
      if (conn.finC && conn.finS) {
        this.end(conn, seg.ts, 'fin');
        this.retire(conn);
      }
    }
  }

  /** The list a connection is in: open ones by activity, closed ones (FIN/RST) by their last packet. */
  private listOf(conn: Connection): ActivityList<Connection> {
    return conn.record.end === null ? this.activity : this.closed;
  }

  /** A connection closed by FIN or RST moves to the closed list, where it lingers briefly for late packets. */
  private retire(conn: Connection): void {
    this.activity.remove(conn);
    this.closed.append(conn);
  }

  /** Flushes both directions and tells the consumer; the record stays in the table. */
  private end(conn: Connection, ts: number, reason: EndReason): void {
    const rec = conn.record;
    flushInto(conn.c2s, rec.c2s, ts);
    flushInto(conn.s2c, rec.s2c, ts);
    conn.c2s = null;
    conn.s2c = null;
    rec.end = reason;
    conn.consumer?.end(ts, reason);
  }

  /** Takes a connection out of the table, ending it first if it is still open. */
  private remove(conn: Connection, ts: number, reason: EndReason): void {
    const list = this.listOf(conn);
    if (conn.record.end === null) this.end(conn, ts, reason);
    list.remove(conn);
    this.connections.delete(conn.key);
    this.opts.onFlowEnd?.(conn.record);
  }

  /** Ends the connections idle for longer than the limit: the least recently active come first. */
  private expireIdle(now: number): void {
    const cutoff = now - this.limits.idleTimeout;
    for (let c = this.activity.head; c !== null && c.touchedAt < cutoff; c = this.activity.head) {
      this.remove(c, now, 'timeout');
    }
    const closedCutoff = now - this.limits.closedLinger;
    for (let c = this.closed.head; c !== null && c.touchedAt < closedCutoff; c = this.closed.head) {
      this.remove(c, now, c.record.end ?? 'timeout');
    }
  }

  /** Where one direction's reassembler delivers: the record's counters, then the consumer. */
  private output(conn: Connection, dir: Direction): ReassemblerOutput {
    const rec = conn.record;
    const stats = dir === 'C' ? rec.c2s : rec.s2c;
    const consumer = conn.consumer;
    return {
      data(bytes, ts) {
        stats.payload += bytes.length;
        consumer?.data(dir, bytes, ts);
      },
      gap(length, ts) {
        stats.gaps++;
        stats.gapBytes += length;
        consumer?.gap(dir, length, ts);
      },
      anomaly(kind, message, ts) {
        rec.anomalies[kind] = (rec.anomalies[kind] ?? 0) + 1;
        consumer?.anomaly?.(dir, kind, message, ts);
      },
    };
  }
}

/** Flushes one direction's reassembler (if still there) and records what it dropped. */
function flushInto(r: StreamReassembler | null, stats: DirectionStats, ts: number): void {
  if (r === null) return;
  r.flush(ts);
  stats.dropped = r.counters.dropped;
}

function endpointId(e: Endpoint): string {
  return `${e.ip}/${e.port}`;
}

function emptyStats(): DirectionStats {
  return { packets: 0, bytes: 0, payload: 0, gaps: 0, gapBytes: 0, dropped: 0 };
}
