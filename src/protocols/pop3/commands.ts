/**
 * The POP3 command table (RFC 1939, RFC 2449 CAPA, RFC 2595 STLS, RFC 5034 AUTH, RFC 6856 UTF8
 * and LANG): in which states each command is allowed, whether a positive answer is a multi-line
 * response, and how its arguments are checked. A command line is split into keyword and arguments
 * by `parseCommandLine`.
 */

/** The session states of RFC 1939 §3, plus UNKNOWN for a capture that starts mid-session. */
export type Pop3State = 'UNKNOWN' | 'AUTHORIZATION' | 'TRANSACTION' | 'UPDATE';

/** What the decoder knows about one command keyword. */
export interface CommandSpec {
  /** States in which the command may be given. */
  states: readonly Pop3State[];
  /** Whether a +OK answer to the command with `argCount` arguments is a multi-line response. */
  multiline(argCount: number): boolean;
  /** Checks the arguments; returns what is wrong with them, or null. */
  checkArgs(args: string[]): string | null;
}

const AUTH_STATE: readonly Pop3State[] = ['AUTHORIZATION'];
const TRANS_STATE: readonly Pop3State[] = ['TRANSACTION'];
const BOTH_STATES: readonly Pop3State[] = ['AUTHORIZATION', 'TRANSACTION'];

const never = (): boolean => false;
const always = (): boolean => true;
const withoutArgs = (n: number): boolean => n === 0;

const DECIMAL = /^[0-9]+$/;
const SASL_NAME = /^[A-Z0-9_-]{1,20}$/i;
const APOP_DIGEST = /^[0-9a-f]{32}$/;

/** Parses a message number argument (decimal, >= 1); null when it is not one. */
export function messageNumber(arg: string | undefined): number | null {
  if (arg === undefined || !DECIMAL.test(arg) || arg.length > 15) return null;
  const n = Number(arg);
  return n >= 1 ? n : null;
}

function count(args: string[], min: number, max: number): string | null {
  if (args.length < min) return min === 1 ? 'argument missing' : `${min} arguments required, ${args.length} given`;
  if (args.length > max) return max === 0 ? 'takes no arguments' : `at most ${max} argument${max === 1 ? '' : 's'}, ${args.length} given`;
  return null;
}

function msgArg(arg: string | undefined): string | null {
  if (arg === undefined) return null;
  return messageNumber(arg) === null ? `"${arg}" is not a message number` : null;
}

const noArgs = (args: string[]): string | null => count(args, 0, 0);

export const COMMANDS: Readonly<Record<string, CommandSpec>> = {
  USER: { states: AUTH_STATE, multiline: never, checkArgs: (a) => count(a, 1, 1) },
  // PASS takes the rest of the line (a password may contain spaces): the decoder passes it as one argument.
  PASS: { states: AUTH_STATE, multiline: never, checkArgs: (a) => count(a, 1, 1) },
  APOP: {
    states: AUTH_STATE,
    multiline: never,
    checkArgs: (a) => count(a, 2, 2) ?? (APOP_DIGEST.test(a[1]!) ? null : 'the digest is not 32 lower-case hex digits'),
  },
  AUTH: {
    states: AUTH_STATE,
    multiline: withoutArgs,
    checkArgs: (a) => count(a, 0, 2) ?? (a[0] === undefined || SASL_NAME.test(a[0]) ? null : `"${a[0]}" is not a SASL mechanism name`),
  },
  STAT: { states: TRANS_STATE, multiline: never, checkArgs: noArgs },
  LIST: { states: TRANS_STATE, multiline: withoutArgs, checkArgs: (a) => count(a, 0, 1) ?? msgArg(a[0]) },
  UIDL: { states: TRANS_STATE, multiline: withoutArgs, checkArgs: (a) => count(a, 0, 1) ?? msgArg(a[0]) },
  RETR: { states: TRANS_STATE, multiline: always, checkArgs: (a) => count(a, 1, 1) ?? msgArg(a[0]) },
  TOP: {
    states: TRANS_STATE,
    multiline: always,
    checkArgs: (a) =>
      count(a, 2, 2) ?? msgArg(a[0]) ?? (DECIMAL.test(a[1]!) ? null : `"${a[1]}" is not a number of lines`),
  },
  DELE: { states: TRANS_STATE, multiline: never, checkArgs: (a) => count(a, 1, 1) ?? msgArg(a[0]) },
  NOOP: { states: TRANS_STATE, multiline: never, checkArgs: noArgs },
  RSET: { states: TRANS_STATE, multiline: never, checkArgs: noArgs },
  QUIT: { states: BOTH_STATES, multiline: never, checkArgs: noArgs },
  CAPA: { states: BOTH_STATES, multiline: always, checkArgs: noArgs },
  STLS: { states: AUTH_STATE, multiline: never, checkArgs: noArgs },
  UTF8: { states: AUTH_STATE, multiline: never, checkArgs: noArgs },
  LANG: { states: BOTH_STATES, multiline: withoutArgs, checkArgs: (a) => count(a, 0, 1) },
};

/** A command line split into keyword and arguments. */
export interface ParsedCommand {
  /** The keyword, upper-cased. */
  verb: string;
  /** The keyword as sent. */
  keyword: string;
  /** Everything after the keyword and its separating space, as sent. */
  argText: string;
  /** The arguments split on spaces (PASS: the whole rest of the line as one argument). */
  args: string[];
}

/** Splits a command line (without its line ending) into keyword and arguments. */
export function parseCommandLine(line: string): ParsedCommand {
  const sp = line.indexOf(' ');
  const keyword = sp < 0 ? line : line.slice(0, sp);
  const verb = keyword.toUpperCase();
  const argText = sp < 0 ? '' : line.slice(sp + 1);
  let args: string[];
  if (argText === '') args = [];
  else if (verb === 'PASS') args = [argText];
  else args = argText.split(' ').filter((a) => a !== '');
  return { verb, keyword, argText, args };
}
