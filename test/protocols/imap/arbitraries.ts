/**
 * fast-check generators of valid IMAP responses, as the values the grammar produces (so a test can
 * serialise one, parse or decode it, and compare with the value it started from).
 */
import fc from 'fast-check';
import type { ImapValue } from '../../../src/protocols/imap/syntax/core.js';
import type {
  Address,
  BodyExtension,
  BodyStructure,
  Command,
  CommandArgs,
  Envelope,
  FetchItems,
  Namespace,
  RespCode,
  Response,
  SearchKey,
  SectionData,
} from '../../../src/protocols/imap/syntax/types.js';

const CHAR = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...'abcXYZ019 .-_@<>/'.split('')) },
  { weight: 2, arbitrary: fc.constantFrom('"', '\\', '(', ')', '{', '}', '*', '%', '[', ']', '\t', '\r', '\n', '+', '~') },
  { weight: 1, arbitrary: fc.constantFrom('é', 'ü', '€', '日本', '😀') },
);

/** Any string without NUL (quoted, or a literal when it holds CR/LF). */
export const str = fc.string({ unit: CHAR, maxLength: 24 });
/** A string that is not the mailbox name INBOX in some case (the grammar normalises that). */
export const mailboxName = str.filter((s) => s.toUpperCase() !== 'INBOX');
/** Text of a response: no CR/LF, and not starting with "[" (that would be a response code). */
const text = fc.string({ unit: fc.constantFrom(...'abc XYZ 019.,:;!?-_()"\\*%{}]é€'.split('')), maxLength: 30 }).filter((s) => !s.startsWith('['));
const atomChars = fc.constantFrom(...'ABCDEFGHIKLMNOPQRSTUVWXYZ0123456789=+-.'.split(''));
const atomWord = fc.string({ unit: atomChars, minLength: 1, maxLength: 10 });
const upperAtom = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIKLMNOPRSTUVWXYZ'.split('')), minLength: 1, maxLength: 8 });
const tag = fc.string({ unit: fc.constantFrom(...'abcAB019.'.split('')), minLength: 1, maxLength: 6 });
const nz = fc.integer({ min: 1, max: 0xffffffff });
const num = fc.integer({ min: 0, max: 0xffffffff });
const num64 = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
const seqSet = fc
  .array(fc.oneof(nz.map(String), fc.constant('*'), fc.tuple(nz, fc.oneof(nz.map(String), fc.constant('*'))).map(([a, b]) => `${a}:${b}`)), { minLength: 1, maxLength: 4 })
  .map((xs) => xs.join(','));
const flag = fc.oneof(fc.constantFrom('\\Seen', '\\Answered', '\\Flagged', '\\Deleted', '\\Draft', '\\Recent'), atomWord.filter((s) => !/^\d/.test(s)));
const nstr = fc.option(str, { nil: null });

/** Generic values as extension data carries them. */
export const value: fc.Arbitrary<ImapValue> = fc.letrec<{ v: ImapValue }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    num64,
    str,
    fc.array(tie('v'), { maxLength: 3 }),
  ),
})).v;

const address: fc.Arbitrary<Address> = fc.record({ name: nstr, adl: nstr, mailbox: nstr, host: nstr });
const addresses = fc.option(fc.array(address, { minLength: 1, maxLength: 3 }), { nil: null });

export const envelope: fc.Arbitrary<Envelope> = fc.record({
  date: nstr,
  subject: nstr,
  from: addresses,
  sender: addresses,
  replyTo: addresses,
  to: addresses,
  cc: addresses,
  bcc: addresses,
  inReplyTo: nstr,
  messageId: nstr,
});

const params = fc.option(fc.dictionary(str, str, { minKeys: 1, maxKeys: 3 }), { nil: null });
const bodyExtValue: fc.Arbitrary<ImapValue> = fc.letrec<{ v: ImapValue }>((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, nstr, num64, fc.array(tie('v'), { minLength: 1, maxLength: 3 })),
})).v;

