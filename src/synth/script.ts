/** What a caller writes to describe a connection, and the defaults that complete it. */
import type { Direction } from '../flow/types.js';
import { requireIp, requireMac } from './address.js';
import { hashString, makePrng } from './prng.js';

/** One chunk of bytes written by one side. */
export interface DialogueStep {
  from: Direction;
  /** Bytes to send; a string is encoded as UTF-8. */
  data: string | Buffer;
  /** Seconds after the previous step (or after the handshake for the first step); default 0.01. */
  delay?: number;
}

/** One end of a connection. */
export interface HostSpec {
  ip: string;
  port: number;
  /** Default: a locally administered address (02:00:00:00:00:01 client, …:02 server). */
  mac?: string;
}

/** Capture-side damage, as probabilities per data segment (each drawn independently). */
export interface Impairments {
  /** Swap a data segment with the next data segment of the same direction. */
  reorder?: number;
  /** Re-send a data segment one RTT later (a retransmission). */
  duplicate?: number;
  /** Leave a data segment out of the capture; the receiver's ACKs still cover it. */
  loss?: number;
  /** Seed of the choices (default: derived from the connection's endpoints and start). */
  seed?: number;
}

/** A scripted TCP connection: who talks, what they say, and how the capture saw it. */
export interface ConnectionScript {
  /** Default 192.0.2.1:49152 (2001:db8::1 with ipv6). */
  client?: HostSpec;
  /** Default 192.0.2.25:25 (2001:db8::25 with ipv6). */
  server?: HostSpec;
  /**
   * Start time (the SYN), seconds since the epoch; default 1_700_000_000. As a double it is
   * exact to about 0.2 µs: put sub-microsecond timing in the steps' delays.
   */
  start?: number;
  steps: DialogueStep[];
  /** Segment payloads are at most this many bytes (default 1460); also announced in the SYN. */
  mss?: number;
  /** How the connection ends; default 'fin' (client FIN after the last step, server FIN/ACK, client ACK). */
  close?: 'fin' | 'rst' | 'none';
  /** Default true: SYN, SYN-ACK, ACK. */
  handshake?: boolean;
  /** Initial sequence numbers; default derived deterministically from endpoints and start. */
  isn?: { client: number; server: number };
  /** Round-trip time in seconds (default 0.002); a side's reaction shows up rtt/2 after what caused it. */
  rtt?: number;
  impair?: Impairments;
  /** Use IPv6 (implied when the addresses given are IPv6). */
  ipv6?: boolean;
  /** 802.1Q VLAN id on every frame. */
  vlan?: number;
}

const DEFAULT_START = 1_700_000_000;
export const DEFAULT_STEP_DELAY = 0.01;
const DEFAULT_RTT = 0.002;
const DEFAULT_MSS = 1460;
/** First client port buildCapture gives to scripts without a client (one more per connection). */
export const DEFAULT_CLIENT_PORT = 49152;

/** One end, resolved to bytes. */
export interface ResolvedHost {
  ip: Buffer;
  port: number;
  mac: Buffer;
}

/** A script with every default filled in and every address parsed. */
export interface ResolvedScript {
  client: ResolvedHost;
  server: ResolvedHost;
  ipv6: boolean;
  /** Integer seconds and nanoseconds of the start time. */
  startSec: number;
  startNsec: number;
  steps: { from: Direction; data: Buffer; delayNs: number }[];
  mss: number;
  close: 'fin' | 'rst' | 'none';
  handshake: boolean;
  isnClient: number;
  isnServer: number;
  /** First IP identification of each side (IPv4 only). */
  ipIdClient: number;
  ipIdServer: number;
  rttNs: number;
  impair: { reorder: number; duplicate: number; loss: number; seed: number };
  vlan?: number;
}

/** The bytes of a step. */
export function stepBytes(step: DialogueStep): Buffer {
  return typeof step.data === 'string' ? Buffer.from(step.data, 'utf8') : step.data;
}

