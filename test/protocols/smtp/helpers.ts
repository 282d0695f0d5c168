/** Small readers over a decoded SMTP session, and the usual dialogue openings, for the SMTP tests. */
import type { AuthEvent, CommandEvent, DataEvent, NoteEvent, ReplyEvent, SessionEvent } from '../../../src/model/events.js';
import type { Session } from '../../../src/model/session.js';
import { SessionHarness, type HarnessOptions } from '../../helpers/session.js';

export const EHLO_REPLY = '250-mail.example.org\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250-CHUNKING\r\n250-STARTTLS\r\n250-ENHANCEDSTATUSCODES\r\n250-DSN\r\n250 AUTH PLAIN LOGIN CRAM-MD5 XOAUTH2\r\n';

/** A session that has been greeted and has done EHLO (with all the usual extensions). */
export function greeted(opts?: HarnessOptions, ehloReply = EHLO_REPLY): SessionHarness {
  return new SessionHarness('smtp', opts).s('220 mail.example.org ESMTP\r\n').c('EHLO client.example.com\r\n').s(ehloReply);
}

/** `greeted()` plus an accepted MAIL and RCPT. */
export function inTransaction(opts?: HarnessOptions, ehloReply = EHLO_REPLY): SessionHarness {
  return greeted(opts, ehloReply).c('MAIL FROM:<alice@example.com>\r\n').s('250 2.1.0 Ok\r\n').c('RCPT TO:<bob@example.org>\r\n').s('250 2.1.5 Ok\r\n');
}

export function commands(s: Session): CommandEvent[] {
  return s.events.filter((e): e is CommandEvent => e.kind === 'command');
}

export function commandLines(s: Session): string[] {
  return commands(s).map((c) => c.line);
}

export function replies(s: Session): ReplyEvent[] {
  return s.events.filter((e): e is ReplyEvent => e.kind === 'reply');
}

export function replyCodes(s: Session): (string | undefined)[] {
  return replies(s).map((r) => r.code);
}

export function dataEvents(s: Session): DataEvent[] {
  return s.events.filter((e): e is DataEvent => e.kind === 'data');
}

export function authEvents(s: Session): AuthEvent[] {
  return s.events.filter((e): e is AuthEvent => e.kind === 'auth');
}

export function notes(s: Session): string[] {
  return s.events.filter((e): e is NoteEvent => e.kind === 'note').map((n) => n.text);
}

export function ids(s: Session): string[] {
  return s.violations.map((v) => v.id);
}

/** The violations with this id. */
export function found(s: Session, id: string): Session['violations'] {
  return s.violations.filter((v) => v.id === id);
}

/** The first command event with this verb. */
export function command(s: Session, verb: string): CommandEvent {
  const c = commands(s).find((e) => e.verb === verb);
  if (!c) throw new Error(`no ${verb} command in ${commandLines(s).join(' | ')}`);
  return c;
}

/** Event kinds and directions in order, e.g. `S reply 220`, `C command EHLO`, `C data`. */
export function outline(s: Session): string[] {
  return s.events.map((e: SessionEvent) => {
    switch (e.kind) {
      case 'command':
        return `C ${e.verb}`;
      case 'reply':
        return `S ${e.code ?? '?'}`;
      case 'data':
        return `C data ${e.size}`;
      case 'auth':
        return 'C auth';
      default:
        return `${e.dir} ${e.kind}`;
    }
  });
}
