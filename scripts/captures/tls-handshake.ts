/**
 * TLS 1.3 records as they appear on the wire after STARTTLS, for the hand-made captures: a
 * ClientHello with SNI, the server's first flight and the client's Finished. The encrypted
 * records carry deterministic filler bytes (a capture only needs them to look like TLS).
 */
import { createHash } from 'node:crypto';

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}

/** Parts prefixed with their total length in `bytes` octets. */
function vec(bytes: 1 | 2 | 3, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const len = Buffer.alloc(bytes);
  len.writeUIntBE(body.length, 0, bytes);
  return Buffer.concat([len, body]);
}

/** One TLS record of content type `type` (20 ChangeCipherSpec, 22 handshake, 23 application data). */
export function tlsRecord(type: number, fragment: Buffer): Buffer {
  return Buffer.concat([Buffer.from([type, 0x03, 0x03]), u16(fragment.length), fragment]);
}

function handshake(type: number, body: Buffer): Buffer {
  return tlsRecord(22, Buffer.concat([Buffer.from([type]), vec(3, body)]));
}

/** `n` deterministic bytes that look random (what encrypted records carry), different per `seed`. */
export function opaque(n: number, seed: string): Buffer {
  const out: Buffer[] = [];
  for (let i = 0; out.length * 32 < n; i++) out.push(createHash('sha256').update(`${seed}/${i}`).digest());
  return Buffer.concat(out).subarray(0, n);
}

const TLS_AES_128_GCM_SHA256 = 0x1301;

/** A TLS 1.3 ClientHello naming `host` (server_name and supported_versions extensions). */
export function clientHello(host: string): Buffer {
  const sni = Buffer.concat([u16(0), vec(2, vec(2, Buffer.from([0]), vec(2, Buffer.from(host))))]);
  const versions = Buffer.concat([u16(43), vec(2, vec(1, u16(0x0304), u16(0x0303)))]);
  const body = Buffer.concat([
    u16(0x0303),
    opaque(32, `${host}/client-random`),
    vec(1, opaque(32, 'session')),
    vec(2, u16(TLS_AES_128_GCM_SHA256)),
    vec(1, Buffer.from([0])),
    vec(2, sni, versions),
  ]);
  return handshake(1, body);
}

/** The server's first flight: ServerHello (TLS 1.3), ChangeCipherSpec and the encrypted rest. */
export function serverFlight(seed: string): Buffer {
  const versions = Buffer.concat([u16(43), vec(2, u16(0x0304))]);
  const hello = handshake(
    2,
    Buffer.concat([u16(0x0303), opaque(32, `${seed}/server-random`), vec(1, opaque(32, 'session')), u16(TLS_AES_128_GCM_SHA256), Buffer.from([0]), vec(2, versions)]),
  );
  return Buffer.concat([hello, tlsRecord(20, Buffer.from([1])), tlsRecord(23, opaque(900, `${seed}/server-flight`))]);
}

/** The client's Finished and its first encrypted request. */
export function clientFinish(seed: string): Buffer {
  return Buffer.concat([tlsRecord(20, Buffer.from([1])), tlsRecord(23, opaque(74, `${seed}/finished`)), tlsRecord(23, opaque(40, `${seed}/request`))]);
}
