import { UserError } from '../errors.js';
import { PcapMagic, PcapParser } from './pcap.js';
import { BlockType, PcapngParser } from './pcapng.js';
import type { RecordParser } from './records.js';
import { CaptureSourceError, openCaptureSource } from './source.js';
import type { CaptureFormat, CaptureSink, CaptureSummary } from './types.js';

const WHAT_TO_GIVE = 'give a capture written by tcpdump, tshark or Wireshark';

/** Formats recognised by their first four bytes (read little-endian) that we do not read. */
const FOREIGN_MAGIC: ReadonlyMap<number, string> = new Map([
  [0xa1b2cd34, 'a "modified" (Kuznetzov) pcap file; convert it with `editcap -F pcap`'],
  [0x34cdb2a1, 'a "modified" (Kuznetzov) pcap file; convert it with `editcap -F pcap`'],
  [0x04034b50, 'a zip archive; unpack it first'],
  [0x587a37fd, 'xz-compressed; decompress it first (`xz -d`)'],
  [0xfd2fb528, 'zstd-compressed; decompress it first (`zstd -d`)'],
]);

/** Which capture format `firstBytes` (at least 4 of them) start, by magic number; null if none. */
export function detectFormat(firstBytes: Uint8Array): CaptureFormat | null {
  if (firstBytes.length < 4) return null;
  const magic = readMagic(firstBytes);
  if (magic === BlockType.SECTION_HEADER) return 'pcapng';
  for (const m of Object.values(PcapMagic)) if (magic === m) return 'pcap';
  return null;
}

/** A capture parser that picks pcap or pcapng from the first bytes pushed. */
export interface CaptureParser {
  /**
   * Feeds the next chunk. Throws `UserError` once the first four bytes are known and are no
   * capture's magic number; every problem after that is an anomaly, never an exception.
   */
  push(chunk: Buffer): void;
  /** Ends the input and sums it up. Throws `UserError` when fewer than four bytes came. */
  end(): CaptureSummary;
  /** True once a fatal anomaly stopped parsing: further input is ignored. */
  readonly stopped: boolean;
  /** Bytes pushed so far. */
  readonly bytes: number;
  /** The format, once the first four bytes are known. */
  readonly format: CaptureFormat | null;
}

/**
 * A parser for a pcap or pcapng stream, chosen by magic number, that reports to `sink`.
 * `name` names the input in `UserError` messages (default `input`). The summary says
 * `compressed: false` and counts the bytes pushed as `fileBytes`.
 */
export function createCaptureParser(sink: CaptureSink, opts: { name?: string } = {}): CaptureParser {
  return new AutoCaptureParser(sink, opts.name ?? 'input');
}

class AutoCaptureParser implements CaptureParser {
  format: CaptureFormat | null = null;
  private inner: RecordParser | null = null;
  /** The first bytes, while fewer than four came. */
  private start: Buffer = Buffer.alloc(0);

  constructor(
    private readonly sink: CaptureSink,
    private readonly name: string,
  ) {}

  get stopped(): boolean {
    return this.inner?.stopped ?? false;
  }

  get bytes(): number {
    return this.inner?.bytes ?? this.start.length;
  }

  push(chunk: Buffer): void {
    if (this.inner !== null) {
      this.inner.push(chunk);
      return;
    }
    const head = this.start.length === 0 ? chunk : Buffer.concat([this.start, chunk]);
    if (head.length < 4) {
      this.start = head;
      return;
    }
    this.format = detectFormat(head);
    if (this.format === null) throw new UserError(notACapture(this.name, head));
    this.inner = this.format === 'pcap' ? new PcapParser(this.sink) : new PcapngParser(this.sink);
    this.start = Buffer.alloc(0);
    this.inner.push(head);
  }

  end(): CaptureSummary {
    const inner = this.inner;
    if (inner === null || this.format === null) {
      const n = this.start.length;
      throw new UserError(
        n === 0
          ? `${this.name}: empty, not a capture; ${WHAT_TO_GIVE}`
          : `${this.name}: only ${n} byte${n === 1 ? '' : 's'}, too short to be a capture; ${WHAT_TO_GIVE}`,
      );
    }
    inner.end();
    return {
      format: this.format,
      compressed: false,
      fileBytes: inner.bytes,
      packets: inner.packets,
      anomalies: inner.anomalies,
      interfaces: [...inner.interfaces],
    };
  }
}

/** Options of `readCapture`. */
export interface ReadCaptureOptions {
  /** Called after each chunk with the bytes read from the file (compressed bytes if gzip). */
  onProgress?(bytesRead: number, totalBytes: number | null): void;
  /** See OpenOptions.reuseBuffer: only when the sink keeps nothing of a packet after its call. */
  reuseBuffer?: boolean;
}

/**
 * Reads the capture at `path` (`-` for standard input) into `sink`, streaming it in 1 MiB chunks
 * in bounded memory, gunzipping it when its content is gzip. Resolves with the summary; problems
 * inside the capture (truncation, lying lengths, a cut gzip stream, a read error) are anomalies
 * reported to the sink, with every packet before them delivered. Rejects with `UserError` when
 * the input cannot be opened or is not a capture at all (empty, unknown magic number).
 */
export async function readCapture(path: string, sink: CaptureSink, opts: ReadCaptureOptions = {}): Promise<CaptureSummary> {
  const source = await openCaptureSource(path, { reuseBuffer: opts.reuseBuffer });
  const parser = createCaptureParser(sink, { name: source.compressed ? `${source.name} (gunzipped)` : source.name });
  let failure: CaptureSourceError | null = null;
  try {
    for await (const chunk of source.chunks) {
      parser.push(chunk);
      opts.onProgress?.(source.bytesRead, source.totalBytes);
      if (parser.stopped) break;
    }
  } catch (err) {
    if (!(err instanceof CaptureSourceError)) throw err;
    if (parser.format === null) throw new UserError(`${source.name}: ${err.message}, before any capture data`);
    failure = err;
  }
  const summary = parser.end();
  if (failure !== null) {
    const offset = parser.bytes;
    sink.anomaly?.({
      kind: failure.kind,
      offset,
      message: `${failure.message} after ${offset} bytes of capture data; stopped reading there`,
      fatal: true,
    });
    summary.anomalies++;
  }
  return { ...summary, compressed: source.compressed, fileBytes: source.bytesRead };
}

function readMagic(b: Uint8Array): number {
  return (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0;
}

function notACapture(name: string, head: Buffer): string {
  const foreign = FOREIGN_MAGIC.get(readMagic(head)) ?? (head.toString('latin1', 0, 3) === 'BZh' ? 'bzip2-compressed; decompress it first (`bzip2 -d`)' : undefined);
  if (foreign !== undefined) return `${name}: not a pcap or pcapng file but ${foreign}`;
  const hex = [...head.subarray(0, 4)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  return `${name}: not a pcap or pcapng file (starts with ${hex}); ${WHAT_TO_GIVE}`;
}
