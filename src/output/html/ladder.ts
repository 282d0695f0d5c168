/**
 * The ladder (sequence) diagram of one session as inline SVG: the client's and the server's
 * lifelines, one arrow per event in the direction it travelled (command, auth and data from the
 * sender, replies back; gaps dashed, TLS records grey, notes as a box between the lifelines), the
 * time since the previous event in the left margin (events are drawn in the order the decoder
 * emitted them, which can run a little behind capture time), and a badge on each arrow that carries a
 * violation. Every event is one `<a data-event="i">` element linking to its transcript line.
 * Colours come from the page's CSS (classes `k-<kind>`, `dir-c`/`dir-s`, `sev-<severity>`).
 */
import type { SessionEvent } from '../../model/events.js';
import type { Session } from '../../model/session.js';
import type { Violation } from '../../model/violation.js';
import { endpoint } from '../transcript.js';
import { visible } from '../visible.js';
import { escapeHtml, htmlText, truncate } from './escape.js';
import { violationsByEvent } from '../violations-by-event.js';
import { worstSeverity } from './summary.js';

export interface LadderOptions {
  /** Events drawn at most; the rest are left to the transcript, with a note. */
  maxArrows: number;
  /** The fragment id of an event's transcript line (without `#`). */
  eventAnchor(index: number): string;
}

/** Geometry, in SVG user units (pixels at 100 %). */
const WIDTH = 920;
const CLIENT_X = 210;
const SERVER_X = 810;
const HEAD_HEIGHT = 64;
const ROW = 30;
const TIME_X = 96;
/** Room kept at each end of an arrow for the arrowhead and the violation badge. */
const ARROW_END_ROOM = 48;
/** Characters of a label that fit between the badges in the 12 px monospace font (7.3 px each). */
const LABEL_CHARS = Math.floor((SERVER_X - CLIENT_X - 2 * ARROW_END_ROOM) / 7.3);
const HEAD_CHARS = 26;

/** A duration for the margin: `+0.4 ms`, `+12 ms`, `+1.25 s`. */
export function formatDelta(seconds: number): string {
  if (seconds < 0.001) return `+${(seconds * 1000).toFixed(2)} ms`;
  if (seconds < 1) return `+${(seconds * 1000).toFixed(seconds < 0.01 ? 1 : 0)} ms`;
  if (seconds < 60) return `+${seconds.toFixed(2)} s`;
  return `+${(seconds / 60).toFixed(1)} min`;
}

/** What the arrow of an event says. */
export function eventLabel(s: Session, ev: SessionEvent): string {
  switch (ev.kind) {
    case 'command':
      return ev.line;
    case 'reply':
      return ev.lines.length > 1 ? `${ev.lines[0] ?? ''} (+${ev.lines.length - 1} lines)` : (ev.lines[0] ?? '');
    case 'auth':
      return ev.decoded ? `${ev.line} (${ev.decoded})` : ev.line;
    case 'data': {
      const msg = ev.message !== undefined ? s.messages[ev.message] : undefined;
      return `${ev.what}: ${ev.size} octets${msg ? `, message ${msg.index + 1}${msg.headers.subject ? ` "${msg.headers.subject}"` : ''}` : ''}`;
    }
    case 'tls':
      return `TLS ${[ev.what, ev.version, ev.sni ? `SNI ${ev.sni}` : undefined, ev.alert].filter(Boolean).join(', ')}`;
    case 'gap':
      return `${ev.length} bytes missing from the capture`;
    case 'note':
      return ev.text;
  }
}

/**
 * The CSS classes of an event, shared by its arrow and its transcript line: `k-<kind>`, plus
 * `k-temp` for a transient failure reply (SMTP 4xx) and `k-fail` for a failure (5xx, -ERR, NO, BAD).
 */
export function eventClasses(ev: SessionEvent): string {
  const kind = `k-${escapeHtml(String(ev.kind))}`;
  if (ev.kind !== 'reply') return kind;
  const code = ev.code ?? ev.status ?? '';
  if (code.startsWith('4')) return `${kind} k-temp`;
  if (code.startsWith('5') || code === '-ERR' || code === 'NO' || code === 'BAD') return `${kind} k-fail`;
  return kind;
}

/** The row where the encrypted part starts: the first TLS event, or the one after the STARTTLS reply. */
function tlsStartRow(s: Session): number | null {
  const start = s.tlsInfo?.startEvent;
  if (start === undefined || start < 0 || start >= s.events.length) return null;
  return s.events[start]?.kind === 'tls' ? start : start + 1;
}

