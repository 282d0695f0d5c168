/**
 * Capture reader benchmark: `npx tsx bench/readers.ts [megabytes]` (default 300).
 *
 * Writes a classic pcap and a pcapng file of about that size to the temp directory with our
 * writers (a mix of 66-, 590- and 1514-byte Ethernet frames), times `readCapture` on each (the
 * best of three runs, from the page cache) and the bare parsers on in-memory 1 MiB chunks, and,
 * when `npm install pcap-parser@0.2.1` works in a temp directory, the npm `pcap-parser` package on
 * the classic file. pcap-parser is never added to the project's dependencies.
 */
import { execFileSync } from 'node:child_process';
import type { EventEmitter } from 'node:events';
import { closeSync, createReadStream, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCaptureParser, readCapture } from '../src/capture/reader.js';
import { READ_CHUNK_BYTES } from '../src/capture/source.js';
import { LinkType, type RawPacket } from '../src/capture/types.js';
import { PcapWriter, PcapngWriter, type FrameRecord } from '../src/capture/writer.js';

const targetBytes = Number(process.argv[2] ?? 300) * 1e6;
const FRAME_SIZES = [66, 1514, 1514, 590, 1514, 66, 1514, 1514];
const RUNS = 3;

interface Row {
  reader: string;
  file: string;
  bytes: number;
  packets: number;
  seconds: number;
}

/** Writes frames until the file reaches `targetBytes`; returns its path. */
function generate(path: string, header: Buffer, record: (f: FrameRecord) => Buffer): string {
  const payload = Buffer.alloc(1514);
  for (let i = 0; i < payload.length; i++) payload[i] = (i * 131) & 0xff;
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, header);
    let written = header.length;
    let batch: Buffer[] = [];
    let batchBytes = 0;
    for (let i = 0; written < targetBytes; i++) {
      const rec = record({ tsSec: 1_700_000_000 + Math.floor(i / 100_000), tsNsec: (i % 100_000) * 10_000, data: payload.subarray(0, FRAME_SIZES[i % FRAME_SIZES.length]) });
      batch.push(rec);
      batchBytes += rec.length;
      written += rec.length;
      if (batchBytes >= 16 << 20) {
        writeSync(fd, Buffer.concat(batch));
        batch = [];
        batchBytes = 0;
      }
    }
    writeSync(fd, Buffer.concat(batch));
  } finally {
    closeSync(fd);
  }
  return path;
}

/** Runs `once` RUNS times and keeps the fastest. */
async function best(reader: string, file: string, once: () => Promise<number>): Promise<Row> {
  let seconds = Infinity;
  let packets = 0;
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    packets = await once();
    seconds = Math.min(seconds, Number(process.hrtime.bigint() - start) / 1e9);
  }
  return { reader, file, bytes: statSync(file).size, packets, seconds };
}

/** A sink that counts packets and their captured bytes. */
function countingSink() {
  const c = { packets: 0, bytes: 0 };
  const sink = {
    packet(p: RawPacket) {
      c.packets++;
      c.bytes += p.data.length;
    },
  };
  return { c, sink };
}

async function ours(file: string): Promise<number> {
  const { c, sink } = countingSink();
  await readCapture(file, sink);
  return c.packets;
}

/** The bare parser over the file already in memory, in 1 MiB chunks: parsing cost without I/O. */
function parserOnly(content: Buffer): () => Promise<number> {
  return async () => {
    const { c, sink } = countingSink();
    const parser = createCaptureParser(sink);
    for (let pos = 0; pos < content.length; pos += READ_CHUNK_BYTES) parser.push(content.subarray(pos, pos + READ_CHUNK_BYTES));
    parser.end();
    return c.packets;
  };
}

/** The part of pcap-parser 0.2.1's API used here. */
interface PcapParserModule {
  parse(input: string | NodeJS.ReadableStream): EventEmitter;
}

/** Installs pcap-parser 0.2.1 into `dir` and loads it, or returns why it could not. */
function loadPcapParser(dir: string): PcapParserModule | string {
  try {
    execFileSync('npm', ['install', '--prefix', dir, '--no-audit', '--no-fund', '--silent', 'pcap-parser@0.2.1'], {
      stdio: 'pipe',
      timeout: 120_000,
    });
    return createRequire(join(dir, 'index.js'))('pcap-parser') as PcapParserModule;
  } catch (err) {
    return `npm install pcap-parser@0.2.1 failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`;
  }
}

function pcapParser(mod: PcapParserModule, input: () => string | NodeJS.ReadableStream): () => Promise<number> {
  return () =>
    new Promise((resolve, reject) => {
      const { c, sink } = countingSink();
      const p = mod.parse(input());
      p.on('packet', (pkt: { data: Buffer }) => sink.packet({ frame: 0, tsSec: 0, tsNsec: 0, linkType: 1, data: pkt.data, origLen: 0, interfaceId: 0 }));
      p.on('error', reject);
      p.on('end', () => resolve(c.packets));
    });
}

function table(rows: Row[]): string {
  const head = ['reader', 'file', 'MB', 'packets', 'seconds', 'GB/s', 'Mpackets/s'];
  const body = rows.map((r) => [
    r.reader,
    r.file,
    (r.bytes / 1e6).toFixed(0),
    String(r.packets),
    r.seconds.toFixed(3),
    (r.bytes / r.seconds / 1e9).toFixed(2),
    (r.packets / r.seconds / 1e6).toFixed(2),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  return [line(head), `|${widths.map((w, i) => (i < 2 ? ':' : '-') + '-'.repeat(w) + (i < 2 ? '-' : ':')).join('|')}|`, ...body.map(line)].join('\n');
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mailwire-bench-readers-'));
  try {
    console.log(`generating ~${(targetBytes / 1e6).toFixed(0)} MB files in ${dir} ...`);
    const pw = new PcapWriter({ linkType: LinkType.ETHERNET });
    const pcap = generate(join(dir, 'bench.pcap'), pw.header(), (f) => pw.record(f));
    const nw = new PcapngWriter({ interfaces: [{ linkType: LinkType.ETHERNET, tsresol: 9 }] });
    const pcapng = generate(join(dir, 'bench.pcapng'), nw.header(), (f) => nw.record(f));

    const rows: Row[] = [];
    for (const file of [pcap, pcapng]) rows.push(await best('mailwire readCapture', file, () => ours(file)));
    for (const file of [pcap, pcapng]) rows.push(await best('mailwire parser, in memory', file, parserOnly(readFileSync(file))));

    const mod = loadPcapParser(join(dir, 'npm'));
    if (typeof mod === 'string') {
      console.log(`skipping the pcap-parser comparison: ${mod}`);
    } else {
      rows.push(await best('pcap-parser 0.2.1 (its 64 KiB reads)', pcap, pcapParser(mod, () => pcap)));
      rows.push(
        await best('pcap-parser 0.2.1 (1 MiB reads)', pcap, pcapParser(mod, () => createReadStream(pcap, { highWaterMark: READ_CHUNK_BYTES }))),
      );
    }
    const names = new Map([
      [pcap, 'pcap'],
      [pcapng, 'pcapng (ns)'],
    ]);
    console.log(`\nNode ${process.version}, best of ${RUNS} runs, files in the page cache\n`);
    console.log(table(rows.map((r) => ({ ...r, file: names.get(r.file) ?? r.file }))));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
