/**
 * IP addresses as text, printed exactly as tshark prints them (tshark uses the C library's
 * inet_ntop, whose IPv6 form is RFC 5952's), because our conversation counts are compared with
 * tshark's.
 */
import { i32 } from './bytes.js';

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

/** Slots of the direct-mapped caches of formatted addresses (a power of two). */
const CACHE_SLOTS = 4096;

/**
 * Formatted addresses by their bytes, in a direct-mapped cache: a capture talks with few hosts,
 * and formatting (IPv6 above all) costs more than the rest of decoding a packet. A slot holds the
 * last address that hashed to it; nothing is allocated on a hit.
 */
export class AddressCache {
  private readonly v4Keys = new Int32Array(CACHE_SLOTS);
  private readonly v4Text: Array<string | undefined> = new Array<string | undefined>(CACHE_SLOTS).fill(undefined);
  private readonly v6Keys = new Int32Array(CACHE_SLOTS * 4);
  private readonly v6Text: Array<string | undefined> = new Array<string | undefined>(CACHE_SLOTS).fill(undefined);

  /** formatIPv4, cached. */
  ipv4(buf: Buffer, off: number): string {
    const key = i32(buf, off);
    const slot = mix(key) & (CACHE_SLOTS - 1);
    const cached = this.v4Text[slot];
    if (cached !== undefined && this.v4Keys[slot] === key) return cached;
    const text = formatIPv4(buf, off);
    this.v4Keys[slot] = key;
    this.v4Text[slot] = text;
    return text;
  }

  /** formatIPv6, cached. */
  ipv6(buf: Buffer, off: number): string {
    const a = i32(buf, off);
    const b = i32(buf, off + 4);
    const c = i32(buf, off + 8);
    const d = i32(buf, off + 12);
    const slot = mix(a ^ b ^ c ^ mix(d)) & (CACHE_SLOTS - 1);
    const cached = this.v6Text[slot];
    const k = slot * 4;
    const keys = this.v6Keys;
    if (cached !== undefined && keys[k] === a && keys[k + 1] === b && keys[k + 2] === c && keys[k + 3] === d) return cached;
    const text = formatIPv6(buf, off);
    keys[k] = a;
    keys[k + 1] = b;
    keys[k + 2] = c;
    keys[k + 3] = d;
    this.v6Text[slot] = text;
    return text;
  }
}

/** A cheap 32-bit integer hash (multiply-xorshift) that spreads nearby addresses over the slots. */
function mix(x: number): number {
  const h = Math.imul(x ^ (x >>> 16), 0x45d9f3b);
  return h ^ (h >>> 16);
}

/**
 * The source and destination of the innermost IP header decoded so far, formatted only when a
 * TCP segment needs them. One instance is reused for every packet.
 */
export class IpAddresses {
  private readonly cache = new AddressCache();
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
    return this.v6 ? this.cache.ipv6(this.buf, this.srcOff) : this.cache.ipv4(this.buf, this.srcOff);
  }

  destination(): string {
    return this.v6 ? this.cache.ipv6(this.buf, this.dstOff) : this.cache.ipv4(this.buf, this.dstOff);
  }

  private set(buf: Buffer, srcOff: number, dstOff: number, v6: boolean): void {
    this.buf = buf;
    this.srcOff = srcOff;
    this.dstOff = dstOff;
    this.v6 = v6;
  }
}
