import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaptureParser, detectFormat, readCapture } from '../../src/capture/reader.js';
import { PcapWriter, encodePcap, encodePcapng, type FrameRecord } from '../../src/capture/writer.js';
import { UserError } from '../../src/errors.js';
import { collectingSink, feedInChunks, packetsDigest } from './helpers.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..');
const HINT = 'give a capture written by tcpdump, tshark or Wireshark';

const small: FrameRecord[] = [
  { tsSec: 1_700_000_000, tsNsec: 1000, data: Buffer.from('one') },
  { tsSec: 1_700_000_001, tsNsec: 2000, data: Buffer.from('two!') },
];

/** `count` frames of random (incompressible) bytes of varied lengths: several MiB. */
function bigFrames(count: number): FrameRecord[] {
  return Array.from({ length: count }, (_, i) => ({ tsSec: 1_600_000_000 + i, tsNsec: 0, data: randomBytes(200 + ((i * 7919) % 1400)) }));
}

function parseInMemory(bytes: Buffer) {
  const sink = collectingSink();
  const parser = createCaptureParser(sink);
  feedInChunks(parser, bytes);
  return sink;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mailwire-reader-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, content: Buffer | string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

describe('detectFormat', () => {
  it('knows the four pcap magics and the pcapng section header', () => {
    for (const hex of ['d4c3b2a1', '4d3cb2a1', 'a1b2c3d4', 'a1b23c4d']) expect(detectFormat(Buffer.from(hex, 'hex'))).toBe('pcap');
    expect(detectFormat(Buffer.from('0a0d0d0a1c000000', 'hex'))).toBe('pcapng');
  });

  it('answers null for other or too few bytes', () => {
    expect(detectFormat(Buffer.from('HTTP/1.1'))).toBeNull();
    expect(detectFormat(Buffer.from('d4c3b2', 'hex'))).toBeNull();
    expect(detectFormat(Buffer.from('1f8b0800', 'hex'))).toBeNull();
  });
});

describe('createCaptureParser', () => {
  it('picks the parser by magic, even from one-byte chunks', () => {
    const ng = encodePcapng(small, { interfaces: [{ linkType: 1 }] });
    const sink = collectingSink();
    const parser = createCaptureParser(sink);
    feedInChunks(parser, ng, [1, 2, 3, 5]);
    expect(parser.format).toBe('pcapng');
    expect(sink.packets.map((p) => p.data.toString())).toEqual(['one', 'two!']);
  });

  it('sums up what it read', () => {
    const bytes = encodePcap(small, { linkType: 0 });
    const parser = createCaptureParser({ packet: () => {} });
    parser.push(bytes);
    expect(parser.end()).toEqual({
      format: 'pcap',
      compressed: false,
      fileBytes: bytes.length,
      packets: 2,
      anomalies: 0,
      interfaces: [{ id: 0, linkType: 0, snapLen: 262_144, tsUnitsPerSec: 1e6 }],
    });
  });

  it('throws a one-line UserError naming the input and its first bytes for a non-capture', () => {
    const parser = createCaptureParser({ packet: () => {} }, { name: 'captures/x.txt' });
    expect(() => parser.push(Buffer.from('HTTP/1.1 200 OK\r\n'))).toThrow(
      new UserError(`captures/x.txt: not a pcap or pcapng file (starts with 48 54 54 50); ${HINT}`),
    );
  });

  it('names compressed formats it does not read', () => {
    const parser = createCaptureParser({ packet: () => {} }, { name: 'c.pcap.xz' });
    expect(() => parser.push(Buffer.from('fd377a585a00', 'hex'))).toThrow(/c\.pcap\.xz: not a pcap or pcapng file but xz-compressed/);
  });

  it('throws a UserError at the end of an empty or too short input', () => {
    expect(() => createCaptureParser({ packet: () => {} }).end()).toThrow(new UserError(`input: empty, not a capture; ${HINT}`));
    const short = createCaptureParser({ packet: () => {} }, { name: 'a.pcap' });
    short.push(Buffer.from([0xd4, 0xc3]));
    expect(() => short.end()).toThrow(new UserError(`a.pcap: only 2 bytes, too short to be a capture; ${HINT}`));
  });
});

describe('readCapture', () => {
  it('reads a pcap file, streaming records across 1 MiB chunks', async () => {
    const bytes = encodePcap(bigFrames(4000), { linkType: 1 });
    expect(bytes.length).toBeGreaterThan(3 << 20);
    const path = await file('big.pcap', bytes);
    const sink = collectingSink();
    const summary = await readCapture(path, sink);
    expect(summary).toMatchObject({ format: 'pcap', compressed: false, fileBytes: bytes.length, packets: 4000, anomalies: 0 });
    expect(packetsDigest(sink.packets)).toBe(packetsDigest(parseInMemory(bytes).packets));
  });

  it('recognises pcapng by content, not by name', async () => {
    const path = await file('really-pcapng.pcap', encodePcapng(small, { interfaces: [{ linkType: 1 }] }));
    expect(await readCapture(path, { packet: () => {} })).toMatchObject({ format: 'pcapng', packets: 2 });
  });

  it('gunzips by magic, whatever the name', async () => {
    const bytes = encodePcapng(bigFrames(3000), { interfaces: [{ linkType: 1, tsresol: 9 }] });
    const gz = gzipSync(bytes);
    const path = await file('capture.pcapng', gz);
    const sink = collectingSink();
    const summary = await readCapture(path, sink);
    expect(summary).toMatchObject({ format: 'pcapng', compressed: true, fileBytes: gz.length, packets: 3000, anomalies: 0 });
    expect(packetsDigest(sink.packets)).toBe(packetsDigest(parseInMemory(bytes).packets));
  });

  it('does not gunzip a plain file named .gz', async () => {
    const path = await file('plain.pcap.gz', encodePcap(small, { linkType: 1 }));
    expect(await readCapture(path, { packet: () => {} })).toMatchObject({ compressed: false, packets: 2 });
  });

  it('reports a cut gzip stream as an anomaly and keeps the packets before it', async () => {
    const gz = gzipSync(encodePcap(bigFrames(3000), { linkType: 1 }));
    const path = await file('cut.pcap.gz', gz.subarray(0, Math.floor(gz.length * 0.6)));
    const sink = collectingSink();
    const summary = await readCapture(path, sink);
    expect(sink.packets.length).toBeGreaterThan(1000);
    expect(sink.packets.length).toBeLessThan(3000);
    expect(sink.anomalies.at(-1)).toMatchObject({ kind: 'bad-compression', fatal: true });
    expect(sink.anomalies.at(-1)?.message).toMatch(/gzip stream ends early/);
    expect(summary.anomalies).toBe(sink.anomalies.length);
    expect(summary.packets).toBe(sink.packets.length);
  });

  it('reports corrupt gzip data as an anomaly and keeps the packets before it', async () => {
    const gz = gzipSync(encodePcap(bigFrames(3000), { linkType: 1 }));
    gz.fill(0x55, gz.length >> 1, (gz.length >> 1) + 64);
    const path = await file('corrupt.pcap.gz', gz);
    const sink = collectingSink();
    await readCapture(path, sink);
    expect(sink.packets.length).toBeGreaterThan(1000);
    expect(sink.anomalies.map((a) => a.kind)).toContain('bad-compression');
  });

  it('throws a UserError for gzip data that holds no capture', async () => {
    const text = await file('text.gz', gzipSync('HTTP/1.1 200 OK\r\n'));
    await expect(readCapture(text, { packet: () => {} })).rejects.toThrow(
      new UserError(`${text} (gunzipped): not a pcap or pcapng file (starts with 48 54 54 50); ${HINT}`),
    );
    const broken = await file('broken.gz', Buffer.from('1f8b0800ffffffffffffffffffff', 'hex'));
    await expect(readCapture(broken, { packet: () => {} })).rejects.toThrow(/broken\.gz: .*before any capture data/);
  });

  it('throws a UserError naming the path of a file that is not a capture', async () => {
    const path = await file('x.txt', 'HTTP/1.1 200 OK\r\n');
    await expect(readCapture(path, { packet: () => {} })).rejects.toThrow(
      new UserError(`${path}: not a pcap or pcapng file (starts with 48 54 54 50); ${HINT}`),
    );
    const empty = await file('empty.pcap', '');
    await expect(readCapture(empty, { packet: () => {} })).rejects.toThrow(new UserError(`${empty}: empty, not a capture; ${HINT}`));
  });

  it('throws a UserError naming a missing file or a directory', async () => {
    const missing = join(dir, 'nope.pcap');
    await expect(readCapture(missing, { packet: () => {} })).rejects.toThrow(new UserError(`${missing}: no such file; check the path`));
    const sub = join(dir, 'subdir');
    await mkdir(sub);
    await expect(readCapture(sub, { packet: () => {} })).rejects.toThrow(new UserError(`${sub}: is a directory; give a capture file`));
  });

  it('reports progress in bytes of the file', async () => {
    const bytes = encodePcap(bigFrames(4000), { linkType: 1 });
    const path = await file('progress.pcap', bytes);
    const calls: [number, number | null][] = [];
    await readCapture(path, { packet: () => {} }, { onProgress: (read, total) => calls.push([read, total]) });
    expect(calls.length).toBeGreaterThanOrEqual(3);
    expect(calls.every(([, total]) => total === bytes.length)).toBe(true);
    expect(calls.map(([read]) => read)).toEqual([...calls.map(([read]) => read)].sort((a, b) => a - b));
    expect(calls.at(-1)?.[0]).toBe(bytes.length);
  });

  it('stops reading the file at a fatal anomaly', async () => {
    const w = new PcapWriter({ linkType: 1 });
    const frames = bigFrames(5000);
    const records = frames.map((f) => w.record(f));
    records[100].writeUInt32LE(0xffff_ffff, 8);
    const bytes = Buffer.concat([w.header(), ...records]);
    const path = await file('lying.pcap', bytes);
    const sink = collectingSink();
    const summary = await readCapture(path, sink);
    expect(sink.packets).toHaveLength(100);
    expect(sink.anomalies).toEqual([expect.objectContaining({ kind: 'bad-record-length', frame: 101, fatal: true })]);
    expect(summary.fileBytes).toBeLessThan(bytes.length / 2);
  });

  describe('from standard input (child process)', () => {
    const script = join(here, 'read-stdin.ts');
    const runChild = (stdin: Buffer | number) => {
      const r = spawnSync(process.execPath, ['--import', 'tsx', script], {
        cwd: repoRoot,
        ...(typeof stdin === 'number' ? { stdio: [stdin, 'pipe', 'pipe'] } : { input: stdin }),
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(r.stderr).toBe('');
      return JSON.parse(r.stdout);
    };

    it('reads a gzipped capture piped to `-`', () => {
      const bytes = encodePcap(bigFrames(1500), { linkType: 1, nanosecond: true });
      const out = runChild(gzipSync(bytes));
      expect(out.summary).toMatchObject({ format: 'pcap', compressed: true, packets: 1500, anomalies: 0 });
      expect(out.dataBytes).toBe(parseInMemory(bytes).packets.reduce((n, p) => n + p.data.length, 0));
      expect(out.progress[1]).toBeNull();
    });

    it('knows the size of a file redirected to stdin', async () => {
      const bytes = encodePcapng(small, { interfaces: [{ linkType: 1 }] });
      const fd = openSync(await file('stdin.pcapng', bytes), 'r');
      try {
        expect(runChild(fd)).toMatchObject({ packets: 2, progress: [bytes.length, bytes.length] });
      } finally {
        closeSync(fd);
      }
    });

    it('says `stdin` in a UserError', () => {
      expect(runChild(Buffer.alloc(0))).toEqual({ error: `stdin: empty, not a capture; ${HINT}` });
    });
  });
});
