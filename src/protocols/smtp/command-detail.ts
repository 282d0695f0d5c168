/**
 * What a command line says, as the command event shows it: verb, arguments (secrets masked),
 * and the structured detail — path and parameters of MAIL/RCPT, domain of EHLO, size of BDAT,
 * mechanism and decoded initial response of AUTH.
 */
import { describeClientLine, MASK } from './auth.js';
import { parseBdatArgs, splitCommand, type BdatArgs } from './command.js';
import { parsePathArgument, type PathArgument } from './path.js';
import type { AuthExchange } from './transaction.js';

export interface DescribedCommand {
  verb: string;
  /** Arguments as sent. */
  args: string;
  /** Arguments and whole line as shown (an AUTH initial response masked unless secrets are shown). */
  shownArgs: string;
  shownLine: string;
  detail: Record<string, unknown>;
  /** MAIL/RCPT: the parsed path. */
  path?: PathArgument;
  /** BDAT: size and LAST, or what is wrong with the arguments. */
  bdat?: BdatArgs | string;
  /** AUTH: the exchange it starts (null without a mechanism). */
  auth?: AuthExchange | null;
  /** AUTH: why the initial response is not valid. */
  authProblem?: string;
}

export function describeCommand(text: string, showSecrets: boolean): DescribedCommand {
  const { verb, args } = splitCommand(text);
  const out: DescribedCommand = { verb, args, shownArgs: args, shownLine: text, detail: {} };
  const detail = out.detail;
  switch (verb) {
    case 'MAIL':
    case 'RCPT': {
      const path = parsePathArgument(args, verb === 'MAIL' ? 'FROM' : 'TO');
      out.path = path;
      detail['mailbox'] = path.mailbox;
      if (path.route) detail['route'] = path.route;
      if (Object.keys(path.params).length > 0) detail['params'] = path.params;
      break;
    }
    case 'HELO':
    case 'EHLO':
    case 'LHLO':
      if (args.trim()) detail['domain'] = args.trim();
      break;
    case 'BDAT': {
      out.bdat = parseBdatArgs(args);
      if (typeof out.bdat !== 'string') {
        detail['size'] = out.bdat.size;
        detail['last'] = out.bdat.last;
      }
      break;
    }
    case 'AUTH': {
      const [mechWord = '', initial] = args.trim().split(/\s+/);
      const mechanism = mechWord.toUpperCase();
      if (mechanism === '') {
        out.auth = null;
        break;
      }
      const auth: AuthExchange = { mechanism, responses: 0, awaitingResponse: false };
      out.auth = auth;
      detail['mechanism'] = mechanism;
      if (initial === undefined) break;
      const shown = describeClientLine(initial, auth, showSecrets);
      auth.responses = 1;
      detail['initialResponse'] = shown.decoded;
      if (shown.invalid) out.authProblem = `initial response ${JSON.stringify(initial.length > 40 ? `${initial.slice(0, 40)}…` : initial)} is not base64`;
      if (shown.secret && !showSecrets) {
        out.shownArgs = `${mechWord} ${MASK}`;
        out.shownLine = `${text.slice(0, text.indexOf(' '))} ${out.shownArgs}`;
      }
      break;
    }
  }
  return out;
}
