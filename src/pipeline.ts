/**
 * The pipeline assembled: capture file → packets → TCP segments → flows → sessions.
 * Push-based and streaming from end to end: memory is bounded by the flow limits, not by the
 * size of the capture.
 */
import { readCapture } from './capture/reader.js';
import type { CaptureAnomaly, CaptureSummary } from './capture/types.js';
import { packetTime } from './capture/types.js';
import { FlowTable } from './flow/flow-table.js';
import type { FlowLimits, FlowRecord, StreamFactory } from './flow/types.js';
import { PacketDecoder } from './net/decoder.js';
import type { NetAnomaly } from './net/types.js';
import { DEFAULT_DECODER_OPTIONS, type DecoderOptions } from './protocols/decoder.js';
import type { PortMap } from './protocols/detect.js';
import { createSessionFactory, type SessionSink } from './protocols/session-builder.js';

export interface AnalyzeOptions {
  /** User port mappings (`--map 2525=smtp`). */
  portMap?: PortMap;
  decoder?: Partial<DecoderOptions>;
  limits?: Partial<FlowLimits>;
  /** Receives decoded sessions; without it, flows are only counted (mailwire flows). */
  sessions?: SessionSink;
  /** Called once per TCP connection when it leaves the flow table, in order of completion. */
  onFlowEnd?(f: FlowRecord): void;
  onCaptureAnomaly?(a: CaptureAnomaly): void;
  onNetAnomaly?(a: NetAnomaly): void;
  onProgress?(bytesRead: number, totalBytes: number | null): void;
}

export interface AnalyzeResult {
  capture: CaptureSummary;
  /** Number of TCP connections seen. */
  flows: number;
  /** TCP segments decoded. */
  segments: number;
  /** Time of the first packet in the capture (seconds since the epoch), or null for an empty capture. */
  firstPacketTime: number | null;
}

/** Reads a capture (a path, or `-` for stdin) through the whole pipeline. */
export async function analyzeCapture(path: string, opts: AnalyzeOptions = {}): Promise<AnalyzeResult> {
  const factory: StreamFactory = opts.sessions
    ? createSessionFactory(opts.sessions, {
        portMap: opts.portMap ?? new Map(),
        decoder: { ...DEFAULT_DECODER_OPTIONS, ...opts.decoder },
      })
    : () => null;
  let flows = 0;
  let segments = 0;
  let lastTs = 0;
  let firstTs: number | null = null;
  const table = new FlowTable(factory, {
    limits: opts.limits,
    onFlowEnd: (f) => {
      flows++;
      opts.onFlowEnd?.(f);
    },
  });
  const net = new PacketDecoder({}, (a) => opts.onNetAnomaly?.(a));
  const capture = await readCapture(
    path,
    {
      packet(p) {
        lastTs = packetTime(p);
        if (firstTs === null) firstTs = lastTs;
        const seg = net.decode(p);
        if (seg) {
          segments++;
          table.add(seg);
        }
      },
      anomaly(a) {
        opts.onCaptureAnomaly?.(a);
      },
    },
    // Counting flows keeps nothing of a packet (out-of-order bytes are copied), so one read buffer can serve the whole file.
    { onProgress: opts.onProgress, reuseBuffer: !opts.sessions },
  );
  table.finish(lastTs);
  return { capture, flows, segments, firstPacketTime: firstTs };
}
