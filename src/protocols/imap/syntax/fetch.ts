/**
 * FETCH: the data items a client asks for (fetch-att) and the ones a server returns (msg-att):
 * flags, dates, sizes, ENVELOPE, BODY/BODYSTRUCTURE, body sections `BODY[section]<origin>` whose
 * literals carry message content, BINARY (RFC 3516), MODSEQ (RFC 7162).
 */
import {
  astring,
  dateTime,
  flag,
  isAtomChar,
  literal,
  list,
  nil,
  nstring,
  number,
  number64,
  nzNumber,
  quoted,
  string,
  value,
  type ImapValue,
} from './core.js';
import type { Cursor, ImapString, LiteralRole } from './input.js';
import type { Address, BodyExtension, BodyStructure, Disposition, Envelope, FetchItems, SectionData } from './types.js';
import { DQUOTE, LBRACKET, LPAREN, RBRACKET, RPAREN, SP } from './chars.js';


/** An item name: ATOM-CHARs up to a "[" (so `BODY.PEEK[...]` splits into name and section). */
function itemName(cur: Cursor, what: string): string {
  const start = cur.pos;
  while (isAtomChar(cur.peek()) && cur.peek() !== LBRACKET && cur.peek() !== 0x3c) cur.advance();
  if (cur.pos === start) cur.fail(what);
  return cur.slice(start).toString('latin1').toUpperCase();
}

// ---- sections -----------------------------------------------------------------------------------

