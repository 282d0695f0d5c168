/**
 * MessagePack libraries on mailwire's own records, and the archive's compression:
 * `npx tsx bench/msgpack.ts [--records 100000] [--runs 5] [--capture FILE ...]`.
 *
 * 1. Libraries. Real events are decoded from the shipped and corpus captures and repeated (with
 *    their index and time moved on) to `--records` records, each an NDJSON event line's object
 *    (event + session id + protocol). Each library encodes the records one by one (as the archive
 *    writer does), then decodes them one by one; the best of `--runs` runs after a warm-up is
 *    reported, with the total encoded size and a check that every record comes back equal.
 *    msgpack-lite is not a dependency: it is installed into a temporary npm prefix on first use
 *    (kept in the temp directory for later runs), never into package.json.
 * 2. Compression. The corpus (or the `--capture` files) is decoded and every archive record
 *    encoded as the writer encodes it; the encoded bytes are then gzipped in 1 MiB members at
 *    several levels: size and time for each, against the plain MessagePack.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { decode as mpDecode, encode as mpEncode } from '@msgpack/msgpack';
import { Packr, Unpackr } from 'msgpackr';
import { PLAIN_MSGPACK } from '../src/archive/format.js';
import type { Session } from '../src/model/session.js';
import { analyzeCapture } from '../src/pipeline.js';
import { machineInfo } from './lib/machine.js';
import { capturesUnder } from '../test/archive/helpers.js';

/** What a library is asked to do. */
interface Codec {
  name: string;
  encode(v: unknown): Uint8Array;
  decode(b: Uint8Array): unknown;
}

/** msgpack-lite's two functions we use (it ships no types). */
interface MsgpackLite {
  encode(v: unknown): Buffer;
  decode(b: Uint8Array): unknown;
}

const log = (line: string): void => void process.stderr.write(`${line}\n`);

function options(): { records: number; runs: number; captures: string[] } {
  const { values } = parseArgs({
    options: {
      records: { type: 'string', default: '100000' },
      runs: { type: 'string', default: '5' },
      capture: { type: 'string', multiple: true },
    },
  });
  return { records: Number(values.records), runs: Number(values.runs), captures: values.capture ?? [] };
}

