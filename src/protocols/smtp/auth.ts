/**
 * SASL as SMTP carries it (RFC 4954): base64 challenges in `334` replies and base64 client
 * responses, decoded per mechanism (PLAIN, LOGIN, CRAM-MD5, XOAUTH2, OAUTHBEARER, SCRAM-*, NTLM)
 * into a line a person can read, with secrets masked.
 */

export const MASK = '********';

const B64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Strict base64 (RFC 4648 alphabet and padding); null when the text is not base64. */
export function decodeBase64(text: string): Buffer | null {
  if (!B64_RE.test(text)) return null;
  return Buffer.from(text, 'base64');
}

/** What a client SASL line means, for display. */
export interface SaslLine {
  /** Human-readable meaning, secrets masked unless asked. */
  decoded: string;
  /** The line carries a secret (password, token, digest): mask the raw base64 too. */
  secret: boolean;
}

/** Where a client response sits in the exchange, to tell a LOGIN username from its password. */
export interface ResponseContext {
  mechanism: string;
  /** 0 for the initial response or the first answer, then 1, 2, ... */
  step: number;
  /** The decoded text of the challenge being answered, if known. */
  challenge?: string;
  showSecrets: boolean;
}

/** Describes a client response (already base64-decoded). */
export function describeResponse(data: Buffer, ctx: ResponseContext): SaslLine {
  const secret = (s: string): string => (ctx.showSecrets ? s : MASK);
  switch (ctx.mechanism) {
    case 'PLAIN': {
      const parts = data.toString('utf8').split('\0');
      if (parts.length !== 3) return { decoded: `malformed PLAIN response (${parts.length} fields instead of 3)`, secret: true };
      const [authz, user, pass] = parts as [string, string, string];
      const who = authz ? `authzid: ${authz}, username: ${user}` : `username: ${user}`;
      return { decoded: `${who}, password: ${secret(pass)}`, secret: true };
    }
    case 'LOGIN': {
      const text = data.toString('utf8');
      const asks = (ctx.challenge ?? '').toLowerCase();
      const isPassword = asks.includes('pass') || (!asks.includes('user') && ctx.step >= 1);
      return isPassword ? { decoded: `password: ${secret(text)}`, secret: true } : { decoded: `username: ${text}`, secret: false };
    }
    case 'CRAM-MD5': {
      const text = data.toString('utf8');
      const sp = text.lastIndexOf(' ');
      if (sp < 0) return { decoded: `malformed CRAM-MD5 response`, secret: true };
      return { decoded: `username: ${text.slice(0, sp)}, digest: ${secret(text.slice(sp + 1))}`, secret: true };
    }
    case 'XOAUTH2':
      return describeXoauth2(data.toString('utf8'), secret);
    case 'OAUTHBEARER':
      return describeOauthBearer(data.toString('utf8'), secret);
    case 'NTLM':
      return describeNtlm(data);
    default:
      if (ctx.mechanism.startsWith('SCRAM-')) return describeScram(data.toString('utf8'), secret);
      return { decoded: `${data.length} octets of ${ctx.mechanism} data`, secret: true };
  }
}

/** Where an AUTH exchange stands, as far as decoding the client's lines needs. */
export interface SaslState {
  mechanism: string;
  /** Client responses so far (the initial response counts). */
  responses: number;
  /** The decoded text of the last challenge, if any. */
  lastChallenge?: string;
}

/**
 * Decodes one client line of an AUTH exchange as sent: base64, `*` (cancel), or `=` (an empty
 * initial response). A line that is not base64 may be a password typed in clear: it stays masked.
 */
export function describeClientLine(text: string, state: SaslState, showSecrets: boolean): SaslLine & { invalid: boolean } {
  if (text === '*') return { decoded: 'cancel (the client aborts the exchange)', secret: false, invalid: false };
  if (text === '=' && state.responses === 0) return { decoded: '(empty initial response)', secret: false, invalid: false };
  const data = decodeBase64(text);
  if (!data) return { decoded: 'not base64', secret: true, invalid: true };
  const d = describeResponse(data, { mechanism: state.mechanism, step: state.responses, challenge: state.lastChallenge, showSecrets });
  return { ...d, invalid: false };
}

