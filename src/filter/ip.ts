/** IP address values of a filter: an address or a CIDR block, matched against session endpoints. */
import { parseIp } from '../synth/address.js';

/** An address block: the first `prefix` bits of `bytes` (4 bytes for IPv4, 16 for IPv6). */
export interface IpBlock {
  bytes: Buffer;
  prefix: number;
}

/** `192.0.2.1`, `2001:db8::1`, `192.0.2.0/24` or `2001:db8::/32` as a block, or null if it is none of these. */
export function parseIpBlock(text: string): IpBlock | null {
  const slash = text.indexOf('/');
  const bytes = parseIp(slash < 0 ? text : text.slice(0, slash));
  if (!bytes) return null;
  if (slash < 0) return { bytes, prefix: bytes.length * 8 };
  const prefixText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = Number(prefixText);
  return prefix <= bytes.length * 8 ? { bytes, prefix } : null;
}

/** Whether the address `addr` (4 or 16 bytes) lies in `block`; an IPv4 address is never in an IPv6 block. */
export function inBlock(addr: Buffer, block: IpBlock): boolean {
  if (addr.length !== block.bytes.length) return false;
  const whole = block.prefix >> 3;
  for (let i = 0; i < whole; i++) if (addr[i] !== block.bytes[i]) return false;
  const rest = block.prefix & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return (addr[whole]! & mask) === (block.bytes[whole]! & mask);
}
