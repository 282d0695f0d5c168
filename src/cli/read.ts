/** `mailwire read <capture>`: every mail session as an annotated transcript, or in another format. */
import type { Command } from 'commander';
import { Option } from 'commander';
import { UserError } from '../errors.js';
import type { Session } from '../model/session.js';
import { SEVERITY_RANK, type Severity } from '../model/violation.js';
import { renderHtml } from '../output/html/report.js';
import { sessionsToJson } from '../output/json.js';
import { renderMarkdown } from '../output/markdown.js';
import { eventsToNdjson, sessionsToNdjson } from '../output/ndjson.js';
import { createArchiveWriter } from '../archive/writer.js';
import type { SessionFilter } from '../filter/index.js';
import { COLOR, PLAIN } from '../output/style.js';
import { renderTranscript } from '../output/transcript.js';
import { addFilterOption, addLimitOptions, addMapOption, limitsFrom, filterFrom, portMapFrom, type LimitOptionValues } from './common.js';
import { loadInput, loadSessions } from './input.js';
import { writeOutput } from './output-file.js';

interface ReadOptions extends LimitOptionValues {
  json?: boolean;
  format: string;
  output?: string;
  map?: string[];
  quiet?: boolean;
  time?: boolean;
  fullData?: boolean;
  explain?: boolean;
  color?: boolean;
  showSecrets?: boolean;
  dataLines: string;
  failOn?: Severity;
  displayFilter?: string;
  ndjsonEvents?: boolean;
}

const FORMATS = ['text', 'markdown', 'html', 'json', 'ndjson', 'msgpack'] as const;

export function registerRead(program: Command): void {
  const cmd = program
    .command('read')
    .description('decode every SMTP, POP3 and IMAP session in a capture and print it as an annotated transcript')
    .argument('<capture>', 'pcap or pcapng file (optionally gzip-compressed), or - for standard input')
    .addOption(new Option('-F, --format <format>', 'output format').choices([...FORMATS]).default('text'))
    .option('--json', 'the same as --format json (schema: docs/schema.md)')
    .option('--ndjson-events', 'with --format ndjson: one event per line instead of one session per line')
    .option('-o, --output <file>', 'write to FILE (atomically) instead of standard output; - is standard output')
    .option('-t, --time', 'prefix each line with the time since the session started')
    .option('--full-data', 'show whole message bodies (default: the first lines)')
    .option('--data-lines <n>', 'lines of each message body to show without --full-data', '12')
    .option('--explain', 'add a line per command saying what it does and which RFC defines it')
    .option('--show-secrets', 'show passwords and AUTH credentials instead of masking them')
    .option('--color', 'colour the output even when it is not a terminal')
    .option('--no-color', 'never colour the output')
    .addOption(new Option('--fail-on <severity>', 'exit with status 3 when a violation of this severity or worse is found').choices(['info', 'warning', 'error']))
    .option('-q, --quiet', 'do not print warnings about damaged input');
  addMapOption(cmd);
  addLimitOptions(cmd);
  addFilterOption(cmd);
  cmd.action(async (capture: string, opts: ReadOptions) => {
    const filter = filterFrom(opts.displayFilter);
    const dataLines = Number(opts.dataLines);
    if (!Number.isInteger(dataLines) || dataLines < 0) {
      throw new UserError(`--data-lines ${opts.dataLines}: expected a whole number of lines, e.g. --data-lines 20`);
    }
    const format = opts.json ? 'json' : opts.format;
    if (format === 'msgpack') {
      await writeArchive(capture, opts, filter);
      return;
    }
    const sessions = await loadSessions(capture, {
      portMap: portMapFrom(opts.map),
      limits: limitsFrom(opts),
      filter,
      decoder: { showSecrets: Boolean(opts.showSecrets) },
      quiet: opts.quiet,
    });
    const toTerminal = (opts.output === undefined || opts.output === '-') && Boolean(process.stdout.isTTY);
    const report = { fullData: Boolean(opts.fullData), dataLines, source: capture };
    let content: string;
    if (format === 'json') content = sessionsToJson(sessions);
    else if (format === 'ndjson') content = opts.ndjsonEvents ? eventsToNdjson(sessions) : sessionsToNdjson(sessions);
    else if (format === 'markdown') content = renderMarkdown(sessions, { ...report, explain: Boolean(opts.explain) });
    else if (format === 'html') content = renderHtml(sessions, report);
    else {
      content = renderTranscript(sessions, {
        relativeTime: Boolean(opts.time),
        fullData: Boolean(opts.fullData),
        dataLines,
        explain: Boolean(opts.explain),
        style: (opts.color ?? toTerminal) ? COLOR : PLAIN,
      });
    }
    await writeOutput(opts.output, content);
    if (opts.failOn && worstSeverityAtLeast(sessions, opts.failOn)) process.exitCode = 3;
  });
}

/** --format msgpack: decodes the capture into a mailwire archive (.mwz), written atomically. */
async function writeArchive(capture: string, opts: ReadOptions, filter: SessionFilter | undefined): Promise<void> {
  if (opts.output === undefined || opts.output === '-') {
    throw new UserError('--format msgpack writes an archive file: give it a name with -o, e.g. -o capture.mwz');
  }
  if (filter) throw new UserError('-Y cannot be combined with --format msgpack: an archive keeps every session (filter when you read it)');
  const writer = createArchiveWriter(opts.output);
  let input;
  try {
    input = await loadInput(capture, {
      portMap: portMapFrom(opts.map),
      limits: limitsFrom(opts),
      decoder: { showSecrets: Boolean(opts.showSecrets) },
      quiet: opts.quiet,
      tee: writer,
    });
  } catch (err) {
    await writer.abort();
    throw err;
  }
  await writer.close({ source: input.capture ? { file: capture, format: input.capture.format, packets: input.capture.packets } : null });
  if (opts.failOn && worstSeverityAtLeast(input.sessions, opts.failOn)) process.exitCode = 3;
}

/** True when some session has a violation of `level` or worse. */
export function worstSeverityAtLeast(sessions: Session[], level: Severity): boolean {
  const min = SEVERITY_RANK[level];
  return sessions.some((s) => s.violations.some((v) => SEVERITY_RANK[v.severity] >= min));
}
