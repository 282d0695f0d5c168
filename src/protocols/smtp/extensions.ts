/**
 * What each MAIL/RCPT parameter and command needs the server to have advertised, and how much
 * the extensions raise the 512-octet command line limit (RFC 5321 §4.5.3.1.4).
 */
import type { Capabilities } from './ehlo.js';

/** The 512-octet command line limit, CRLF included. */
export const COMMAND_LINE_LIMIT = 512;

/** SASL response lines may be this long (RFC 4954 §4). */
export const SASL_LINE_LIMIT = 12288;

/** Octets by which a parameter raises the MAIL/RCPT line limit, per the extension defining it. */
const PARAM_ALLOWANCE: Record<string, number> = {
  SIZE: 26, // RFC 1870
  BODY: 16, // RFC 6152 (RFC 1652)
  RET: 100, // RFC 3461 §4: RET and ENVID together
  ENVID: 100,
  NOTIFY: 500, // RFC 3461 §4: NOTIFY and ORCPT together
  ORCPT: 500,
  AUTH: 500, // RFC 4954 §5
  SMTPUTF8: 10, // RFC 6531
};

/** The line limit for a MAIL/RCPT line with these parameters. */
export function pathLineLimit(params: Record<string, unknown>): number {
  let limit = COMMAND_LINE_LIMIT;
  const counted = new Set<number>();
  for (const key of Object.keys(params)) {
    const a = PARAM_ALLOWANCE[key];
    // RET/ENVID and NOTIFY/ORCPT share one allowance between them.
    const group = key === 'RET' || key === 'ENVID' ? 1 : key === 'NOTIFY' || key === 'ORCPT' ? 2 : 0;
    if (a === undefined || (group > 0 && counted.has(group))) continue;
    if (group > 0) counted.add(group);
    limit += a;
  }
  return limit;
}

/** The EHLO keyword a MAIL/RCPT parameter belongs to. */
export function capabilityForParam(key: string, value: string | true): string {
  switch (key) {
    case 'BODY':
      return typeof value === 'string' && value.toUpperCase() === 'BINARYMIME' ? 'BINARYMIME' : '8BITMIME';
    case 'RET':
    case 'ENVID':
    case 'NOTIFY':
    case 'ORCPT':
      return 'DSN';
    case 'HOLDFOR':
    case 'HOLDUNTIL':
      return 'FUTURERELEASE';
    case 'BY':
      return 'DELIVERBY';
    default:
      return key; // SIZE, SMTPUTF8, AUTH, MT-PRIORITY, REQUIRETLS, MTRK, RRVS, ...
  }
}

/** The EHLO keyword a command needs, if it belongs to an extension. */
export function capabilityForCommand(verb: string): string | undefined {
  switch (verb) {
    case 'BDAT':
      return 'CHUNKING';
    case 'STARTTLS':
    case 'AUTH':
    case 'ETRN':
    case 'ATRN':
    case 'BURL':
      return verb;
    default:
      return undefined;
  }
}

/** Whether the capabilities (upper-case keys) include `keyword`. */
export function advertises(caps: Capabilities, keyword: string): boolean {
  return Object.prototype.hasOwnProperty.call(caps, keyword);
}
