/**
 * The annotated transcript: each session as the dialogue students know from textbooks
 * (`C: MAIL FROM:<bob@example.org>` / `S: 250 Ok`), with a header line per session, gaps and TLS
 * where they happen, and each violation right under the event it concerns.
 */
import type { Direction } from '../flow/types.js';
import type { SessionEvent } from '../model/events.js';
import type { Session } from '../model/session.js';
import type { Violation } from '../model/violation.js';
import { explainImapCommand } from '../protocols/imap/explain.js';
import { explainPop3Command } from '../protocols/pop3/explain.js';
import { explainSmtpCommand } from '../protocols/smtp/explain.js';
import { PLAIN, type Style } from './style.js';
import { violationsByEvent } from './violations-by-event.js';
import { visible } from './visible.js';

export interface TranscriptOptions {
  /** Prefix each event with its time relative to the session start. */
  relativeTime: boolean;
  /** Show whole message bodies instead of the first lines. */
  fullData: boolean;
  /** Lines of message content shown when not fullData. */
  dataLines: number;
  /** One line per command saying what it does and where it is defined. */
  explain: boolean;
  style: Style;
}

export const DEFAULT_TRANSCRIPT_OPTIONS: TranscriptOptions = {
  relativeTime: false,
  fullData: false,
  dataLines: 12,
  explain: false,
  style: PLAIN,
};

const EXPLAIN = { smtp: explainSmtpCommand, pop3: explainPop3Command, imap: explainImapCommand };

/** What the server port says about the session's role. */
export function sessionRole(s: Session): string {
  const port = s.server.port;
  switch (s.protocol) {
    case 'smtp':
      if (port === 587 || port === 465) return 'submission (mail user agent to submission server)';
      if (port === 25) return 'relay (between mail transfer agents)';
      return 'SMTP';
    case 'pop3':
      return 'mailbox retrieval';
    case 'imap':
      return 'mailbox access';
  }
}

/** An endpoint as `ip:port`, IPv6 addresses in brackets. */
export function endpoint(e: { ip: string; port: number }): string {
  return e.ip.includes(':') ? `[${e.ip}]:${e.port}` : `${e.ip}:${e.port}`;
}

export function formatTime(ts: number): string {
  const d = new Date(Math.floor(ts * 1000));
  const ms = String(Math.floor((ts * 1000) % 1000)).padStart(3, '0');
  return `${d.toISOString().slice(0, 19).replace('T', ' ')}.${ms} UTC`;
}

const END_WORDS: Record<string, string> = {
  fin: 'closed (FIN)',
  rst: 'reset (RST)',
  'capture-end': 'still open at the end of the capture',
  timeout: 'idle timeout',
  'port-reuse': 'replaced by a new connection on the same ports',
  limit: 'dropped (connection limit)',
};

/** The session's one-line title, e.g. `Session 3: SMTP relay (between mail transfer agents)`. */
export function sessionTitle(s: Session): string {
  const detected = s.detectedBy === 'banner' ? ', detected from the greeting' : s.detectedBy === 'map' ? ', by --map' : '';
  return `Session ${s.id}: ${s.protocol.toUpperCase()} ${sessionRole(s)}${detected}`;
}

export function sessionHeader(s: Session, st: Style): string[] {
  const tls =
    s.tls === 'none'
      ? 'no TLS'
      : `${s.tls === 'implicit' ? 'implicit TLS' : 'STARTTLS'}${s.tlsInfo?.version ? ` ${s.tlsInfo.version}` : ''}${s.tlsInfo?.sni ? ` (SNI ${s.tlsInfo.sni})` : ''}`;
  const errors = s.violations.filter((v) => v.severity === 'error').length;
  const count = s.violations.length;
  const vtext = count === 0 ? 'no violations' : `${count} violation${count === 1 ? '' : 's'}${errors ? ` (${errors} error${errors === 1 ? '' : 's'})` : ''}`;
  const gaps = s.gaps.c2s + s.gaps.s2c;
  const lines = [
    st.bold(`=== ${sessionTitle(s)}`),
    `    client ${endpoint(s.client)} -> server ${endpoint(s.server)}`,
    `    ${formatTime(s.start)}, ${(s.end - s.start).toFixed(3)} s, ${s.endReason ? END_WORDS[s.endReason] ?? s.endReason : 'open'}, ${tls}, ${count ? st.warn(vtext) : vtext}${gaps ? `, ${gaps} bytes missing from the capture` : ''}`,
  ];
  return lines;
}