/** msgpack-lite from a temporary npm prefix, installed there the first time. */
function msgpackLite(): MsgpackLite {
  const prefix = join(tmpdir(), 'mailwire-bench-msgpack-lite');
  if (!existsSync(join(prefix, 'node_modules', 'msgpack-lite'))) {
    mkdirSync(prefix, { recursive: true });
    log(`installing msgpack-lite into ${prefix} ...`);
    execFileSync('npm', ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', 'msgpack-lite'], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return createRequire(join(prefix, 'node_modules', 'x.js'))('msgpack-lite') as MsgpackLite;
}

function codecs(): Codec[] {
  const plain = new Packr(PLAIN_MSGPACK);
  const plainReader = new Unpackr(PLAIN_MSGPACK);
  // Records need their structures on both sides: shared, as msgpackr recommends for separate messages.
  const structures: object[] = [];
  const records = new Packr({ useRecords: true, structures });
  const recordsReader = new Unpackr({ useRecords: true, structures });
  const lite = msgpackLite();
  return [
    { name: 'msgpackr, plain MessagePack (the archive)', encode: (v) => plain.pack(v), decode: (b) => plainReader.unpack(b) },
    { name: 'msgpackr, records extension (shared structures)', encode: (v) => records.pack(v), decode: (b) => recordsReader.unpack(b) },
    { name: 'msgpack-lite', encode: (v) => lite.encode(v), decode: (b) => lite.decode(b) },
    { name: '@msgpack/msgpack', encode: (v) => mpEncode(v, { ignoreUndefined: true }), decode: (b) => mpDecode(b) },
    { name: 'JSON (for scale)', encode: (v) => Buffer.from(JSON.stringify(v)), decode: (b) => JSON.parse(Buffer.from(b).toString()) },
  ];
}

/** The shipped and corpus captures' sessions, in capture order. */
async function sessionsOf(captures: string[]): Promise<Session[]> {
  const sessions: Session[] = [];
  for (const capture of captures) await analyzeCapture(capture, { sessions: { sessionEnd: (s) => sessions.push(s) } });
  return sessions;
}

/** `n` event records as JSON would carry them (undefined fields left out), cycling through the real events. */
function eventRecords(sessions: Session[], n: number): object[] {
  const real = sessions.flatMap((s) => s.events.map((e) => ({ session: s.id, protocol: s.protocol, ...e })));
  const out: object[] = [];
  for (let i = 0; i < n; i++) {
    const e = real[i % real.length]!;
    const round = Math.floor(i / real.length);
    out.push(JSON.parse(JSON.stringify({ ...e, session: e.session + round * 1000, ts: e.ts + round * 3600.25 })) as object);
  }
  return out;
}

interface LibraryResult {
  name: string;
  encodeMs: number;
  decodeMs: number;
  bytes: number;
  roundTrips: boolean;
}

function benchLibrary(codec: Codec, records: object[], runs: number): LibraryResult {
  let encodeMs = Infinity;
  let decodeMs = Infinity;
  let encoded: Uint8Array[] = [];
  // Run 0 warms up the JIT and is not counted.
  for (let run = 0; run <= runs; run++) {
    let t = performance.now();
    // Each buffer is copied: msgpackr reuses its output buffer between calls.
    encoded = records.map((r) => Buffer.from(codec.encode(r)));
    const enc = performance.now() - t;
    t = performance.now();
    for (const b of encoded) codec.decode(b);
    const dec = performance.now() - t;
    if (run > 0) {
      encodeMs = Math.min(encodeMs, enc);
      decodeMs = Math.min(decodeMs, dec);
    }
  }
  const roundTrips = records.every((r, i) => isDeepStrictEqual(codec.decode(encoded[i]!), r));
  return { name: codec.name, encodeMs, decodeMs, bytes: encoded.reduce((n, b) => n + b.length, 0), roundTrips };
}

/** Every archive record of the sessions (stream bytes as the sink gets them), encoded as the writer encodes them. */
async function archiveBytes(captures: string[]): Promise<{ plain: Buffer; captureBytes: number }> {
  const packr = new Packr(PLAIN_MSGPACK);
  const parts: Buffer[] = [];
  let captureBytes = 0;
  for (const capture of captures) {
    const r = await analyzeCapture(capture, {
      sessions: {
        streamBytes: (s, dir, offset, bytes) => void parts.push(Buffer.from(packr.pack({ type: 'stream', session: s.id, dir: dir === 'C' ? 'c2s' : 's2c', offset, bytes }))),
        sessionEnd: (s) => void parts.push(Buffer.from(packr.pack({ type: 'session', session: s, streams: { c2s: 0, s2c: 0 } }))),
      },
    });
    captureBytes += r.capture.fileBytes;
  }
  return { plain: Buffer.concat(parts), captureBytes };
}

function gzipMembers(plain: Buffer, level: number): { bytes: number; ms: number } {
  const t = performance.now();
  let bytes = 0;
  for (let i = 0; i < plain.length; i += 1 << 20) bytes += gzipSync(plain.subarray(i, i + (1 << 20)), { level }).length;
  return { bytes, ms: performance.now() - t };
}

const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main(): Promise<void> {
  const opts = options();
  const m = machineInfo(null);
  log(`${m.cpu}, ${m.cpus} CPUs, ${m.memoryGiB} GiB, Node ${m.node}`);
  const corpus = [...capturesUnder('captures'), ...capturesUnder('test/fixtures/corpus')];

  const records = eventRecords(await sessionsOf(corpus), opts.records);
  console.log(`\n${fmt(records.length)} event records, encoded and decoded one by one, best of ${opts.runs} runs:\n`);
  console.log('| library | encode ms | decode ms | total ms | bytes | bytes/record | round trip |');
  console.log('|:--|--:|--:|--:|--:|--:|:--|');
  for (const codec of codecs()) {
    const r = benchLibrary(codec, records, opts.runs);
    console.log(
      `| ${r.name} | ${fmt(r.encodeMs)} | ${fmt(r.decodeMs)} | ${fmt(r.encodeMs + r.decodeMs)} | ${fmt(r.bytes)} | ${fmt(r.bytes / records.length, 1)} | ${r.roundTrips ? 'equal' : 'DIFFERS'} |`,
    );
  }

  const captures = opts.captures.length > 0 ? opts.captures : corpus;
  const { plain, captureBytes } = await archiveBytes(captures);
  const what = opts.captures.length > 0 ? opts.captures.join(', ') : `the ${corpus.length} shipped and corpus captures`;
  console.log(`\nArchive records of ${what} (${fmt(captureBytes / 1e6, 1)} MB of capture), gzipped in 1 MiB members:\n`);
  console.log('| compression | MB | % of plain | % of capture | ms | MB/s in |');
  console.log('|:--|--:|--:|--:|--:|--:|');
  console.log(`| none (plain MessagePack) | ${fmt(plain.length / 1e6, 2)} | 100 | ${fmt((plain.length / captureBytes) * 100)} | – | – |`);
  for (const level of [1, 6, 9]) {
    const z = gzipMembers(plain, level);
    console.log(
      `| gzip -${level} | ${fmt(z.bytes / 1e6, 2)} | ${fmt((z.bytes / plain.length) * 100, 1)} | ${fmt((z.bytes / captureBytes) * 100)} | ${fmt(z.ms)} | ${fmt(plain.length / 1e6 / (z.ms / 1000))} |`,
    );
  }
}

await main();
