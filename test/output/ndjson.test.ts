/** NDJSON exports of real sessions: one session or one event per line, violations with their events. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../src/model/session.js';
import { sessionToJson } from '../../src/output/json.js';
import { createNdjsonSink, eventsToNdjson, sessionsToNdjson, type NdjsonEventLine } from '../../src/output/ndjson.js';
import { analyzeCapture } from '../../src/pipeline.js';
import { capturesUnder } from '../archive/helpers.js';
import { SessionHarness } from '../helpers/session.js';

/** Every capture's sessions in the order they ended, and the NDJSON a streaming sink wrote meanwhile. */
async function decode(captures: string[]): Promise<{ sessions: Session[]; streamed: { sessions: string; events: string } }> {
  const sessions: Session[] = [];
  const streamed = { sessions: '', events: '' };
  const bySession = createNdjsonSink((t) => (streamed.sessions += t), 'sessions');
  const byEvent = createNdjsonSink((t) => (streamed.events += t), 'events');
  for (const capture of captures) {
    await analyzeCapture(capture, {
      sessions: {
        sessionEnd(s) {
          sessions.push(s);
          bySession.sessionEnd(s);
          byEvent.sessionEnd(s);
        },
      },
    });
  }
  return { sessions, streamed };
}

const lines = (text: string): string[] => {
  expect(text.endsWith('\n')).toBe(true);
  return text.slice(0, -1).split('\n');
};

let sessions: Session[];
let streamed: { sessions: string; events: string };

beforeAll(async () => {
  ({ sessions, streamed } = await decode([...capturesUnder('captures'), ...capturesUnder('test/fixtures/corpus')]));
});

describe('NDJSON', () => {
  it('has sessions, events and violations to export', () => {
    expect(sessions.length).toBeGreaterThan(100);
    expect(sessions.reduce((n, s) => n + s.violations.length, 0)).toBeGreaterThan(50);
  });

  it('writes one session per line, as in --json', () => {
    const text = sessionsToNdjson(sessions);
    const got = lines(text);
    expect(got).toHaveLength(sessions.length);
    got.forEach((line, i) => expect(JSON.parse(line)).toEqual(JSON.parse(JSON.stringify(sessionToJson(sessions[i]!)))));
    expect(text).not.toMatch(/"content"/);
  });

  it('writes one event per line with its session, protocol and own violations', () => {
    const got = lines(eventsToNdjson(sessions)).map((l) => JSON.parse(l) as NdjsonEventLine);
    const events = sessions.flatMap((s) => s.events.map((e) => ({ s, e })));
    expect(got).toHaveLength(events.length);
    let attached = 0;
    got.forEach((line, i) => {
      const { s, e } = events[i]!;
      const { session, protocol, violations, ...event } = line;
      expect([session, protocol]).toEqual([s.id, s.protocol]);
      expect(event).toEqual(JSON.parse(JSON.stringify(e)));
      const own = s.violations.filter((v) => v.event === e.index);
      if (own.length === 0) expect(violations).toBeUndefined();
      else expect(violations).toEqual(own);
      attached += own.length;
    });
    expect(attached).toBe(sessions.filter((s) => s.events.length > 0).reduce((n, s) => n + s.violations.length, 0));
  });

  it('a streaming sink writes the same lines as sessions end', () => {
    expect(streamed.sessions).toBe(sessionsToNdjson(sessions));
    expect(streamed.events).toBe(eventsToNdjson(sessions));
  });

  it('puts a violation about the whole session on its last event line', () => {
    const s = new SessionHarness('pop3').s('+OK hi\r\n').c('QUIT\r\n').s('+OK bye\r\n').end();
    s.violations.push({ id: 'POP3-TEST', severity: 'warning', rfc: 'RFC 1939', message: 'about the session', event: -1 });
    const got = lines(eventsToNdjson([s])).map((l) => JSON.parse(l) as NdjsonEventLine);
    expect(got.at(-1)!.violations).toEqual([s.violations.at(-1)]);
    expect(got.slice(0, -1).flatMap((l) => l.violations ?? []).some((v) => v.event === -1)).toBe(false);
  });

  it('a line break inside a field never breaks a line', () => {
    const s = new SessionHarness('smtp').s('220 hi\r\n').c('HELO a\nb\r\n').s('250 ok\r\n').end();
    for (const line of lines(eventsToNdjson([s])).concat(lines(sessionsToNdjson([s])))) expect(() => JSON.parse(line)).not.toThrow();
    expect(lines(eventsToNdjson([s]))).toHaveLength(s.events.length);
  });
});
