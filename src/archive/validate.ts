/**
 * Shape checks for what comes out of an archive, so that a damaged or foreign file is reported
 * as such instead of crashing whatever reads the sessions later. Each check returns null when
 * the value is fine, or one line naming the first thing wrong (`events[3].ts is not a number`).
 * Fields a later version of the format adds are allowed (fields are only added within a version).
 */

/** Checks `v`, found at `at` (a path like `session.events[3]`); null when it is fine. */
type Check = (v: unknown, at: string) => string | null;

type Fields = Record<string, Check>;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

const num: Check = (v, at) => (typeof v === 'number' && !Number.isNaN(v) ? null : `${at} is not a number`);
const count: Check = (v, at) => (Number.isSafeInteger(v) && (v as number) >= 0 ? null : `${at} is not a count`);
const str: Check = (v, at) => (typeof v === 'string' ? null : `${at} is not a string`);
const bool: Check = (v, at) => (typeof v === 'boolean' ? null : `${at} is not true or false`);
const bytes: Check = (v, at) => (v instanceof Uint8Array ? null : `${at} is not binary`);
const anyObject: Check = (v, at) => (isRecord(v) ? null : `${at} is not a map`);

function oneOf(...values: Array<string | null>): Check {
  return (v, at) => (values.includes(v as string | null) ? null : `${at} is not one of ${values.map((x) => JSON.stringify(x)).join(', ')}`);
}

function arrayOf(item: Check): Check {
  return (v, at) => {
    if (!Array.isArray(v)) return `${at} is not an array`;
    for (let i = 0; i < v.length; i++) {
      const problem = item(v[i], `${at}[${i}]`);
      if (problem) return problem;
    }
    return null;
  };
}

/** A map with `required` fields and `optional` ones (absent, or of the given shape). */
function object(required: Fields, optional: Fields = {}): Check {
  return (v, at) => {
    if (!isRecord(v)) return `${at} is not a map`;
    for (const [key, check] of Object.entries(required)) {
      if (!(key in v)) return `${at}.${key} is missing`;
      const problem = check(v[key], `${at}.${key}`);
      if (problem) return problem;
    }
    for (const [key, check] of Object.entries(optional)) {
      if (v[key] === undefined) continue;
      const problem = check(v[key], `${at}.${key}`);
      if (problem) return problem;
    }
    return null;
  };
}

function nullable(check: Check): Check {
  return (v, at) => (v === null ? null : check(v, at));
}

/** An index into a list of `size` things; `allowNone` also accepts -1. */
function indexBelow(size: number, allowNone = false): Check {
  return (v, at) =>
    Number.isSafeInteger(v) && (v as number) < size && ((v as number) >= 0 || (allowNone && v === -1))
      ? null
      : `${at} (${String(v)}) does not point at one of the ${size} entries`;
}

const endpoint = object({ ip: str, port: count });
const perDirection = object({ c2s: num, s2c: num });
const direction = oneOf('C', 'S');

/** The fields of each event kind beyond the common ones; `events` and `messages` bound the indices. */
function eventKinds(events: number, messages: number): Record<string, [Fields, Fields]> {
  return {
    command: [
      { dir: oneOf('C'), verb: str, args: str, line: str },
      { tag: str, detail: anyObject, reply: indexBelow(events), responseTime: num },
    ],
    reply: [{ dir: oneOf('S'), lines: arrayOf(str) }, { code: str, enhanced: str, status: str, tag: str, detail: anyObject, command: indexBelow(events) }],
    data: [{ size: count, preview: str, previewTruncated: bool, what: str }, { message: indexBelow(messages), terminator: str }],
    auth: [{ line: str, decoded: str }, {}],
    tls: [{ what: str }, { sni: str, version: str, cipher: str, alpn: arrayOf(str), alert: str }],
    gap: [{}, {}],
    note: [{ text: str }, {}],
  };
}

