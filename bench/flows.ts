/**
 * `mailwire flows` against `tshark -z conv,tcp` on a large synthetic mail capture:
 * `npm run bench:flows [-- --size 1G] [--seed 1] [--runs 1] [--mailwire-only]`.
 *
 * Generates (or reuses from the temp directory) a pcap of at least `--size` bytes of overlapping
 * SMTP, POP3 and IMAP sessions (see bench/lib/session-mix.ts), rebuilds dist/ when it is stale,
 * reads the file once to put it in the page cache, then runs each tool as a child process
 * under GNU time (wall-clock seconds and peak RSS). Prints a table with throughput, the
 * mailwire/tshark throughput ratio, whether both found the same conversations (same endpoints,
 * same frames each way), and PASS/FAIL against the targets: at least 5× tshark's throughput, peak RSS under
 * 150 MB. Exits non-zero on FAIL, on disagreement or when a tool fails. `--mailwire-only` skips
 * tshark (which needs about 2 GB of memory per GB of this capture), to check mailwire's memory on
 * very large captures.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureBuiltCli } from './lib/built-cli.js';
import { differences, mailwireConversations, totals, tsharkConversations, type ConversationFrames } from './lib/conversations.js';
import { machineInfo } from './lib/machine.js';
import { measure, type Measurement } from './lib/measure.js';
import { parseSize } from '../src/cli/size.js';
import { syntheticCapture, type CaptureMakeup } from './lib/synthetic-capture.js';

/** mailwire must read at least this many times faster than tshark's default run ... */
const TARGET_RATIO = 5;
/** ... with a peak RSS below this (bytes; MB here are 10^6 bytes). */
const RSS_LIMIT = 150e6;
const MB = 1e6;

/** A command to measure and how to read its answer. */
interface Contender {
  name: string;
  cmd: string;
  args: string[];
  conversations(output: string): ConversationFrames | null;
}

interface Result {
  contender: Contender;
  /** The fastest run. */
  best: Measurement;
  /** Highest peak RSS over the runs. */
  peakRss: number;
  conversations: ConversationFrames | null;
  failure: string | null;
}

const root = fileURLToPath(new URL('..', import.meta.url));
const log = (line: string): void => void process.stderr.write(`${line}\n`);

