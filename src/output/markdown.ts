/**
 * The Markdown report: the annotated transcript as a document that renders cleanly on GitHub.
 * A title, a table of contents, a summary table, one section per session with the dialogue in
 * fenced code blocks (the `C:`/`S:` lines of the text transcript), each violation as a GitHub
 * call-out right after the event it concerns, and a catalogue of the ids that occur, which the
 * call-outs link to. Every heading's anchor is computed the way GitHub computes it, so the links
 * resolve; everything taken from the capture is escaped.
 */
import type { Session } from '../model/session.js';
import type { Severity, Violation } from '../model/violation.js';
import { catalogueEntry, severityCounts, severityText, summarize } from './html/summary.js';
import { violationsByEvent } from './violations-by-event.js';
import { PLAIN } from './style.js';
import { visible } from './visible.js';
import {
  DEFAULT_TRANSCRIPT_OPTIONS,
  endpoint,
  formatTime,
  renderEvent,
  sessionHeader,
  sessionTitle,
  type TranscriptOptions,
} from './transcript.js';

export interface MarkdownOptions {
  /** Show whole message bodies instead of the first lines. */
  fullData?: boolean;
  /** Lines of message content shown when not fullData (default 12). */
  dataLines?: number;
  /** One line per command saying what it does and where it is defined. */
  explain?: boolean;
  /** The document title (default `mailwire report`). */
  title?: string;
  /** Where the sessions come from (a capture's path), shown under the title. */
  source?: string;
}

/** GitHub's call-out type per severity. */
const CALLOUT: Record<Severity, string> = { error: 'CAUTION', warning: 'WARNING', info: 'NOTE' };

/**
 * The anchor GitHub gives a heading with this text (github-slugger): lower case, every character
 * that is not a letter, mark, number, `_`, `-` or space removed, spaces turned into hyphens.
 */
export function githubSlug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{Nd}\p{Nl}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** Anchors for the headings of one document, in order: a repeated slug gets `-1`, `-2`, ... as on GitHub. */
export class HeadingSlugger {
  private readonly seen = new Map<string, number>();

  slug(text: string): string {
    const base = githubSlug(text);
    let slug = base;
    while (this.seen.has(slug)) {
      const n = (this.seen.get(base) ?? 0) + 1;
      this.seen.set(base, n);
      slug = `${base}-${n}`;
    }
    this.seen.set(slug, 0);
    return slug;
  }
}

/**
 * Captured text as literal Markdown inline text: controls made visible, and every character
 * that could start markup inside a line (emphasis, code, links, HTML, entities, table cells,
 * strikethrough, math, mentions, issue references) backslash-escaped. Nothing here ever starts
 * a line, so line-start markup (`-`, `+`, `1.`) needs no escape.
 */
