/** `mailwire extract <capture> -d DIR`: every message in the traffic as a .eml file, plus index.json. */
import type { Command } from 'commander';
import { extractMessages, INDEX_FILE, type ExtractIndex } from '../output/extract/extract.js';
import { addFilterOption, addLimitOptions, addMapOption, limitsFrom, filterFrom, portMapFrom, type LimitOptionValues } from './common.js';
import { loadSessions } from './input.js';
import { writeOut } from './write.js';

interface ExtractCliOptions extends LimitOptionValues {
  displayFilter?: string;
  dir: string;
  attachments?: boolean;
  map?: string[];
  quiet?: boolean;
}

export function registerExtract(program: Command): void {
  const cmd = program
    .command('extract')
    .description('write every mail message in a capture (SMTP DATA/BDAT, POP3 RETR/TOP, IMAP FETCH/APPEND) as a .eml file, with an index.json')
    .argument('<capture>', 'pcap or pcapng file (optionally gzip-compressed), or - for standard input')
    .requiredOption('-d, --dir <DIR>', 'folder to write into (created if missing)')
    .option('--attachments', 'also write each message\'s MIME attachments into <message>.attachments/')
    .option('-q, --quiet', 'do not print warnings about damaged input');
  addMapOption(cmd);
  addLimitOptions(cmd);
  addFilterOption(cmd);
  cmd.action(async (capture: string, opts: ExtractCliOptions) => {
    const filter = filterFrom(opts.displayFilter);
    const sessions = await loadSessions(capture, { portMap: portMapFrom(opts.map), limits: limitsFrom(opts), filter, quiet: opts.quiet });
    const index = await extractMessages(sessions, opts.dir, { attachments: Boolean(opts.attachments) });
    await writeOut(`${summary(index, opts.dir)}\n`);
  });
}

/** One line saying what was written where. */
export function summary(index: ExtractIndex, dir: string): string {
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  const parts = [`wrote ${plural(index.written, 'message')}`];
  if (index.attachments > 0) parts.push(plural(index.attachments, 'attachment'));
  const skipped = index.notWritten > 0 ? `; ${plural(index.notWritten, 'message')} listed but not written (no content, see ${INDEX_FILE})` : '';
  return `${parts.join(' and ')} to ${dir}${skipped}`;
}
