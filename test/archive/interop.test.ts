/**
 * Archives are plain MessagePack inside gzip: an independent decoder (@msgpack/msgpack, the
 * reference JavaScript implementation) reads every record with its default settings, finds no
 * extension type (no msgpackr records, no timestamps), and gets the same values mailwire wrote.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createGunzip, gunzipSync } from 'node:zlib';
import { decodeMulti, decodeMultiStream, ExtData } from '@msgpack/msgpack';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeToArchive, ROOT, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(tmp.remove);

/** A value as plain JSON text, binaries as hex; fails on anything MessagePack-specific (extensions, dates). */
function plain(v: unknown): unknown {
  if (v instanceof ExtData || v instanceof Date) throw new Error(`extension type found: ${String(v)}`);
  if (v instanceof Uint8Array) return `hex:${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')}`;
  if (Array.isArray(v)) return v.map(plain);
  if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => [k, plain(x)]));
  return v;
}

/** A record as decoded: `session` is a session id in stream records, a session in session records. */
interface Decoded {
  type?: string;
  session?: unknown;
  dir?: string;
  bytes?: Uint8Array;
}

describe('archives read by another MessagePack library', () => {
  it.each(['captures/smtp-textbook.pcap', 'captures/real/imap-curl.pcap', 'captures/real/pop3-curl.pcap'])('%s', async (capture) => {
    const archive = join(tmp.dir, 'interop.mwz');
    const { sessions, streams } = await decodeToArchive(join(ROOT, capture), archive);
    const objects = [...decodeMulti(gunzipSync(readFileSync(archive)))] as Decoded[];

    expect(objects[0]).toEqual({ format: 'mailwire-archive', version: 1, created: expect.any(String), mailwire: expect.any(String) });
    expect(objects.at(-1)).toEqual({ type: 'end', sessions: sessions.length, source: { file: join(ROOT, capture), format: 'pcap', packets: expect.any(Number) } });
    const records = objects.slice(1, -1);
    expect(new Set(records.map((r) => r.type))).toEqual(new Set(['stream', 'session']));

    const written = records.filter((r) => r.type === 'session').map((r) => plain(r.session));
    expect(written).toEqual(sessions.map(plain).sort((a, b) => (a as { id: number }).id - (b as { id: number }).id));
    expect(sessions.some((s) => s.messages.some((m) => m.content))).toBe(true);

    for (const s of sessions) {
      const bytes = (dir: string) =>
        Buffer.concat(records.filter((r) => r.type === 'stream' && r.session === s.id && r.dir === dir).map((r) => r.bytes!));
      const seen = streams.get(s.id)!;
      expect(bytes('c2s').equals(Buffer.concat(seen.c2s.map((c) => c.bytes)))).toBe(true);
      expect(bytes('s2c').equals(Buffer.concat(seen.s2c.map((c) => c.bytes)))).toBe(true);
    }
  });

  it('streams a large archive through gunzip and decodeMultiStream', async () => {
    const archive = join(tmp.dir, 'large.mwz');
    const { sessions } = await decodeToArchive(join(ROOT, 'captures/real/smtp-1mb-dotstuffed.pcap'), archive);
    let streamBytes = 0;
    const types: string[] = [];
    for await (const o of decodeMultiStream(createReadStream(archive).pipe(createGunzip()))) {
      plain(o);
      const r = o as Decoded;
      if (r.type) types.push(r.type);
      if (r.type === 'stream') streamBytes += r.bytes!.length;
    }
    expect(types.at(-1)).toBe('end');
    expect(types.filter((t) => t === 'session')).toHaveLength(sessions.length);
    expect(streamBytes).toBeGreaterThan(1_000_000);
  });
});