function eventCheck(events: number, messages: number): Check {
  const kinds = eventKinds(events, messages);
  const base: Fields = { index: count, ts: num, dir: direction, offset: count, length: count };
  const byKind = new Map(Object.entries(kinds).map(([kind, [required, optional]]) => [kind, object({ ...base, ...required }, optional)]));
  return (v, at) => {
    if (!isRecord(v)) return `${at} is not a map`;
    const check = byKind.get(v.kind as string);
    if (!check) return `${at}.kind is not one of ${[...byKind.keys()].join(', ')}`;
    return check(v, at);
  };
}

function messageCheck(events: number): Check {
  return object(
    {
      index: count,
      via: str,
      headers: object({}, { from: str, to: str, cc: str, subject: str, date: str, messageId: str }),
      size: count,
      stream: object({ dir: direction, start: count, end: count }),
      events: arrayOf(indexBelow(events)),
      complete: bool,
    },
    {
      envelope: object({ from: str, to: arrayOf(str) }),
      reply: indexBelow(events),
      content: bytes,
      mailbox: str,
      uid: count,
      number: count,
      section: str,
    },
  );
}

function violationCheck(events: number): Check {
  return object({ id: str, severity: oneOf('info', 'warning', 'error'), rfc: str, message: str, event: indexBelow(events, true) });
}

const sessionFields: Fields = {
  id: count,
  protocol: oneOf('smtp', 'pop3', 'imap'),
  detectedBy: oneOf('port', 'map', 'banner'),
  client: endpoint,
  server: endpoint,
  start: num,
  end: num,
  endReason: nullable(oneOf('fin', 'rst', 'capture-end', 'timeout', 'port-reuse', 'limit')),
  tls: oneOf('none', 'starttls', 'implicit'),
  events: (v, at) => (Array.isArray(v) ? null : `${at} is not an array`),
  messages: (v, at) => (Array.isArray(v) ? null : `${at} is not an array`),
  violations: (v, at) => (Array.isArray(v) ? null : `${at} is not an array`),
  gaps: perDirection,
  bytes: perDirection,
};

/** Checks a decoded session (the `session` of a session record), including that its indices point inside it. */
export function checkSession(v: unknown, at = 'session'): string | null {
  const top = object(sessionFields)(v, at);
  if (top) return top;
  const s = v as { events: unknown[]; messages: unknown[]; violations: unknown[]; tlsInfo?: unknown };
  const events = s.events.length;
  const messages = s.messages.length;
  const tlsInfo = object(
    // The event TLS started at may be the next one, never emitted when the capture stopped there.
    { startEvent: indexBelow(events + 1), decrypted: bool },
    { sni: str, version: str, cipher: str, encryptedBytes: perDirection },
  );
  const problem =
    (s.tlsInfo === undefined ? null : tlsInfo(s.tlsInfo, `${at}.tlsInfo`)) ??
    arrayOf(eventCheck(events, messages))(s.events, `${at}.events`) ??
    arrayOf(messageCheck(events))(s.messages, `${at}.messages`) ??
    arrayOf(violationCheck(events))(s.violations, `${at}.violations`);
  if (problem) return problem;
  const misplaced = s.events.findIndex((e, i) => (e as { index: number }).index !== i);
  if (misplaced >= 0) return `${at}.events[${misplaced}].index is not ${misplaced}`;
  const misnumbered = s.messages.findIndex((m, i) => (m as { index: number }).index !== i);
  if (misnumbered >= 0) return `${at}.messages[${misnumbered}].index is not ${misnumbered}`;
  return null;
}

/** Checks a stream record. */
export const checkStreamRecord: Check = object({ session: count, dir: oneOf('c2s', 's2c'), offset: count, bytes });

/** Checks a session record's fields other than the session itself. */
export const checkSessionRecordStreams: Check = object({ c2s: count, s2c: count });

/** Checks an end record. */
export const checkEndRecord: Check = object({ sessions: count, source: nullable(object({ file: str, format: nullable(str), packets: count })) });

/** Checks a header's fields after `format` and `version`. */
export const checkHeaderRest: Check = object({ created: str, mailwire: str });
