/**
 * The mailwire command line: one file per subcommand in src/cli/, wired together here.
 * Every failure a user can cause ends as one line on stderr and a non-zero exit code.
 */
import { Command, CommanderError } from 'commander';
import { createRequire } from 'node:module';
import { UserError } from '../errors.js';
import { registerExtract } from './extract.js';
import { registerFlows } from './flows.js';
import { registerRead } from './read.js';
import { registerStats } from './stats.js';

const require = createRequire(import.meta.url);
const pkg = require('../../package.json') as { version: string };

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('mailwire')
    .description('Packet-level analyzer for SMTP, POP3 and IMAP: reads pcap/pcapng captures, reassembles TCP and decodes mail dialogues')
    .version(pkg.version, '-V, --version', 'print the version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerRead(program);
  registerFlows(program);
  registerExtract(program);
  registerStats(program);
  return program;
}

/** Runs the CLI; resolves to the exit code. Never throws. */
export async function run(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    return reportError(err);
  }
}

export function reportError(err: unknown): number {
  if (err instanceof CommanderError) {
    // commander has already printed its message (help, version, or a usage error).
    return err.exitCode;
  }
  if (err instanceof UserError) {
    process.stderr.write(`mailwire: ${err.message}\n`);
    return err.exitCode;
  }
  const e = err as NodeJS.ErrnoException;
  if (e && e.code === 'EPIPE') return 0; // output piped into `head` and closed: not an error
  const msg = e instanceof Error ? e.message : String(err);
  process.stderr.write(`mailwire: internal error: ${msg} (this is a bug; set MAILWIRE_DEBUG=1 for details)\n`);
  if (process.env.MAILWIRE_DEBUG && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
  return 70;
}
