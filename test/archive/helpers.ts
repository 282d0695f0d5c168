/** Shared by the archive tests: decoding a capture into an archive while recording what the sink saw. */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StreamChunk, SessionStreams } from '../../src/archive/reader.js';
import { createArchiveWriter, type ArchiveWriterOptions } from '../../src/archive/writer.js';
import type { Session } from '../../src/model/session.js';
import { analyzeCapture } from '../../src/pipeline.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Capture files under `dir` (relative to the repository), sorted. */
export function capturesUnder(dir: string): string[] {
  const walk = (d: string): string[] =>
    readdirSync(d, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(d, e.name)) : /\.(pcap|pcapng|cap)$/.test(e.name) ? [join(d, e.name)] : [],
    );
  return walk(join(ROOT, dir)).sort();
}

/** A fresh temporary folder, removed by the returned function. */
export function tempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'mailwire-archive-test-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Contiguous chunks merged, so that two ways of cutting the same bytes compare equal. */
function merge(chunks: StreamChunk[]): StreamChunk[] {
  const runs: StreamChunk[][] = [];
  for (const c of chunks) {
    const run = runs.at(-1);
    const last = run?.at(-1);
    if (run && last && last.offset + last.bytes.length === c.offset) run.push(c);
    else runs.push([c]);
  }
  return runs.map((run) => ({ offset: run[0]!.offset, bytes: Buffer.concat(run.map((c) => c.bytes)) }));
}

/** The same streams with contiguous chunks merged. */
export function mergedRuns(streams: SessionStreams): SessionStreams {
  return { c2s: merge(streams.c2s), s2c: merge(streams.s2c) };
}

export interface Decoded {
  /** Sessions in id order. */
  sessions: Session[];
  /** Raw streams by session id, as the sink saw them (contiguous runs merged). */
  streams: Map<number, SessionStreams>;
}

/** Decodes `capture`, writing an archive to `archive` and recording the sessions and streams the sink was given. */
export async function decodeToArchive(capture: string, archive: string, opts: Partial<ArchiveWriterOptions> = {}): Promise<Decoded> {
  const writer = createArchiveWriter(archive, opts);
  const sessions: Session[] = [];
  const streams = new Map<number, SessionStreams>();
  const result = await analyzeCapture(capture, {
    sessions: {
      streamBytes(s, dir, offset, bytes) {
        let st = streams.get(s.id);
        if (!st) streams.set(s.id, (st = { c2s: [], s2c: [] }));
        (dir === 'C' ? st.c2s : st.s2c).push({ offset, bytes: Buffer.from(bytes) });
        writer.streamBytes(s, dir, offset, bytes);
      },
      sessionEnd(s) {
        sessions.push(s);
        if (!streams.has(s.id)) streams.set(s.id, { c2s: [], s2c: [] });
        writer.sessionEnd(s);
      },
    },
  });
  await writer.close({ source: { file: capture, format: result.capture.format, packets: result.capture.packets } });
  for (const [id, st] of streams) streams.set(id, mergedRuns(st));
  return { sessions: sessions.sort((a, b) => a.id - b.id), streams };
}
