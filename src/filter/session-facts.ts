/**
 * What filter fields read from a session that takes a walk over its events, messages or
 * violations: gathered in one pass, the first time any such field is asked for, and kept per
 * session object (a WeakMap, so it goes when the session goes). A session that has grown since
 * (more events, messages or violations) is walked again.
 */
import { parseIp } from '../synth/address.js';
import type { Session } from '../model/session.js';
import { SEVERITY_RANK } from '../model/violation.js';

export interface SessionFacts {
  /** Command verbs, as the decoder gives them (upper case). */
  verbs: string[];
  /** Command argument text. */
  args: string[];
  /** SMTP reply codes. */
  replyCodes: number[];
  /** POP3/IMAP reply status words (`+OK`, `-ERR`, `OK`, `NO`, `BAD`, `BYE`, `PREAUTH`). */
  replyStatuses: string[];
  /** IMAP mailboxes selected, examined or appended to, and the mailboxes of messages. */
  mailboxes: string[];
  /** Originators and recipients: message header fields and the SMTP envelope. */
  from: string[];
  to: string[];
  cc: string[];
  subjects: string[];
  messageSizes: number[];
  /** An authentication was attempted: AUTH, AUTHENTICATE, LOGIN, USER, PASS, APOP or a SASL exchange. */
  auth: boolean;
  /** Bytes are missing from the capture. */
  gap: boolean;
  tlsSni: string[];
  tlsVersions: string[];
  violationIds: string[];
  /** Rank (SEVERITY_RANK) of the worst violation: one value, or none without violations. */
  worstSeverity: number[];
}

interface Entry {
  facts: SessionFacts;
  events: number;
  messages: number;
  violations: number;
}

const AUTH_VERBS = new Set(['AUTH', 'AUTHENTICATE', 'LOGIN', 'USER', 'PASS', 'APOP']);
const MAILBOX_VERBS = new Set(['SELECT', 'EXAMINE', 'APPEND']);

const factsCache = new WeakMap<Session, Entry>();

/** The facts of `s`, gathered once per session (again only if it has grown). */
export function factsOf(s: Session): SessionFacts {
  const cached = factsCache.get(s);
  if (cached && cached.events === s.events.length && cached.messages === s.messages.length && cached.violations === s.violations.length) {
    return cached.facts;
  }
  const facts = gather(s);
  factsCache.set(s, { facts, events: s.events.length, messages: s.messages.length, violations: s.violations.length });
  return facts;
}

function gather(s: Session): SessionFacts {
  const f: SessionFacts = {
    verbs: [],
    args: [],
    replyCodes: [],
    replyStatuses: [],
    mailboxes: [],
    from: [],
    to: [],
    cc: [],
    subjects: [],
    messageSizes: [],
    auth: false,
    gap: s.gaps.c2s > 0 || s.gaps.s2c > 0,
    tlsSni: [],
    tlsVersions: [],
    violationIds: [],
    worstSeverity: [],
  };
  addIfText(f.tlsSni, s.tlsInfo?.sni);
  addIfText(f.tlsVersions, s.tlsInfo?.version);
  for (const e of s.events) {
    switch (e.kind) {
      case 'command': {
        f.verbs.push(e.verb);
        f.args.push(e.args);
        if (AUTH_VERBS.has(e.verb)) f.auth = true;
        const mailbox = e.detail?.mailbox;
        if (typeof mailbox !== 'string') break;
        if (s.protocol === 'imap' && MAILBOX_VERBS.has(e.verb)) f.mailboxes.push(mailbox);
        if (s.protocol === 'smtp' && e.verb === 'MAIL') f.from.push(mailbox);
        if (s.protocol === 'smtp' && e.verb === 'RCPT') f.to.push(mailbox);
        break;
      }
      case 'reply':
        if (e.code !== undefined && /^\d{3}$/.test(e.code)) f.replyCodes.push(Number(e.code));
        addIfText(f.replyStatuses, e.status);
        break;
      case 'auth':
        f.auth = true;
        break;
      case 'gap':
        f.gap = true;
        break;
      case 'tls':
        if (e.sni !== undefined && !f.tlsSni.includes(e.sni)) f.tlsSni.push(e.sni);
        if (e.version !== undefined && !f.tlsVersions.includes(e.version)) f.tlsVersions.push(e.version);
        break;
      default:
        break;
    }
  }
  for (const m of s.messages) {
    f.messageSizes.push(m.size);
    addIfText(f.mailboxes, m.mailbox);
    addIfText(f.from, m.headers.from);
    addIfText(f.to, m.headers.to);
    addIfText(f.cc, m.headers.cc);
    addIfText(f.subjects, m.headers.subject);
    if (m.envelope) {
      f.from.push(m.envelope.from);
      f.to.push(...m.envelope.to);
    }
  }
  let worst = -1;
  for (const v of s.violations) {
    f.violationIds.push(v.id);
    worst = Math.max(worst, SEVERITY_RANK[v.severity] ?? -1);
  }
  if (worst >= 0) f.worstSeverity.push(worst);
  return f;
}

function addIfText(into: string[], value: string | undefined): void {
  if (value !== undefined) into.push(value);
}

/** The endpoint addresses of a session as bytes (4 or 16), as lists ready for the ip fields. */
export interface EndpointBytes {
  client: Buffer[];
  server: Buffer[];
  both: Buffer[];
}

const endpointCache = new WeakMap<Session, EndpointBytes>();

/** The endpoint addresses of `s` as bytes, parsed once per session (an unparsable one is left out). */
export function endpointsOf(s: Session): EndpointBytes {
  let e = endpointCache.get(s);
  if (!e) {
    const client = parseIp(s.client.ip);
    const server = parseIp(s.server.ip);
    e = { client: client ? [client] : [], server: server ? [server] : [], both: [client, server].filter((b) => b !== null) };
    endpointCache.set(s, e);
  }
  return e;
}