/** The transcript of one session, as lines of text (no trailing newline). */
export function renderSession(s: Session, opts: Partial<TranscriptOptions> = {}): string[] {
  const o = { ...DEFAULT_TRANSCRIPT_OPTIONS, ...opts };
  const st = o.style;
  const out = sessionHeader(s, st);
  out.push('');
  const { byEvent, sessionWide } = violationsByEvent(s);
  const shownMessages = new Set<number>();
  for (const ev of s.events) {
    const prefix = o.relativeTime ? st.dim(`[${(ev.ts - s.start).toFixed(3).padStart(8)}] `) : '';
    for (const line of renderEvent(s, ev, o, shownMessages)) out.push(prefix + line);
    for (const v of byEvent.get(ev.index) ?? []) out.push(prefix + renderViolation(v, st));
  }
  for (const v of sessionWide) out.push(renderViolation(v, st));
  return out;
}

function label(dir: Direction, st: Style): string {
  return dir === 'C' ? st.client('C:') : st.server('S:');
}

/**
 * The transcript lines of one event (`C: ...` / `S: ...`, plus the explanation under a command).
 * `shownMessages` collects the messages already shown whole, so a message split over several
 * data events is shown once with --full-data.
 */
export function renderEvent(s: Session, ev: SessionEvent, o: TranscriptOptions, shownMessages: Set<number>): string[] {
  const st = o.style;
  const who = label(ev.dir, st);
  switch (ev.kind) {
    case 'command': {
      const lines = [`${who} ${visible(ev.line)}`];
      if (o.explain) {
        const e = EXPLAIN[s.protocol](ev.verb);
        if (e) lines.push(st.dim(`      ~ ${e.text} [${e.rfc}]`));
      }
      return lines;
    }
    case 'reply': {
      const colour = replyColour(ev.code ?? ev.status, st);
      const lines = ev.lines.map((l) => `${who} ${colour(visible(l))}`);
      // A response that carries literals (IMAP FETCH BODY[] {n} ... ")"): each literal's content
      // goes right after the line that announced it, as on the wire.
      const inside = literalsInside(s).get(ev.index);
      if (inside) {
        const out: string[] = [];
        lines.forEach((line, i) => {
          out.push(line);
          const d = inside[i];
          if (d && i < lines.length - 1) out.push(...renderData(s, d, o, shownMessages));
        });
        for (const d of inside.slice(lines.length - 1)) out.push(...renderData(s, d, o, shownMessages));
        return out;
      }
      // A SASL challenge (SMTP 334, IMAP/POP3 `+`) decoded from base64, shown like the answers.
      const challenge = ev.detail?.challenge;
      if (typeof challenge === 'string' && lines.length > 0) lines[lines.length - 1] += st.dim(`   (${visible(challenge)})`);
      return lines;
    }
    case 'auth':
      return [`${who} ${visible(ev.line)}${ev.decoded ? st.dim(`   (${visible(ev.decoded)})`) : ''}`];
    case 'data':
      // Shown inside the response that carries it.
      if (literalsInside(s).has(-1 - ev.index)) return [];
      return renderData(s, ev, o, shownMessages);
    case 'tls': {
      const parts = [ev.what, ev.version, ev.cipher, ev.sni ? `SNI ${ev.sni}` : undefined, ev.alpn?.length ? `ALPN ${ev.alpn.join(',')}` : undefined, ev.alert].filter(Boolean);
      return [`${who} ${st.dim(`[TLS ${visible(parts.join(', '))}]`)}`];
    }
    case 'gap':
      return [`${who} ${st.warn(`[${ev.length} bytes missing from the capture]`)}`];
    case 'note':
      return [`${who} ${st.dim(`[${visible(ev.text)}]`)}`];
  }
}

type DataEvent = Extract<SessionEvent, { kind: 'data' }>;

const literalCache = new WeakMap<Session, { events: number; map: Map<number, DataEvent[]> }>();

/**
 * Data events whose bytes lie inside a multi-line server response (literals of an IMAP response),
 * by the response's event index; each embedded data event is also keyed as `-1 - index`.
 * Cached per session while it does not grow.
 */
function literalsInside(s: Session): Map<number, DataEvent[]> {
  const cached = literalCache.get(s);
  if (cached && cached.events === s.events.length) return cached.map;
  const map = new Map<number, DataEvent[]>();
  let container: Extract<SessionEvent, { kind: 'reply' }> | undefined;
  for (const ev of s.events) {
    if (ev.kind === 'reply') container = ev.lines.length > 1 ? ev : undefined;
    else if (ev.kind === 'data' && container && ev.dir === container.dir && ev.offset >= container.offset && ev.offset < container.offset + container.length) {
      const list = map.get(container.index);
      if (list) list.push(ev);
      else map.set(container.index, [ev]);
      map.set(-1 - ev.index, [ev]);
    }
  }
  literalCache.set(s, { events: s.events.length, map });
  return map;
}

