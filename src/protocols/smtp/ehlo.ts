/**
 * The EHLO reply (RFC 5321 §4.1.1.1): the server's domain on the first line, then one service
 * extension per line, `KEYWORD [param ...]`. The old `AUTH=LOGIN PLAIN` form (pre-RFC 2554
 * clients) is folded into AUTH.
 */

/** Extension keyword (upper case) → its parameters, e.g. `{ SIZE: ['10240000'], AUTH: ['PLAIN', 'LOGIN'] }`. */
export type Capabilities = Record<string, string[]>;

export interface EhloReply {
  /** The server's name from the first line. */
  domain: string;
  /** The rest of the first line after the domain (the greeting text). */
  greet: string;
  capabilities: Capabilities;
}

/** Parses the text of each line of a 250 EHLO reply (the part after `250-` / `250 `). */
export function parseEhloReply(texts: readonly string[]): EhloReply {
  const first = (texts[0] ?? '').trim();
  const sp = first.indexOf(' ');
  const capabilities: Capabilities = {};
  for (let i = 1; i < texts.length; i++) {
    const words = texts[i]!.trim().split(/\s+/).filter((w) => w.length > 0);
    if (words.length === 0) continue;
    let keyword = words[0]!.toUpperCase();
    let params = words.slice(1);
    const eq = keyword.indexOf('=');
    if (eq > 0) {
      // `AUTH=LOGIN PLAIN`: the old form some servers still send for Outlook Express.
      params = [words[0]!.slice(eq + 1), ...params].filter((p) => p.length > 0);
      keyword = keyword.slice(0, eq);
    }
    const have = capabilities[keyword];
    if (have) {
      for (const p of params) if (!have.some((h) => h.toUpperCase() === p.toUpperCase())) have.push(p);
    } else {
      capabilities[keyword] = params;
    }
  }
  return { domain: sp < 0 ? first : first.slice(0, sp), greet: sp < 0 ? '' : first.slice(sp + 1), capabilities };
}

/** The SIZE the server advertised, in octets; undefined when it gave none or 0 (no fixed limit). */
export function advertisedSize(caps: Capabilities): number | undefined {
  const p = caps['SIZE']?.[0];
  if (p === undefined || !/^\d{1,15}$/.test(p)) return undefined;
  const n = Number(p);
  return n > 0 ? n : undefined;
}
