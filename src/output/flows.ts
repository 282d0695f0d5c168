/** `mailwire flows` output: the TCP conversations as a table (like tshark -z conv,tcp) or as JSON. */
import type { FlowRecord } from '../flow/types.js';
import type { Endpoint } from '../net/types.js';
import { protocolByPort, type PortMap } from '../protocols/detect.js';

/** The JSON form of one conversation (documented in docs/schema.md). */
export interface FlowJson {
  stream: number;
  client: Endpoint;
  server: Endpoint;
  /** What the port map suggests: smtp, pop3, imap, or null. */
  protocol: string | null;
  packets: { c2s: number; s2c: number };
  bytes: { c2s: number; s2c: number };
  payload: { c2s: number; s2c: number };
  /** Seconds since the epoch. */
  start: number;
  /** Seconds from the first to the last packet. */
  duration: number;
  /** fin, rst, capture-end, timeout, port-reuse, limit. */
  end: string | null;
  handshake: boolean;
  /** True when the client was identified by its SYN (false: guessed as the higher port). */
  clientFromSyn: boolean;
  /** Bytes missing from the capture (`gaps` holes, `bytes` their total length) per direction. */
  gaps: { count: number; bytes: number; c2s: number; s2c: number };
  /** Out-of-order bytes dropped by a buffer limit. */
  dropped: number;
  anomalies: Record<string, number>;
}

export function flowToJson(f: FlowRecord, portMap: PortMap): FlowJson {
  return {
    stream: f.id,
    client: f.client,
    server: f.server,
    protocol: protocolByPort(f.client.port, f.server.port, portMap)?.protocol ?? null,
    packets: { c2s: f.c2s.packets, s2c: f.s2c.packets },
    bytes: { c2s: f.c2s.bytes, s2c: f.s2c.bytes },
    payload: { c2s: f.c2s.payload, s2c: f.s2c.payload },
    start: f.start,
    duration: round6(f.last - f.start),
    end: f.end,
    handshake: f.handshake,
    clientFromSyn: f.clientFromSyn,
    gaps: {
      count: f.c2s.gaps + f.s2c.gaps,
      bytes: f.c2s.gapBytes + f.s2c.gapBytes,
      c2s: f.c2s.gapBytes,
      s2c: f.s2c.gapBytes,
    },
    dropped: f.c2s.dropped + f.s2c.dropped,
    anomalies: { ...f.anomalies },
  };
}

/**
 * Writes `mailwire flows --json` text as flows end instead of all at once. Flows may arrive in
 * any order; each is written as soon as every lower stream number has been, so the text is
 * exactly `JSON.stringify(flowsSortedByStream, null, 2)` and only flows that ended before an
 * older one are held in memory.
 */
export class FlowJsonWriter {
  private readonly held = new Map<number, FlowJson>();
  private nextStream = 0;
  private written = 0;

  constructor(private readonly write: (text: string) => void) {}

  /** One flow, in any order; each stream number once. */
  add(flow: FlowJson): void {
    this.held.set(flow.stream, flow);
    for (let f = this.held.get(this.nextStream); f !== undefined; f = this.held.get(this.nextStream)) {
      this.held.delete(this.nextStream++);
      this.emit(f);
    }
  }

  /** Writes the flows still held (in stream order, should numbers be missing) and closes the array. */
  end(): void {
    for (const f of [...this.held.values()].sort((a, b) => a.stream - b.stream)) this.emit(f);
    this.held.clear();
    this.write(this.written === 0 ? '[]\n' : '\n]\n');
  }

  private emit(f: FlowJson): void {
    // JSON escapes newlines inside strings, so every newline here is layout: indent it one level.
    this.write(`${this.written++ === 0 ? '[\n' : ',\n'}  ${JSON.stringify(f, null, 2).replaceAll('\n', '\n  ')}`);
  }
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

function ep(e: Endpoint): string {
  return e.ip.includes(':') ? `[${e.ip}]:${e.port}` : `${e.ip}:${e.port}`;
}

/** A plain-text table, one conversation per row, times relative to the capture's first packet. */
export function formatFlowsTable(flows: FlowJson[], firstPacketTime: number | null): string {
  const header = ['#', 'client', 'server', 'proto', 'packets c>s', 's>c', 'bytes c>s', 's>c', 'payload c>s', 's>c', 'rel start', 'duration', 'end', 'handshake', 'gaps'];
  const rows = flows.map((f) => [
    String(f.stream),
    ep(f.client),
    ep(f.server),
    f.protocol ?? '-',
    String(f.packets.c2s),
    String(f.packets.s2c),
    String(f.bytes.c2s),
    String(f.bytes.s2c),
    String(f.payload.c2s),
    String(f.payload.s2c),
    (f.start - (firstPacketTime ?? f.start)).toFixed(6),
    f.duration.toFixed(6),
    f.end ?? '-',
    f.handshake ? 'yes' : f.clientFromSyn ? 'partial' : 'no',
    f.gaps.count === 0 ? '-' : `${f.gaps.count} (${f.gaps.bytes} B)`,
  ]);
  const right = new Set([0, 4, 5, 6, 7, 8, 9, 10, 11]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (cells: string[]): string =>
    cells
      .map((c, i) => (right.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const lines = [`TCP conversations: ${flows.length}`, fmt(header), ...rows.map(fmt)];
  return `${lines.join('\n')}\n`;
}
