/** `mailwire stats <capture>`: a summary per protocol, as an aligned table or as JSON. */
import type { Command } from 'commander';
import { computeStats, formatStats } from '../output/stats.js';
import { addFilterOption, addLimitOptions, addMapOption, limitsFrom, filterFrom, portMapFrom, type LimitOptionValues } from './common.js';
import { loadSessions } from './input.js';
import { writeOut } from './write.js';

interface StatsCliOptions extends LimitOptionValues {
  displayFilter?: string;
  json?: boolean;
  map?: string[];
  quiet?: boolean;
}

export function registerStats(program: Command): void {
  const cmd = program
    .command('stats')
    .description('summarise the mail sessions in a capture per protocol: commands, replies, response times, bytes, messages, TLS, violations, top talkers')
    .argument('<capture>', 'pcap or pcapng file (optionally gzip-compressed), or - for standard input')
    .option('--json', 'print the statistics as JSON (schema: docs/stats.md)')
    .option('-q, --quiet', 'do not print warnings about damaged input');
  addMapOption(cmd);
  addLimitOptions(cmd);
  addFilterOption(cmd);
  cmd.action(async (capture: string, opts: StatsCliOptions) => {
    const filter = filterFrom(opts.displayFilter);
    const sessions = await loadSessions(capture, { portMap: portMapFrom(opts.map), limits: limitsFrom(opts), filter, quiet: opts.quiet });
    const stats = computeStats(sessions);
    await writeOut(opts.json ? `${JSON.stringify(stats, null, 2)}\n` : formatStats(stats));
  });
}
