/**
 * Just enough DER (X.690) to find the subject common name of an X.509 certificate (RFC 5280
 * §4.1): no validation, no other fields. Anything unexpected gives null, never an exception.
 */

const TAG_SEQUENCE = 0x30;
const TAG_SET = 0x31;
const TAG_OID = 0x06;
const TAG_VERSION = 0xa0; // [0] EXPLICIT Version
const OID_COMMON_NAME = Buffer.from([0x55, 0x04, 0x03]); // 2.5.4.3

/** One DER element: its tag and where its content lies in the buffer. */
interface Tlv {
  tag: number;
  start: number;
  end: number;
}

/** The element at `pos` (which must end by `limit`), or null if it is not well-formed DER. */
function readTlv(buf: Buffer, pos: number, limit: number): Tlv | null {
  if (pos + 2 > limit) return null;
  const tag = buf[pos]!;
  let len = buf[pos + 1]!;
  let start = pos + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 3 || start + n > limit) return null; // indefinite or > 16 MiB: not a certificate
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[start + i]!;
    start += n;
  }
  const end = start + len;
  return end <= limit ? { tag, start, end } : null;
}

/** The children of a constructed element, in order; stops at the first malformed one. */
function* children(buf: Buffer, parent: Tlv): Generator<Tlv> {
  let pos = parent.start;
  while (pos < parent.end) {
    const t = readTlv(buf, pos, parent.end);
    if (t === null) return;
    yield t;
    pos = t.end;
  }
}

/** The `index`-th (0-based) element inside `parent`, or null. */
function nth(buf: Buffer, parent: Tlv, index: number): Tlv | null {
  let i = 0;
  for (const c of children(buf, parent)) if (i++ === index) return c;
  return null;
}

/**
 * The subject's first commonName attribute of a DER certificate, decoded (UTF8String, PrintableString,
 * IA5String, T61String as Latin-1, BMPString), with control characters escaped as \xHH; null when
 * the certificate has none or cannot be read.
 */
export function subjectCommonName(der: Buffer): string | null {
  const cert = readTlv(der, 0, der.length);
  if (cert === null || cert.tag !== TAG_SEQUENCE) return null;
  const tbs = nth(der, cert, 0);
  if (tbs === null || tbs.tag !== TAG_SEQUENCE) return null;
  const first = nth(der, tbs, 0);
  // version?, serialNumber, signature, issuer, validity, subject
  const subject = nth(der, tbs, first?.tag === TAG_VERSION ? 5 : 4);
  if (subject === null || subject.tag !== TAG_SEQUENCE) return null;
  for (const rdn of children(der, subject)) {
    if (rdn.tag !== TAG_SET) continue;
    for (const atv of children(der, rdn)) {
      if (atv.tag !== TAG_SEQUENCE) continue;
      const oid = nth(der, atv, 0);
      const value = nth(der, atv, 1);
      if (oid === null || value === null || oid.tag !== TAG_OID) continue;
      if (der.subarray(oid.start, oid.end).equals(OID_COMMON_NAME)) {
        return decodeString(value.tag, der.subarray(value.start, value.end));
      }
    }
  }
  return null;
}

/** An ASN.1 character string as text (null for a type that is not a string). */
function decodeString(tag: number, bytes: Buffer): string | null {
  let s: string;
  switch (tag) {
    case 0x0c: // UTF8String
      s = bytes.toString('utf8');
      break;
    case 0x13: // PrintableString
    case 0x14: // T61String (in practice Latin-1)
    case 0x16: // IA5String
      s = bytes.toString('latin1');
      break;
    case 0x1e: // BMPString: UCS-2 big-endian
      s = Buffer.from(bytes.subarray(0, bytes.length & ~1)).swap16().toString('utf16le');
      break;
    default:
      return null;
  }
  return s.replace(/[\x00-\x1f\x7f-\x9f]/g, (c) => '\\x' + c.charCodeAt(0).toString(16).padStart(2, '0'));
}
