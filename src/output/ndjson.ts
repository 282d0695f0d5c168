/**
 * Newline-delimited JSON (docs/schema.md): one session per line (`--format ndjson`), or one event
 * per line (`--ndjson-events`), each event line carrying its session's id and protocol and the
 * violations pinned to it. Lines are the JSON of docs/schema.md, without message content.
 */
import type { SessionEvent } from '../model/events.js';
import type { Session } from '../model/session.js';
import type { ProtocolName, Violation } from '../model/violation.js';
import type { SessionSink } from '../protocols/session-builder.js';
import { sessionToJson } from './json.js';

/** One line of `--ndjson-events`: the event, whose session it is, and its violations (when it has any). */
export type NdjsonEventLine = { session: number; protocol: ProtocolName } & SessionEvent & { violations?: Violation[] };

/** A session as one NDJSON line (with its newline). */
export function sessionLine(s: Session): string {
  return `${JSON.stringify(sessionToJson(s))}\n`;
}

/**
 * The event lines of a session (each with its newline), in event order. A violation goes with
 * the event it names; one about the session as a whole (`event: -1`) goes with the session's
 * last event, where its `event` field still says -1. A session without events has no lines.
 */
export function eventLines(s: Session): string {
  const last = s.events.length - 1;
  const byEvent = new Map<number, Violation[]>();
  for (const v of s.violations) {
    const at = v.event >= 0 && v.event <= last ? v.event : last;
    const list = byEvent.get(at);
    if (list) list.push(v);
    else byEvent.set(at, [v]);
  }
  let out = '';
  for (const ev of s.events) {
    const line: NdjsonEventLine = { session: s.id, protocol: s.protocol, ...ev, violations: byEvent.get(ev.index) };
    out += `${JSON.stringify(line)}\n`;
  }
  return out;
}

/** Sessions, one per line, in the order given. */
export function sessionsToNdjson(sessions: Session[]): string {
  return sessions.map(sessionLine).join('');
}

/** Every event of the sessions, one per line, session by session in the order given. */
export function eventsToNdjson(sessions: Session[]): string {
  return sessions.map(eventLines).join('');
}

/** What each line of an NDJSON export is. */
export type NdjsonMode = 'sessions' | 'events';

/**
 * A sink that writes NDJSON as sessions end (live capture, the proxy, or a capture read without
 * holding its sessions): lines come in the order sessions end, and nothing is kept.
 */
export function createNdjsonSink(write: (text: string) => void, mode: NdjsonMode): SessionSink {
  const lines = mode === 'sessions' ? sessionLine : eventLines;
  return {
    sessionEnd(s) {
      const text = lines(s);
      if (text !== '') write(text);
    },
  };
}
