/**
 * Plans a scripted connection as a time-ordered list of TCP segments: the handshake, the
 * dialogue cut into MSS-sized segments with the receiver's ACKs, and the close. Bytes are
 * written later (see encode.ts); impairments are applied to the plan (see impair.ts).
 */
import type { Direction } from '../flow/types.js';
import { TcpFlag } from '../net/types.js';
import { DEFAULT_STEP_DELAY, type ResolvedScript } from './script.js';

/** One TCP segment of a planned connection. */
export interface PlannedSegment {
  from: Direction;
  /** Nanoseconds after the script's start. */
  timeNs: number;
  seq: number;
  ack: number;
  flags: number;
  window: number;
  payload: Buffer;
  /** Carries the handshake options (MSS, SACK-permitted, window scale): SYN and SYN-ACK. */
  synOptions?: boolean;
  /** Left out of the capture (lost between the wire and the capture point); still counts for IP ids. */
  lost?: boolean;
}

/** Gap between back-to-back segments of one burst (about a full frame at 1 Gbit/s). */
const SEGMENT_SPACING_NS = 12_000;
/** The client closes this long after the last step: a step's default delay. */
const CLOSE_DELAY_NS = Math.round(DEFAULT_STEP_DELAY * 1e9);
/** Window scale both sides announce, and the scaled window they then advertise (64256 bytes). */
export const WINDOW_SCALE = 7;
const WINDOW = 502;
const SYN_WINDOW = 64240;
const SYN_ACK_WINDOW = 65160;
const EMPTY: Buffer = Buffer.alloc(0);

/** One side's TCP state while planning. */
interface Side {
  /** Next sequence number to send. */
  sndNxt: number;
  /** Next sequence number expected from the peer (the ack we send). */
  rcvNxt: number;
  /** Peer segments received and not yet acknowledged. */
  unacked: number;
  /** When this side may next act: after its own last segment and after the peer's data reached it. */
  readyNs: number;
}

/** Plans the segments of `script`, sorted by time (ties keep planning order). */
export function planConnection(script: ResolvedScript): PlannedSegment[] {
  const segments: PlannedSegment[] = [];
  const halfRtt = Math.round(script.rttNs / 2);
  const sides: Record<Direction, Side> = {
    C: { sndNxt: add(script.isnClient, 1), rcvNxt: add(script.isnServer, 1), unacked: 0, readyNs: 0 },
    S: { sndNxt: add(script.isnServer, 1), rcvNxt: add(script.isnClient, 1), unacked: 0, readyNs: 0 },
  };
  const push = (from: Direction, timeNs: number, flags: number, payload = EMPTY): void => {
    const side = sides[from];
    segments.push({ from, timeNs, seq: side.sndNxt, ack: side.rcvNxt, flags, window: WINDOW, payload });
  };

  let stepTime = 0;
  if (script.handshake) {
    segments.push({ from: 'C', timeNs: 0, seq: script.isnClient, ack: 0, flags: TcpFlag.SYN, window: SYN_WINDOW, payload: EMPTY, synOptions: true });
    segments.push({
      from: 'S', timeNs: halfRtt, seq: script.isnServer, ack: sides.S.rcvNxt,
      flags: TcpFlag.SYN | TcpFlag.ACK, window: SYN_ACK_WINDOW, payload: EMPTY, synOptions: true,
    });
    stepTime = 2 * halfRtt;
    push('C', stepTime, TcpFlag.ACK);
    sides.C.readyNs = stepTime + SEGMENT_SPACING_NS;
  }

  for (const step of script.steps) {
    stepTime += step.delayNs;
    if (step.data.length === 0) continue;
    const sender = sides[step.from];
    const receiverDir: Direction = step.from === 'C' ? 'S' : 'C';
    const receiver = sides[receiverDir];
    stepTime = Math.max(stepTime, sender.readyNs);
    let time = stepTime;
    for (let off = 0; off < step.data.length; off += script.mss) {
      const payload = step.data.subarray(off, off + script.mss);
      const last = off + script.mss >= step.data.length;
      push(step.from, time, TcpFlag.ACK | (last ? TcpFlag.PSH : 0), payload);
      sender.sndNxt = add(sender.sndNxt, payload.length);
      receiver.rcvNxt = sender.sndNxt;
      // Delayed-ACK style: the receiver acknowledges every second segment and the end of a chunk.
      if (++receiver.unacked === 2 || last) {
        push(receiverDir, time + halfRtt, TcpFlag.ACK);
        receiver.unacked = 0;
      }
      time += SEGMENT_SPACING_NS;
    }
    sender.readyNs = time;
    receiver.readyNs = Math.max(receiver.readyNs, time - SEGMENT_SPACING_NS + halfRtt);
  }

  planClose(script, sides, stepTime + CLOSE_DELAY_NS, halfRtt, push);
  return segments.sort((a, b) => a.timeNs - b.timeNs);
}

type Push = (from: Direction, timeNs: number, flags: number) => void;

function planClose(script: ResolvedScript, sides: Record<Direction, Side>, earliest: number, halfRtt: number, push: Push): void {
  const client = sides.C;
  const server = sides.S;
  const time = Math.max(earliest, client.readyNs);
  if (script.close === 'rst') {
    push('C', time, TcpFlag.RST | TcpFlag.ACK);
  } else if (script.close === 'fin') {
    push('C', time, TcpFlag.FIN | TcpFlag.ACK);
    client.sndNxt = add(client.sndNxt, 1);
    server.rcvNxt = client.sndNxt;
    const serverFin = Math.max(time + halfRtt, server.readyNs);
    push('S', serverFin, TcpFlag.FIN | TcpFlag.ACK);
    server.sndNxt = add(server.sndNxt, 1);
    client.rcvNxt = server.sndNxt;
    push('C', serverFin + halfRtt, TcpFlag.ACK);
  }
}

/** Sequence-number addition modulo 2^32. */
function add(seq: number, n: number): number {
  return (seq + n) >>> 0;
}
