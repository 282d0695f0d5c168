/** Text → bytes for the addresses a script names (IPv4, IPv6, MAC). */

/** Four bytes of a dotted-quad IPv4 address, or null if `text` is not one. */
export function parseIpv4(text: string): Buffer | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const out = Buffer.alloc(4);
  for (let i = 0; i < 4; i++) {
    const part = parts[i]!;
    if (!/^\d{1,3}$/.test(part)) return null;
    const value = Number(part);
    if (value > 255) return null;
    out[i] = value;
  }
  return out;
}

/**
 * Sixteen bytes of an IPv6 address in any RFC 4291 text form (`::` compression, a trailing
 * dotted quad as in `::ffff:192.0.2.1`), or null if `text` is not one.
 */
export function parseIpv6(text: string): Buffer | null {
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] === '' ? [] : halves[0]!.split(':');
  const tail = halves.length === 1 || halves[1] === '' ? [] : halves[1]!.split(':');
  const words: number[] = [];
  const tailWords: number[] = [];
  if (!pushGroups(head, words, tail.length === 0 && halves.length === 1)) return null;
  if (!pushGroups(tail, tailWords, true)) return null;
  const missing = 8 - words.length - tailWords.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const out = Buffer.alloc(16);
  words.forEach((w, i) => out.writeUInt16BE(w, i * 2));
  tailWords.forEach((w, i) => out.writeUInt16BE(w, (8 - tailWords.length + i) * 2));
  return out;
}

/** Appends the 16-bit words of `groups` to `words`; a dotted quad is allowed as the last group when `last`. */
function pushGroups(groups: string[], words: number[], last: boolean): boolean {
  for (let i = 0; i < groups.length; i++) {
    const group = groups[i]!;
    if (last && i === groups.length - 1 && group.includes('.')) {
      const v4 = parseIpv4(group);
      if (!v4) return false;
      words.push(v4.readUInt16BE(0), v4.readUInt16BE(2));
    } else if (/^[0-9a-fA-F]{1,4}$/.test(group)) {
      words.push(parseInt(group, 16));
    } else {
      return false;
    }
  }
  return true;
}

/** The bytes of an IPv4 or IPv6 address (4 or 16 of them), or null if `text` is neither. */
export function parseIp(text: string): Buffer | null {
  return text.includes(':') ? parseIpv6(text) : parseIpv4(text);
}

/** Six bytes of a MAC address written `aa:bb:cc:dd:ee:ff` (or with `-`), or null. */
export function parseMac(text: string): Buffer | null {
  const parts = text.split(/[:-]/);
  if (parts.length !== 6 || !parts.every((p) => /^[0-9a-fA-F]{2}$/.test(p))) return null;
  return Buffer.from(parts.join(''), 'hex');
}

/** Like parseIp, but a bad address is a programming error in the script: throws a RangeError naming it. */
export function requireIp(text: string): Buffer {
  const ip = parseIp(text);
  if (!ip) throw new RangeError(`synth: not an IP address: ${JSON.stringify(text)}`);
  return ip;
}

/** Like parseMac, but throws a RangeError naming the bad address. */
export function requireMac(text: string): Buffer {
  const mac = parseMac(text);
  if (!mac) throw new RangeError(`synth: not a MAC address: ${JSON.stringify(text)}`);
  return mac;
}
