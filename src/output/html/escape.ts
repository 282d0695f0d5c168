/**
 * Making captured text safe to show in HTML: control characters become visible (as in the text
 * transcript) and markup characters become entities. Everything a capture can contain goes
 * through here before it reaches the page.
 */
import { visible } from '../visible.js';

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** `&<>"'` as entities: safe in element content and in quoted attribute values (HTML and SVG). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c);
}

/** Captured text for HTML: controls made visible (`<CR>`, `\x1b`), then escaped. */
export function htmlText(text: string): string {
  return escapeHtml(visible(text));
}

/** `text` cut to `max` characters (code points), ending in `…` when cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}
