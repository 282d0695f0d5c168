/**
 * ClientHello and ServerHello bodies (RFC 8446 §4.1.2-4.1.4, RFC 5246 §7.4.1): the fields that are
 * visible in the clear. Malformed input never throws: parsing stops where the bytes stop making
 * sense, keeps what was read and says what went wrong in `problem`.
 */
import { ByteReader } from './byte-reader.js';
import { isGrease } from './names.js';

const EXT_SERVER_NAME = 0;
const EXT_ALPN = 16;
const EXT_SUPPORTED_VERSIONS = 43;
const SNI_HOST_NAME = 0;

/** ServerHello.random of a HelloRetryRequest: SHA-256("HelloRetryRequest") (RFC 8446 §4.1.3). */
const HRR_RANDOM = Buffer.from('cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c', 'hex');

export interface ClientHelloFields {
  /** legacy_version (client_version before TLS 1.3). */
  legacyVersion: number;
  /** The supported_versions list without GREASE values; without that extension, [legacyVersion]. */
  offeredVersions: number[];
  /** Offered cipher suites in the client's order, without GREASE values. */
  cipherSuites: number[];
  /** server_name host_name (printable ASCII, other bytes as \xHH). */
  sni?: string;
  /** application_layer_protocol_negotiation protocol names, in order. */
  alpn?: string[];
  /** Why parsing stopped early, if it did. */
  problem?: string;
}

export interface ServerHelloFields {
  /** The random value says this is a HelloRetryRequest. */
  helloRetryRequest: boolean;
  legacyVersion: number;
  /** supported_versions' selected_version when present (TLS 1.3), else legacyVersion. */
  version: number;
  cipherSuite: number;
  /** The protocol the server selected by ALPN. */
  alpn?: string;
  problem?: string;
}

/** Fixed part (version, random, session id, cipher suites, compression) of a ClientHello; null if it is not all there. */
export function parseClientHello(body: Buffer): ClientHelloFields | null {
  const r = new ByteReader(body);
  const legacyVersion = r.u16();
  r.bytes(32); // random
  r.bytes(r.u8()); // legacy_session_id
  const suites = r.sub(r.u16());
  r.bytes(r.u8()); // legacy_compression_methods
  if (r.short || suites === null) return null;
  const cipherSuites: number[] = [];
  while (suites.remaining >= 2) {
    const s = suites.u16();
    if (!isGrease(s)) cipherSuites.push(s);
  }
  const out: ClientHelloFields = { legacyVersion, offeredVersions: [legacyVersion], cipherSuites };
  if (suites.remaining !== 0) out.problem = 'odd cipher_suites length';
  readExtensions(r, out, (type, ext) => {
    if (type === EXT_SERVER_NAME) {
      const sni = readServerName(ext);
      if (sni !== null) out.sni = sni;
    } else if (type === EXT_ALPN) {
      out.alpn = readProtocolNames(ext);
    } else if (type === EXT_SUPPORTED_VERSIONS) {
      const list = ext.sub(ext.u8());
      if (list === null) return;
      const versions: number[] = [];
      while (list.remaining >= 2) {
        const v = list.u16();
        if (!isGrease(v)) versions.push(v);
      }
      out.offeredVersions = versions;
    }
  });
  return out;
}

/** Fixed part (version, random, session id, cipher suite, compression) of a ServerHello; null if it is not all there. */
export function parseServerHello(body: Buffer): ServerHelloFields | null {
  const r = new ByteReader(body);
  const legacyVersion = r.u16();
  const random = r.bytes(32);
  r.bytes(r.u8()); // legacy_session_id_echo
  const cipherSuite = r.u16();
  r.u8(); // legacy_compression_method
  if (r.short || random === null) return null;
  const out: ServerHelloFields = {
    helloRetryRequest: random.equals(HRR_RANDOM),
    legacyVersion,
    version: legacyVersion,
    cipherSuite,
  };
  readExtensions(r, out, (type, ext) => {
    if (type === EXT_ALPN) {
      const names = readProtocolNames(ext);
      if (names.length > 0) out.alpn = names[0];
    } else if (type === EXT_SUPPORTED_VERSIONS) {
      const v = ext.u16();
      if (v >= 0) out.version = v;
    }
  });
  return out;
}

/**
 * Walks the optional extensions block after the fixed part, calling `visit` with each extension's
 * type and a reader over its data: every complete extension, even when the block is cut short.
 * Sets `out.problem` when the block is cut short or malformed.
 */
function readExtensions(
  r: ByteReader,
  out: { problem?: string },
  visit: (type: number, data: ByteReader) => void,
): void {
  if (r.remaining === 0) return; // SSL 3.0 / early TLS hellos may have no extensions at all
  const declared = r.u16();
  // a message cut short (or kept only in part) still yields the extensions that are all there
  if (declared < 0 || declared > r.remaining) out.problem ??= 'extensions cut short';
  const list = r.sub(Math.min(Math.max(declared, 0), r.remaining))!;
  while (list.remaining > 0) {
    const type = list.u16();
    const data = list.sub(list.u16());
    if (data === null) {
      out.problem ??= 'extensions cut short';
      return;
    }
    visit(type, data);
    if (data.short) out.problem ??= `malformed extension ${type}`;
  }
  if (r.remaining > 0) out.problem ??= 'bytes after the extensions';
}

/** The host_name entry of a server_name extension (RFC 6066 §3). */
function readServerName(ext: ByteReader): string | null {
  const list = ext.sub(ext.u16());
  while (list !== null && list.remaining > 0) {
    const nameType = list.u8();
    const name = list.bytes(list.u16());
    if (name === null) return null;
    if (nameType === SNI_HOST_NAME) return printable(name);
  }
  return null;
}

/** ProtocolNameList of an ALPN extension (RFC 7301 §3.1). */
function readProtocolNames(ext: ByteReader): string[] {
  const names: string[] = [];
  const list = ext.sub(ext.u16());
  while (list !== null && list.remaining > 0) {
    const name = list.bytes(list.u8());
    if (name === null) break;
    names.push(printable(name));
  }
  return names;
}

/** Bytes as printable ASCII; anything else (controls, DEL, 8-bit) escaped as \xHH so it cannot mess up a terminal. */
export function printable(bytes: Buffer): string {
  let s = '';
  for (const b of bytes) {
    s += b >= 0x20 && b < 0x7f && b !== 0x5c ? String.fromCharCode(b) : '\\x' + b.toString(16).padStart(2, '0');
  }
  return s;
}