export function escapeMarkdown(text: string): string {
  return visible(text).replace(/[\\`*_[\]<>#|~$@&]/g, '\\$&');
}

/** Lines as a fenced code block whose fence is longer than any run of backticks inside it. */
export function codeBlock(lines: readonly string[]): string[] {
  let longest = 0;
  for (const line of lines) for (const run of line.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [fence, ...lines, fence];
}

/** A violation as a GitHub call-out linking to its catalogue entry. */
export function callout(v: Violation, catalogueAnchor: string): string[] {
  const kind = CALLOUT[v.severity] ?? 'NOTE';
  return [`> [!${kind}]`, `> **[${escapeMarkdown(v.id)}](#${catalogueAnchor})** (${escapeMarkdown(`${v.severity}, ${v.rfc}`)}): ${escapeMarkdown(v.message)}`];
}

/** A row of a GitHub table; the cells are Markdown already. */
function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function tlsText(s: Session): string {
  if (s.tls === 'none') return 'no';
  const mode = s.tls === 'implicit' ? 'implicit' : 'STARTTLS';
  return escapeMarkdown(s.tlsInfo?.version ? `${mode}, ${s.tlsInfo.version}` : mode);
}

/** The anchors of every heading, taken in document order so repeats resolve as on GitHub. */
interface Anchors {
  sessions: string[];
  summary: string;
  catalogue: string;
  /** Catalogue entry anchor per violation id. */
  ids: Map<string, string>;
}

function allocateAnchors(title: string, sessions: readonly Session[], ids: readonly string[]): Anchors {
  const slugger = new HeadingSlugger();
  slugger.slug(title);
  slugger.slug('Contents');
  const summary = slugger.slug('Summary');
  const sessionAnchors = sessions.map((s) => slugger.slug(visible(sessionTitle(s))));
  const catalogue = slugger.slug('Violation catalogue');
  return { summary, sessions: sessionAnchors, catalogue, ids: new Map(ids.map((id) => [id, slugger.slug(visible(id))])) };
}

/** The whole report as one Markdown document. */
export function renderMarkdown(sessions: Session[], opts: MarkdownOptions = {}): string {
  const title = visible(opts.title ?? 'mailwire report');
  const summary = summarize(sessions);
  const ids = summary.byId.map((t) => t.id);
  const anchors = allocateAnchors(title, sessions, ids);
  const transcript: TranscriptOptions = {
    ...DEFAULT_TRANSCRIPT_OPTIONS,
    fullData: opts.fullData ?? false,
    dataLines: opts.dataLines ?? DEFAULT_TRANSCRIPT_OPTIONS.dataLines,
    explain: opts.explain ?? false,
    style: PLAIN,
  };

  const out: string[] = [`# ${escapeMarkdown(title)}`, ''];
  if (opts.source !== undefined) out.push(`Source: ${escapeMarkdown(opts.source)}`, '');

  out.push('## Contents', '', `- [Summary](#${anchors.summary})`);
  sessions.forEach((s, i) => out.push(`- [${escapeMarkdown(sessionTitle(s))}](#${anchors.sessions[i]})`));
  if (ids.length) out.push(`- [Violation catalogue](#${anchors.catalogue})`);
  out.push('');

  out.push(...renderSummary(sessions, summary, anchors));
  for (const s of sessions) out.push(...renderSessionSection(s, transcript, anchors.ids));
  if (ids.length) out.push(...renderCatalogue(summary.byId, sessions, anchors));
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

function renderSummary(sessions: readonly Session[], summary: ReturnType<typeof summarize>, anchors: Anchors): string[] {
  const out = ['## Summary', ''];
  if (sessions.length === 0) return [...out, 'No SMTP, POP3 or IMAP sessions found.', ''];
  const perProtocol = summary.protocols.map((p) => `${p.sessions} ${p.protocol.toUpperCase()}`).join(', ');
  out.push(
    `${sessions.length} session${sessions.length === 1 ? '' : 's'} (${perProtocol}); violations: ${severityText(summary.bySeverity)}.`,
    '',
    row(['Session', 'Protocol', 'Client', 'Server', 'Start', 'Duration', 'TLS', 'Events', 'Violations']),
    row(Array(9).fill('---')),
  );
  sessions.forEach((s, i) =>
    out.push(
      row([
        `[${s.id}](#${anchors.sessions[i]})`,
        s.protocol.toUpperCase(),
        escapeMarkdown(endpoint(s.client)),
        escapeMarkdown(endpoint(s.server)),
        formatTime(s.start),
        `${(s.end - s.start).toFixed(3)} s`,
        tlsText(s),
        String(s.events.length),
        severityText(severityCounts(s.violations)),
      ]),
    ),
  );
  out.push('');
  if (summary.byId.length) {
    out.push('Violations by id:', '', row(['Id', 'Severity', 'Count', 'What']), row(['---', '---', '---:', '---']));
    for (const t of summary.byId) {
      const spec = catalogueEntry(t);
      out.push(row([`[${escapeMarkdown(t.id)}](#${anchors.ids.get(t.id)})`, t.severity, String(t.count), escapeMarkdown(spec.title)]));
    }
    out.push('');
  }
  return out;
}

function renderSessionSection(s: Session, o: TranscriptOptions, idAnchors: ReadonlyMap<string, string>): string[] {
  const [, who, when] = sessionHeader(s, PLAIN).map((l) => escapeMarkdown(l.trim()));
  const out = [`## ${escapeMarkdown(sessionTitle(s))}`, '', `${who}\\`, when, ''];
  const { byEvent, sessionWide } = violationsByEvent(s);
  const shown = new Set<number>();
  let pending: string[] = [];
  const flush = (): void => {
    if (pending.length) out.push(...codeBlock(pending), '');
    pending = [];
  };
  for (const ev of s.events) {
    for (const line of renderEvent(s, ev, o, shown)) pending.push(visible(line));
    const found = byEvent.get(ev.index);
    if (!found) continue;
    flush();
    for (const v of found) out.push(...callout(v, idAnchors.get(v.id) ?? ''), '');
  }
  flush();
  if (s.events.length === 0) out.push('No events.', '');
  for (const v of sessionWide) out.push(...callout(v, idAnchors.get(v.id) ?? ''), '');
  return out;
}

function renderCatalogue(tallies: ReturnType<typeof summarize>['byId'], sessions: readonly Session[], anchors: Anchors): string[] {
  const out = ['## Violation catalogue', '', 'The violations found above, as the catalogue (`docs/violations.md`) describes them.', ''];
  for (const t of tallies) {
    const spec = catalogueEntry(t);
    const where = t.sessions.map((i) => `[${sessions[i]?.id}](#${anchors.sessions[i]})`).join(', ');
    out.push(
      `### ${escapeMarkdown(t.id)}`,
      '',
      `**${escapeMarkdown(spec.title)}** (${escapeMarkdown(`${spec.severity}, ${spec.rfc}`)})`,
      '',
      escapeMarkdown(spec.description),
      '',
      `Found ${t.count} time${t.count === 1 ? '' : 's'}, in session${t.sessions.length === 1 ? '' : 's'} ${where}.`,
      '',
    );
  }
  return out;
}
