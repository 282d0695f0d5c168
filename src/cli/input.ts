/**
 * The sessions of an input for the commands that list them (read, stats, extract): a capture
 * decoded through the pipeline, or a mailwire archive (.mwz) reopened without decoding.
 */
import { isArchiveFile } from '../archive/detect.js';
import { loadArchiveSessions } from '../archive/reader.js';
import type { CaptureSummary } from '../capture/types.js';
import type { SessionFilter } from '../filter/index.js';
import type { Session } from '../model/session.js';
import type { ProtocolName } from '../model/violation.js';
import { analyzeCapture } from '../pipeline.js';
import type { DecoderOptions } from '../protocols/decoder.js';
import type { FlowLimits } from '../flow/types.js';
import type { SessionSink } from '../protocols/session-builder.js';
import { UserError } from '../errors.js';
import { InputProblems, terminalHooks } from './common.js';

export interface InputOptions {
  portMap: Map<number, ProtocolName>;
  /** Keep only the sessions this display filter matches. */
  filter?: SessionFilter;
  decoder?: Partial<DecoderOptions>;
  quiet?: boolean;
  limits?: Partial<FlowLimits>;
  /** Another sink fed as the capture is decoded (every session, before the filter): e.g. an archive writer. */
  tee?: SessionSink;
}

export interface Input {
  sessions: Session[];
  /** The capture read, or null when the input was an archive. */
  capture: CaptureSummary | null;
}

/** Every decoded session of the input (a capture, or an archive), in stream order. */
export async function loadInput(path: string, opts: InputOptions): Promise<Input> {
  const keep = (s: Session): boolean => !opts.filter || opts.filter.matches(s);
  if (await isArchiveFile(path)) {
    if (opts.tee) throw new UserError(`${path} is already a mailwire archive; read it with mailwire read, stats or extract`);
    if (!opts.quiet && (opts.portMap.size > 0 || opts.decoder?.showSecrets)) {
      process.stderr.write(`mailwire: note: ${path} is an archive: --map and --show-secrets were applied when it was written and cannot change it now\n`);
    }
    return { sessions: (await loadArchiveSessions(path)).filter(keep), capture: null };
  }
  const problems = new InputProblems(path, opts.quiet);
  const hooks = terminalHooks(path, problems);
  const sessions: Session[] = [];
  const tee = opts.tee;
  const sink: SessionSink = tee
    ? {
        sessionStart: (s) => tee.sessionStart?.(s),
        event: (s, ev) => tee.event?.(s, ev),
        streamBytes: (s, dir, offset, bytes) => tee.streamBytes?.(s, dir, offset, bytes),
        sessionEnd: (s) => {
          tee.sessionEnd(s);
          if (keep(s)) sessions.push(s);
        },
      }
    : { sessionEnd: (s) => (keep(s) ? sessions.push(s) : undefined) };
  const result = await analyzeCapture(path, { portMap: opts.portMap, decoder: opts.decoder, limits: opts.limits, sessions: sink, ...hooks });
  hooks.done();
  return { sessions: sessions.sort((a, b) => a.id - b.id), capture: result.capture };
}

/** The sessions of a capture or archive (see loadInput). */
export async function loadSessions(path: string, opts: InputOptions): Promise<Session[]> {
  return (await loadInput(path, opts)).sessions;
}
