/**
 * The argument of MAIL FROM / RCPT TO (RFC 5321 §4.1.2): `FROM:<reverse-path> [params]` and
 * `TO:<forward-path> [params]`, with source routes (`<@a,@b:user@c>`), the null path `<>`,
 * `<Postmaster>`, and ESMTP parameters (`SIZE=123 BODY=8BITMIME`). Parsing is lenient — it
 * extracts what a tolerant server would — and lists every departure from the grammar.
 */

export interface PathArgument {
  /** The mailbox without angle brackets and source route; '' for the null path `<>`. */
  mailbox: string;
  /** Source-route domains (`<@a,@b:x@y>` → ['a', 'b']), when present. */
  route?: string[];
  /** ESMTP parameters by upper-cased keyword; `true` for a keyword without a value. */
  params: Record<string, string | true>;
  /** The client put spaces between the colon and the path. */
  spaceAfterColon: boolean;
  /** Grammar problems, one line each (missing brackets, bad domain, ...). */
  problems: string[];
}

/** Parses the arguments of MAIL (`keyword` FROM) or RCPT (`keyword` TO). */
export function parsePathArgument(args: string, keyword: 'FROM' | 'TO'): PathArgument {
  const out: PathArgument = { mailbox: '', params: {}, spaceAfterColon: false, problems: [] };
  let i = 0;
  if (args.slice(0, keyword.length).toUpperCase() !== keyword) {
    out.problems.push(`expected "${keyword}:" after the verb`);
  } else {
    i = keyword.length;
  }
  let spaces = 0;
  while (args[i] === ' ') (i++, spaces++);
  if (spaces > 0 && i > 0) out.problems.push(`space before the colon after ${keyword}`);
  if (args[i] === ':') {
    i++;
  } else if (out.problems.length === 0) {
    out.problems.push(`missing colon after ${keyword}`);
  }
  while (args[i] === ' ') (i++, (out.spaceAfterColon = true));

  let rest: string;
  if (args[i] === '<') {
    const close = findClosingBracket(args, i + 1);
    if (close < 0) {
      out.problems.push('path has no closing ">"');
      out.mailbox = args.slice(i + 1).split(' ')[0] ?? '';
      return out;
    }
    parseInsideBrackets(args.slice(i + 1, close), keyword, out);
    rest = args.slice(close + 1);
  } else {
    const sp = args.indexOf(' ', i);
    const word = sp < 0 ? args.slice(i) : args.slice(i, sp);
    out.mailbox = word;
    out.problems.push(word === '' ? 'no path' : `path ${JSON.stringify(word)} is not enclosed in angle brackets`);
    rest = sp < 0 ? '' : args.slice(sp);
  }
  parseParams(rest, out);
  return out;
}

function findClosingBracket(s: string, from: number): number {
  let quoted = false;
  for (let j = from; j < s.length; j++) {
    const c = s[j];
    if (quoted && c === '\\') j++;
    else if (c === '"') quoted = !quoted;
    else if (c === '>' && !quoted) return j;
  }
  return -1;
}

function parseInsideBrackets(inner: string, keyword: 'FROM' | 'TO', out: PathArgument): void {
  if (inner === '') {
    if (keyword === 'TO') out.problems.push('the null path <> is not a valid recipient');
    return;
  }
  let box = inner;
  if (inner[0] === '@') {
    const colon = inner.indexOf(':');
    if (colon < 0) {
      out.problems.push('source route without ":" before the mailbox');
      out.mailbox = inner;
      return;
    }
    const hops = inner.slice(0, colon).split(',');
    out.route = hops.map((h) => h.replace(/^@/, ''));
    for (const h of hops) if (h[0] !== '@' || !isDomain(h.slice(1))) out.problems.push(`bad source-route hop ${JSON.stringify(h)}`);
    box = inner.slice(colon + 1);
  }
  out.mailbox = box;
  if (keyword === 'TO' && /^postmaster$/i.test(box)) return;
  const problem = mailboxProblem(box);
  if (problem) out.problems.push(problem);
}

/** Why a Mailbox (`local-part@domain`) is not valid, or null. Non-ASCII is checked by the caller. */
export function mailboxProblem(box: string): string | null {
  const at = box.lastIndexOf('@');
  if (at < 0) return `mailbox ${JSON.stringify(box)} has no "@domain"`;
  const local = box.slice(0, at);
  const domain = box.slice(at + 1);
  if (local === '') return `mailbox ${JSON.stringify(box)} has an empty local part`;
  if (!isLocalPart(local)) return `local part ${JSON.stringify(local)} is neither a dot-string nor a quoted string`;
  if (domain[0] === '[') return /^\[[^[\]\\]+\]$/.test(domain) ? null : `bad address literal ${JSON.stringify(domain)}`;
  if (!isDomain(domain)) return `domain ${JSON.stringify(domain)} is not a valid domain name`;
  return null;
}

// atext of RFC 5322 plus any non-ASCII (SMTPUTF8, RFC 6531 §3.3).
const DOT_STRING = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~\u0080-\uffff-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~\u0080-\uffff-]+)*$/;
const QUOTED_STRING = /^"([\x20\x21\x23-\x5b\x5d-\x7e\u0080-\uffff]|\\[\x20-\x7e])*"$/;

function isLocalPart(s: string): boolean {
  return DOT_STRING.test(s) || QUOTED_STRING.test(s);
}

// Letters, digits and hyphens (U-labels allowed under SMTPUTF8), no leading/trailing hyphen.
const LABEL = /^[A-Za-z0-9\u0080-\uffff]([A-Za-z0-9\u0080-\uffff-]*[A-Za-z0-9\u0080-\uffff])?$/;

function isDomain(s: string): boolean {
  if (s === '' || s.length > 255) return false;
  return s.split('.').every((l) => LABEL.test(l));
}

const PARAM_KEYWORD = /^[A-Za-z0-9][A-Za-z0-9-]*$/;

function parseParams(rest: string, out: PathArgument): void {
  for (const word of rest.split(' ')) {
    if (word === '') continue;
    const eq = word.indexOf('=');
    const key = (eq < 0 ? word : word.slice(0, eq)).toUpperCase();
    const value = eq < 0 ? true : word.slice(eq + 1);
    if (!PARAM_KEYWORD.test(key)) {
      out.problems.push(`parameter ${JSON.stringify(word)} has no valid keyword`);
      continue;
    }
    if (value === '') out.problems.push(`parameter ${key}= has an empty value`);
    out.params[key] = value;
  }
}
