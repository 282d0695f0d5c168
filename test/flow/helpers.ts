/** Test helpers for the flow layer: TcpSegment builders and recording consumers. */
import type { Endpoint, TcpSegment } from '../../src/net/types.js';
import { TcpFlag } from '../../src/net/types.js';
import type { ReassemblerOutput } from '../../src/flow/reassembler.js';
import type { Direction, EndReason, StreamConsumer } from '../../src/flow/types.js';

export const { FIN, SYN, RST, PSH, ACK } = TcpFlag;

/** What a consumer saw, in call order. Data is copied (the reassembler may pass the caller's buffer). */
export type Seen =
  | { kind: 'data'; bytes: Buffer; ts: number }
  | { kind: 'gap'; length: number; ts: number }
  | { kind: 'anomaly'; type: string; ts: number };

/** A ReassemblerOutput that records every call. */
export class StreamRecorder implements ReassemblerOutput {
  readonly seen: Seen[] = [];
  /** The exact Buffer objects passed to data(), to check zero-copy delivery. */
  readonly passed: Buffer[] = [];

  data(bytes: Buffer, ts: number): void {
    this.passed.push(bytes);
    this.seen.push({ kind: 'data', bytes: Buffer.from(bytes), ts });
  }
  gap(length: number, ts: number): void {
    this.seen.push({ kind: 'gap', length, ts });
  }
  anomaly(kind: string, _message: string, ts: number): void {
    this.seen.push({ kind: 'anomaly', type: kind, ts });
  }

  /** Data as latin1 text with each gap written `[gap N]` (anomalies left out). */
  text(): string {
    return this.seen
      .map((s) => (s.kind === 'data' ? s.bytes.toString('latin1') : s.kind === 'gap' ? `[gap ${s.length}]` : ''))
      .join('');
  }

  anomalies(): string[] {
    return this.seen.flatMap((s) => (s.kind === 'anomaly' ? [s.type] : []));
  }

  /** Data and gaps with consecutive data merged and consecutive gaps merged. */
  runs(): ({ data: Buffer } | { gap: number })[] {
    const out: ({ data: Buffer } | { gap: number })[] = [];
    for (const s of this.seen) {
      const last = out[out.length - 1];
      if (s.kind === 'data') {
        if (last && 'data' in last) last.data = Buffer.concat([last.data, s.bytes]);
        else out.push({ data: s.bytes });
      } else if (s.kind === 'gap') {
        if (last && 'gap' in last) last.gap += s.length;
        else out.push({ gap: s.length });
      }
    }
    return out;
  }
}

/** One call a StreamConsumer received. */
export type ConsumerCall =
  | { kind: 'data'; dir: Direction; text: string; ts: number }
  | { kind: 'gap'; dir: Direction; length: number; ts: number }
  | { kind: 'anomaly'; dir: Direction; type: string; ts: number }
  | { kind: 'end'; reason: EndReason; ts: number };

/** A StreamConsumer that records every call. */
export class ConsumerRecorder implements StreamConsumer {
  readonly calls: ConsumerCall[] = [];
  data(dir: Direction, bytes: Buffer, ts: number): void {
    this.calls.push({ kind: 'data', dir, text: bytes.toString('latin1'), ts });
  }
  gap(dir: Direction, length: number, ts: number): void {
    this.calls.push({ kind: 'gap', dir, length, ts });
  }
  anomaly(dir: Direction, kind: string, _message: string, ts: number): void {
    this.calls.push({ kind: 'anomaly', dir, type: kind, ts });
  }
  end(ts: number, reason: EndReason): void {
    this.calls.push({ kind: 'end', reason, ts });
  }
  /** Compact form: `C:text`, `S:[gap N]`, `end:fin`. */
  summary(): string[] {
    return this.calls.map((c) =>
      c.kind === 'data' ? `${c.dir}:${c.text}` : c.kind === 'gap' ? `${c.dir}:[gap ${c.length}]` : c.kind === 'anomaly' ? `${c.dir}!${c.type}` : `end:${c.reason}`,
    );
  }
}

export function ep(ip: string, port: number): Endpoint {
  return { ip, port };
}

export interface SegmentSpec {
  src: Endpoint;
  dst: Endpoint;
  seq?: number;
  ack?: number;
  flags?: number;
  payload?: string | Buffer;
  /** On-the-wire payload length when the capture truncated it. */
  payloadLen?: number;
  ts?: number;
  frame?: number;
  /** Defaults to 54 + payload length (Ethernet + IPv4 + TCP headers). */
  frameLen?: number;
}

/** Builds a TcpSegment; sequence numbers wrap to 32 bits. */
export function tcp(spec: SegmentSpec): TcpSegment {
  const payload = typeof spec.payload === 'string' ? Buffer.from(spec.payload, 'latin1') : (spec.payload ?? Buffer.alloc(0));
  const payloadLen = spec.payloadLen ?? payload.length;
  return {
    frame: spec.frame ?? 0,
    ts: spec.ts ?? 0,
    src: spec.src,
    dst: spec.dst,
    seq: (spec.seq ?? 0) >>> 0,
    ack: (spec.ack ?? 0) >>> 0,
    flags: spec.flags ?? ACK,
    window: 65535,
    payload,
    payloadLen,
    frameLen: spec.frameLen ?? 54 + payloadLen,
  };
}

/**
 * A scripted connection between a client and a server: keeps each side's next sequence number
 * so a test reads like the conversation. Every method returns the segment without adding it.
 */
export class Conversation {
  cSeq: number;
  sSeq: number;
  ts = 0;
  constructor(
    readonly client: Endpoint,
    readonly server: Endpoint,
    readonly cIsn = 1000,
    readonly sIsn = 5000,
  ) {
    this.cSeq = cIsn;
    this.sSeq = sIsn;
  }
  private make(fromClient: boolean, flags: number, payload: string, advance: boolean): TcpSegment {
    const s = tcp({
      src: fromClient ? this.client : this.server,
      dst: fromClient ? this.server : this.client,
      seq: fromClient ? this.cSeq : this.sSeq,
      ack: flags & ACK ? (fromClient ? this.sSeq : this.cSeq) : 0,
      flags,
      payload,
      ts: this.ts++,
    });
    if (advance) {
      const n = payload.length + (flags & SYN ? 1 : 0) + (flags & FIN ? 1 : 0);
      if (fromClient) this.cSeq = (this.cSeq + n) >>> 0;
      else this.sSeq = (this.sSeq + n) >>> 0;
    }
    return s;
  }
  syn(): TcpSegment {
    return this.make(true, SYN, '', true);
  }
  synAck(): TcpSegment {
    return this.make(false, SYN | ACK, '', true);
  }
  /** A segment from the client (advancing its sequence unless `advance` is false). */
  c(payload = '', flags = ACK | (payload ? PSH : 0), advance = true): TcpSegment {
    return this.make(true, flags, payload, advance);
  }
  s(payload = '', flags = ACK | (payload ? PSH : 0), advance = true): TcpSegment {
    return this.make(false, flags, payload, advance);
  }
  handshake(): TcpSegment[] {
    return [this.syn(), this.synAck(), this.c()];
  }
}
