/**
 * SASL exchanges as the mail protocols carry them (SMTP AUTH, RFC 4954; POP3 AUTH, RFC 5034; IMAP AUTHENTICATE, RFC 9051): base64 checking and a readable account of
 * each challenge and response (`username: bob, password: ********`), with secrets masked unless
 * the user asked to see them. Knows PLAIN (RFC 4616), LOGIN, CRAM-MD5 (RFC 2195), DIGEST-MD5,
 * SCRAM-* (RFC 5802), XOAUTH2, OAUTHBEARER (RFC 7628), NTLM, EXTERNAL and ANONYMOUS; any other
 * mechanism's client data is treated as secret.
 */

/** What one line of the exchange means. */
export interface SaslReading {
  /** Display text, secrets masked unless asked. */
  text: string;
  /** The line carries a secret (password, token, proof), so its base64 is masked too. */
  secret: boolean;
  /** The user name it names, if any. */
  username?: string;
}

export const MASK = '********';

const B64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Strict base64 (RFC 4648 §4, padded, no whitespace). The empty string is valid. */
export function isBase64(s: string): boolean {
  return B64.test(s);
}

/** Mechanisms whose client data gives the password or a bearer token to anyone who reads it. */
export const CLEARTEXT_MECHANISMS: ReadonlySet<string> = new Set(['PLAIN', 'LOGIN', 'XOAUTH2', 'OAUTHBEARER']);

/** How many client responses a mechanism sends at least (LOGIN: user name and password; most: one). */
export function clientResponses(mech: string): number {
  return mech === 'LOGIN' ? 2 : 1;
}

function printable(b: Buffer): string | null {
  for (const c of b) if ((c < 0x20 && c !== 0x09) || c === 0x7f) return null;
  return b.toString('utf8');
}

function shown(value: string, show: boolean): string {
  return show ? value : MASK;
}

/** Reads a server challenge (already base64-decoded) of mechanism `mech`. */
export function readChallenge(mech: string, data: Buffer): string {
  if (data.length === 0) return 'empty challenge';
  if (mech === 'NTLM') return readNtlm(data, true).text;
  const text = printable(data);
  return text === null ? `${data.length} octets, not text` : text;
}

/**
 * Reads a client response (already base64-decoded). `step` counts the client's responses so far
 * (the initial response is step 0); `challenge` is the decoded text of the challenge it answers.
 */
export function readResponse(mech: string, step: number, data: Buffer, challenge: string | undefined, show: boolean): SaslReading {
  if (data.length === 0 && mech !== 'EXTERNAL') return { text: 'empty response', secret: false };
  switch (mech) {
    case 'PLAIN':
      return readPlain(data, show);
    case 'LOGIN':
      return readLogin(step, data, challenge, show);
    case 'CRAM-MD5': {
      const text = data.toString('utf8');
      const sp = text.lastIndexOf(' ');
      if (sp < 0) return { text: shown(text, show), secret: true };
      const username = text.slice(0, sp);
      return { text: `username: ${username}, digest: ${shown(text.slice(sp + 1), show)}`, secret: true, username };
    }
    case 'DIGEST-MD5': {
      const text = data.toString('utf8');
      const user = /(?:^|,)\s*username="([^"]*)"/.exec(text)?.[1];
      const masked = show ? text : text.replace(/((?:^|,)\s*response=)[^,]*/, `$1${MASK}`);
      return user === undefined ? { text: masked, secret: true } : { text: masked, secret: true, username: user };
    }
    case 'XOAUTH2':
      return readOauth(data, /(?:^|\x01)user=([^\x01]*)/, show);
    case 'OAUTHBEARER':
      return readOauth(data, /^[^,]*,a=([^,]*)/, show);
    case 'NTLM':
      return readNtlm(data, show);
    case 'EXTERNAL':
      return { text: data.length === 0 ? 'no authorization identity' : `authorize as: ${data.toString('utf8')}`, secret: false };
    case 'ANONYMOUS':
      return { text: `trace: ${data.toString('utf8')}`, secret: false };
    default:
      if (mech.startsWith('SCRAM-')) return readScram(data, show);
      return readOpaque(data, show);
  }
}

function readOpaque(data: Buffer, show: boolean): SaslReading {
  const text = printable(data);
  return { text: show && text !== null ? text : `${data.length} octets${show ? '' : ', masked'}`, secret: true };
}

function readPlain(data: Buffer, show: boolean): SaslReading {
  const parts = data.toString('utf8').split('\0');
  if (parts.length !== 3) return { text: `malformed PLAIN response (${parts.length - 1} NUL separators, 2 expected)`, secret: true };
  const [authz, user, pass] = parts as [string, string, string];
  const prefix = authz === '' ? '' : `authorize as: ${authz}, `;
  return { text: `${prefix}username: ${user}, password: ${shown(pass, show)}`, secret: true, username: user };
}

function readLogin(step: number, data: Buffer, challenge: string | undefined, show: boolean): SaslReading {
  const value = data.toString('utf8');
  const asks = challenge?.toLowerCase() ?? '';
  const isUser = asks.startsWith('user') ? true : asks.startsWith('pass') ? false : step === 0;
  if (isUser) return { text: `username: ${value}`, secret: false, username: value };
  return { text: `password: ${shown(value, show)}`, secret: true };
}

function readOauth(data: Buffer, userPattern: RegExp, show: boolean): SaslReading {
  const text = data.toString('utf8');
  const user = userPattern.exec(text)?.[1];
  const token = /auth=([^\x01]*)/.exec(text)?.[1];
  const parts: string[] = [];
  if (user !== undefined) parts.push(`username: ${user}`);
  if (token !== undefined) parts.push(`token: ${shown(token, show)}`);
  if (parts.length === 0) return { text: show ? text.replace(/\x01/g, ' ') : `${data.length} octets, masked`, secret: true };
  return user === undefined ? { text: parts.join(', '), secret: true } : { text: parts.join(', '), secret: true, username: user };
}

function readScram(data: Buffer, show: boolean): SaslReading {
  const text = data.toString('utf8');
  const user = /(?:^|,)n=([^,]*)/.exec(text)?.[1];
  if (/(?:^|,)p=/.test(text)) {
    return { text: show ? text : text.replace(/((?:^|,)p=)[^,]*/, `$1${MASK}`), secret: true };
  }
  return user === undefined ? { text, secret: false } : { text: `username: ${user} (${text})`, secret: false, username: user };
}

/** NTLMSSP messages (MS-NLMP §2.2.1): type 1 negotiate, type 2 challenge, type 3 authenticate. */
function readNtlm(data: Buffer, show: boolean): SaslReading {
  if (data.length < 12 || data.toString('latin1', 0, 8) !== 'NTLMSSP\0') return readOpaque(data, show);
  const type = data.readUInt32LE(8);
  if (type === 1) return { text: 'NTLM negotiate', secret: false };
  if (type === 2) return { text: 'NTLM challenge', secret: false };
  if (type !== 3 || data.length < 64) return { text: `NTLM message type ${type}`, secret: true };
  const unicode = (data.readUInt32LE(60) & 1) === 1;
  const field = (at: number): string => {
    const len = data.readUInt16LE(at);
    const off = data.readUInt32LE(at + 4);
    if (off + len > data.length) return '?';
    return data.toString(unicode ? 'utf16le' : 'latin1', off, off + len);
  };
  const domain = field(28);
  const user = field(36);
  const host = field(44);
  const username = domain === '' ? user : `${domain}\\${user}`;
  return { text: `NTLM authenticate: username: ${username}, workstation: ${host}, responses: ${MASK}`, secret: true, username };
}