/** Extension data, present as far as the server sent it (each level only when the one before is there). */
function extension(first: 'md5' | 'params'): fc.Arbitrary<BodyExtension> {
  return fc
    .tuple(
      first === 'md5' ? nstr : params,
      fc.option(fc.option(fc.record({ type: str, params }), { nil: null }), { nil: undefined }),
      fc.option(fc.option(fc.array(str, { minLength: 1, maxLength: 2 }), { nil: null }), { nil: undefined }),
      fc.option(nstr, { nil: undefined }),
      fc.array(bodyExtValue, { maxLength: 2 }),
    )
    .map(([head, disposition, language, location, extensions]) => {
      const e: BodyExtension = first === 'md5' ? { md5: head as string | null } : { params: head as Record<string, string> | null };
      if (disposition === undefined) return e;
      e.disposition = disposition;
      if (language === undefined) return e;
      e.language = language;
      if (location === undefined) return e;
      e.location = location;
      if (extensions.length) e.extensions = extensions;
      return e;
    });
}

const basicType = str.filter((s) => !['TEXT', 'MESSAGE'].includes(s.toUpperCase()));

export const body: fc.Arbitrary<BodyStructure> = fc.letrec<{ b: BodyStructure }>((tie) => ({
  b: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc
      .record({
        type: fc.oneof(basicType, fc.constant('TEXT'), fc.constant('text')),
        subtype: str,
        params,
        id: nstr,
        description: nstr,
        encoding: str,
        size: num,
        lines: num64,
        extension: fc.option(extension('md5'), { nil: undefined }),
      })
      .map((r) => {
        const out: BodyStructure = { type: r.type, subtype: r.subtype, params: r.params, id: r.id, description: r.description, encoding: r.encoding, size: r.size };
        if (r.type.toUpperCase() === 'TEXT') out.lines = r.lines;
        if (r.extension) out.extension = r.extension;
        return out;
      }),
    fc
      .record({ params, id: nstr, description: nstr, encoding: str, size: num, envelope, body: tie('b'), lines: num64 })
      .map((r): BodyStructure => ({ type: 'MESSAGE', subtype: 'RFC822', params: r.params, id: r.id, description: r.description, encoding: r.encoding, size: r.size, envelope: r.envelope, body: r.body, lines: r.lines })),
    fc
      .record({ parts: fc.array(tie('b'), { minLength: 1, maxLength: 3 }), subtype: str, extension: fc.option(extension('params'), { nil: undefined }) })
      .map((r): BodyStructure => (r.extension ? { parts: r.parts, subtype: r.subtype, extension: r.extension } : { parts: r.parts, subtype: r.subtype })),
  ),
})).b;

const dateTime = fc
  .tuple(fc.integer({ min: 1, max: 31 }), fc.constantFrom('Jan', 'Feb', 'Dec'), fc.integer({ min: 1990, max: 2030 }), fc.constantFrom('+0000', '-0600', '+0530'))
  .map(([d, m, y, z]) => `${d < 10 ? ` ${d}` : d}-${m}-${y} 12:34:56 ${z}`);

const sectionKey = fc.oneof(
  fc.constantFrom('BODY[]', 'BODY[HEADER]', 'BODY[TEXT]', 'BODY[1]', 'BODY[1.2.MIME]', 'BODY[2.HEADER]', 'BODY[HEADER.FIELDS (FROM TO)]', 'BODY[HEADER.FIELDS.NOT (SUBJECT)]', 'RFC822', 'RFC822.HEADER', 'RFC822.TEXT', 'BINARY[]', 'BINARY[1.2]'),
  fc.tuple(fc.constantFrom('BODY[]', 'BODY[TEXT]'), num).map(([k, o]) => `${k}<${o}>`),
);

