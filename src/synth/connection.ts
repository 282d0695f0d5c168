/** A scripted TCP connection → the Ethernet frames a capture of it holds. */
import type { FrameRecord } from '../capture/writer.js';
import { encodeSegments } from './encode.js';
import { impairSegments } from './impair.js';
import { planConnection } from './plan.js';
import { DEFAULT_CLIENT_PORT, resolveScript, type ConnectionScript } from './script.js';

/**
 * The frames of one connection, in time order: handshake, the dialogue in MSS-sized segments
 * with the receiver's ACKs (one per two segments and one at the end of each step), the close,
 * then the capture impairments. The same script always gives the same bytes.
 *
 * @throws RangeError when the script cannot describe a connection (bad address, port or MSS,
 *   negative delay, IPv4 mixed with IPv6).
 */
export function buildConnection(script: ConnectionScript): FrameRecord[] {
  return connectionFrames(script, DEFAULT_CLIENT_PORT);
}

/** buildConnection with the client port to use when the script names no client. */
export function connectionFrames(script: ConnectionScript, defaultClientPort: number): FrameRecord[] {
  const resolved = resolveScript(script, defaultClientPort);
  const planned = impairSegments(planConnection(resolved), resolved.impair, resolved.rttNs);
  return encodeSegments(resolved, planned);
}
