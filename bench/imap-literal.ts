/**
 * IMAP literal streaming benchmark: `npx tsx bench/imap-literal.ts [gigabytes] [chunk-KiB]`
 * (default 2 GB in 64 KiB pieces, about what TCP reassembly hands on).
 *
 * Drives one IMAP session through the session layer: login, SELECT, then a FETCH whose response
 * carries a single BODY[] literal of the given size, generated lazily from one reused buffer (so
 * the benchmark itself holds no more than a chunk). Prints the time, the throughput, and the peak
 * RSS and heap, which must stay flat however large the literal: the decoder streams literal
 * content through (data event and message record updated in place) and never collects it. Octets
 * past the preview and the header are neither copied nor scanned, so the time is mostly the cost
 * per piece (try a small piece size to see it).
 */
import type { FlowRecord } from '../src/flow/types.js';
import type { Session } from '../src/model/session.js';
import { DEFAULT_DECODER_OPTIONS } from '../src/protocols/decoder.js';
import { DECODERS } from '../src/protocols/registry.js';
import { SessionBuilder } from '../src/protocols/session-builder.js';

const gigabytes = Number(process.argv[2] ?? 2);
const chunkBytes = Number(process.argv[3] ?? 64) * 1024;
const size = Math.round(gigabytes * 1024 ** 3);

function stats() {
  return { packets: 0, bytes: 0, payload: 0, gaps: 0, gapBytes: 0, dropped: 0 };
}

const flow: FlowRecord = {
  id: 0,
  client: { ip: '192.0.2.10', port: 50000 },
  server: { ip: '192.0.2.143', port: 143 },
  clientFromSyn: true,
  handshake: true,
  start: 0,
  last: 0,
  end: null,
  c2s: stats(),
  s2c: stats(),
  anomalies: {},
};

let done: Session | null = null;
const session = new SessionBuilder(flow, 'imap', 'port', false, { sessionEnd: (s) => (done = s) }, {
  decoder: DEFAULT_DECODER_OPTIONS,
  portMap: new Map(),
  decoders: DECODERS,
  detectBytes: 16 * 1024,
});

let t = 1;
const c = (text: string) => session.data('C', Buffer.from(text), (t += 0.001));
const s = (bytes: Buffer | string) => session.data('S', typeof bytes === 'string' ? Buffer.from(bytes) : bytes, t);

s('* OK [CAPABILITY IMAP4rev1 LITERAL+] ready\r\n');
c('a1 LOGIN bench pw\r\n');
s('a1 OK done\r\n');
c('a2 SELECT INBOX\r\n');
s('* 1 EXISTS\r\n* OK [UIDVALIDITY 1] ok\r\na2 OK [READ-WRITE] done\r\n');
c('a3 FETCH 1 (UID BODY[])\r\n');

const header = Buffer.from('From: bench@example.org\r\nSubject: a very large message\r\n\r\n');
const chunk = Buffer.alloc(chunkBytes);
for (let i = 0; i < chunk.length; i++) chunk[i] = i % 78 === 77 ? 0x0a : 0x61 + (i % 26);

const heapBefore = process.memoryUsage().heapUsed;
let heapPeak = heapBefore;
const started = process.hrtime.bigint();
s(`* 1 FETCH (UID 42 BODY[] {${size}}\r\n`);
s(header);
let left = size - header.length;
for (let i = 0; left > 0; i++) {
  const n = Math.min(chunkBytes, left);
  s(n === chunkBytes ? chunk : chunk.subarray(0, n));
  left -= n;
  if ((i & 1023) === 0) heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
}
s(')\r\na3 OK done\r\n');
session.end(t + 1, 'fin');
const seconds = Number(process.hrtime.bigint() - started) / 1e9;

const result = done as Session | null;
const message = result?.messages[0];
if (!message || message.size !== size || !message.complete) {
  console.error('bench: the literal was not decoded as one complete message', message);
  process.exit(1);
}
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
console.log(`IMAP literal of ${mb(size)} in ${chunkBytes / 1024} KiB pieces`);
console.log(`  time        ${seconds.toFixed(2)} s (${(size / 1024 / 1024 / seconds).toFixed(0)} MiB/s)`);
console.log(`  peak RSS    ${mb(process.resourceUsage().maxRSS * 1024)}`);
console.log(`  heap growth ${mb(heapPeak - heapBefore)} (peak during the literal over the heap before it)`);
console.log(`  events      ${result!.events.length}, message ${message.size} octets, complete, content kept: ${message.content !== undefined}`);
