/** `mailwire read <capture>`: every mail session as an annotated transcript, or as JSON. */
import type { Command } from 'commander';
import { UserError } from '../errors.js';
import { sessionsToJson } from '../output/json.js';
import { COLOR, PLAIN } from '../output/style.js';
import { renderTranscript } from '../output/transcript.js';
import { addMapOption, portMapFrom } from './common.js';
import { loadSessions } from './input.js';
import { writeOut } from './write.js';

interface ReadOptions {
  json?: boolean;
  map?: string[];
  quiet?: boolean;
  time?: boolean;
  fullData?: boolean;
  explain?: boolean;
  color?: boolean;
  showSecrets?: boolean;
  dataLines: string;
}

export function registerRead(program: Command): void {
  const cmd = program
    .command('read')
    .description('decode every SMTP, POP3 and IMAP session in a capture and print it as an annotated transcript')
    .argument('<capture>', 'pcap or pcapng file (optionally gzip-compressed), or - for standard input')
    .option('--json', 'print the sessions as JSON (schema: docs/schema.md)')
    .option('-t, --time', 'prefix each line with the time since the session started')
    .option('--full-data', 'show whole message bodies (default: the first lines)')
    .option('--data-lines <n>', 'lines of each message body to show without --full-data', '12')
    .option('--explain', 'add a line per command saying what it does and which RFC defines it')
    .option('--show-secrets', 'show passwords and AUTH credentials instead of masking them')
    .option('--color', 'colour the output even when it is not a terminal')
    .option('--no-color', 'never colour the output')
    .option('-q, --quiet', 'do not print warnings about damaged input');
  addMapOption(cmd);
  cmd.action(async (capture: string, opts: ReadOptions) => {
    const dataLines = Number(opts.dataLines);
    if (!Number.isInteger(dataLines) || dataLines < 0) {
      throw new UserError(`--data-lines ${opts.dataLines}: expected a whole number of lines, e.g. --data-lines 20`);
    }
    const sessions = await loadSessions(capture, {
      portMap: portMapFrom(opts.map),
      decoder: { showSecrets: Boolean(opts.showSecrets) },
      quiet: opts.quiet,
    });
    if (opts.json) {
      await writeOut(sessionsToJson(sessions));
      return;
    }
    const useColor = opts.color ?? Boolean(process.stdout.isTTY);
    await writeOut(
      renderTranscript(sessions, {
        relativeTime: Boolean(opts.time),
        fullData: Boolean(opts.fullData),
        dataLines,
        explain: Boolean(opts.explain),
        style: useColor ? COLOR : PLAIN,
      }),
    );
  });
}
