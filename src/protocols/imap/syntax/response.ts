/**
 * Server responses (RFC 9051 §7 and §9, RFC 3501 forms, and the common extensions): the greeting,
 * tagged and untagged status responses with their response codes, continuation requests, and the
 * untagged data responses (CAPABILITY, FLAGS, LIST, STATUS, SEARCH, ESEARCH, NAMESPACE, ID, EXISTS,
 * FETCH, QUOTA, ...). Unknown data responses parse generically.
 */
import {
  astring,
  atom,
  flag,
  flagList,
  isAtomChar,
  list,
  mailbox,
  nil,
  nstring,
  number,
  number64,
  nzNumber,
  quoted,
  sequenceSet,
  string,
  tag,
  text,
  value,
  values,
  type ImapValue,
} from './core.js';
import { msgAtt } from './fetch.js';
import { type Cursor, type ImapString, type MessagePart, type ParseResult, run } from './input.js';
import type { ContinueRequest, Namespace, RespCode, Response, ResponseData, Status, StatusResponse } from './types.js';
import { LPAREN, RBRACKET, RPAREN, SP } from './chars.js';


/** Parses one server response (a line with its literals). */
export function parseResponse(parts: readonly MessagePart[]): ParseResult<Response> {
  return run(parts, response, false);
}

/**
 * Parses the server greeting: `* OK`, `* PREAUTH` or `* BYE` (RFC 9051 §7.1). Anything else is
 * invalid as a greeting.
 */
export function parseGreeting(parts: readonly MessagePart[]): ParseResult<StatusResponse> {
  return run(
    parts,
    (cur) => {
      cur.expect(0x2a, '"*" (a greeting is untagged)');
      cur.sp();
      const m = cur.mark();
      const word = atom(cur, 'OK, PREAUTH or BYE').toUpperCase();
      if (word !== 'OK' && word !== 'PREAUTH' && word !== 'BYE') cur.fail('OK, PREAUTH or BYE', m.pos);
      const r = respCond(cur, '*', word);
      cur.end();
      return r;
    },
    false,
  );
}

/** response = continue-req / response-data / response-tagged (one line with its literals). */
export function response(cur: Cursor): Response {
  const b = cur.peek();
  let r: Response;
  if (b === 0x2b) r = continueReq(cur);
  else if (b === 0x2a) {
    cur.advance();
    cur.sp();
    r = untagged(cur);
  } else {
    const t = tag(cur);
    cur.sp();
    const m = cur.mark();
    const word = atom(cur, 'OK, NO or BAD').toUpperCase();
    if (word !== 'OK' && word !== 'NO' && word !== 'BAD') cur.fail('OK, NO or BAD (a tagged response completes a command)', m.pos);
    r = respCond(cur, t, word);
  }
  cur.end();
  return r;
}

/** continue-req = "+" SP (resp-text / base64) */
function continueReq(cur: Cursor): ContinueRequest {
  cur.advance();
  if (cur.atEnd) {
    cur.quirks.push('missing-text');
    return { kind: 'continue', text: '' };
  }
  cur.sp();
  const { code, text: t } = respText(cur);
  const out: ContinueRequest = { kind: 'continue', text: t };
  if (code) out.code = code;
  return out;
}

/** The status after the tag: resp-cond-state / resp-cond-bye / resp-cond-auth, then resp-text. */
function respCond(cur: Cursor, t: string, status: string): StatusResponse {
  if (cur.atEnd) {
    cur.quirks.push('missing-text');
    return { kind: 'status', tag: t, status: status as Status, text: '' };
  }
  cur.sp();
  const { code, text: rest } = respText(cur);
  const out: StatusResponse = { kind: 'status', tag: t, status: status as Status, text: rest };
  if (code) out.code = code;
  return out;
}

/** resp-text = ["[" resp-text-code "]" SP] [text] */
function respText(cur: Cursor): { code?: RespCode; text: string } {
  if (cur.peek() !== 0x5b) return { text: text(cur) };
  cur.advance();
  const code = respTextCode(cur);
  cur.expect(RBRACKET, '"]" closing the response code');
  if (cur.atEnd) {
    cur.quirks.push('missing-text');
    return { code, text: '' };
  }
  cur.sp();
  return { code, text: text(cur) };
}

