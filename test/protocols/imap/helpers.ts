/** Shared helpers for the IMAP decoder tests. */
import type { AuthEvent, CommandEvent, DataEvent, NoteEvent, ReplyEvent, SessionEvent } from '../../../src/model/events.js';
import type { Session } from '../../../src/model/session.js';
import { trailingAnnouncement } from '../../../src/protocols/imap/syntax/core.js';
import type { MessagePart } from '../../../src/protocols/imap/syntax/input.js';
import { type HarnessOptions, SessionHarness } from '../../helpers/session.js';

export const GREETING = '* OK [CAPABILITY IMAP4rev1 LITERAL+ IDLE SASL-IR AUTH=PLAIN] server ready\r\n';

export function imap(opts: HarnessOptions = {}): SessionHarness {
  return new SessionHarness('imap', opts);
}

/** Greeting, LOGIN (over a connection the tests treat as plain) and its OK. */
export function loggedIn(opts: HarnessOptions = {}): SessionHarness {
  return imap(opts).s(GREETING).c('L1 LOGIN bob pw\r\n').s('L1 OK [CAPABILITY IMAP4rev1 LITERAL+ IDLE] logged in\r\n');
}

/** Logged in with INBOX selected. */
export function selected(opts: HarnessOptions = {}): SessionHarness {
  return loggedIn(opts).c('S1 SELECT INBOX\r\n').s('* 3 EXISTS\r\n* OK [UIDVALIDITY 7] ok\r\nS1 OK [READ-WRITE] done\r\n');
}

const of =
  <K extends SessionEvent['kind']>(kind: K) =>
  (s: Session): Extract<SessionEvent, { kind: K }>[] =>
    s.events.filter((e): e is Extract<SessionEvent, { kind: K }> => e.kind === kind);

export const commands: (s: Session) => CommandEvent[] = of('command');
export const replies: (s: Session) => ReplyEvent[] = of('reply');
export const data: (s: Session) => DataEvent[] = of('data');
export const auths: (s: Session) => AuthEvent[] = of('auth');
export const notes: (s: Session) => NoteEvent[] = of('note');

export function ids(s: Session): string[] {
  return s.violations.map((v) => v.id);
}

/** The command event with this tag. */
export function command(s: Session, tag: string): CommandEvent {
  const c = commands(s).find((e) => e.tag === tag);
  if (!c) throw new Error(`no command ${tag}`);
  return c;
}

/** Frames serialised bytes into parts as the decoder does (lines and literals, literals kept). */
export function frame(bytes: Buffer): MessagePart[] {
  const parts: MessagePart[] = [];
  let pos = 0;
  for (;;) {
    const lf = bytes.indexOf('\r\n', pos);
    const line = bytes.subarray(pos, lf < 0 ? bytes.length : lf);
    parts.push({ kind: 'line', text: line });
    if (lf < 0) return parts;
    pos = lf + 2;
    const ann = trailingAnnouncement(line);
    if (!ann || isStatus(parts)) return parts;
    parts.push({ kind: 'literal', size: ann.size, bytes: bytes.subarray(pos, pos + ann.size) });
    pos += ann.size;
  }
}

function isStatus(parts: MessagePart[]): boolean {
  const first = parts[0]!;
  return first.kind === 'line' && /^(\S+ (OK|NO|BAD|BYE|PREAUTH)\b|\+)/i.test(first.text.toString('latin1'));
}

/** Parts of a one-line message (or text with literals written as `{n}` CRLF octets). */
export function parts(text: string): MessagePart[] {
  return frame(Buffer.from(text, 'utf8'));
}
