/** `mailwire flows <capture>`: the TCP conversations in a capture, like `tshark -q -z conv,tcp`. */
import type { Command } from 'commander';
import type { FlowRecord } from '../flow/types.js';
import { FlowJsonWriter, flowToJson, formatFlowsTable } from '../output/flows.js';
import { analyzeCapture } from '../pipeline.js';
import { addLimitOptions, addMapOption, limitsFrom, InputProblems, portMapFrom, terminalHooks, type LimitOptionValues } from './common.js';
import { writeOut } from './write.js';

interface FlowsOptions extends LimitOptionValues {
  json?: boolean;
  map?: string[];
  quiet?: boolean;
}

export function registerFlows(program: Command): void {
  const cmd = program
    .command('flows')
    .description('list the TCP conversations in a capture: endpoints, packets, bytes, payload, timing, how each ended, gaps')
    .argument('<capture>', 'pcap or pcapng file (optionally gzip-compressed), or - for standard input')
    .option('--json', 'print a JSON array instead of a table (schema: docs/schema.md)')
    .option('-q, --quiet', 'do not print warnings about damaged input');
  addMapOption(cmd);
  addLimitOptions(cmd);
  cmd.action(async (capture: string, opts: FlowsOptions) => {
    const portMap = portMapFrom(opts.map);
    const limits = limitsFrom(opts);
    const problems = new InputProblems(capture, opts.quiet);
    const hooks = terminalHooks(capture, problems);
    if (opts.json) {
      // Written as flows end, so memory does not grow with the number of flows in the capture;
      // on a terminal, held to the end so that it does not mix with the progress bar.
      const out = new ChunkedStdout(process.stdout.isTTY ? Infinity : STDOUT_CHUNK);
      const writer = new FlowJsonWriter((text) => out.write(text));
      await analyzeCapture(capture, { portMap, limits, onFlowEnd: (f) => writer.add(flowToJson(f, portMap)), ...hooks });
      hooks.done();
      writer.end();
      await out.end();
      return;
    }
    const flows: FlowRecord[] = [];
    const result = await analyzeCapture(capture, { portMap, limits, onFlowEnd: (f) => flows.push(f), ...hooks });
    hooks.done();
    flows.sort((a, b) => a.id - b.id);
    await writeOut(formatFlowsTable(flows.map((f) => flowToJson(f, portMap)), result.firstPacketTime));
  });
}

/** Text gathered into writes of this many characters. */
const STDOUT_CHUNK = 64 * 1024;

/**
 * Text for stdout, written in chunks of at least `chunk` characters while the program runs.
 * A reader that goes away (EPIPE, e.g. `| head`) quietly ends the writing; another write error
 * is thrown by end().
 */
class ChunkedStdout {
  private pending = '';
  private inFlight = 0;
  private settled: (() => void) | null = null;
  private closed = false;
  private failure: NodeJS.ErrnoException | null = null;

  constructor(private readonly chunk: number) {
    // Never removed: a stream emits a write's error after that write's callback.
    process.stdout.on('error', (err: NodeJS.ErrnoException) => this.fail(err));
  }

  write(text: string): void {
    if (this.closed || this.failure !== null) return;
    this.pending += text;
    if (this.pending.length >= this.chunk) this.flush();
  }

  /** Writes what is left and waits until every write is out. */
  async end(): Promise<void> {
    this.flush();
    if (this.inFlight > 0) await new Promise<void>((resolve) => (this.settled = resolve));
    if (this.failure !== null) throw this.failure;
  }

  private flush(): void {
    if (this.pending === '' || this.closed || this.failure !== null) return;
    this.inFlight++;
    process.stdout.write(this.pending, (err) => {
      if (err) this.fail(err);
      if (--this.inFlight === 0) this.settled?.();
    });
    this.pending = '';
  }

  private fail(err: NodeJS.ErrnoException): void {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') this.closed = true;
    else this.failure ??= err;
  }
}
