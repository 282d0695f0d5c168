/**
 * Making captured text safe to show: control characters become visible, and markup characters
 * become entities. Everything a capture can contain goes through here before it reaches a report.
 */

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** `&<>"'` as entities: safe in element content and in quoted attribute values (HTML and SVG). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c);
}

/**
 * Control characters (C0 except tab, DEL, C1) as their visible Unicode "control pictures"
 * (`\r` → `␍`, `\x1b` → `␛`, C1 as `\u0085`-style text), so a bare CR cannot start a new line in a
 * report and terminal escapes in a capture cannot act on whoever views it.
 */
export function showControls(text: string): string {
  return text.replace(/[\x00-\x08\x0a-\x1f\x7f-\x9f]/g, (c) => {
    const code = c.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    if (code === 0x7f) return '\u2421';
    return `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** Captured text for HTML: controls made visible, then escaped. */
export function htmlText(text: string): string {
  return escapeHtml(showControls(text));
}

/** `text` cut to `max` characters (code points), ending in `…` when cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}