const SIMPLE_CODES = new Set([
  'ALERT',
  'PARSE',
  'READ-ONLY',
  'READ-WRITE',
  'TRYCREATE',
  'UIDNOTSTICKY',
  'CLOSED',
  'NOMODSEQ',
  'COMPRESSIONACTIVE',
  'NOTSAVED',
  'UNAVAILABLE',
  'AUTHENTICATIONFAILED',
  'AUTHORIZATIONFAILED',
  'EXPIRED',
  'PRIVACYREQUIRED',
  'CONTACTADMIN',
  'NOPERM',
  'INUSE',
  'EXPUNGEISSUED',
  'CORRUPTION',
  'SERVERBUG',
  'CLIENTBUG',
  'CANNOT',
  'LIMIT',
  'OVERQUOTA',
  'ALREADYEXISTS',
  'NONEXISTENT',
  'HASCHILDREN',
]);

/** resp-text-code (RFC 9051, RFC 4315 UIDPLUS, RFC 5530, RFC 7162 CONDSTORE, and `atom [SP text]` for the rest). */
function respTextCode(cur: Cursor): RespCode {
  const start = cur.pos;
  const name = atom(cur, 'response code').toUpperCase();
  if (SIMPLE_CODES.has(name)) return { name };
  switch (name) {
    case 'CAPABILITY':
      return { name, capabilities: capabilities(cur, start) };
    case 'PERMANENTFLAGS':
      cur.sp();
      return { name, flags: flagList(cur, true) };
    case 'UIDNEXT':
    case 'UIDVALIDITY':
    case 'UNSEEN':
      cur.sp();
      return { name, value: nzNumber(cur, `${name} value`) };
    case 'HIGHESTMODSEQ':
      cur.sp();
      return { name, value: number64(cur, 'mod-sequence value') };
    case 'BADCHARSET': {
      if (cur.peek() !== SP) return { name };
      cur.sp();
      const charsets = list(cur, charset, 'the charset list', false);
      return { name, charsets };
    }
    case 'APPENDUID': {
      cur.sp();
      const uidValidity = nzNumber(cur, 'UIDVALIDITY');
      cur.sp();
      return { name, uidValidity, uids: sequenceSet(cur, 'UID set') };
    }
    case 'COPYUID': {
      cur.sp();
      const uidValidity = nzNumber(cur, 'UIDVALIDITY');
      cur.sp();
      const source = sequenceSet(cur, 'UID set');
      cur.sp();
      return { name, uidValidity, source, destination: sequenceSet(cur, 'UID set') };
    }
    case 'MODIFIED':
      cur.sp();
      return { name, set: sequenceSet(cur) };
    default: {
      if (cur.peek() !== SP) return { name };
      cur.advance();
      const from = cur.pos;
      while (!cur.eol && cur.peek() !== RBRACKET) cur.advance();
      if (cur.pos === from) cur.fail('text of the response code');
      return { name, text: cur.slice(from).toString('utf8') };
    }
  }
}

/** charset = atom / quoted */
function charset(cur: Cursor): string {
  return cur.peek() === 0x22 ? quoted(cur) : atom(cur, 'charset');
}

/** *(SP capability), which must include IMAP4rev1 or IMAP4rev2 (capability-data). */
function capabilities(cur: Cursor, start: number): string[] {
  const caps = capabilityList(cur);
  if (!caps.some((c) => /^IMAP4REV[12]$/i.test(c))) cur.fail('IMAP4rev1 or IMAP4rev2 among the capabilities', start);
  return caps;
}

/** *(SP capability); capability = ("AUTH=" auth-type) / atom */
function capabilityList(cur: Cursor): string[] {
  const caps: string[] = [];
  while (cur.peek() === SP) {
    cur.advance();
    caps.push(atom(cur, 'capability'));
  }
  return caps;
}

/** The rest of `* ...`: a status, numbered data, or named data. */
function untagged(cur: Cursor): Response {
  const b = cur.peek();
  if (b >= 0x30 && b <= 0x39) return { kind: 'data', ...messageData(cur) };
  const m = cur.mark();
  const name = atom(cur, 'response name').toUpperCase();
  if (name === 'OK' || name === 'NO' || name === 'BAD' || name === 'BYE' || name === 'PREAUTH') {
    return respCond(cur, '*', name);
  }
  return { kind: 'data', ...namedData(cur, name, m.pos) };
}

/** number SP ("EXISTS" / "RECENT" / "EXPUNGE" / "FETCH" SP msg-att) */
function messageData(cur: Cursor): ResponseData {
  const start = cur.pos;
  const n = number(cur);
  cur.sp();
  const name = atom(cur, 'EXISTS, RECENT, EXPUNGE or FETCH').toUpperCase();
  switch (name) {
    case 'EXISTS':
    case 'RECENT':
      return { type: name, number: n };
    case 'EXPUNGE':
      if (n === 0) cur.fail('non-zero message number', start);
      return { type: name, number: n };
    case 'FETCH':
      if (n === 0) cur.fail('non-zero message number', start);
      cur.sp();
      return { type: 'FETCH', number: n, items: msgAtt(cur, n) };
    default:
      return { type: 'other', name, number: n, args: values(cur) };
  }
}

