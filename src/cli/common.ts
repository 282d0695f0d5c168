/** Options and helpers shared by the subcommands. */
import type { Command } from 'commander';
import type { CaptureAnomaly } from '../capture/types.js';
import type { NetAnomaly } from '../net/types.js';
import { parsePortMapping } from '../protocols/detect.js';
import type { ProtocolName } from '../model/violation.js';
import { UserError } from '../errors.js';
import { compileFilter, FilterSyntaxError, type SessionFilter } from '../filter/index.js';
import type { FlowLimits } from '../flow/types.js';
import { ProgressBar } from './progress.js';
import { parseSize } from './size.js';
import type { AnalyzeOptions } from '../pipeline.js';

export function collectMap(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Adds `--map PORT=PROTO` (repeatable). */
export function addMapOption(cmd: Command): Command {
  return cmd.option('--map <PORT=PROTO>', 'decode PORT as PROTO (smtp, pop3, imap); repeatable', collectMap, []);
}

/** Adds the flow-table limits (memory for out-of-order data, idle time, connections tracked). */
export function addLimitOptions(cmd: Command): Command {
  return cmd
    .option('--max-buffer <size>', 'out-of-order bytes held per direction of a connection before giving up on a hole (e.g. 4M)')
    .option('--max-buffer-total <size>', 'out-of-order bytes held across all connections (e.g. 64M)')
    .option('--idle-timeout <seconds>', 'end a connection after this much capture time without a packet')
    .option('--max-flows <n>', 'connections tracked at once; the least recently active is ended beyond it');
}

export interface LimitOptionValues {
  maxBuffer?: string;
  maxBufferTotal?: string;
  idleTimeout?: string;
  maxFlows?: string;
}

/** The flow limits given on the command line; a bad value is a one-line user error. */
export function limitsFrom(o: LimitOptionValues): Partial<FlowLimits> {
  const limits: Partial<FlowLimits> = {};
  const size = (flag: string, v: string): number => {
    const n = parseSize(v);
    if (n === null) throw new UserError(`${flag} ${v}: expected a size such as 4M, 512K or 1048576`);
    return n;
  };
  const positive = (flag: string, v: string, integer: boolean): number => {
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) throw new UserError(`${flag} ${v}: expected a positive ${integer ? 'whole number' : 'number'}`);
    return n;
  };
  if (o.maxBuffer !== undefined) limits.maxBufferedPerStream = size('--max-buffer', o.maxBuffer);
  if (o.maxBufferTotal !== undefined) limits.maxBufferedTotal = size('--max-buffer-total', o.maxBufferTotal);
  if (o.idleTimeout !== undefined) limits.idleTimeout = positive('--idle-timeout', o.idleTimeout, false);
  if (o.maxFlows !== undefined) limits.maxFlows = positive('--max-flows', o.maxFlows, true);
  return limits;
}

/** Adds `-Y FILTER` (display filter over sessions; docs/filters.md). */
export function addFilterOption(cmd: Command): Command {
  return cmd.option('-Y, --display-filter <filter>', 'only sessions matching this display filter, e.g. \'smtp && reply.code >= 500\' (docs/filters.md)');
}

/** Compiles a -Y filter before any packet is read; a bad one is a user error that shows where. */
export function filterFrom(expr: string | undefined): SessionFilter | undefined {
  if (expr === undefined) return undefined;
  try {
    return compileFilter(expr);
  } catch (err) {
    if (err instanceof FilterSyntaxError) {
      const pointer = err.pointer().split('\n').map((l) => `  ${l}`).join('\n');
      throw new UserError(`-Y: ${err.message}\n${pointer}`);
    }
    throw err;
  }
}

export function portMapFrom(specs: string[] | undefined): Map<number, ProtocolName> {
  const map = new Map<number, ProtocolName>();
  for (const spec of specs ?? []) {
    try {
      const [port, proto] = parsePortMapping(spec);
      map.set(port, proto);
    } catch (err) {
      throw new UserError((err as Error).message);
    }
  }
  return map;
}

/**
 * Reporting for problems in the input: capture-file anomalies are printed as one warning line
 * each (they are rare and matter); packet-level anomalies are counted by kind and summarised once
 * at the end, with the first example of each kind.
 */
export class InputProblems {
  private readonly netKinds = new Map<string, { count: number; first: NetAnomaly }>();

  constructor(
    private readonly file: string,
    private readonly quiet = false,
  ) {}

  capture = (a: CaptureAnomaly): void => {
    if (this.quiet) return;
    const parts = [a.frame !== undefined && !/\bframe\b/.test(a.message) ? `frame ${a.frame}` : '', /\boffset\b/.test(a.message) ? '' : `offset ${a.offset}`].filter(Boolean);
    const where = parts.length > 0 ? ` (${parts.join(', ')})` : '';
    const tail = a.fatal ? '; reading stopped here, results cover the packets before it' : '';
    process.stderr.write(`mailwire: warning: ${this.file}: ${a.message}${where}${tail}\n`);
  };

  net = (a: NetAnomaly): void => {
    const k = this.netKinds.get(a.kind);
    if (k) k.count++;
    else this.netKinds.set(a.kind, { count: 1, first: a });
  };

  /** Prints the packet-level summary lines (to stderr). */
  summary(): void {
    if (this.quiet) return;
    for (const [kind, { count, first }] of this.netKinds) {
      const more = count > 1 ? ` (and ${count - 1} more like it)` : '';
      process.stderr.write(`mailwire: note: ${this.file}: frame ${first.frame}: ${first.message} [${kind}]${more}\n`);
    }
  }
}

/** Pipeline options for reporting and progress, wired to the terminal. */
export function terminalHooks(file: string, problems: InputProblems): Pick<AnalyzeOptions, 'onCaptureAnomaly' | 'onNetAnomaly' | 'onProgress'> & { done(): void } {
  const bar = file !== '-' && process.stderr.isTTY ? new ProgressBar(process.stderr) : null;
  return {
    onCaptureAnomaly: problems.capture,
    onNetAnomaly: problems.net,
    onProgress: bar ? (done, total) => bar.update(done, total) : undefined,
    done() {
      bar?.finish();
      problems.summary();
    },
  };
}
