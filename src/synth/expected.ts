/** What a perfect reassembler must deliver for a script. */
import type { Direction } from '../flow/types.js';
import { stepBytes, type ConnectionScript } from './script.js';

/**
 * The exact bytes each direction carries (C: client→server, S: server→client): the steps'
 * data concatenated in order. Impairments do not change it — a lost segment is a gap of
 * known length within these bytes.
 */
export function expectedStreams(script: ConnectionScript): Record<Direction, Buffer> {
  const parts: Record<Direction, Buffer[]> = { C: [], S: [] };
  for (const step of script.steps) parts[step.from].push(stepBytes(step));
  return { C: Buffer.concat(parts.C), S: Buffer.concat(parts.S) };
}