function namedData(cur: Cursor, name: string, start: number): ResponseData {
  switch (name) {
    case 'CAPABILITY':
      return { type: 'CAPABILITY', capabilities: capabilities(cur, start) };
    case 'ENABLED':
      return { type: 'ENABLED', capabilities: capabilityList(cur) };
    case 'FLAGS':
      cur.sp();
      return { type: 'FLAGS', flags: flagList(cur) };
    case 'LIST':
    case 'LSUB':
    case 'XLIST':
      cur.sp();
      return { type: name, ...mailboxList(cur) };
    case 'STATUS':
      return statusData(cur);
    case 'SEARCH':
    case 'SORT':
      return searchData(cur, name);
    case 'ESEARCH':
      return esearchData(cur);
    case 'NAMESPACE': {
      cur.sp();
      const personal = namespaces(cur);
      cur.sp();
      const other = namespaces(cur);
      cur.sp();
      return { type: 'NAMESPACE', personal, other, shared: namespaces(cur) };
    }
    case 'ID':
      cur.sp();
      return { type: 'ID', params: idParams(cur) };
    case 'QUOTA':
      return quotaData(cur);
    case 'QUOTAROOT': {
      cur.sp();
      const mb = mailbox(cur);
      const roots: ImapString[] = [];
      while (cur.peek() === SP) {
        cur.advance();
        roots.push(astring(cur));
      }
      return { type: 'QUOTAROOT', mailbox: mb, roots };
    }
    case 'VANISHED': {
      cur.sp();
      let earlier = false;
      if (cur.keyword('(EARLIER)')) {
        earlier = true;
        cur.sp();
      }
      return { type: 'VANISHED', earlier, uids: sequenceSet(cur, 'UID set') };
    }
    default:
      return { type: 'other', name, args: values(cur) };
  }
}

/** mailbox-list = "(" [mbx-list-flags] ")" SP (DQUOTE QUOTED-CHAR DQUOTE / nil) SP mailbox [SP mbox-list-extended] */
function mailboxList(cur: Cursor): { attributes: string[]; delimiter: string | null; mailbox: ImapString; extended?: Record<string, ImapValue> } {
  const attributes = list(cur, mbxListFlag, 'the mailbox attributes');
  cur.sp();
  let delimiter: string | null = null;
  if (!nil(cur)) {
    const at = cur.pos;
    delimiter = quoted(cur);
    if ([...delimiter].length !== 1) cur.fail('a one-character hierarchy delimiter or NIL', at);
  }
  cur.sp();
  const mb = mailbox(cur);
  const out: { attributes: string[]; delimiter: string | null; mailbox: ImapString; extended?: Record<string, ImapValue> } = {
    attributes,
    delimiter,
    mailbox: mb,
  };
  if (cur.peek() === SP) {
    cur.advance();
    const ext: Record<string, ImapValue> = {};
    cur.expect(LPAREN, '"(" of the extended LIST data');
    cur.enter();
    if (cur.peek() !== RPAREN) {
      for (;;) {
        const k = astring(cur);
        cur.sp();
        ext[typeof k === 'string' ? k.toUpperCase() : `{${k.literal}}`] = value(cur);
        if (cur.peek() !== SP) break;
        cur.advance();
      }
    }
    cur.expect(RPAREN, '")" closing the extended LIST data');
    cur.leave();
    out.extended = ext;
  }
  return out;
}

/** mbx-list-flag: "\" atom (\Noselect, \HasChildren, \Sent, ...). */
function mbxListFlag(cur: Cursor): string {
  if (cur.peek() !== 0x5c) cur.fail('a mailbox attribute ("\\" atom)');
  return flag(cur);
}

/** "STATUS" SP mailbox SP "(" [status-att-val *(SP status-att-val)] ")" */
function statusData(cur: Cursor): ResponseData {
  cur.sp();
  const mb = mailbox(cur);
  cur.sp();
  const attributes: Record<string, number> = {};
  list(
    cur,
    (c) => {
      const k = atom(c, 'status item').toUpperCase();
      c.sp();
      attributes[k] = number64(c, `${k} value`);
      return k;
    },
    'the status items',
  );
  return { type: 'STATUS', mailbox: mb, attributes };
}

