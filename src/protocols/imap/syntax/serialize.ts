/**
 * The wire form of grammar values: the inverse of the parsers, so that parse(serialise(x)) == x
 * (tested as a property). Strings go out as atoms, quoted strings or literals as they allow (the
 * caller may ask for literals), body sections as literals whose content the caller supplies.
 */
import type { ImapValue } from './core.js';
import type { ImapString } from './input.js';
import type {
  Address,
  BodyExtension,
  BodyStructure,
  Command,
  Disposition,
  Envelope,
  FetchItems,
  FetchValue,
  Namespace,
  RespCode,
  Response,
  ResponseData,
  SearchKey,
  SectionData,
} from './types.js';

export interface WriterOptions {
  /** Send this string as a literal even though it could be quoted (default: only when it must). */
  preferLiteral?: (s: string) => boolean;
  /** The content of a body section, or an APPENDed message, sent as a literal of `size` octets (default: `size` times "x"). */
  sectionContent?: (key: string, size: number) => Buffer;
  /** Write client literals as non-synchronising `{n+}` (LITERAL+). */
  nonSync?: boolean;
}

const ATOM_SAFE = /^[A-Za-z][A-Za-z0-9.\-]*$/;

/** Collects the octets of one command or response. */
export class Writer {
  private readonly out: Buffer[] = [];
  private text = '';

  constructor(private readonly opts: WriterOptions = {}) {}

  raw(s: string): this {
    this.text += s;
    return this;
  }

  /** A literal `{n}` (or `~{n}`, `{n+}`) with its octets. */
  literal(bytes: Buffer, binary = false): this {
    this.text += `${binary ? '~' : ''}{${bytes.length}${this.opts.nonSync ? '+' : ''}}\r\n`;
    this.flush();
    this.out.push(bytes);
    return this;
  }

  /** string: quoted when it can be (and the options do not ask for a literal), else a literal. */
  string(s: ImapString): this {
    if (typeof s !== 'string') return this.literal(Buffer.alloc(s.literal, 'x'));
    if (!quotable(s) || this.opts.preferLiteral?.(s)) return this.literal(Buffer.from(s, 'utf8'));
    return this.quoted(s);
  }

