/**
 * Builds TLS bytes by hand for the tests: records, handshake messages, hellos and their
 * extensions, alerts. Every length prefix is computed, so a test states only what it is about.
 */
import { TlsDirectionObserver, type TlsRecordInfo } from '../../src/tls/direction-observer.js';

export function u8(n: number): Buffer {
  return Buffer.from([n & 0xff]);
}

export function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}

export function u24(n: number): Buffer {
  return Buffer.from([(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]);
}

/** Parts concatenated, prefixed with their total length in 1, 2 or 3 bytes. */
export function vec(prefixBytes: 1 | 2 | 3, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const len = prefixBytes === 1 ? u8(body.length) : prefixBytes === 2 ? u16(body.length) : u24(body.length);
  return Buffer.concat([len, body]);
}

export const CT = { CCS: 20, ALERT: 21, HANDSHAKE: 22, APPDATA: 23, HEARTBEAT: 24 } as const;

export function record(type: number, fragment: Buffer, version = 0x0303): Buffer {
  return Buffer.concat([u8(type), u16(version), u16(fragment.length), fragment]);
}

export function handshake(type: number, body: Buffer): Buffer {
  return Buffer.concat([u8(type), u24(body.length), body]);
}

export function extension(type: number, data: Buffer): Buffer {
  return Buffer.concat([u16(type), vec(2, data)]);
}

export function sniExt(host: string): Buffer {
  return extension(0, vec(2, u8(0), vec(2, Buffer.from(host, 'latin1'))));
}

export function alpnExt(...protocols: string[]): Buffer {
  return extension(16, vec(2, ...protocols.map((p) => vec(1, Buffer.from(p)))));
}

export function clientVersionsExt(...versions: number[]): Buffer {
  return extension(43, vec(1, ...versions.map(u16)));
}

export function serverVersionExt(version: number): Buffer {
  return extension(43, u16(version));
}

export const HRR_RANDOM = Buffer.from('cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c', 'hex');

export interface ClientHelloSpec {
  version?: number;
  ciphers?: number[];
  /** Extension blocks; `null` leaves out the extensions field entirely (SSL 3.0 style). */
  extensions?: Buffer[] | null;
  sessionId?: Buffer;
}

/** A ClientHello handshake message (header included). */
export function clientHello(spec: ClientHelloSpec = {}): Buffer {
  const { version = 0x0303, ciphers = [0x1301, 0xc02f], extensions = [], sessionId = Buffer.alloc(32, 7) } = spec;
  const parts = [u16(version), Buffer.alloc(32, 0x11), vec(1, sessionId), vec(2, ...ciphers.map(u16)), vec(1, u8(0))];
  if (extensions !== null) parts.push(vec(2, ...extensions));
  return handshake(1, Buffer.concat(parts));
}

export interface ServerHelloSpec {
  version?: number;
  cipher?: number;
  extensions?: Buffer[] | null;
  random?: Buffer;
}

/** A ServerHello (or, with HRR_RANDOM, a HelloRetryRequest) handshake message. */
export function serverHello(spec: ServerHelloSpec = {}): Buffer {
  const { version = 0x0303, cipher = 0xc02f, extensions = [], random = Buffer.alloc(32, 0x22) } = spec;
  const parts = [u16(version), random, vec(1, Buffer.alloc(32, 7)), u16(cipher), u8(0)];
  if (extensions !== null) parts.push(vec(2, ...extensions));
  return handshake(2, Buffer.concat(parts));
}

/** A Certificate message (TLS ≤ 1.2 layout) carrying the given DER certificates. */
export function certificateMessage(...ders: Buffer[]): Buffer {
  return handshake(11, vec(3, ...ders.map((d) => vec(3, d))));
}

export function alert(level: number, description: number): Buffer {
  return record(CT.ALERT, Buffer.from([level, description]));
}

export function ccs(): Buffer {
  return record(CT.CCS, Buffer.from([1]));
}

/** An application_data record of `n` pseudo-random bytes. */
export function appData(n: number, seed = 1): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + seed * 17) & 0xff;
  return record(CT.APPDATA, b);
}

/** Feeds `chunks` to a fresh observer (starting at `startOffset`) and returns it with its infos. */
export function observe(
  chunks: Buffer[],
  startOffset = 0,
): { infos: TlsRecordInfo[]; observer: TlsDirectionObserver } {
  const infos: TlsRecordInfo[] = [];
  const observer = new TlsDirectionObserver(startOffset, (i) => infos.push(i));
  for (const c of chunks) observer.push(c);
  return { infos, observer };
}

/** `bytes` cut at the given positions (sorted, within bounds). */
export function cutAt(bytes: Buffer, cuts: number[]): Buffer[] {
  const out: Buffer[] = [];
  let prev = 0;
  for (const c of cuts) {
    out.push(bytes.subarray(prev, c));
    prev = c;
  }
  out.push(bytes.subarray(prev));
  return out;
}
