/**
 * SMTP command lines: the verb, its arguments, which verbs exist, and the argument syntax of the
 * commands that take no path (RFC 5321 §4.1.1, RFC 3030 BDAT, RFC 4954 AUTH).
 */

export interface CommandLine {
  /** Upper-cased verb (empty for an empty line). */
  verb: string;
  /** Everything after the verb and the space that follows it. */
  args: string;
}

/** Splits a command line into verb and arguments. */
export function splitCommand(text: string): CommandLine {
  const sp = text.indexOf(' ');
  if (sp < 0) return { verb: text.toUpperCase(), args: '' };
  return { verb: text.slice(0, sp).toUpperCase(), args: text.slice(sp + 1) };
}

/**
 * Commands of RFC 5321 and of registered extensions: LHLO (RFC 2033), BDAT (RFC 3030), STARTTLS
 * (RFC 3207), AUTH (RFC 4954), ETRN (RFC 1985), ATRN (RFC 2645), BURL (RFC 4468), and the obsolete
 * RFC 821 verbs still recognised by servers.
 */
const KNOWN_VERBS: ReadonlySet<string> = new Set([
  'HELO', 'EHLO', 'LHLO', 'MAIL', 'RCPT', 'DATA', 'BDAT', 'RSET', 'VRFY', 'EXPN', 'HELP', 'NOOP', 'QUIT',
  'STARTTLS', 'AUTH', 'ETRN', 'ATRN', 'TURN', 'BURL', 'SEND', 'SOML', 'SAML',
]);

/** True for a verb SMTP knows, or a private-use verb (starting with X, RFC 5321 §4.1.5). */
export function isKnownVerb(verb: string): boolean {
  return KNOWN_VERBS.has(verb) || (verb.length > 1 && verb[0] === 'X' && /^[A-Z][A-Z0-9-]*$/.test(verb));
}

/**
 * Commands after which the client must wait for the reply even with PIPELINING (RFC 2920 §3.1:
 * EHLO, DATA, VRFY, EXPN, TURN, QUIT, NOOP; HELO/LHLO for the same reason; AUTH per RFC 4954 §4;
 * STARTTLS per RFC 3207, reported as injection instead).
 */
const GROUP_ENDERS: ReadonlySet<string> = new Set(['EHLO', 'HELO', 'LHLO', 'DATA', 'VRFY', 'EXPN', 'TURN', 'QUIT', 'NOOP', 'AUTH', 'STARTTLS', 'ATRN']);

export function endsPipelineGroup(verb: string): boolean {
  return GROUP_ENDERS.has(verb);
}

/**
 * Does this line look like a command (for deciding, without the server's reply, whether bytes are
 * commands or message text)? Requires a known verb with plausible arguments, so that a header
 * line such as `Data: x` or body text starting with "Help" is not taken for one.
 */
export function looksLikeCommand(text: string): boolean {
  const { verb, args } = splitCommand(text.trimEnd());
  switch (verb) {
    case 'MAIL':
      return /^FROM:/i.test(args);
    case 'RCPT':
      return /^TO:/i.test(args);
    case 'DATA':
    case 'RSET':
    case 'QUIT':
    case 'NOOP':
    case 'STARTTLS':
    case 'HELP':
      return args.trim() === '';
    case 'HELO':
    case 'EHLO':
    case 'LHLO':
      return /^\S+$/.test(args.trim());
    case 'BDAT':
      return /^\d+( LAST)?$/i.test(args.trim());
    case 'AUTH':
      return /^[A-Z0-9_-]+( \S+)?$/i.test(args.trim());
    case 'VRFY':
    case 'EXPN':
      return args.trim() !== '';
    default:
      return false;
  }
}

/** Argument syntax problems of commands without a path (MAIL/RCPT are checked by path.ts); null when fine. */
export function commandSyntaxProblem(verb: string, args: string): string | null {
  const a = args.trim();
  switch (verb) {
    case 'HELO':
    case 'EHLO':
    case 'LHLO':
      if (a === '') return `${verb} without a domain or address literal`;
      return null;
    case 'DATA':
    case 'RSET':
    case 'QUIT':
    case 'STARTTLS':
      return a === '' ? null : `${verb} takes no arguments, got ${JSON.stringify(truncate(a))}`;
    case 'VRFY':
    case 'EXPN':
      return a === '' ? `${verb} without an argument` : null;
    case 'AUTH':
      return a === '' ? 'AUTH without a mechanism' : null;
    default:
      return null;
  }
}

/** The last complete line of a BDAT chunk's tail that looks like a command (a chunk shorter than announced), if any. */
export function lastCommandLine(tail: Buffer): string | undefined {
  const lines = tail.toString('utf8').split('\r\n');
  // The first piece may be cut; the last is unterminated unless the tail ended with CRLF.
  for (let i = lines.length - 2; i >= 1; i--) if (looksLikeCommand(lines[i]!)) return lines[i];
  return undefined;
}

export interface BdatArgs {
  size: number;
  last: boolean;
}

/** Largest chunk size accepted as a number (beyond this, offsets lose precision). */
const MAX_CHUNK = Number.MAX_SAFE_INTEGER;

/** Parses `BDAT <size> [LAST]` arguments; a string says what is wrong with them. */
export function parseBdatArgs(args: string): BdatArgs | string {
  const words = args.split(' ').filter((w) => w.length > 0);
  if (words.length === 0) return 'BDAT without a chunk size';
  const sizeWord = words[0]!;
  if (!/^\d+$/.test(sizeWord)) return `BDAT chunk size ${JSON.stringify(truncate(sizeWord))} is not a decimal number`;
  const size = Number(sizeWord);
  if (!Number.isSafeInteger(size) || size > MAX_CHUNK) return `BDAT chunk size ${truncate(sizeWord)} is too large to be real`;
  if (words.length > 2 || (words.length === 2 && words[1]!.toUpperCase() !== 'LAST')) {
    return `BDAT chunk size followed by ${JSON.stringify(truncate(words.slice(1).join(' ')))} instead of LAST`;
  }
  return { size, last: words.length === 2 };
}

function truncate(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