  /** A quoted string, where the grammar allows no literal (the caller makes sure it is quotable). */
  quoted(s: string): this {
    this.text += `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
    return this;
  }

  /** astring: an atom when it is a plain word, else a string. */
  astring(s: ImapString): this {
    if (typeof s === 'string' && ATOM_SAFE.test(s) && s.toUpperCase() !== 'NIL' && !this.opts.preferLiteral?.(s)) return this.raw(s);
    return this.string(s);
  }

  nstring(s: ImapString | null): this {
    return s === null ? this.raw('NIL') : this.string(s);
  }

  /** The octets written, ending with CRLF. */
  done(): Buffer {
    this.text += '\r\n';
    this.flush();
    return Buffer.concat(this.out);
  }

  sectionContent(key: string, size: number): Buffer {
    return this.opts.sectionContent?.(key, size) ?? Buffer.alloc(size, 'x');
  }

  private flush(): void {
    if (this.text) this.out.push(Buffer.from(this.text, 'utf8'));
    this.text = '';
  }
}

/** Whether a string can be sent quoted: no CR, LF or NUL. */
function quotable(s: string): boolean {
  return !/[\r\n\0]/.test(s);
}

function join<T>(w: Writer, items: readonly T[], each: (w: Writer, x: T) => void, sep = ' '): void {
  items.forEach((x, i) => {
    if (i) w.raw(sep);
    each(w, x);
  });
}

/** A generic value (extension data). */
function writeValue(w: Writer, v: ImapValue): void {
  if (v === null) w.raw('NIL');
  else if (typeof v === 'number') w.raw(String(v));
  else if (Array.isArray(v)) {
    w.raw('(');
    join(w, v, writeValue);
    w.raw(')');
  } else w.astring(v);
}

/** One server response line with its literals. */
export function serializeResponse(r: Response, opts: WriterOptions = {}): Buffer {
  const w = new Writer(opts);
  switch (r.kind) {
    case 'status':
      w.raw(`${r.tag} ${r.status} `);
      writeRespText(w, r.code, r.text);
      break;
    case 'continue':
      w.raw('+ ');
      writeRespText(w, r.code, r.text);
      break;
    case 'data':
      w.raw('* ');
      writeData(w, r);
      break;
  }
  return w.done();
}

function writeRespText(w: Writer, code: RespCode | undefined, text: string): void {
  if (code) {
    w.raw('[');
    writeCode(w, code);
    w.raw('] ');
  }
  w.raw(text);
}

function writeCode(w: Writer, c: RespCode): void {
  w.raw(c.name);
  if (c.capabilities) w.raw(' ' + c.capabilities.join(' '));
  else if (c.flags) w.raw(` (${c.flags.join(' ')})`);
  else if (c.charsets) {
    w.raw(' (');
    join(w, c.charsets, (x, s) => (ATOM_SAFE.test(s) ? x.raw(s) : x.quoted(s)));
    w.raw(')');
  } else if (c.uidValidity !== undefined) {
    w.raw(` ${c.uidValidity} `);
    w.raw(c.uids ?? `${c.source} ${c.destination}`);
  } else if (c.value !== undefined) w.raw(` ${c.value}`);
  else if (c.set !== undefined) w.raw(` ${c.set}`);
  else if (c.text !== undefined) w.raw(` ${c.text}`);
}

function writeData(w: Writer, d: ResponseData): void {
  switch (d.type) {
    case 'CAPABILITY':
    case 'ENABLED':
      w.raw(d.type);
      for (const c of d.capabilities) w.raw(' ' + c);
      return;
    case 'FLAGS':
      w.raw(`FLAGS (${d.flags.join(' ')})`);
      return;
    case 'LIST':
    case 'LSUB':
    case 'XLIST':
      w.raw(`${d.type} (${d.attributes.join(' ')}) `);
      if (d.delimiter === null) w.raw('NIL');
      else w.string(d.delimiter);
      w.raw(' ');
      w.astring(d.mailbox);
      if (d.extended) {
        w.raw(' (');
        join(w, Object.entries(d.extended), (x, [k, v]) => {
          x.string(k);
          x.raw(' ');
          writeValue(x, v);
        });
        w.raw(')');
      }
      return;
    case 'STATUS':
      w.raw('STATUS ');
      w.astring(d.mailbox);
      w.raw(` (${Object.entries(d.attributes).map(([k, v]) => `${k} ${v}`).join(' ')})`);
      return;
    case 'SEARCH':
    case 'SORT':
      w.raw(d.type);
      for (const n of d.numbers) w.raw(` ${n}`);
      if (d.modseq !== undefined) w.raw(` (MODSEQ ${d.modseq})`);
      return;
    case 'ESEARCH':
      w.raw('ESEARCH');
      if (d.correlator !== undefined) {
        w.raw(' (TAG ');
        w.string(d.correlator);
        w.raw(')');
      }
      if (d.uid) w.raw(' UID');
      for (const [k, v] of Object.entries(d.results)) {
        w.raw(` ${k} `);
        if (typeof v === 'string' && (k === 'ALL' || /^[\d:,*]+$/.test(v))) w.raw(v);
        else writeValue(w, v);
      }
      return;
    case 'NAMESPACE':
      w.raw('NAMESPACE ');
      writeNamespaces(w, d.personal);
      w.raw(' ');
      writeNamespaces(w, d.other);
      w.raw(' ');
      writeNamespaces(w, d.shared);
      return;
    case 'ID':
      w.raw('ID ');
      if (d.params === null) w.raw('NIL');
      else {
        w.raw('(');
        join(w, Object.entries(d.params), (x, [k, v]) => {
          x.string(k);
          x.raw(' ');
          x.nstring(v);
        });
        w.raw(')');
      }
      return;
    case 'EXISTS':
    case 'RECENT':
    case 'EXPUNGE':
      w.raw(`${d.number} ${d.type}`);
      return;
    case 'FETCH':
      w.raw(`${d.number} FETCH `);
      writeFetchItems(w, d.items);
      return;
    case 'QUOTA':
      w.raw('QUOTA ');
      w.astring(d.root);
      w.raw(` (${d.resources.map((r) => `${r.name} ${r.usage} ${r.limit}`).join(' ')})`);
      return;
    case 'QUOTAROOT':
      w.raw('QUOTAROOT ');
      w.astring(d.mailbox);
      for (const r of d.roots) {
        w.raw(' ');
        w.astring(r);
      }
      return;
    case 'VANISHED':
      w.raw(`VANISHED ${d.earlier ? '(EARLIER) ' : ''}${d.uids}`);
      return;
    case 'other':
      if (d.number !== undefined) w.raw(`${d.number} `);
      w.raw(d.name);
      for (const v of d.args) {
        w.raw(' ');
        writeValue(w, v);
      }
      return;
  }
}

function writeNamespaces(w: Writer, list: Namespace[] | null): void {
  if (list === null) {
    w.raw('NIL');
    return;
  }
  w.raw('(');
  for (const ns of list) {
    w.raw('(');
    w.string(ns.prefix);
    w.raw(' ');
    if (ns.delimiter === null) w.raw('NIL');
    else w.string(ns.delimiter);
    for (const [k, vs] of Object.entries(ns.extensions ?? {})) {
      w.raw(' ');
      w.string(k);
      w.raw(' (');
      join(w, vs, (x, v) => x.string(v));
      w.raw(')');
    }
    w.raw(')');
  }
  w.raw(')');
}

/** msg-att: the items of a FETCH response. */
function writeFetchItems(w: Writer, items: FetchItems): void {
  w.raw('(');
  join(w, Object.entries(items), (x, [k, v]) => writeFetchItem(x, k, v));
  w.raw(')');
}

function writeFetchItem(w: Writer, key: string, v: FetchValue): void {
  w.raw(`${key} `);
  switch (key) {
    case 'FLAGS':
      w.raw(`(${(v as string[]).join(' ')})`);
      return;
    case 'INTERNALDATE':
      w.raw(`"${v as string}"`);
      return;
    case 'ENVELOPE':
      writeEnvelope(w, v as Envelope);
      return;
    case 'BODY':
    case 'BODYSTRUCTURE':
      writeBody(w, v as BodyStructure);
      return;
    case 'MODSEQ':
      w.raw(`(${v as number})`);
      return;
  }
  if (/^(BODY\[|BINARY\[|RFC822$|RFC822\.(HEADER|TEXT)$)/.test(key)) {
    const s = v as SectionData;
    if (s.size === null) w.raw('NIL');
    else if (s.text !== undefined) w.quoted(s.text);
    else w.literal(w.sectionContent(key, s.size), key.startsWith('BINARY['));
    return;
  }
  writeValue(w, v as ImapValue);
}

function writeEnvelope(w: Writer, e: Envelope): void {
  w.raw('(');
  w.nstring(e.date);
  w.raw(' ');
  w.nstring(e.subject);
  for (const list of [e.from, e.sender, e.replyTo, e.to, e.cc, e.bcc]) {
    w.raw(' ');
    writeAddresses(w, list);
  }
  w.raw(' ');
  w.nstring(e.inReplyTo);
  w.raw(' ');
  w.nstring(e.messageId);
  w.raw(')');
}

function writeAddresses(w: Writer, list: Address[] | null): void {
  if (list === null) {
    w.raw('NIL');
    return;
  }
  w.raw('(');
  for (const a of list) {
    w.raw('(');
    w.nstring(a.name);
    w.raw(' ');
    w.nstring(a.adl);
    w.raw(' ');
    w.nstring(a.mailbox);
    w.raw(' ');
    w.nstring(a.host);
    w.raw(')');
  }
  w.raw(')');
}

function writeBody(w: Writer, b: BodyStructure): void {
  w.raw('(');
  if ('parts' in b) {
    for (const p of b.parts) writeBody(w, p);
    w.raw(' ');
    w.string(b.subtype);
    if (b.extension) {
      w.raw(' ');
      writeParams(w, b.extension.params ?? null);
      writeExtTail(w, b.extension);
    }
  } else {
    w.string(b.type);
    w.raw(' ');
    w.string(b.subtype);
    w.raw(' ');
    writeParams(w, b.params);
    w.raw(' ');
    w.nstring(b.id);
    w.raw(' ');
    w.nstring(b.description);
    w.raw(' ');
    w.string(b.encoding);
    w.raw(` ${b.size}`);
    if (b.envelope && b.body) {
      w.raw(' ');
      writeEnvelope(w, b.envelope);
      w.raw(' ');
      writeBody(w, b.body);
    }
    if (b.lines !== undefined) w.raw(` ${b.lines}`);
    if (b.extension) {
      w.raw(' ');
      w.nstring(b.extension.md5 ?? null);
      writeExtTail(w, b.extension);
    }
  }
  w.raw(')');
}

function writeParams(w: Writer, p: Record<string, ImapString> | null): void {
  if (p === null) {
    w.raw('NIL');
    return;
  }
  w.raw('(');
  join(w, Object.entries(p), (x, [k, v]) => {
    x.string(k);
    x.raw(' ');
    x.string(v);
  });
  w.raw(')');
}

function writeExtTail(w: Writer, e: BodyExtension): void {
  if (e.disposition === undefined) return;
  w.raw(' ');
  writeDisposition(w, e.disposition);
  if (e.language === undefined) return;
  w.raw(' ');
  if (e.language === null) w.raw('NIL');
  else {
    w.raw('(');
    join(w, e.language, (x, s) => x.string(s));
    w.raw(')');
  }
  if (e.location === undefined) return;
  w.raw(' ');
  w.nstring(e.location);
  for (const x of e.extensions ?? []) {
    w.raw(' ');
    writeBodyExtension(w, x);
  }
}

function writeDisposition(w: Writer, d: Disposition | null): void {
  if (d === null) {
    w.raw('NIL');
    return;
  }
  w.raw('(');
  w.string(d.type);
  w.raw(' ');
  writeParams(w, d.params);
  w.raw(')');
}

function writeBodyExtension(w: Writer, v: ImapValue): void {
  if (v === null) w.raw('NIL');
  else if (typeof v === 'number') w.raw(String(v));
  else if (Array.isArray(v)) {
    w.raw('(');
    join(w, v, writeBodyExtension);
    w.raw(')');
  } else w.string(v);
}

// ---- commands -----------------------------------------------------------------------------------

const LIST_SAFE = /^[A-Za-z0-9%*.\/_-]+$/;

/** One client command with its literals. */
export function serializeCommand(c: Command, opts: WriterOptions = {}): Buffer {
  const w = new Writer(opts);
  const a = c.args;
  w.raw(`${c.tag} ${c.verb}`);
  const sp = () => w.raw(' ');
  const params = (p: ImapValue[] | undefined) => {
    if (!p) return;
    sp();
    writeValue(w, p);
  };
  switch (c.verb) {
    case 'AUTHENTICATE':
      w.raw(` ${a.mechanism}`);
      if (a.initialResponse !== undefined) w.raw(` ${a.initialResponse}`);
      break;
    case 'LOGIN':
      sp();
      w.astring(a.user!);
      sp();
      w.astring(a.password!);
      break;
    case 'ENABLE':
      for (const cap of a.capabilities!) w.raw(` ${cap}`);
      break;
    case 'SELECT':
    case 'EXAMINE':
    case 'CREATE':
      sp();
      w.astring(a.mailbox!);
      params(a.params);
      break;
    case 'DELETE':
    case 'SUBSCRIBE':
    case 'UNSUBSCRIBE':
    case 'GETQUOTAROOT':
      sp();
      w.astring(a.mailbox!);
      break;
    case 'RENAME':
      sp();
      w.astring(a.mailbox!);
      sp();
      w.astring(a.newName!);
      params(a.params);
      break;
    case 'LIST':
    case 'LSUB': {
      if (a.selection) w.raw(` (${a.selection.join(' ')})`);
      sp();
      w.astring(a.reference!);
      sp();
      const pats = a.patterns!;
      const one = (x: ImapString) => (typeof x === 'string' && LIST_SAFE.test(x) ? w.raw(x) : w.string(x));
      if (pats.length === 1) one(pats[0]!);
      else {
        w.raw('(');
        join(w, pats, (_, x) => one(x));
        w.raw(')');
      }
      if (a.return) {
        w.raw(' RETURN ');
        writeValue(w, a.return);
      }
      break;
    }
    case 'STATUS':
      sp();
      w.astring(a.mailbox!);
      w.raw(` (${a.items!.join(' ')})`);
      break;
    case 'APPEND':
      sp();
      w.astring(a.mailbox!);
      for (const m of a.messages!) {
        if (m.flags) w.raw(` (${m.flags.join(' ')})`);
        if (m.date !== undefined) w.raw(` "${m.date}"`);
        sp();
        if (m.catenate) {
          w.raw('CATENATE ');
          writeValue(w, m.catenate);
        } else w.literal(w.sectionContent('APPEND', m.size), m.binary === true);
      }
      break;
    case 'SEARCH':
    case 'UID SEARCH':
      if (a.return) {
        w.raw(' RETURN ');
        writeValue(w, a.return);
      }
      if (a.charset !== undefined) {
        w.raw(' CHARSET ');
        w.astring(a.charset);
      }
      for (const k of a.criteria!) {
        sp();
        writeSearchKey(w, k);
      }
      break;
    case 'FETCH':
    case 'UID FETCH': {
      const items = a.items!;
      w.raw(` ${a.sequence} ${items.length === 1 && /^(ALL|FULL|FAST)$/.test(items[0]!) ? items[0] : `(${items.join(' ')})`}`);
      params(a.params);
      break;
    }
    case 'STORE':
    case 'UID STORE':
      w.raw(` ${a.sequence}`);
      params(a.params);
      w.raw(` ${a.action}${a.silent ? '.SILENT' : ''} `);
      if (a.flags) w.raw(`(${a.flags.join(' ')})`);
      else writeValue(w, a.values![0]!);
      break;
    case 'COPY':
    case 'MOVE':
    case 'UID COPY':
    case 'UID MOVE':
      w.raw(` ${a.sequence} `);
      w.astring(a.mailbox!);
      break;
    case 'UID EXPUNGE':
      w.raw(` ${a.sequence}`);
      break;
    case 'ID':
      sp();
      if (a.id === null || a.id === undefined) w.raw('NIL');
      else {
        w.raw('(');
        join(w, Object.entries(a.id), (x, [k, v]) => {
          x.string(k);
          x.raw(' ');
          x.nstring(v);
        });
        w.raw(')');
      }
      break;
    case 'COMPRESS':
      w.raw(` ${a.mechanism}`);
      break;
    case 'GETQUOTA':
      sp();
      w.astring(a.root!);
      break;
    default:
      for (const v of a.values ?? []) {
        sp();
        writeValue(w, v);
      }
  }
  return w.done();
}

function writeSearchKey(w: Writer, k: SearchKey): void {
  switch (k.key) {
    case 'AND':
      w.raw('(');
      join(w, k.keys!, writeSearchKey);
      w.raw(')');
      return;
    case 'SET':
      w.raw(String(k.value));
      return;
    case 'NOT':
    case 'FUZZY':
    case 'OR':
      w.raw(k.key);
      for (const sub of k.keys!) {
        w.raw(' ');
        writeSearchKey(w, sub);
      }
      return;
    case 'HEADER':
      w.raw('HEADER ');
      w.astring(k.field!);
      w.raw(' ');
      w.astring(k.value as ImapString);
      return;
    case 'MODSEQ':
      w.raw('MODSEQ ');
      if (k.field !== undefined) {
        w.quoted(k.field as string);
        w.raw(` ${k.scope} `);
      }
      w.raw(String(k.value));
      return;
  }
  w.raw(k.key);
  if (k.value === undefined) return;
  w.raw(' ');
  if (typeof k.value === 'number' || /^(UID|KEYWORD|UNKEYWORD|BEFORE|ON|SINCE|SENTBEFORE|SENTON|SENTSINCE|SAVEDBEFORE|SAVEDON|SAVEDSINCE)$/.test(k.key)) w.raw(String(k.value));
  else w.astring(k.value);
}