/** A body section's content: NIL, quoted text, or a literal of `size` octets. */
export const sectionData = (maxLiteral: number): fc.Arbitrary<SectionData> =>
  fc.oneof(
    fc.constant<SectionData>({ size: null }),
    text.map((t): SectionData => ({ size: Buffer.byteLength(t), text: t })),
    fc.integer({ min: 0, max: maxLiteral }).map((size): SectionData => ({ size })),
  );

export function fetchItems(maxLiteral: number): fc.Arbitrary<FetchItems> {
  return fc
    .record(
      {
        FLAGS: fc.array(flag, { maxLength: 3 }),
        UID: nz,
        INTERNALDATE: dateTime,
        'RFC822.SIZE': num64,
        ENVELOPE: envelope,
        BODYSTRUCTURE: body,
        BODY: body,
        MODSEQ: num64,
        'X-GM-LABELS': value,
      },
      { requiredKeys: [] },
    )
    .chain((base) =>
      fc.dictionary(sectionKey, sectionData(maxLiteral), { maxKeys: 2 }).map((sections) => {
        const items: FetchItems = { ...base, ...sections };
        if (Object.keys(items).length === 0) items.UID = 1;
        return items;
      }),
    );
}

const code: fc.Arbitrary<RespCode> = fc.oneof(
  fc.constantFrom<RespCode>({ name: 'ALERT' }, { name: 'READ-WRITE' }, { name: 'READ-ONLY' }, { name: 'TRYCREATE' }, { name: 'BADCHARSET' }),
  fc.array(atomWord, { maxLength: 4 }).map((caps): RespCode => ({ name: 'CAPABILITY', capabilities: ['IMAP4rev1', ...caps] })),
  fc.array(fc.oneof(flag, fc.constant('\\*')), { maxLength: 4 }).map((flags): RespCode => ({ name: 'PERMANENTFLAGS', flags })),
  fc.tuple(fc.constantFrom('UIDNEXT', 'UIDVALIDITY', 'UNSEEN'), nz).map(([name, value]): RespCode => ({ name, value })),
  num64.map((value): RespCode => ({ name: 'HIGHESTMODSEQ', value })),
  fc.array(fc.constantFrom('UTF-8', 'US-ASCII', 'iso 8859-1'), { minLength: 1, maxLength: 2 }).map((charsets): RespCode => ({ name: 'BADCHARSET', charsets })),
  fc.tuple(nz, seqSet).map(([uidValidity, uids]): RespCode => ({ name: 'APPENDUID', uidValidity, uids })),
  fc.tuple(nz, seqSet, seqSet).map(([uidValidity, source, destination]): RespCode => ({ name: 'COPYUID', uidValidity, source, destination })),
  seqSet.map((set): RespCode => ({ name: 'MODIFIED', set })),
  fc
    .tuple(upperAtom, fc.option(fc.string({ unit: fc.constantFrom(...'ab c[1)"'.split('')), minLength: 1, maxLength: 12 }), { nil: undefined }))
    .map(([n, t]): RespCode => (t === undefined ? { name: `X-${n}` } : { name: `X-${n}`, text: t })),
);

const namespaces = fc.option(
  fc.array(
    fc
      .record({
        prefix: str,
        delimiter: fc.option(fc.constantFrom('/', '.', '"', '\\'), { nil: null }),
        extensions: fc.option(fc.dictionary(str, fc.array(str, { minLength: 1, maxLength: 2 }), { minKeys: 1, maxKeys: 2 }), { nil: undefined }),
      })
      .map((r): Namespace => (r.extensions ? r : { prefix: r.prefix, delimiter: r.delimiter })),
    { minLength: 1, maxLength: 2 },
  ),
  { nil: null },
);

const KNOWN_DATA = new Set(['XLIST']);
const otherName = upperAtom.map((n) => `X${n}`).filter((n) => !KNOWN_DATA.has(n));