/** One event: an arrow (or, for a note, a box) with its label, badge and tooltip. */
function renderArrow(s: Session, ev: SessionEvent, y: number, violations: readonly Violation[], opts: LadderOptions): string {
  const label = visible(eventLabel(s, ev));
  const rel = (ev.ts - s.start).toFixed(3);
  const tip = [`#${ev.index} at ${rel} s: ${label}`, ...violations.map((v) => `${v.id} (${v.severity}): ${visible(v.message)}`)].join('\n');
  const worst = worstSeverity(violations);
  const parts: string[] = [`<title>${escapeHtml(tip)}</title>`, `<rect class="hit" x="${CLIENT_X}" y="${y - ROW + 10}" width="${SERVER_X - CLIENT_X}" height="${ROW}"/>`];
  const mid = (CLIENT_X + SERVER_X) / 2;
  if (ev.kind === 'note') {
    const w = SERVER_X - CLIENT_X - 40;
    parts.push(
      `<rect class="note-box" x="${CLIENT_X + 20}" y="${y - 17}" width="${w}" height="22" rx="4"/>`,
      `<text class="label" x="${mid}" y="${y - 2}" text-anchor="middle">${escapeHtml(truncate(label, LABEL_CHARS - 2))}</text>`,
    );
  } else {
    const [from, to] = ev.dir === 'C' ? [CLIENT_X, SERVER_X] : [SERVER_X, CLIENT_X];
    const head = ev.dir === 'C' ? -10 : 10;
    parts.push(
      `<line x1="${from}" y1="${y}" x2="${to + head}" y2="${y}"/>`,
      `<polygon points="${to},${y} ${to + head},${y - 5} ${to + head},${y + 5}"/>`,
      `<text class="label" x="${mid}" y="${y - 6}" text-anchor="middle">${escapeHtml(truncate(label, LABEL_CHARS))}</text>`,
    );
  }
  if (worst) {
    const bx = ev.dir === 'C' ? SERVER_X - ARROW_END_ROOM / 2 - 6 : CLIENT_X + ARROW_END_ROOM / 2 + 6;
    parts.push(`<g class="badge sev-${escapeHtml(worst)}"><circle cx="${bx}" cy="${y}" r="8"/><text x="${bx}" y="${y + 4}" text-anchor="middle">!</text></g>`);
  }
  const cls = `${eventClasses(ev)}${ev.dir === 'C' ? ' dir-c' : ' dir-s'}${worst ? ` flagged sev-${escapeHtml(worst)}` : ''}`;
  return `<a class="arrow ${cls}" href="#${escapeHtml(opts.eventAnchor(ev.index))}" data-event="${escapeHtml(String(ev.index))}">${parts.join('')}</a>`;
}

/** The ladder of one session as an `<svg>` element. */
export function renderLadder(s: Session, opts: LadderOptions): string {
  const drawn = s.events.slice(0, Math.max(0, opts.maxArrows));
  const left = s.events.length - drawn.length;
  const bottom = HEAD_HEIGHT + drawn.length * ROW + (left > 0 ? ROW + 10 : 14);
  const { byEvent } = violationsByEvent(s);

  const out: string[] = [
    `<svg class="ladder" xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${bottom}" viewBox="0 0 ${WIDTH} ${bottom}" aria-label="${htmlText(`Ladder diagram of session ${s.id}: ${s.events.length} events`)}">`,
  ];
  const tlsRow = tlsStartRow(s);
  if (tlsRow !== null && tlsRow < drawn.length) {
    const y = HEAD_HEIGHT + tlsRow * ROW;
    out.push(
      `<rect class="tls-zone" x="${CLIENT_X}" y="${y}" width="${SERVER_X - CLIENT_X}" height="${bottom - y}"/>`,
      `<text class="tls-zone-label" x="${SERVER_X + 8}" y="${y + 22}">TLS from here</text>`,
    );
  }
  for (const [x, who, ep] of [
    [CLIENT_X, 'client', s.client],
    [SERVER_X, 'server', s.server],
  ] as const) {
    out.push(
      `<line class="lifeline ${who}" x1="${x}" y1="${HEAD_HEIGHT - 12}" x2="${x}" y2="${bottom}"/>`,
      `<rect class="head ${who}" x="${x - 100}" y="6" width="200" height="40" rx="6"/>`,
      `<text class="head-role" x="${x}" y="22" text-anchor="middle">${who}</text>`,
      `<text class="head-addr" x="${x}" y="38" text-anchor="middle">${htmlText(truncate(endpoint(ep), HEAD_CHARS))}</text>`,
    );
  }
  out.push(`<text class="time-head" x="6" y="${HEAD_HEIGHT - 6}">time since previous</text>`);

  let prev = s.start;
  drawn.forEach((ev, i) => {
    const y = HEAD_HEIGHT + i * ROW + 18;
    const delta = ev.ts - prev;
    prev = Math.max(prev, ev.ts);
    if (delta > 0) out.push(`<text class="delta" x="${TIME_X}" y="${y + 4}" text-anchor="end">${formatDelta(delta)}</text>`);
    out.push(renderArrow(s, ev, y, byEvent.get(ev.index) ?? [], opts));
  });
  if (left > 0) {
    const y = HEAD_HEIGHT + drawn.length * ROW + 20;
    out.push(
      `<text class="cap-note" x="${(CLIENT_X + SERVER_X) / 2}" y="${y}" text-anchor="middle">${left} more event${left === 1 ? '' : 's'} not drawn (the ladder stops at ${drawn.length}); the transcript below has them all</text>`,
    );
  }
  out.push('</svg>');
  return out.join('\n');
}
