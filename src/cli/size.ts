/** Sizes written the way people type them on a command line: `1G`, `200M`, `512K`, `1048576`. */

const UNITS: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 };

/**
 * Bytes of a size such as `1G`, `200M`, `1.5G` or `300000000`; units are binary (1G = 2^30 bytes),
 * an optional trailing `B` or `iB` is accepted. Returns null when `text` is not a size.
 */
export function parseSize(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*([KMG]?)(?:i?B)?$/i.exec(text.trim());
  if (!m) return null;
  const bytes = Math.round(Number(m[1]) * UNITS[m[2]!.toUpperCase()]!);
  return bytes > 0 ? bytes : null;
}

/** `1073741824` → `1G`, `209715200` → `200M`: the shortest exact binary form, for file names and titles. */
export function formatSize(bytes: number): string {
  for (const unit of ['G', 'M', 'K'] as const) {
    const n = bytes / UNITS[unit]!;
    if (Number.isInteger(n)) return `${n}${unit}`;
  }
  return String(bytes);
}
