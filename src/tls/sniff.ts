/** Does a byte stream start like TLS? Used on implicit-TLS ports and after STARTTLS/STLS. */
import { ContentType, recordHeaderProblem, RECORD_HEADER_LENGTH } from './record-framer.js';

/**
 * true: the first bytes look like a TLS record header (content type 20-23, version major 3,
 * minor 0-4, and, once five bytes are there, a length the record layer allows); false: certainly
 * not TLS; null: fewer than 3 bytes and nothing wrong yet, so more are needed to tell.
 */
export function sniffTls(first: Buffer): boolean | null {
  if (first.length > 0 && first[0]! > ContentType.APPLICATION_DATA) return false; // a stream never opens with a heartbeat
  const n = Math.min(first.length, RECORD_HEADER_LENGTH);
  for (let i = 0; i < n; i++) if (recordHeaderProblem(first, i) !== null) return false;
  return first.length >= 3 ? true : null;
}