/** Any valid response (big literals up to `maxLiteral` octets in body sections). */
export function response(maxLiteral = 4096): fc.Arbitrary<Response> {
  const withCode = <T extends object>(base: T, c: RespCode | undefined): T & { code?: RespCode } => (c ? { ...base, code: c } : base);
  return fc.oneof(
    fc.tuple(tag, fc.constantFrom('OK', 'NO', 'BAD'), fc.option(code, { nil: undefined }), text).map(([t, status, c, tx]): Response => withCode({ kind: 'status', tag: t, status: status as 'OK', text: tx }, c)),
    fc.tuple(fc.constantFrom('OK', 'NO', 'BAD', 'BYE', 'PREAUTH'), fc.option(code, { nil: undefined }), text).map(([status, c, tx]): Response => withCode({ kind: 'status', tag: '*', status: status as 'OK', text: tx }, c)),
    fc.tuple(fc.option(code, { nil: undefined }), text).map(([c, tx]): Response => withCode({ kind: 'continue', text: tx }, c)),
    fc.array(atomWord, { maxLength: 4 }).map((caps): Response => ({ kind: 'data', type: 'CAPABILITY', capabilities: ['IMAP4rev1', ...caps] })),
    fc.array(atomWord, { maxLength: 3 }).map((caps): Response => ({ kind: 'data', type: 'ENABLED', capabilities: caps })),
    fc.array(flag, { maxLength: 4 }).map((flags): Response => ({ kind: 'data', type: 'FLAGS', flags })),
    fc
      .record({
        type: fc.constantFrom('LIST', 'LSUB'),
        attributes: fc.array(fc.constantFrom('\\Noselect', '\\HasChildren', '\\Sent', '\\Marked'), { maxLength: 3 }),
        delimiter: fc.option(fc.constantFrom('/', '.', '"', '\\', 'é'), { nil: null }),
        mailbox: mailboxName,
        extended: fc.option(fc.dictionary(upperAtom, value, { maxKeys: 2 }), { nil: undefined }),
      })
      .map((r): Response => {
        const d: Response = { kind: 'data', type: r.type as 'LIST', attributes: r.attributes, delimiter: r.delimiter, mailbox: r.mailbox };
        if (r.extended) d.extended = r.extended;
        return d;
      }),
    fc.tuple(mailboxName, fc.dictionary(upperAtom, num64, { maxKeys: 4 })).map(([mailbox, attributes]): Response => ({ kind: 'data', type: 'STATUS', mailbox, attributes })),
    fc.tuple(fc.constantFrom('SEARCH', 'SORT'), fc.array(nz, { maxLength: 6 }), fc.option(num64, { nil: undefined })).map(([type, numbers, modseq]): Response =>
      modseq === undefined ? { kind: 'data', type: type as 'SEARCH', numbers } : { kind: 'data', type: type as 'SEARCH', numbers, modseq },
    ),
    fc
      .record({
        correlator: fc.option(str, { nil: undefined }),
        uid: fc.boolean(),
        results: fc.record({ MIN: nz, MAX: nz, COUNT: num, ALL: seqSet }, { requiredKeys: [] }),
      })
      .map((r): Response => {
        const d: Response = { kind: 'data', type: 'ESEARCH', uid: r.uid, results: r.results };
        if (r.correlator !== undefined) d.correlator = r.correlator;
        return d;
      }),
    fc.tuple(namespaces, namespaces, namespaces).map(([personal, other, shared]): Response => ({ kind: 'data', type: 'NAMESPACE', personal, other, shared })),
    fc.option(fc.dictionary(str, nstr, { maxKeys: 3 }), { nil: null }).map((params): Response => ({ kind: 'data', type: 'ID', params })),
    fc.tuple(fc.constantFrom('EXISTS', 'RECENT'), num).map(([type, n]): Response => ({ kind: 'data', type: type as 'EXISTS', number: n })),
    nz.map((n): Response => ({ kind: 'data', type: 'EXPUNGE', number: n })),
    fc.tuple(nz, fetchItems(maxLiteral)).map(([n, items]): Response => ({ kind: 'data', type: 'FETCH', number: n, items })),
    fc
      .tuple(mailboxName, fc.array(fc.record({ name: upperAtom, usage: num64, limit: num64 }), { maxLength: 2 }))
      .map(([root, resources]): Response => ({ kind: 'data', type: 'QUOTA', root, resources })),
    fc.tuple(mailboxName, fc.array(mailboxName, { maxLength: 2 })).map(([mailbox, roots]): Response => ({ kind: 'data', type: 'QUOTAROOT', mailbox, roots })),
    fc.tuple(fc.boolean(), seqSet).map(([earlier, uids]): Response => ({ kind: 'data', type: 'VANISHED', earlier, uids })),
    fc.tuple(otherName, fc.array(value, { maxLength: 3 })).map(([name, args]): Response => ({ kind: 'data', type: 'other', name, args })),
  );
}

