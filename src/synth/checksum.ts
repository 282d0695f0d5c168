/** The Internet checksum (RFC 1071) and the TCP/UDP pseudo-header sums built on it. */

/**
 * Adds `buf` as big-endian 16-bit words to `sum` (an odd last byte is padded with zero) and
 * returns the running sum, not yet folded. Chain calls to checksum several pieces at once.
 */
export function onesComplementSum(buf: Uint8Array, sum = 0): number {
  const even = buf.length & ~1;
  for (let i = 0; i < even; i += 2) sum += (buf[i]! << 8) | buf[i + 1]!;
  if (even < buf.length) sum += buf[even]! << 8;
  // Fold now and then so the sum never leaves the safe integer range on huge inputs.
  return sum > 0x7fffffff ? foldSum(sum) : sum;
}

/** Folds the carries of a running sum back into 16 bits. */
function foldSum(sum: number): number {
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
  return sum;
}

/** Turns a running sum into the checksum field value (one's complement of the folded sum). */
export function finishChecksum(sum: number): number {
  return ~foldSum(sum) & 0xffff;
}

/**
 * The Internet checksum of `buf`. Over a header whose checksum field is already filled in,
 * a correct checksum gives 0.
 */
export function internetChecksum(buf: Uint8Array): number {
  return finishChecksum(onesComplementSum(buf));
}

/**
 * Running sum of the IPv4 or IPv6 pseudo-header (RFC 9293 §3.1, RFC 8200 §8.1) for an
 * upper-layer packet of `length` bytes. The family is taken from the address length (4 or 16).
 */
export function pseudoHeaderSum(src: Uint8Array, dst: Uint8Array, protocol: number, length: number): number {
  let sum = onesComplementSum(dst, onesComplementSum(src));
  sum += protocol;
  // IPv6 carries a 32-bit length; IPv4 a 16-bit one. Both sum the same way as two words.
  sum += Math.floor(length / 0x10000) + (length & 0xffff);
  return sum;
}

/**
 * The TCP/UDP checksum of `segment` (checksum field included as it stands) between the
 * two addresses. Gives 0 when the segment's checksum field is already correct.
 */
export function transportChecksum(src: Uint8Array, dst: Uint8Array, protocol: number, segment: Uint8Array): number {
  return finishChecksum(onesComplementSum(segment, pseudoHeaderSum(src, dst, protocol, segment.length)));
}
