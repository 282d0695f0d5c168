/**
 * IP addresses as text, printed exactly as tshark prints them (tshark uses the C library's
 * inet_ntop, whose IPv6 form is RFC 5952's), because our conversation counts are compared with
 * tshark's.
 */

/** Dotted quad of the 4 bytes at `buf[off]`. The caller guarantees they exist. */
export function formatIPv4(buf: Buffer, off: number): string {
  return `${buf[off]}.${buf[off + 1]}.${buf[off + 2]}.${buf[off + 3]}`;
}

/**
 * RFC 5952 text of the 16 bytes at `buf[off]`: lower-case hex without leading zeros, the longest
 * run of two or more zero groups (the first one on a tie) written `::`, and the IPv4 forms
 * inet_ntop prints: IPv4-mapped `::ffff:1.2.3.4` and IPv4-compatible `::1.2.3.4`.
 * The caller guarantees the 16 bytes exist.
 */
export function formatIPv6(buf: Buffer, off: number): string {
  let bestStart = -1;
  let bestLen = 0;
  let runStart = -1;
  for (let i = 0; i < 8; i++) {
    if (buf[off + 2 * i] === 0 && buf[off + 2 * i + 1] === 0) {
      if (runStart < 0) runStart = i;
      const runLen = i - runStart + 1;
      if (runLen > bestLen) {
        bestStart = runStart;
        bestLen = runLen;
      }
    } else {
      runStart = -1;
    }
  }
  if (bestLen < 2) bestStart = -1;

  if (bestStart === 0) {
    if (bestLen === 6) return '::' + formatIPv4(buf, off + 12);
    if (bestLen === 5 && buf[off + 10] === 0xff && buf[off + 11] === 0xff) {
      return '::ffff:' + formatIPv4(buf, off + 12);
    }
  }

  let text = '';
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      text += '::';
      i += bestLen - 1;
      continue;
    }
    if (i !== 0 && i !== bestStart + bestLen) text += ':';
    text += ((buf[off + 2 * i] << 8) | buf[off + 2 * i + 1]).toString(16);
  }
  return text;
}

/**
 * The source and destination of the innermost IP header decoded so far, formatted only when a
 * TCP segment needs them. One instance is reused for every packet.
 */
export class IpAddresses {
  private buf: Buffer = Buffer.alloc(0);
  private srcOff = 0;
  private dstOff = 0;
  private v6 = false;

  /** Remembers the IPv4 addresses at `buf[srcOff]` and `buf[dstOff]`. */
  setIPv4(buf: Buffer, srcOff: number, dstOff: number): void {
    this.set(buf, srcOff, dstOff, false);
  }

  /** Remembers the IPv6 addresses at `buf[srcOff]` and `buf[dstOff]`. */
  setIPv6(buf: Buffer, srcOff: number, dstOff: number): void {
    this.set(buf, srcOff, dstOff, true);
  }

  source(): string {
    return this.v6 ? formatIPv6(this.buf, this.srcOff) : formatIPv4(this.buf, this.srcOff);
  }

  destination(): string {
    return this.v6 ? formatIPv6(this.buf, this.dstOff) : formatIPv4(this.buf, this.dstOff);
  }

  private set(buf: Buffer, srcOff: number, dstOff: number, v6: boolean): void {
    this.buf = buf;
    this.srcOff = srcOff;
    this.dstOff = dstOff;
    this.v6 = v6;
  }
}