/** header-fld-name, written canonically: upper case, quoted when it is not an atom. */
function headerFieldName(cur: Cursor): string {
  const v = astring(cur);
  const s = typeof v === 'string' ? v.toUpperCase() : `{${v.literal}}`;
  return /^[!#-'*-~]+$/.test(s) && !s.includes('%') && !s.includes(']') ? s : JSON.stringify(s);
}

/** section-msgtext / section-text: HEADER, HEADER.FIELDS[.NOT] (list), TEXT, and MIME where `mime`. */
function sectionText(cur: Cursor, mime: boolean): string {
  if (cur.keyword('HEADER.FIELDS')) {
    const not = cur.keyword('.NOT');
    cur.sp();
    const names = list(cur, headerFieldName, 'the header field list', false);
    return `HEADER.FIELDS${not ? '.NOT' : ''} (${names.join(' ')})`;
  }
  if (cur.keyword('HEADER')) return 'HEADER';
  if (cur.keyword('TEXT')) return 'TEXT';
  if (mime && cur.keyword('MIME')) return 'MIME';
  return cur.fail(mime ? 'HEADER, HEADER.FIELDS, TEXT or MIME' : 'HEADER, HEADER.FIELDS, TEXT or a part number');
}

/** section = "[" [section-spec] "]"; returns the canonical spec between the brackets. */
export function section(cur: Cursor): string {
  cur.expect(LBRACKET, '"["');
  let spec = '';
  if (cur.peek() !== RBRACKET) {
    const b = cur.peek();
    if (b >= 0x31 && b <= 0x39) {
      spec = sectionPart(cur);
      if (cur.peek() === 0x2e) {
        cur.advance();
        spec += '.' + sectionText(cur, true);
      }
    } else spec = sectionText(cur, false);
  }
  cur.expect(RBRACKET, '"]" closing the section');
  return spec;
}

/** section-part = nz-number *("." nz-number) (stops before a "." that is not followed by a digit). */
function sectionPart(cur: Cursor): string {
  const parts = [nzNumber(cur, 'part number')];
  while (cur.peek() === 0x2e && cur.peekAt(1) >= 0x31 && cur.peekAt(1) <= 0x39) {
    cur.advance();
    parts.push(nzNumber(cur, 'part number'));
  }
  return parts.join('.');
}

/** section-binary = "[" [section-part] "]" */
function sectionBinary(cur: Cursor): string {
  cur.expect(LBRACKET, '"["');
  const spec = cur.peek() === RBRACKET ? '' : sectionPart(cur);
  cur.expect(RBRACKET, '"]" closing the binary section');
  return spec;
}

// ---- fetch-att (commands) -----------------------------------------------------------------------

const SIMPLE_FETCH_ATTS = new Set([
  'ENVELOPE',
  'FLAGS',
  'INTERNALDATE',
  'RFC822',
  'RFC822.HEADER',
  'RFC822.SIZE',
  'RFC822.TEXT',
  'BODY',
  'BODYSTRUCTURE',
  'UID',
  'MODSEQ',
  'PREVIEW',
  'EMAILID',
  'THREADID',
  'SAVEDATE',
]);

/** fetch-att, written canonically: `BODY.PEEK[HEADER.FIELDS (FROM)]<0.100>`. */
export function fetchAtt(cur: Cursor): string {
  const name = itemName(cur, 'fetch attribute');
  if (name === 'BODY' || name === 'BODY.PEEK') {
    if (cur.peek() !== LBRACKET) {
      if (name === 'BODY.PEEK') cur.fail('"[" after BODY.PEEK');
      return name;
    }
    return `${name}[${section(cur)}]${partial(cur)}`;
  }
  if (name === 'BINARY' || name === 'BINARY.PEEK') return `${name}[${sectionBinary(cur)}]${partial(cur)}`;
  if (name === 'BINARY.SIZE') return `${name}[${sectionBinary(cur)}]`;
  if (SIMPLE_FETCH_ATTS.has(name) || name.startsWith('X-')) return name;
  return cur.fail('fetch attribute (ENVELOPE, FLAGS, BODY[...], UID, ...)');
}

/** partial = "<" number "." nz-number ">" (optional). */
function partial(cur: Cursor): string {
  if (cur.peek() !== 0x3c) return '';
  cur.advance();
  const offset = number(cur, 'partial offset');
  cur.expect(0x2e, '"." in the partial range');
  const length = nzNumber(cur, 'partial length');
  cur.expect(0x3e, '">"');
  return `<${offset}.${length}>`;
}

/** The items of a FETCH command: ALL / FULL / FAST / fetch-att / "(" fetch-att *(SP fetch-att) ")". */
export function fetchItems(cur: Cursor): string[] {
  if (cur.peek() === LPAREN) return list(cur, fetchAtt, 'the fetch attributes', false);
  const m = cur.mark();
  const name = itemName(cur, 'fetch attribute');
  if ((name === 'ALL' || name === 'FULL' || name === 'FAST') && cur.peek() !== LBRACKET) return [name];
  cur.reset(m);
  return [fetchAtt(cur)];
}

// ---- msg-att (responses) ------------------------------------------------------------------------

/** The value of a body section: nstring (quoted content, literal content, NIL) or literal8 for BINARY. */
function sectionData(cur: Cursor, role: LiteralRole, binary: boolean): SectionData {
  if (nil(cur)) return { size: null };
  if (cur.peek() === DQUOTE) {
    const text = quoted(cur);
    return { size: Buffer.byteLength(text), text };
  }
  const isBinary = binary && cur.peek() === 0x7e;
  if (!isBinary && cur.peek() !== 0x7b) cur.fail(binary ? 'string, literal8 or NIL' : 'string or NIL');
  literal(cur, role, isBinary);
  const lit = cur.lastLiteral!;
  const out: SectionData = { size: lit.size };
  if (lit.event !== undefined) out.event = lit.event;
  if (lit.message !== undefined) out.message = lit.message;
  return out;
}

/** origin in a response: "<" number ">" (optional). */
function origin(cur: Cursor): number | undefined {
  if (cur.peek() !== 0x3c) return undefined;
  cur.advance();
  const n = number(cur, 'origin octet');
  cur.expect(0x3e, '">"');
  return n;
}

/** msg-att = "(" (msg-att-dynamic / msg-att-static) *(SP ...) ")" for message `seq`. */
export function msgAtt(cur: Cursor, seq: number): FetchItems {
  const items: FetchItems = {};
  cur.expect(LPAREN, '"(" of the FETCH data');
  cur.enter();
  for (;;) {
    msgAttItem(cur, seq, items);
    if (cur.peek() !== SP) break;
    cur.advance();
  }
  cur.expect(RPAREN, '")" closing the FETCH data');
  cur.leave();
  return items;
}

/** The role of a body section's literal: which item of which message (and UID, when it came first). */
function bodyRole(items: FetchItems, seq: number, item: string, section: string, origin?: number): LiteralRole {
  const role: LiteralRole = { kind: 'body', item, section, number: seq };
  if (origin !== undefined) role.origin = origin;
  if (typeof items.UID === 'number') role.uid = items.UID;
  return role;
}

function msgAttItem(cur: Cursor, seq: number, items: FetchItems): void {
  const name = itemName(cur, 'FETCH data item');
  switch (name) {
    case 'FLAGS':
      cur.sp();
      items.FLAGS = list(cur, (c) => flag(c), 'the flag list');
      return;
    case 'UID':
      cur.sp();
      items.UID = nzNumber(cur, 'UID');
      return;
    case 'INTERNALDATE':
      cur.sp();
      items.INTERNALDATE = dateTime(cur);
      return;
    case 'RFC822.SIZE':
      cur.sp();
      items['RFC822.SIZE'] = number64(cur, 'size');
      return;
    case 'ENVELOPE':
      cur.sp();
      items.ENVELOPE = envelope(cur);
      return;
    case 'BODYSTRUCTURE':
      cur.sp();
      items.BODYSTRUCTURE = body(cur);
      return;
    case 'RFC822':
    case 'RFC822.HEADER':
    case 'RFC822.TEXT': {
      cur.sp();
      const sec = name === 'RFC822' ? '' : name.slice(7);
      items[name] = sectionData(cur, bodyRole(items, seq, name, sec), false);
      return;
    }
    case 'BODY': {
      if (cur.peek() !== LBRACKET) {
        cur.sp();
        items.BODY = body(cur);
        return;
      }
      const sec = section(cur);
      const org = origin(cur);
      const key = `BODY[${sec}]${org === undefined ? '' : `<${org}>`}`;
      cur.sp();
      items[key] = sectionData(cur, bodyRole(items, seq, key, sec, org), false);
      return;
    }
    case 'BINARY': {
      const sec = sectionBinary(cur);
      const org = origin(cur);
      const key = `BINARY[${sec}]${org === undefined ? '' : `<${org}>`}`;
      cur.sp();
      items[key] = sectionData(cur, bodyRole(items, seq, key, sec, org), true);
      return;
    }
    case 'BINARY.SIZE': {
      const sec = sectionBinary(cur);
      cur.sp();
      items[`BINARY.SIZE[${sec}]`] = number64(cur, 'size');
      return;
    }
    case 'MODSEQ': {
      cur.sp();
      const v = list(cur, (c) => number64(c, 'mod-sequence value'), 'the MODSEQ value', false);
      if (v.length !== 1) cur.fail('one mod-sequence value');
      items.MODSEQ = v[0]!;
      return;
    }
    default:
      cur.sp();
      items[name] = value(cur);
  }
}

// ---- envelope -----------------------------------------------------------------------------------

/** envelope = "(" env-date SP env-subject SP env-from SP ... SP env-message-id ")" */
export function envelope(cur: Cursor): Envelope {
  cur.expect(LPAREN, '"(" of the envelope');
  cur.enter();
  const date = nstring(cur);
  cur.sp();
  const subject = nstring(cur);
  cur.sp();
  const from = addresses(cur);
  cur.sp();
  const sender = addresses(cur);
  cur.sp();
  const replyTo = addresses(cur);
  cur.sp();
  const to = addresses(cur);
  cur.sp();
  const cc = addresses(cur);
  cur.sp();
  const bcc = addresses(cur);
  cur.sp();
  const inReplyTo = nstring(cur);
  cur.sp();
  const messageId = nstring(cur);
  cur.expect(RPAREN, '")" closing the envelope');
  cur.leave();
  return { date, subject, from, sender, replyTo, to, cc, bcc, inReplyTo, messageId };
}

/** env-from etc. = "(" 1*address ")" / nil — addresses follow each other without SP. */
function addresses(cur: Cursor): Address[] | null {
  if (nil(cur)) return null;
  cur.expect(LPAREN, '"(" of an address list or NIL');
  cur.enter();
  const out: Address[] = [];
  for (;;) {
    out.push(address(cur));
    if (cur.peek() === SP && cur.peekAt(1) === LPAREN) {
      cur.quirks.push('address-spaces');
      cur.advance();
    }
    if (cur.peek() !== LPAREN) break;
  }
  cur.expect(RPAREN, '")" closing the address list');
  cur.leave();
  return out;
}

/** address = "(" addr-name SP addr-adl SP addr-mailbox SP addr-host ")" */
function address(cur: Cursor): Address {
  cur.expect(LPAREN, '"(" of an address');
  const name = nstring(cur);
  cur.sp();
  const adl = nstring(cur);
  cur.sp();
  const mailbox = nstring(cur);
  cur.sp();
  const host = nstring(cur);
  cur.expect(RPAREN, '")" closing the address');
  return { name, adl, mailbox, host };
}

// ---- body structure -----------------------------------------------------------------------------

function upper(s: ImapString): string {
  return typeof s === 'string' ? s.toUpperCase() : '';
}

/** body = "(" (body-type-1part / body-type-mpart) ")" */
export function body(cur: Cursor): BodyStructure {
  cur.expect(LPAREN, '"(" of a body structure');
  cur.enter();
  let out: BodyStructure;
  if (cur.peek() === LPAREN) {
    const parts: BodyStructure[] = [];
    do parts.push(body(cur));
    while (cur.peek() === LPAREN);
    cur.sp();
    const subtype = string(cur);
    out = { parts, subtype };
    if (cur.peek() === SP) {
      cur.advance();
      const extension: BodyExtension = { params: bodyFldParam(cur) };
      bodyExtTail(cur, extension);
      out.extension = extension;
    }
  } else {
    const type = string(cur);
    cur.sp();
    const subtype = string(cur);
    cur.sp();
    const params = bodyFldParam(cur);
    cur.sp();
    const id = nstring(cur);
    cur.sp();
    const description = nstring(cur);
    cur.sp();
    const encoding = string(cur);
    cur.sp();
    const size = number(cur, 'body size');
    const part: BodyStructure = { type, subtype, params, id, description, encoding, size };
    const t = upper(type);
    const st = upper(subtype);
    if (t === 'MESSAGE' && (st === 'RFC822' || st === 'GLOBAL')) {
      cur.sp();
      part.envelope = envelope(cur);
      cur.sp();
      part.body = body(cur);
      cur.sp();
      part.lines = number64(cur, 'body lines');
    } else if (t === 'TEXT') {
      cur.sp();
      part.lines = number64(cur, 'body lines');
    }
    if (cur.peek() === SP) {
      cur.advance();
      const extension: BodyExtension = { md5: nstring(cur) };
      bodyExtTail(cur, extension);
      part.extension = extension;
    }
    out = part;
  }
  cur.expect(RPAREN, '")" closing the body structure');
  cur.leave();
  return out;
}

/** [SP body-fld-dsp [SP body-fld-lang [SP body-fld-loc *(SP body-extension)]]] */
function bodyExtTail(cur: Cursor, ext: BodyExtension): void {
  if (cur.peek() !== SP) return;
  cur.advance();
  ext.disposition = bodyFldDsp(cur);
  if (cur.peek() !== SP) return;
  cur.advance();
  ext.language = bodyFldLang(cur);
  if (cur.peek() !== SP) return;
  cur.advance();
  ext.location = nstring(cur);
  const more: ImapValue[] = [];
  while (cur.peek() === SP) {
    cur.advance();
    more.push(bodyExtension(cur));
  }
  if (more.length) ext.extensions = more;
}

/** body-fld-param = "(" string SP string *(SP string SP string) ")" / nil */
function bodyFldParam(cur: Cursor): Record<string, ImapString> | null {
  if (nil(cur)) return null;
  cur.expect(LPAREN, '"(" of the parameter list or NIL');
  const out: Record<string, ImapString> = {};
  for (;;) {
    const k = string(cur);
    cur.sp();
    out[typeof k === 'string' ? k : `{${k.literal}}`] = string(cur);
    if (cur.peek() !== SP) break;
    cur.advance();
  }
  cur.expect(RPAREN, '")" closing the parameter list');
  return out;
}

/** body-fld-dsp = "(" string SP body-fld-param ")" / nil */
function bodyFldDsp(cur: Cursor): Disposition | null {
  if (nil(cur)) return null;
  cur.expect(LPAREN, '"(" of the disposition or NIL');
  const type = string(cur);
  cur.sp();
  const params = bodyFldParam(cur);
  cur.expect(RPAREN, '")" closing the disposition');
  return { type, params };
}

/** body-fld-lang = nstring / "(" string *(SP string) ")" */
function bodyFldLang(cur: Cursor): ImapString[] | null {
  if (cur.peek() === LPAREN) return list(cur, (c) => string(c), 'the language list', false);
  const v = nstring(cur);
  return v === null ? null : [v];
}

/** body-extension = nstring / number64 / "(" body-extension *(SP body-extension) ")" */
function bodyExtension(cur: Cursor): ImapValue {
  const b = cur.peek();
  if (b === LPAREN) return list(cur, bodyExtension, 'body extension data', false);
  if (b >= 0x30 && b <= 0x39) return number64(cur, 'number');
  return nstring(cur);
}