/** "SEARCH" *(SP nz-number) [SP "(" "MODSEQ" SP mod-sequence-value ")"] (and SORT, RFC 5256). */
function searchData(cur: Cursor, name: 'SEARCH' | 'SORT'): ResponseData {
  const numbers: number[] = [];
  let modseq: number | undefined;
  while (cur.peek() === SP) {
    cur.advance();
    if (cur.peek() === LPAREN) {
      cur.advance();
      cur.expectKeyword('MODSEQ');
      cur.sp();
      modseq = number64(cur, 'mod-sequence value');
      cur.expect(RPAREN, '")"');
      break;
    }
    numbers.push(nzNumber(cur, 'message number'));
  }
  const out: ResponseData = { type: name, numbers };
  if (modseq !== undefined) out.modseq = modseq;
  return out;
}

/** esearch-response = "ESEARCH" [search-correlator] [SP "UID"] *(SP search-return-data) (RFC 4731). */
function esearchData(cur: Cursor): ResponseData {
  const out: { type: 'ESEARCH'; correlator?: ImapString; uid: boolean; results: Record<string, ImapValue> } = {
    type: 'ESEARCH',
    uid: false,
    results: {},
  };
  if (cur.peek() === SP && cur.peekAt(1) === LPAREN) {
    cur.advance(2);
    cur.expectKeyword('TAG');
    cur.sp();
    out.correlator = string(cur);
    cur.expect(RPAREN, '")" closing the search correlator');
  }
  const m = cur.mark();
  if (cur.peek() === SP) {
    cur.advance();
    if (cur.keyword('UID') && !isAtomChar(cur.peek())) out.uid = true;
    else cur.reset(m);
  }
  while (cur.peek() === SP) {
    cur.advance();
    const k = atom(cur, 'search return data').toUpperCase();
    cur.sp();
    if (k === 'MIN' || k === 'MAX') out.results[k] = nzNumber(cur);
    else if (k === 'COUNT') out.results[k] = number(cur);
    else if (k === 'ALL') out.results[k] = sequenceSet(cur);
    else out.results[k] = value(cur);
  }
  return out;
}

/** Namespace = nil / "(" 1*Namespace-Descr ")" (RFC 2342 / RFC 9051). */
function namespaces(cur: Cursor): Namespace[] | null {
  if (nil(cur)) return null;
  cur.expect(LPAREN, '"(" of a namespace list or NIL');
  cur.enter();
  const out: Namespace[] = [];
  do out.push(namespaceDescr(cur));
  while (cur.peek() === LPAREN);
  cur.expect(RPAREN, '")" closing the namespace list');
  cur.leave();
  return out;
}

/** Namespace-Descr = "(" string SP (DQUOTE QUOTED-CHAR DQUOTE / nil) *(Namespace-Response-Extension) ")" */
function namespaceDescr(cur: Cursor): Namespace {
  cur.expect(LPAREN, '"(" of a namespace');
  const prefix = string(cur);
  cur.sp();
  const delimiter = nil(cur) ? null : quoted(cur);
  const ns: Namespace = { prefix, delimiter };
  while (cur.peek() === SP) {
    cur.advance();
    const k = string(cur);
    cur.sp();
    (ns.extensions ??= {})[typeof k === 'string' ? k : `{${k.literal}}`] = list(cur, (c) => string(c), 'namespace extension values', false);
  }
  cur.expect(RPAREN, '")" closing the namespace');
  return ns;
}

/** id-params-list = "(" [string SP nstring *(SP string SP nstring)] ")" / nil (RFC 2971). */
export function idParams(cur: Cursor): Record<string, ImapString | null> | null {
  if (nil(cur)) return null;
  cur.expect(LPAREN, '"(" of the ID parameters or NIL');
  const out: Record<string, ImapString | null> = {};
  if (cur.peek() !== RPAREN) {
    for (;;) {
      const k = string(cur);
      cur.sp();
      out[typeof k === 'string' ? k : `{${k.literal}}`] = nstring(cur);
      if (cur.peek() !== SP) break;
      cur.advance();
    }
  }
  cur.expect(RPAREN, '")" closing the ID parameters');
  return out;
}

/** "QUOTA" SP quota-root SP "(" [quota-resource *(SP quota-resource)] ")" (RFC 9208). */
function quotaData(cur: Cursor): ResponseData {
  cur.sp();
  const root = astring(cur);
  cur.sp();
  const resources = list(
    cur,
    (c) => {
      const name = atom(c, 'resource name').toUpperCase();
      c.sp();
      const usage = number64(c, 'usage');
      c.sp();
      return { name, usage, limit: number64(c, 'limit') };
    },
    'the quota resources',
  );
  return { type: 'QUOTA', root, resources };
}
