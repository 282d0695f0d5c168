/** Shared test helpers: a sink that records everything, and feeding a parser in chunks. */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import type {
  CaptureAnomaly,
  CaptureInterface,
  CaptureSink,
  DecryptionSecrets,
  RawPacket,
} from '../../src/capture/types.js';
import type { FrameRecord } from '../../src/capture/writer.js';

/** What a parser reported, with packet data copied out of the reader's chunks. */
export interface Collected {
  packets: RawPacket[];
  anomalies: CaptureAnomaly[];
  decryptionSecrets: DecryptionSecrets[];
  interfaces: CaptureInterface[];
}

/** A sink that keeps (copies of) everything it is given. */
export function collectingSink(): CaptureSink & Collected {
  const c: Collected = { packets: [], anomalies: [], decryptionSecrets: [], interfaces: [] };
  return {
    ...c,
    packet(p) {
      c.packets.push({ ...p, data: Buffer.from(p.data) });
    },
    anomaly(a) {
      c.anomalies.push(a);
    },
    secrets(s) {
      c.decryptionSecrets.push(s);
    },
    interface(i) {
      c.interfaces.push(i);
    },
  };
}

/** Something fed with `push` and `end`, like every capture parser. */
export interface Pushable {
  push(chunk: Buffer): void;
  end(): unknown;
}

/**
 * Feeds `bytes` to `parser` cut at `cuts` (offsets, any order, duplicates allowed), each chunk
 * copied into its own buffer so that no chunk shares memory with the next, then ends it.
 */
export function feedInChunks(parser: Pushable, bytes: Buffer, cuts: number[] = []): void {
  const points = [...new Set(cuts.filter((c) => c > 0 && c < bytes.length))].sort((a, b) => a - b);
  let start = 0;
  for (const p of [...points, bytes.length]) {
    parser.push(Buffer.from(bytes.subarray(start, p)));
    start = p;
  }
  parser.end();
}

/** Frames with random data, lengths and timestamps (microsecond-exact when `micro`). */
export function arbFrames(opts: { micro: boolean; interfaces?: number; maxLen?: number }): fc.Arbitrary<FrameRecord[]> {
  const frame = fc.record({
    tsSec: fc.integer({ min: 0, max: 0xffff_ffff }),
    tsNsec: opts.micro ? fc.integer({ min: 0, max: 999_999 }).map((us) => us * 1000) : fc.integer({ min: 0, max: 999_999_999 }),
    data: fc.uint8Array({ maxLength: opts.maxLen ?? 300 }).map((a) => Buffer.from(a)),
    interfaceId: fc.integer({ min: 0, max: (opts.interfaces ?? 1) - 1 }),
  });
  return fc.array(frame, { maxLength: 20 });
}

/** The fields a reader should give back for a written frame. */
export function expectedPacket(f: FrameRecord, frame: number, linkType: number): Omit<RawPacket, 'interfaceId'> {
  return { frame, tsSec: f.tsSec, tsNsec: f.tsNsec, linkType, data: f.data, origLen: f.origLen ?? f.data.length };
}

/** True when `view` shares memory with `whole` (lies inside it), i.e. was not copied. */
export function isViewInto(view: Buffer, whole: Buffer): boolean {
  return (
    view.buffer === whole.buffer &&
    view.byteOffset >= whole.byteOffset &&
    view.byteOffset + view.length <= whole.byteOffset + whole.length
  );
}

/** A digest of every field of every packet, to compare long packet lists quickly. */
export function packetsDigest(packets: RawPacket[]): string {
  const h = createHash('sha256');
  for (const p of packets) {
    h.update(`${p.frame} ${p.tsSec} ${p.tsNsec} ${p.linkType} ${p.origLen} ${p.interfaceId} ${p.data.length}\n`);
    h.update(p.data);
  }
  return h.digest('hex');
}
