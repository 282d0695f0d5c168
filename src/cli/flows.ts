/** `mailwire flows <capture>`: the TCP conversations in a capture, like `tshark -q -z conv,tcp`. */
import type { Command } from 'commander';
import type { FlowRecord } from '../flow/types.js';
import { flowToJson, formatFlowsTable } from '../output/flows.js';
import { analyzeCapture } from '../pipeline.js';
import { addMapOption, InputProblems, portMapFrom, terminalHooks } from './common.js';
import { writeOut } from './write.js';

interface FlowsOptions {
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
  cmd.action(async (capture: string, opts: FlowsOptions) => {
    const portMap = portMapFrom(opts.map);
    const problems = new InputProblems(capture, opts.quiet);
    const hooks = terminalHooks(capture, problems);
    const flows: FlowRecord[] = [];
    const result = await analyzeCapture(capture, { portMap, onFlowEnd: (f) => flows.push(f), ...hooks });
    hooks.done();
    flows.sort((a, b) => a.id - b.id);
    const json = flows.map((f) => flowToJson(f, portMap));
    await writeOut(opts.json ? `${JSON.stringify(json, null, 2)}\n` : formatFlowsTable(json, result.firstPacketTime));
  });
}
