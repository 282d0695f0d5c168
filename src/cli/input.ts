/**
 * The sessions of an input for the commands that list them (read, stats, extract): a capture
 * decoded through the pipeline. (Archives written by `--format msgpack` will open here too.)
 */
import type { SessionFilter } from '../filter/index.js';
import type { Session } from '../model/session.js';
import { analyzeCapture } from '../pipeline.js';
import type { DecoderOptions } from '../protocols/decoder.js';
import { InputProblems, terminalHooks } from './common.js';
import type { ProtocolName } from '../model/violation.js';

export interface InputOptions {
  portMap: Map<number, ProtocolName>;
  /** Keep only the sessions this display filter matches. */
  filter?: SessionFilter;
  decoder?: Partial<DecoderOptions>;
  quiet?: boolean;
}

/** Every decoded session of the input, in stream order. */
export async function loadSessions(path: string, opts: InputOptions): Promise<Session[]> {
  const problems = new InputProblems(path, opts.quiet);
  const hooks = terminalHooks(path, problems);
  const sessions: Session[] = [];
  await analyzeCapture(path, {
    portMap: opts.portMap,
    decoder: opts.decoder,
    sessions: { sessionEnd: (s) => (!opts.filter || opts.filter.matches(s) ? sessions.push(s) : undefined) },
    ...hooks,
  });
  hooks.done();
  return sessions.sort((a, b) => a.id - b.id);
}