/** Describes a server challenge (already base64-decoded). */
export function describeChallenge(data: Buffer, mechanism: string): string {
  if (mechanism === 'NTLM') return describeNtlm(data).decoded;
  if (data.length === 0) return '(empty challenge)';
  return isPrintable(data) ? data.toString('utf8') : `${data.length} octets of binary data`;
}

function describeXoauth2(text: string, secret: (s: string) => string): SaslLine {
  // user=bob@example.com^Aauth=Bearer ya29...^A^A
  const fields = new Map<string, string>();
  for (const kv of text.split('\x01')) {
    const eq = kv.indexOf('=');
    if (eq > 0) fields.set(kv.slice(0, eq), kv.slice(eq + 1));
  }
  const user = fields.get('user');
  const auth = fields.get('auth');
  if (user === undefined || auth === undefined) {
    // The client's empty answer to an error challenge, or something else.
    return text === '' ? { decoded: '(empty response)', secret: false } : { decoded: 'malformed XOAUTH2 response', secret: true };
  }
  return { decoded: `username: ${user}, token: ${secret(auth)}`, secret: true };
}

function describeOauthBearer(text: string, secret: (s: string) => string): SaslLine {
  // n,a=user@example.com,^Ahost=...^Aport=...^Aauth=Bearer xyz^A^A (RFC 7628)
  const [gs2 = '', ...kvs] = text.split('\x01');
  const authz = /(?:^|,)a=([^,]*)/.exec(gs2)?.[1];
  const auth = kvs.find((kv) => kv.startsWith('auth='));
  if (auth === undefined) return { decoded: text === '\x01' ? '(empty response)' : 'malformed OAUTHBEARER response', secret: true };
  return { decoded: `${authz ? `authzid: ${authz}, ` : ''}token: ${secret(auth.slice(5))}`, secret: true };
}

function describeScram(text: string, secret: (s: string) => string): SaslLine {
  const user = /(?:^|,)n=([^,]*)/.exec(text)?.[1];
  const proof = /(?:^|,)p=([^,]*)/.exec(text)?.[1];
  if (proof !== undefined) return { decoded: `client proof: ${secret(proof)}`, secret: true };
  if (user !== undefined) return { decoded: `username: ${user}`, secret: false };
  return { decoded: `${text.length} octets of SCRAM data`, secret: true };
}

const NTLM_TYPES: Record<number, string> = { 1: 'NEGOTIATE', 2: 'CHALLENGE', 3: 'AUTHENTICATE' };

function describeNtlm(data: Buffer): SaslLine {
  if (data.length < 12 || data.toString('latin1', 0, 8) !== 'NTLMSSP\0') {
    return { decoded: `${data.length} octets of NTLM data (no NTLMSSP signature)`, secret: true };
  }
  const type = data.readUInt32LE(8);
  const name = NTLM_TYPES[type] ?? `message type ${type}`;
  if (type !== 3 || data.length < 64) return { decoded: `NTLMSSP ${name}`, secret: false };
  const flags = data.readUInt32LE(60);
  const unicode = (flags & 1) !== 0;
  const field = (at: number): string => {
    const len = data.readUInt16LE(at);
    const off = data.readUInt32LE(at + 4);
    if (off + len > data.length) return '?';
    return data.toString(unicode ? 'utf16le' : 'latin1', off, off + len);
  };
  const domain = field(28);
  const user = field(36);
  const host = field(44);
  const who = domain ? `${domain}\\${user}` : user;
  // The LM/NT responses are what a password cracker wants: the raw line stays masked.
  return { decoded: `NTLMSSP AUTHENTICATE user ${who}${host ? ` from ${host}` : ''}`, secret: true };
}

function isPrintable(data: Buffer): boolean {
  for (let i = 0; i < data.length; i++) {
    const b = data[i]!;
    if (b < 0x20 && b !== 0x09) return false;
    if (b === 0x7f) return false;
  }
  return true;
}