/** Serialisation choices: which strings go out as literals, and literal content for body sections. */
export const writerChoice = fc.record({ literalBias: fc.integer({ min: 0, max: 3 }), fill: fc.integer({ min: 0, max: 255 }) }).map(({ literalBias, fill }) => ({
  preferLiteral: (s: string) => literalBias > 0 && s.length % (literalBias + 1) === 0,
  sectionContent: (_key: string, size: number) => Buffer.alloc(size, fill === 0 ? 1 : fill),
}));

/** A value with the decoder's bookkeeping (data event and message indices) removed. */
export function withoutRefs<T>(v: T): T {
  return JSON.parse(JSON.stringify(v, (k, x) => (k === 'event' || k === 'message' ? undefined : x))) as T;
}

// ---- commands -----------------------------------------------------------------------------------

const searchDate = fc.tuple(fc.integer({ min: 1, max: 31 }), fc.constantFrom('Jan', 'Jun', 'Nov'), fc.integer({ min: 1990, max: 2030 })).map(([d, m, y]) => `${d}-${m}-${y}`);

export const searchKey: fc.Arbitrary<SearchKey> = fc.letrec<{ k: SearchKey }>((tie) => ({
  k: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('ALL', 'SEEN', 'UNSEEN', 'NEW', 'DELETED', 'FLAGGED').map((key): SearchKey => ({ key })),
    fc.tuple(fc.constantFrom('FROM', 'TO', 'SUBJECT', 'BODY', 'TEXT', 'X-GM-RAW'), str).map(([key, value]): SearchKey => ({ key, value })),
    fc.tuple(fc.constantFrom('KEYWORD', 'UNKEYWORD'), atomWord.filter((s) => !/^\d/.test(s))).map(([key, value]): SearchKey => ({ key, value })),
    fc.tuple(fc.constantFrom('SINCE', 'BEFORE', 'SENTON'), searchDate).map(([key, value]): SearchKey => ({ key, value })),
    fc.tuple(fc.constantFrom('LARGER', 'SMALLER', 'OLDER'), num64).map(([key, value]): SearchKey => ({ key, value })),
    fc.tuple(str, str).map(([field, value]): SearchKey => ({ key: 'HEADER', field, value })),
    seqSet.map((value): SearchKey => ({ key: 'UID', value })),
    seqSet.map((value): SearchKey => ({ key: 'SET', value })),
    num64.map((value): SearchKey => ({ key: 'MODSEQ', value })),
    fc.tuple(fc.constantFrom('/flags/\\seen', '/flags/$junk'), fc.constantFrom('priv', 'shared', 'all'), num64).map(([field, scope, value]): SearchKey => ({ key: 'MODSEQ', field, scope, value })),
    fc.tuple(fc.constantFrom('NOT', 'FUZZY'), tie('k')).map(([key, k]): SearchKey => ({ key, keys: [k] })),
    fc.tuple(tie('k'), tie('k')).map(([a, b]): SearchKey => ({ key: 'OR', keys: [a, b] })),
    fc.array(tie('k'), { minLength: 1, maxLength: 3 }).map((keys): SearchKey => ({ key: 'AND', keys })),
  ),
})).k;

