/**
 * The transcript of one session as HTML: one block per event (time since the session start,
 * `C:`/`S:`, the lines as the text transcript shows them), message bodies in collapsible
 * `<details>`, and each violation highlighted under the event it concerns, linked to its
 * catalogue entry.
 */
import type { SessionEvent } from '../../model/events.js';
import type { Session } from '../../model/session.js';
import type { Violation } from '../../model/violation.js';
import { PLAIN } from '../style.js';
import { dataContent, DEFAULT_TRANSCRIPT_OPTIONS, renderEvent, type TranscriptOptions } from '../transcript.js';
import { escapeHtml, htmlText } from './escape.js';
import { eventClasses, eventLabel } from './ladder.js';
import { violationsByEvent } from '../violations-by-event.js';
import { worstSeverity } from './summary.js';

export interface HtmlTranscriptOptions {
  /** Show whole message bodies instead of the first lines. */
  fullData: boolean;
  /** Lines of message content shown when not fullData. */
  dataLines: number;
  /** The fragment id of an event's block (without `#`). */
  eventAnchor(index: number): string;
  /** The fragment id of a violation id's catalogue entry (without `#`). */
  catalogueAnchor(id: string): string;
}

/** A violation as a highlighted line linking to its catalogue entry. */
export function renderViolation(v: Violation, catalogueAnchor: (id: string) => string): string {
  const sev = escapeHtml(v.severity);
  return `<div class="viol sev-${sev}"><span class="sev-badge sev-${sev}">${sev}</span> <a class="viol-id" href="#${escapeHtml(catalogueAnchor(v.id))}">${htmlText(v.id)}</a> <span class="rfc">${htmlText(v.rfc)}</span> <span class="viol-msg">${htmlText(v.message)}</span></div>`;
}

/** The lines of a non-data event without their `C: `/`S: ` speaker prefix. */
function eventLines(s: Session, ev: SessionEvent, o: TranscriptOptions, shown: Set<number>): string[] {
  const prefix = `${ev.dir}: `;
  return renderEvent(s, ev, o, shown).map((l) => (l.startsWith(prefix) ? l.slice(prefix.length) : l));
}

function renderDataBody(s: Session, ev: Extract<SessionEvent, { kind: 'data' }>, o: TranscriptOptions, shown: Set<number>): string {
  const content = dataContent(s, ev, o, shown);
  const out: string[] = [];
  if (content) {
    const more = content.truncated
      ? `<p class="more">… ${content.cutLines ? `${content.cutLines}+ more lines not shown; ` : 'content cut; '}${htmlText(content.what)}</p>`
      : '';
    out.push(
      `<details class="content"><summary>${htmlText(eventLabel(s, ev))}</summary><pre>${content.lines.map(htmlText).join('\n')}</pre>${more}</details>`,
    );
  } else {
    out.push('<span class="ln muted">[the whole message is shown above]</span>');
  }
  if (ev.terminator !== undefined) out.push(`<span class="ln term">${htmlText(ev.terminator)}</span>`);
  return out.join('');
}

/** The transcript of one session as a `<div class="transcript">`. */
export function renderSessionTranscript(s: Session, opts: HtmlTranscriptOptions): string {
  const o: TranscriptOptions = { ...DEFAULT_TRANSCRIPT_OPTIONS, fullData: opts.fullData, dataLines: opts.dataLines, explain: false, style: PLAIN };
  const { byEvent, sessionWide } = violationsByEvent(s);
  const shown = new Set<number>();
  const out: string[] = ['<div class="transcript">'];
  for (const ev of s.events) {
    const violations = byEvent.get(ev.index) ?? [];
    const worst = worstSeverity(violations);
    const body =
      ev.kind === 'data'
        ? renderDataBody(s, ev, o, shown)
        : `<span class="ln">${eventLines(s, ev, o, shown).map(htmlText).join('\n')}</span>`;
    const cls = `ev ${ev.dir === 'C' ? 'dir-c' : 'dir-s'} ${eventClasses(ev)}${worst ? ` flagged sev-${escapeHtml(worst)}` : ''}`;
    out.push(
      `<div class="${cls}" id="${escapeHtml(opts.eventAnchor(ev.index))}"><span class="rt">${(ev.ts - s.start).toFixed(3)}</span><span class="who">${ev.dir === 'C' ? 'C:' : 'S:'}</span><div class="body">${body}</div></div>`,
    );
    for (const v of violations) out.push(renderViolation(v, opts.catalogueAnchor));
  }
  if (s.events.length === 0) out.push('<p class="muted">No events.</p>');
  for (const v of sessionWide) out.push(renderViolation(v, opts.catalogueAnchor));
  out.push('</div>');
  return out.join('\n');
}