/** Seconds → whole nanoseconds; throws a RangeError on negative or non-finite values. */
function secondsToNs(seconds: number, what: string): number {
  if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError(`synth: ${what} must be a finite number ≥ 0, got ${seconds}`);
  return Math.round(seconds * 1e9);
}

/**
 * Fills in defaults and parses addresses. Throws a RangeError when the script cannot describe
 * a connection (bad address, port or MSS, negative time, IPv4 and IPv6 mixed): a script is
 * code written by a programmer, not input from the wild.
 */
export function resolveScript(script: ConnectionScript, defaultClientPort = DEFAULT_CLIENT_PORT): ResolvedScript {
  const wantsV6 = script.ipv6 === true || [script.client?.ip, script.server?.ip].some((ip) => ip?.includes(':'));
  const clientSpec = script.client ?? { ip: wantsV6 ? '2001:db8::1' : '192.0.2.1', port: defaultClientPort };
  const serverSpec = script.server ?? { ip: wantsV6 ? '2001:db8::25' : '192.0.2.25', port: 25 };
  const client = resolveHost(clientSpec, '02:00:00:00:00:01');
  const server = resolveHost(serverSpec, '02:00:00:00:00:02');
  const expectedLength = wantsV6 ? 16 : 4;
  if (client.ip.length !== expectedLength || server.ip.length !== expectedLength) {
    throw new RangeError(`synth: addresses must both be ${wantsV6 ? 'IPv6' : 'IPv4'} (${clientSpec.ip}, ${serverSpec.ip})`);
  }
  const mss = script.mss ?? DEFAULT_MSS;
  if (!Number.isInteger(mss) || mss < 1 || mss > 65495) throw new RangeError(`synth: mss must be an integer in 1..65495, got ${mss}`);

  const start = script.start ?? DEFAULT_START;
  if (!Number.isFinite(start) || start < 0) throw new RangeError(`synth: start must be a time ≥ 0, got ${start}`);
  const startSec = Math.floor(start);
  const startNsec = Math.min(999_999_999, Math.round((start - startSec) * 1e9));

  const identity = `${clientSpec.ip}:${clientSpec.port}>${serverSpec.ip}:${serverSpec.port}@${start}`;
  const random = makePrng(hashString(identity));
  const u32 = (): number => Math.floor(random() * 0x1_0000_0000);
  const u16 = (): number => Math.floor(random() * 0x1_0000);
  const defaults = { isnClient: u32(), isnServer: u32(), ipIdClient: u16(), ipIdServer: u16(), seed: u32() };

  return {
    client,
    server,
    ipv6: wantsV6,
    startSec,
    startNsec,
    steps: script.steps.map((step, i) => ({
      from: step.from,
      data: stepBytes(step),
      delayNs: secondsToNs(step.delay ?? DEFAULT_STEP_DELAY, `steps[${i}].delay`),
    })),
    mss,
    close: script.close ?? 'fin',
    handshake: script.handshake ?? true,
    isnClient: (script.isn?.client ?? defaults.isnClient) >>> 0,
    isnServer: (script.isn?.server ?? defaults.isnServer) >>> 0,
    ipIdClient: defaults.ipIdClient,
    ipIdServer: defaults.ipIdServer,
    rttNs: secondsToNs(script.rtt ?? DEFAULT_RTT, 'rtt'),
    impair: {
      reorder: script.impair?.reorder ?? 0,
      duplicate: script.impair?.duplicate ?? 0,
      loss: script.impair?.loss ?? 0,
      seed: (script.impair?.seed ?? defaults.seed) >>> 0,
    },
    vlan: script.vlan,
  };
}

function resolveHost(spec: HostSpec, defaultMac: string): ResolvedHost {
  if (!Number.isInteger(spec.port) || spec.port < 0 || spec.port > 65535) {
    throw new RangeError(`synth: port must be an integer in 0..65535, got ${spec.port}`);
  }
  return { ip: requireIp(spec.ip), port: spec.port, mac: requireMac(spec.mac ?? defaultMac) };
}