const fetchAtt = fc.oneof(
  fc.constantFrom('FLAGS', 'UID', 'ENVELOPE', 'INTERNALDATE', 'RFC822.SIZE', 'BODYSTRUCTURE', 'BODY', 'RFC822', 'RFC822.HEADER', 'MODSEQ', 'X-GM-LABELS'),
  fc.constantFrom('BODY[]', 'BODY.PEEK[]', 'BODY[HEADER]', 'BODY.PEEK[HEADER.FIELDS (FROM SUBJECT)]', 'BODY[1.2.MIME]', 'BODY[TEXT]<0.2048>', 'BINARY.PEEK[1]<10.20>', 'BINARY.SIZE[2]', 'BODY.PEEK[HEADER.FIELDS.NOT ("X Y")]'),
);
const mailbox = mailboxName;
const listPattern = fc.oneof(fc.constantFrom('*', '%', 'INBOX/*', 'Archive/%'), str);
const cmdParams = fc.option(fc.array(value, { minLength: 1, maxLength: 3 }), { nil: undefined });

function cmd(verb: string, args: fc.Arbitrary<CommandArgs>): fc.Arbitrary<Command> {
  return fc.tuple(tag, args).map(([t, a]) => ({ tag: t, verb, args: a }));
}

const withParams = (a: CommandArgs, p: ImapValue[] | undefined): CommandArgs => (p ? { ...a, params: p } : a);

