/**
 * SASL as SMTP carries it (RFC 4954): base64 challenges in `334` replies and base64 client
 * responses. What each mechanism's data means (PLAIN, LOGIN, CRAM-MD5, XOAUTH2, OAUTHBEARER,
 * SCRAM-*, NTLM, ...) is read by the SASL reader shared with POP3 and IMAP (`../sasl.ts`); this
 * module adds SMTP's framing: `*` cancels, `=` is an empty initial response.
 */
import { isBase64, MASK, readChallenge, readResponse } from '../sasl.js';

export { MASK };

/** Strict base64 (RFC 4648 alphabet and padding); null when the text is not base64. */
export function decodeBase64(text: string): Buffer | null {
  return isBase64(text) ? Buffer.from(text, 'base64') : null;
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
  const r = readResponse(ctx.mechanism, ctx.step, data, ctx.challenge, ctx.showSecrets);
  return { decoded: r.text, secret: r.secret };
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
  return readChallenge(mechanism, data);
}
