/** What the flow layer produces: per-connection ordered byte streams with explicit gaps. */
import type { Endpoint } from '../net/types.js';

/** C = client to server, S = server to client. */
export type Direction = 'C' | 'S';

/** How a connection ended (or why we stopped following it). */
export type EndReason = 'fin' | 'rst' | 'capture-end' | 'timeout' | 'port-reuse' | 'limit';

/**
 * Consumes one TCP connection's two byte streams, like gopacket's reassembly.Stream.
 * Calls arrive in capture order; within a direction, bytes are in sequence order and every
 * missing range is announced by gap() with its exact length before the bytes that follow it.
 */
export interface StreamConsumer {
  data(dir: Direction, bytes: Buffer, ts: number): void;
  gap(dir: Direction, length: number, ts: number): void;
  /** Something odd at the TCP level (e.g. `overlap-mismatch`), reported and otherwise ignored. */
  anomaly?(dir: Direction, kind: string, message: string, ts: number): void;
  end(ts: number, reason: EndReason): void;
}

export interface DirectionStats {
  /** Frames sent this way, every one counted (retransmissions and pure ACKs too), as tshark counts. */
  packets: number;
  /** Sum of frame lengths on the wire. */
  bytes: number;
  /** TCP payload bytes delivered in order to the consumer (no duplicates). */
  payload: number;
  /** Number of gaps and their total length. */
  gaps: number;
  gapBytes: number;
  /** Out-of-order bytes dropped because a buffer limit was hit. */
  dropped: number;
}

/** One TCP connection as the flow table sees it. */
export interface FlowRecord {
  /** 0-based, in order of first packet (like tshark's tcp.stream). */
  id: number;
  client: Endpoint;
  server: Endpoint;
  /** True when the client was identified by a SYN; false when guessed (higher port). */
  clientFromSyn: boolean;
  handshake: boolean;
  /** Seconds since the epoch of the first and last packet. */
  start: number;
  last: number;
  end: EndReason | null;
  c2s: DirectionStats;
  s2c: DirectionStats;
  /** Counts of TCP-level anomalies by kind (overlap-mismatch, ...). */
  anomalies: Record<string, number>;
}

/** Makes the consumer for a new connection (return null to only count it). */
export type StreamFactory = (flow: FlowRecord) => StreamConsumer | null;

export interface FlowLimits {
  /** Max out-of-order bytes buffered per direction of one connection. */
  maxBufferedPerStream: number;
  /** Max out-of-order bytes buffered across all connections. */
  maxBufferedTotal: number;
  /** A connection with no packet for this many seconds (capture time) is flushed and closed. */
  idleTimeout: number;
  /** Max simultaneously tracked connections; the least recently active is closed beyond it. */
  maxFlows: number;
  /**
   * Seconds (capture time) a connection closed by FIN or RST stays in the table after its last
   * packet, so that late ACKs and retransmissions still count in it. Memory for finished
   * connections is released after this, not after the much longer idleTimeout.
   */
  closedLinger: number;
}

export const DEFAULT_FLOW_LIMITS: FlowLimits = {
  maxBufferedPerStream: 4 * 1024 * 1024,
  maxBufferedTotal: 64 * 1024 * 1024,
  idleTimeout: 1800,
  maxFlows: 100_000,
  closedLinger: 30,
};
