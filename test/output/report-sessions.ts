/** Sessions for the report tests: the shipped textbook captures, a hostile one, and hand-made ones. */
import { fileURLToPath } from 'node:url';
import { loadSessions } from '../../src/cli/input.js';
import type { NewEvent, SessionEvent } from '../../src/model/events.js';
import type { Session } from '../../src/model/session.js';
import type { Violation } from '../../src/model/violation.js';
import { SessionHarness } from '../helpers/session.js';

export const TEXTBOOK = ['smtp-textbook', 'pop3-textbook', 'imap-textbook'] as const;

/** The sessions of a shipped capture, e.g. `captures/smtp-textbook.pcap`. */
export async function captureSessions(relativePath: string): Promise<Session[]> {
  const path = fileURLToPath(new URL(`../../${relativePath}`, import.meta.url));
  return loadSessions(path, { portMap: new Map(), quiet: true });
}

/** Markup and script in every place a peer controls: greeting, commands, paths, message content, a violation's evidence; plus a terminal escape and a bare CR. */
export function hostileSession(): Session {
  return new SessionHarness('smtp')
    .s('220 mx <script>alert(1)</script> ESMTP\r\n')
    .c('EHLO "><img src=x onerror=alert(1)>\r\n')
    .s("250 'single' & \"double\"\r\n")
    .c('X<SCRIPT> |pipe| `tick` ```\r\n')
    .s('500 what\r\n')
    .c('MAIL FROM:<"><img src=x onerror=alert(2)>@x>\r\n')
    .s('250 ok\r\n')
    .c('RCPT TO:<a@b.example>\r\n')
    .s('250 ok\r\n')
    .c('DATA\r\n')
    .s('354 go\r\n')
    .c('Subject: <script>alert(3)</script>\r\n\r\n```\r\n</pre></details><script>alert(4)</script>\r\n\x1b[31mred\r```\r\n.\r\n')
    .s('250 queued\r\n')
    .c('QUIT\r\n')
    .s('221 bye\r\n')
    .end();
}

/** An SMTP session of `noops` NOOP commands and their replies (2 × noops + 1 events). */
export function longSession(noops: number): Session {
  const h = new SessionHarness('smtp').s('220 mx ESMTP\r\n');
  for (let i = 0; i < noops; i++) h.c('NOOP\r\n').s('250 ok\r\n');
  return h.end();
}

/** A session built from the given events and violations (indices assigned here), for exact layouts. */
export function handmadeSession(events: NewEvent[], violations: Violation[] = [], id = 7): Session {
  const start = 1_700_000_000;
  return {
    id,
    protocol: 'smtp',
    detectedBy: 'port',
    client: { ip: '192.0.2.10', port: 50000 },
    server: { ip: '192.0.2.25', port: 25 },
    start,
    end: start + 1,
    endReason: 'fin',
    tls: 'none',
    events: events.map((e, index) => ({ ...e, index }) as SessionEvent),
    messages: [],
    violations,
    gaps: { c2s: 0, s2c: 0 },
    bytes: { c2s: 0, s2c: 0 },
  };
}