/**
 * Content split into lines for display: a line ended by CRLF shows as it is, one ended by a bare
 * LF gets a visible `<LF>` mark (the line ending SMTP smuggling plays on), and control characters
 * inside a line become visible.
 */
function contentLines(text: string): string[] {
  const parts = text.split(/(\r?\n)/);
  const lines: string[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    const body = parts[i]!;
    const ending = parts[i + 1];
    if (ending === undefined && body === '') break;
    lines.push(visible(body) + (ending === '\n' ? '<LF>' : ''));
  }
  return lines;
}

/** How the protocol itself names a message, e.g. ` (POP3 message 2)`, ` (UID 7)`, or nothing. */
function messageName(s: Session, msg: Session['messages'][number]): string {
  if (msg.uid !== undefined) return ` (UID ${msg.uid})`;
  if (msg.number !== undefined) return s.protocol === 'pop3' ? ` (POP3 message ${msg.number})` : ` (message number ${msg.number})`;
  return '';
}

/** What a transcript shows of a data event's content. */
export interface DataContent {
  /** The content lines shown (without line endings). */
  lines: string[];
  /** True when content was left out (cut preview, or more lines than the limit). */
  truncated: boolean;
  /** Lines left out because of the line limit (0 when only the preview was short). */
  cutLines: number;
  /** What the content is, for the "left out" note: `message 2: 342 octets` or `342 octets`. */
  what: string;
}

/**
 * The content lines of a data event under the transcript's limits, or null when --full-data
 * already showed this event's whole message at an earlier data event.
 */
export function dataContent(
  s: Session,
  ev: Extract<SessionEvent, { kind: 'data' }>,
  o: Pick<TranscriptOptions, 'fullData' | 'dataLines'>,
  shown: Set<number>,
): DataContent | null {
  const msg = ev.message !== undefined ? s.messages[ev.message] : undefined;
  let text = ev.preview;
  let truncated = ev.previewTruncated;
  if (o.fullData && msg?.content && ev.message !== undefined) {
    if (shown.has(ev.message)) return null;
    shown.add(ev.message);
    text = msg.content.toString('utf8');
    truncated = false;
  }
  let lines = contentLines(text);
  let cut = 0;
  if (!o.fullData && lines.length > o.dataLines) {
    cut = lines.length - o.dataLines;
    lines = lines.slice(0, o.dataLines);
    truncated = true;
  }
  const what = msg ? `message ${msg.index + 1}${messageName(s, msg)}: ${msg.size} octets` : `${ev.size} octets`;
  return { lines, truncated, cutLines: cut, what };
}

function renderData(s: Session, ev: Extract<SessionEvent, { kind: 'data' }>, o: TranscriptOptions, shown: Set<number>): string[] {
  const st = o.style;
  const who = label(ev.dir, st);
  const content = dataContent(s, ev, o, shown);
  if (!content) return ev.terminator !== undefined ? [`${who} ${ev.terminator}`] : [];
  const out = content.lines.map((l) => `${who} ${st.dim('|')} ${l}`);
  if (content.truncated) {
    out.push(`${who} ${st.dim(`| [... ${content.cutLines ? `${content.cutLines}+ more lines; ` : ''}${content.what}; --full-data shows all]`)}`);
  }
  if (ev.terminator !== undefined) out.push(`${who} ${ev.terminator}`);
  return out;
}

function replyColour(code: string | undefined, st: Style): (s: string) => string {
  if (!code) return (x) => x;
  if (code.startsWith('4')) return st.warn;
  if (code.startsWith('5') || code === '-ERR' || code === 'NO' || code === 'BAD') return st.err;
  return (x) => x;
}

function renderViolation(v: Violation, st: Style): string {
  const paint = v.severity === 'error' ? st.err : v.severity === 'warning' ? st.warn : st.dim;
  return paint(`   !! ${v.id} (${v.severity}, ${v.rfc}): ${visible(v.message)}`);
}

/** All sessions' transcripts, separated by blank lines. */
export function renderTranscript(sessions: Session[], opts: Partial<TranscriptOptions> = {}): string {
  if (sessions.length === 0) return 'No SMTP, POP3 or IMAP sessions found.\n';
  return `${sessions.map((s) => renderSession(s, opts).join('\n')).join('\n\n')}\n`;
}
