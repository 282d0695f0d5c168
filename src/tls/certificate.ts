/**
 * The TLS ≤ 1.2 Certificate handshake message (RFC 5246 §7.4.2): a 24-bit-length list of
 * 24-bit-length DER certificates, the server's own first. (In TLS 1.3 the message is encrypted.)
 */
import { ByteReader } from './byte-reader.js';
import { subjectCommonName } from './x509-subject.js';

export interface CertificateFields {
  /** Number of certificates in the chain; absent when the message was only partly kept. */
  count?: number;
  /** Subject commonName of the first (end-entity) certificate, if it has one and was kept whole. */
  subjectCn?: string;
  problem?: string;
}

/**
 * Reads a Certificate message body. `complete` is false when `body` is only the first part of a
 * longer message (the observer keeps a bounded prefix): then the chain is not counted.
 */
export function parseCertificateMessage(body: Buffer, complete: boolean): CertificateFields {
  const r = new ByteReader(body);
  const listLength = r.u24();
  if (r.short) return { problem: 'certificate_list length cut short' };
  const list = complete ? r.sub(listLength) : r.sub(Math.min(listLength, r.remaining));
  if (list === null) return { problem: 'certificate_list longer than the message' };
  const out: CertificateFields = {};
  let count = 0;
  while (list.remaining > 0) {
    const der = list.bytes(list.u24());
    if (der === null) break;
    if (count === 0) {
      const cn = subjectCommonName(der);
      if (cn !== null) out.subjectCn = cn;
    }
    count++;
  }
  if (complete) {
    if (list.short) out.problem = 'certificate entry longer than the list';
    else if (r.remaining > 0) out.problem = 'bytes after certificate_list';
    else out.count = count;
  }
  return out;
}