/** Any valid command (APPENDed messages up to `maxLiteral` octets). */
export function command(maxLiteral = 4096): fc.Arbitrary<Command> {
  return fc.oneof(
    fc.tuple(tag, fc.constantFrom('CAPABILITY', 'NOOP', 'LOGOUT', 'STARTTLS', 'CHECK', 'CLOSE', 'UNSELECT', 'EXPUNGE', 'IDLE', 'NAMESPACE')).map(([t, verb]): Command => ({ tag: t, verb, args: {} })),
    cmd('LOGIN', fc.record({ user: str, password: str })),
    cmd(
      'AUTHENTICATE',
      fc.tuple(fc.constantFrom('PLAIN', 'XOAUTH2', 'SCRAM-SHA-256'), fc.option(fc.oneof(fc.constant('='), fc.uint8Array({ minLength: 1, maxLength: 30 }).map((b) => Buffer.from(b).toString('base64'))), { nil: undefined })).map(
        ([mechanism, ir]): CommandArgs => (ir === undefined ? { mechanism } : { mechanism, initialResponse: ir }),
      ),
    ),
    cmd('ENABLE', fc.array(atomWord, { minLength: 1, maxLength: 3 }).map((capabilities): CommandArgs => ({ capabilities }))),
    fc.tuple(tag, fc.constantFrom('SELECT', 'EXAMINE', 'CREATE'), mailbox, cmdParams).map(([t, verb, mb, p]): Command => ({ tag: t, verb, args: withParams({ mailbox: mb }, p) })),
    fc.tuple(tag, fc.constantFrom('DELETE', 'SUBSCRIBE', 'UNSUBSCRIBE', 'GETQUOTAROOT'), mailbox).map(([t, verb, mb]): Command => ({ tag: t, verb, args: { mailbox: mb } })),
    cmd('RENAME', fc.tuple(mailbox, mailbox, cmdParams).map(([a, b, p]) => withParams({ mailbox: a, newName: b }, p))),
    cmd(
      'LIST',
      fc
        .record({
          selection: fc.option(fc.array(fc.constantFrom('SUBSCRIBED', 'REMOTE', 'RECURSIVEMATCH'), { maxLength: 2 }), { nil: undefined }),
          reference: mailbox,
          patterns: fc.array(listPattern, { minLength: 1, maxLength: 3 }),
          return: fc.option(fc.array(value, { maxLength: 2 }), { nil: undefined }),
        })
        .map((r): CommandArgs => {
          const a: CommandArgs = { reference: r.reference, patterns: r.patterns.map((p) => (p.toUpperCase() === 'INBOX' ? 'INBOX' : p)) };
          if (r.selection) a.selection = r.selection;
          if (r.return) a.return = r.return;
          return r.selection ? { selection: r.selection, ...a } : a;
        }),
    ),
    cmd('LSUB', fc.tuple(mailbox, listPattern).map(([reference, p]): CommandArgs => ({ reference, patterns: [p] }))),
    cmd('STATUS', fc.tuple(mailbox, fc.array(fc.constantFrom('MESSAGES', 'UNSEEN', 'UIDNEXT', 'SIZE'), { minLength: 1, maxLength: 3 })).map(([mb, items]): CommandArgs => ({ mailbox: mb, items }))),
    cmd(
      'APPEND',
      fc
        .tuple(
          mailbox,
          fc.array(
            fc.record(
              {
                flags: fc.array(flag.filter((f) => f !== '\\Recent'), { maxLength: 2 }),
                date: dateTime,
                size: fc.integer({ min: 0, max: maxLiteral }),
                binary: fc.constant(true),
              },
              { requiredKeys: ['size'] },
            ),
            { minLength: 1, maxLength: 3 },
          ),
        )
        .map(([mb, messages]): CommandArgs => ({ mailbox: mb, messages })),
    ),
    fc.tuple(tag, fc.constantFrom('SEARCH', 'UID SEARCH'), fc.option(fc.constantFrom('UTF-8', 'US-ASCII'), { nil: undefined }), fc.array(searchKey, { minLength: 1, maxLength: 3 })).map(
      ([t, verb, charset, criteria]): Command => ({ tag: t, verb, args: charset === undefined ? { criteria } : { charset, criteria } }),
    ),
    fc.tuple(tag, fc.constantFrom('FETCH', 'UID FETCH'), seqSet, fc.oneof(fc.constantFrom('ALL', 'FAST', 'FULL').map((m) => [m]), fc.array(fetchAtt, { minLength: 1, maxLength: 4 })), cmdParams).map(
      ([t, verb, sequence, items, p]): Command => ({ tag: t, verb, args: withParams({ sequence, items }, p) }),
    ),
    fc
      .tuple(tag, fc.constantFrom('STORE', 'UID STORE'), seqSet, cmdParams, fc.constantFrom('FLAGS', '+FLAGS', '-FLAGS'), fc.boolean(), fc.array(flag.filter((f) => f !== '\\Recent'), { maxLength: 3 }))
      .map(([t, verb, sequence, p, action, silent, flags]): Command => ({ tag: t, verb, args: p ? { sequence, params: p, action, silent, flags } : { sequence, action, silent, flags } })),
    fc.tuple(tag, fc.constantFrom('COPY', 'MOVE', 'UID COPY', 'UID MOVE'), seqSet, mailbox).map(([t, verb, sequence, mb]): Command => ({ tag: t, verb, args: { sequence, mailbox: mb } })),
    cmd('UID EXPUNGE', seqSet.map((sequence): CommandArgs => ({ sequence }))),
    cmd('ID', fc.option(fc.dictionary(str, nstr, { maxKeys: 3 }), { nil: null }).map((id): CommandArgs => ({ id }))),
    cmd('COMPRESS', fc.constant({ mechanism: 'DEFLATE' })),
    cmd('GETQUOTA', str.map((root): CommandArgs => ({ root }))),
    fc.tuple(tag, upperAtom.map((n) => `XX${n}`), fc.array(value, { maxLength: 3 })).map(([t, verb, values]): Command => ({ tag: t, verb, args: { values } })),
  );
}
