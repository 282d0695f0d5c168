/**
 * Archives of real captures read back to exactly what was decoded: the sessions (message content
 * included) and the raw stream bytes the session layer handed to the sink.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { isArchive, isArchiveFile } from '../../src/archive/detect.js';
import { loadArchiveSessions, readArchive, readArchiveRecords, type SessionStreams, type StreamChunk } from '../../src/archive/reader.js';
import type { Session } from '../../src/model/session.js';
import { sessionsToJson } from '../../src/output/json.js';
import { capturesUnder, decodeToArchive, mergedRuns, ROOT, tempDir, type Decoded } from './helpers.js';

const tmp = tempDir();
afterAll(tmp.remove);

const shipped = capturesUnder('captures');
const corpus = capturesUnder('test/fixtures/corpus');

/** Sessions without message content (compared apart: deep equality on large Buffers is slow). */
function withoutContent(sessions: Session[]): Session[] {
  return sessions.map((s) => ({ ...s, messages: s.messages.map(({ content: _c, ...m }) => m) }));
}

/** Streams as offsets and hex digests of their runs, so that a difference shows where it is. */
function digest(st: SessionStreams | undefined): { c2s: string[]; s2c: string[] } | undefined {
  const runs = (chunks: StreamChunk[]): string[] => chunks.map((c) => `${c.offset}+${c.bytes.length}:${createHash('sha256').update(c.bytes).digest('hex')}`);
  return st && { c2s: runs(st.c2s), s2c: runs(st.s2c) };
}

async function expectRoundTrip(capture: string, decoded: Decoded, archive: string, streams = true): Promise<void> {
  const back = await readArchive(archive, { streams });
  expect(withoutContent(back.sessions)).toEqual(withoutContent(decoded.sessions));
  expect(sessionsToJson(back.sessions)).toBe(sessionsToJson(decoded.sessions));
  back.sessions.forEach((s, i) => {
    s.messages.forEach((m, j) => {
      const original = decoded.sessions[i]!.messages[j]!.content;
      if (original === undefined) expect(m.content, `session ${s.id} message ${j}`).toBeUndefined();
      else expect(m.content?.equals(original), `session ${s.id} message ${j}`).toBe(true);
    });
  });
  expect(back.header.sessions).toBe(decoded.sessions.length);
  expect(back.header.source?.file).toBe(capture);
  expect(back.header.version).toBe(1);
  if (!streams) return;
  expect([...back.streams.keys()].sort((a, b) => a - b)).toEqual(decoded.sessions.map((s) => s.id));
  for (const [id, st] of back.streams) expect(digest(mergedRuns(st)), `streams of session ${id}`).toEqual(digest(decoded.streams.get(id)));
}

describe('archive round trip', () => {
  it('has captures to work on', () => {
    expect(shipped.length).toBeGreaterThanOrEqual(15);
    expect(corpus.length).toBeGreaterThan(100);
  });

  it.each(shipped.map((f) => [relative(ROOT, f), f]))('shipped capture %s', async (_name, capture) => {
    const archive = join(tmp.dir, 'shipped.mwz');
    const decoded = await decodeToArchive(capture, archive);
    expect(decoded.sessions.length).toBeGreaterThan(0);
    await expectRoundTrip(capture, decoded, archive);
  });

  it('every corpus capture, with small chunks and a small memory bound (runs split and spilled early)', async () => {
    let sessions = 0;
    let messages = 0;
    for (const capture of corpus) {
      const archive = join(tmp.dir, 'corpus.mwz');
      const decoded = await decodeToArchive(capture, archive, { chunkBytes: 700, maxHeldBytes: 4000, blockBytes: 5000 });
      await expectRoundTrip(capture, decoded, archive);
      sessions += decoded.sessions.length;
      messages += decoded.sessions.reduce((n, s) => n + s.messages.filter((m) => m.content).length, 0);
    }
    expect(sessions).toBeGreaterThan(100);
    expect(messages).toBeGreaterThan(50);
  }, 120_000);

  it('splits raw bytes into records of at most chunkBytes, each session\'s before its session record', async () => {
    const archive = join(tmp.dir, 'chunks.mwz');
    await decodeToArchive(join(ROOT, 'captures/real/smtp-1mb-dotstuffed.pcap'), archive, { chunkBytes: 1000 });
    const ended = new Set<number>();
    let records = 0;
    for await (const r of readArchiveRecords(archive)) {
      if (r.type === 'stream') {
        records++;
        expect(r.bytes.length).toBeLessThanOrEqual(1000);
        expect(ended.has(r.session)).toBe(false);
      } else if (r.type === 'session') ended.add(r.session.id);
    }
    expect(records).toBeGreaterThan(1000);
  });

  it('writes raw bytes out before sessions end once the memory bound is reached', async () => {
    // One session of about 1 MB: with a bound far below that, its bytes go out in many records.
    const archive = join(tmp.dir, 'bound.mwz');
    await decodeToArchive(join(ROOT, 'captures/real/smtp-1mb-dotstuffed.pcap'), archive, { maxHeldBytes: 10_000 });
    const order: string[] = [];
    for await (const r of readArchiveRecords(archive)) order.push(r.type);
    expect(order.filter((t) => t === 'stream').length).toBeGreaterThan(10);
    expect(order[0]).toBe('header');
    expect(order.at(-1)).toBe('end');
  });

  it('reads sessions without their streams, and through loadArchiveSessions', async () => {
    const capture = join(ROOT, 'captures/pop3-textbook.pcap');
    const archive = join(tmp.dir, 'pop3.mwz');
    const decoded = await decodeToArchive(capture, archive);
    await expectRoundTrip(capture, decoded, archive, false);
    expect((await readArchive(archive)).streams.size).toBe(0);
    expect(withoutContent(await loadArchiveSessions(archive))).toEqual(withoutContent(decoded.sessions));
  });

  it('reads a gunzipped archive (plain MessagePack) as well', async () => {
    const capture = join(ROOT, 'captures/imap-textbook.pcap');
    const archive = join(tmp.dir, 'imap.mwz');
    const decoded = await decodeToArchive(capture, archive);
    const plain = join(tmp.dir, 'imap.msgpack');
    writeFileSync(plain, gunzipSync(readFileSync(archive)));
    expect(isArchive(readFileSync(plain))).toBe(true);
    await expectRoundTrip(capture, decoded, plain);
  });

  it('tells archives from captures by their first bytes', async () => {
    const archive = join(tmp.dir, 'smtp.mwz');
    await decodeToArchive(join(ROOT, 'captures/smtp-textbook.pcap'), archive);
    const bytes = readFileSync(archive);
    expect(isArchive(bytes.subarray(0, 512))).toBe(true);
    expect(await isArchiveFile(archive)).toBe(true);
    const pcap = join(ROOT, 'captures/smtp-textbook.pcap');
    expect(isArchive(readFileSync(pcap).subarray(0, 512))).toBe(false);
    expect(await isArchiveFile(pcap)).toBe(false);
    expect(isArchive(gzipSync(readFileSync(pcap)).subarray(0, 512))).toBe(false);
    expect(isArchive(Buffer.alloc(0))).toBe(false);
    expect(isArchive(bytes.subarray(0, 12))).toBe(false);
    expect(await isArchiveFile(join(tmp.dir, 'missing.mwz'))).toBe(false);
    expect(await isArchiveFile('-')).toBe(false);
  });
});
