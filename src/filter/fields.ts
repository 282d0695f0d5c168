/**
 * The fields a filter can name: their type, what they mean (docs/filters.md lists the same table,
 * checked by a test) and how each reads its values from a session. A field has any number of
 * values; comparisons hold when any value satisfies them.
 */
import type { Session } from '../model/session.js';
import { endpointsOf, factsOf } from './session-facts.js';

/** boolean: true or false; number; text; ip: an address; severity: info < warning < error (values are SEVERITY_RANK ranks). */
export type FieldType = 'boolean' | 'number' | 'text' | 'ip' | 'severity';

interface FieldCommon {
  /** The field's names: the first is the main one, the others are aliases. */
  names: string[];
  /** One line for docs/filters.md. */
  description: string;
}

export type FieldDef =
  | (FieldCommon & { type: 'boolean'; test(s: Session): boolean })
  | (FieldCommon & { type: 'number' | 'severity'; values(s: Session): readonly number[] })
  | (FieldCommon & {
      type: 'text';
      /** `==`, `!=` and `in` ignore case (all text fields but the free text of `command.args` and `subject`). */
      anyCase: boolean;
      values(s: Session): readonly string[];
    })
  | (FieldCommon & { type: 'ip'; values(s: Session): readonly Buffer[] });

export const FIELDS: readonly FieldDef[] = [
  { names: ['smtp'], type: 'boolean', description: 'the session is SMTP', test: (s) => s.protocol === 'smtp' },
  { names: ['pop3'], type: 'boolean', description: 'the session is POP3', test: (s) => s.protocol === 'pop3' },
  { names: ['imap'], type: 'boolean', description: 'the session is IMAP', test: (s) => s.protocol === 'imap' },
  { names: ['ip.addr'], type: 'ip', description: 'the client or the server address', values: (s) => endpointsOf(s).both },
  { names: ['ip.src', 'ip.client'], type: 'ip', description: 'the client address (the side that opened the connection)', values: (s) => endpointsOf(s).client },
  { names: ['ip.dst', 'ip.server'], type: 'ip', description: 'the server address', values: (s) => endpointsOf(s).server },
  { names: ['tcp.port'], type: 'number', description: 'the client or the server port', values: (s) => [s.client.port, s.server.port] },
  { names: ['tcp.srcport'], type: 'number', description: 'the client port', values: (s) => [s.client.port] },
  { names: ['tcp.dstport'], type: 'number', description: 'the server port', values: (s) => [s.server.port] },
  { names: ['command'], type: 'text', anyCase: true, description: 'every command verb the client sent (`MAIL`, `RETR`, `UID FETCH`, ...)', values: (s) => factsOf(s).verbs },
  { names: ['command.args'], type: 'text', anyCase: false, description: 'the arguments of every command, as shown in the transcript (secrets masked)', values: (s) => factsOf(s).args },
  { names: ['reply.code'], type: 'number', description: 'every SMTP reply code', values: (s) => factsOf(s).replyCodes },
  { names: ['reply.status'], type: 'text', anyCase: true, description: 'every POP3 status (`+OK`, `-ERR`) and IMAP status (`OK`, `NO`, `BAD`, `BYE`, `PREAUTH`)', values: (s) => factsOf(s).replyStatuses },
  { names: ['violation'], type: 'boolean', description: 'the session has at least one violation', test: (s) => s.violations.length > 0 },
  { names: ['violation.id'], type: 'text', anyCase: true, description: 'the id of every violation (`SMTP-BARE-LF`, ...; see docs/violations.md)', values: (s) => factsOf(s).violationIds },
  { names: ['severity'], type: 'severity', description: "the worst violation's severity; absent without violations", values: (s) => factsOf(s).worstSeverity },
  { names: ['tls'], type: 'boolean', description: 'the session used TLS (STARTTLS or implicit)', test: (s) => s.tls !== 'none' },
  { names: ['tls.mode'], type: 'text', anyCase: true, description: '`none`, `starttls` or `implicit`', values: (s) => [s.tls] },
  { names: ['tls.sni'], type: 'text', anyCase: true, description: 'the server name the client asked for in its ClientHello', values: (s) => factsOf(s).tlsSni },
  { names: ['tls.version'], type: 'text', anyCase: true, description: 'the negotiated TLS version, e.g. `TLS 1.3`', values: (s) => factsOf(s).tlsVersions },
  { names: ['mailbox'], type: 'text', anyCase: true, description: 'every IMAP mailbox selected, examined or appended to, and the mailbox of every IMAP message', values: (s) => factsOf(s).mailboxes },
  { names: ['from'], type: 'text', anyCase: true, description: "every message's From header and every SMTP envelope sender (MAIL FROM; `\"\"` for the null sender `<>`)", values: (s) => factsOf(s).from },
  { names: ['to'], type: 'text', anyCase: true, description: "every message's To header and every SMTP envelope recipient (RCPT TO, accepted or not)", values: (s) => factsOf(s).to },
  { names: ['cc'], type: 'text', anyCase: true, description: "every message's Cc header", values: (s) => factsOf(s).cc },
  { names: ['subject'], type: 'text', anyCase: false, description: "every message's Subject header", values: (s) => factsOf(s).subjects },
  { names: ['message'], type: 'boolean', description: 'the session carries at least one message', test: (s) => s.messages.length > 0 },
  { names: ['message.size'], type: 'number', description: "every message's size in octets (after transport decoding)", values: (s) => factsOf(s).messageSizes },
  { names: ['auth'], type: 'boolean', description: 'the client tried to authenticate (AUTH, AUTHENTICATE, LOGIN, USER/PASS, APOP)', test: (s) => factsOf(s).auth },
  { names: ['gap'], type: 'boolean', description: 'bytes are missing from the capture in either direction', test: (s) => factsOf(s).gap },
  { names: ['session.id', 'stream'], type: 'number', description: "the session's id (tshark's `tcp.stream`)", values: (s) => [s.id] },
  { names: ['duration'], type: 'number', description: 'seconds from the first to the last packet', values: (s) => [s.end - s.start] },
];

const BY_NAME = new Map<string, FieldDef>(FIELDS.flatMap((f) => f.names.map((n) => [n, f] as const)));

/** Every field name, aliases included. */
export const FIELD_NAMES: readonly string[] = [...BY_NAME.keys()];

/** The field called `name`, or undefined. */
export function fieldByName(name: string): FieldDef | undefined {
  return BY_NAME.get(name);
}