function options(): { size: number; seed: number; runs: number; mailwireOnly: boolean } {
  const { values } = parseArgs({
    options: {
      size: { type: 'string', default: '1G' },
      seed: { type: 'string', default: '1' },
      runs: { type: 'string', default: '1' },
      'mailwire-only': { type: 'boolean', default: false },
    },
  });
  const size = parseSize(values.size);
  const seed = Number(values.seed);
  const runs = Number(values.runs);
  if (size === null) throw new Error(`--size: not a size: ${values.size} (try 1G or 200M)`);
  if (!Number.isInteger(seed) || seed < 0) throw new Error(`--seed: not a non-negative integer: ${values.seed}`);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs: not a positive integer: ${values.runs}`);
  return { size, seed, runs, mailwireOnly: values['mailwire-only'] };
}

function contenders(file: string, tshark: boolean): Contender[] {
  const list: Contender[] = [
    { name: 'mailwire flows --json', cmd: process.execPath, args: [join(root, 'bin', 'mailwire.js'), 'flows', '--json', file], conversations: mailwireConversations },
  ];
  if (!tshark) return list;
  const conv = ['-r', file, '-q', '-z', 'conv,tcp'];
  list.push(
    { name: 'tshark -z conv,tcp', cmd: 'tshark', args: conv, conversations: tsharkConversations },
    { name: 'tshark -z conv,tcp, no desegmentation', cmd: 'tshark', args: [...conv, '-o', 'tcp.desegment_tcp_streams:FALSE'], conversations: tsharkConversations },
    {
      name: 'tshark -z conv,tcp, no desegmentation, mail dissectors off',
      cmd: 'tshark',
      args: [...conv, '-o', 'tcp.desegment_tcp_streams:FALSE', '--disable-protocol', 'smtp,pop,imap,imf'],
      conversations: tsharkConversations,
    },
  );
  return list;
}

function hasTshark(): boolean {
  return spawnSync('tshark', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Reads the file once so that every tool finds it in the page cache. */
async function warmPageCache(file: string): Promise<void> {
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) void chunk;
}

async function runContender(c: Contender, runs: number, outDir: string): Promise<Result> {
  const outPath = join(outDir, 'stdout');
  let best: Measurement | null = null;
  let peakRss = 0;
  let conversations: ConversationFrames | null = null;
  for (let i = 0; i < runs; i++) {
    log(`running ${c.name} (${i + 1}/${runs}) ...`);
    const m = await measure(c.cmd, c.args, outPath);
    if (m.exitCode !== 0) {
      return { contender: c, best: m, peakRss: m.peakRss, conversations: null, failure: `exit code ${m.exitCode}: ${m.stderrTail}` };
    }
    conversations = c.conversations(readFileSync(outPath, 'utf8'));
    if (conversations === null) return { contender: c, best: m, peakRss: m.peakRss, conversations, failure: 'output not understood' };
    if (best === null || m.seconds < best.seconds) best = m;
    peakRss = Math.max(peakRss, m.peakRss);
  }
  return { contender: c, best: best!, peakRss, conversations, failure: null };
}

/** A Markdown table, numbers right-aligned. */
function table(head: string[], rows: string[][], left: number): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => (i < left ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i < left ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(head), rule, ...rows.map(line)].join('\n');
}

function describeCapture(m: CaptureMakeup): string {
  const sessions = m.sessions.smtp + m.sessions.pop3 + m.sessions.imap;
  const pct = (n: number): string => `${((n / sessions) * 100).toFixed(0)}%`;
  return [
    `capture: ${m.path}`,
    `  ${(m.bytes / MB).toFixed(0)} MB, ${m.frames} frames, ${sessions} sessions (SMTP ${m.sessions.smtp}, POP3 ${m.sessions.pop3}, IMAP ${m.sessions.imap}),` +
      ` up to ${m.maxConcurrent} at once over ${m.spanSeconds.toFixed(1)} s of capture time`,
    `  ${m.messages} messages, ${(m.messageBytes / MB).toFixed(0)} MB of them, largest ${(m.largestMessage / MB).toFixed(1)} MB;` +
      ` IPv6 ${pct(m.ipv6)}, MSS 536 ${pct(m.mss536)}, reordering/duplication/loss ${pct(m.impaired)}, RST ${pct(m.rst)}`,
  ].join('\n');
}

async function main(): Promise<number> {
  const { size, seed, runs, mailwireOnly } = options();
  const capture = syntheticCapture(size, seed, log);
  const buildError = ensureBuiltCli(root, log);
  if (buildError !== null) {
    log(`cannot measure mailwire: npm run build failed:\n${buildError}`);
    return 2;
  }
  const tshark = !mailwireOnly && hasTshark();
  if (!tshark && !mailwireOnly) log('tshark is not installed: measuring mailwire alone');
  await warmPageCache(capture.path);

  const outDir = mkdtempSync(join(tmpdir(), 'mailwire-bench-flows-out-'));
  const results: Result[] = [];
  try {
    for (const c of contenders(capture.path, tshark)) results.push(await runContender(c, runs, outDir));
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }

  const machine = machineInfo(tshark ? 'tshark' : null);
  console.log(`\n${machine.cpu}, ${machine.cpus} CPUs, ${machine.memoryGiB} GiB; Node ${machine.node}; ${machine.tshark ?? 'tshark not run'}`);
  console.log(describeCapture(capture));
  console.log(`best of ${runs} run(s) each, file in the page cache; MB = 10^6 bytes\n`);
  const [ours, ...theirs] = results;
  const mbps = (r: Result): number => capture.bytes / MB / r.best.seconds;
  console.log(
    table(
      ['tool', 'seconds', 'MB/s', 'peak RSS MB', 'conversations', 'frames', 'mailwire ×'],
      results.map((r) => [
        r.contender.name,
        r.best.seconds.toFixed(2),
        r.failure ? '-' : mbps(r).toFixed(1),
        (r.peakRss / MB).toFixed(0),
        r.conversations ? String(totals(r.conversations).conversations) : '-',
        r.conversations ? String(totals(r.conversations).frames) : '-',
        r === ours || r.failure || ours!.failure ? '' : `${(mbps(ours!) / mbps(r)).toFixed(1)}×`,
      ]),
      1,
    ),
  );
  for (const r of results) if (r.failure) console.log(`\n${r.contender.name} failed: ${r.failure}`);
  console.log(`\ncommands (FILE = the capture):\n${results.map((r) => `  ${[r.contender.cmd, ...r.contender.args].join(' ').replaceAll(capture.path, 'FILE')}`).join('\n')}`);
  return verdict(ours!, theirs, mbps);
}

/** Prints the PASS/FAIL lines; returns the exit code. */
function verdict(ours: Result, theirs: Result[], mbps: (r: Result) => number): number {
  const checks: [string, boolean][] = [];
  const reference = theirs[0];
  if (reference && !reference.failure && !ours.failure) {
    const ratio = mbps(ours) / mbps(reference);
    checks.push([`throughput ${ratio.toFixed(1)}× ${reference.contender.name} (target ≥ ${TARGET_RATIO}×)`, ratio >= TARGET_RATIO]);
    const fastest = theirs.filter((r) => !r.failure).reduce((a, b) => (mbps(b) > mbps(a) ? b : a));
    if (fastest !== reference) console.log(`\nagainst the fastest tshark variant (${fastest.contender.name}): ${(mbps(ours) / mbps(fastest)).toFixed(1)}×`);
  } else if (reference) {
    checks.push(['throughput against tshark (could not be compared: a run failed)', false]);
  } else {
    console.log('\nthroughput: not compared (tshark not run)');
  }
  checks.push([`mailwire peak RSS ${(ours.peakRss / MB).toFixed(0)} MB (target < ${RSS_LIMIT / MB} MB)`, !ours.failure && ours.peakRss < RSS_LIMIT]);
  for (const r of theirs) {
    if (!ours.conversations || !r.conversations) continue;
    const diff = differences(ours.conversations, r.conversations);
    const detail = diff.count === 0 ? `all ${ours.conversations.size}` : `${diff.count} differ, e.g. ${diff.examples.join('; ')}`;
    checks.push([`same conversations and frames each way as ${r.contender.name} (${detail})`, diff.count === 0]);
  }
  console.log('');
  for (const [what, ok] of checks) console.log(`${ok ? 'PASS' : 'FAIL'}  ${what}`);
  return checks.every(([, ok]) => ok) ? 0 : 1;
}

try {
  process.exitCode = await main();
} catch (err) {
  log(`bench:flows: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 2;
}
