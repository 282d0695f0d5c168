/** One-sentence explanations of SMTP commands for the transcript's `--explain` (aimed at students). */

interface Explanation {
  text: string;
  rfc: string;
}

const EXPLANATIONS: Record<string, Explanation> = {
  HELO: { text: 'HELO opens the session and names the client (the original, extension-less greeting)', rfc: 'RFC 5321 §4.1.1.1' },
  EHLO: {
    text: 'EHLO opens the session, names the client, and asks the server to list the extensions it supports',
    rfc: 'RFC 5321 §4.1.1.1',
  },
  LHLO: { text: 'LHLO is the LMTP greeting: like EHLO, for local delivery to a mailbox store', rfc: 'RFC 2033 §4.1' },
  MAIL: {
    text: 'MAIL FROM starts a mail transaction and names the sender (the envelope return path that bounces go to)',
    rfc: 'RFC 5321 §4.1.1.2',
  },
  RCPT: { text: 'RCPT TO adds one recipient to the transaction; the server accepts or refuses each one', rfc: 'RFC 5321 §4.1.1.3' },
  DATA: {
    text: 'DATA asks to send the message itself; after a 354 reply the text follows, ended by a line holding only "."',
    rfc: 'RFC 5321 §4.1.1.4',
  },
  BDAT: {
    text: 'BDAT sends the message in chunks of exactly the stated size, with no dot-stuffing; LAST marks the final chunk',
    rfc: 'RFC 3030 §2',
  },
  RSET: { text: 'RSET aborts the current mail transaction and clears the sender, recipients and data', rfc: 'RFC 5321 §4.1.1.5' },
  VRFY: { text: 'VRFY asks whether a user or mailbox exists on the server', rfc: 'RFC 5321 §4.1.1.6' },
  EXPN: { text: 'EXPN asks the server to list the members of a mailing list', rfc: 'RFC 5321 §4.1.1.7' },
  HELP: { text: 'HELP asks the server for help text, optionally about one command', rfc: 'RFC 5321 §4.1.1.8' },
  NOOP: { text: 'NOOP does nothing but get a 250 reply: a keep-alive or a synchronisation point', rfc: 'RFC 5321 §4.1.1.9' },
  QUIT: { text: 'QUIT ends the session: the server answers 221 and closes the connection', rfc: 'RFC 5321 §4.1.1.10' },
  STARTTLS: {
    text: 'STARTTLS asks to switch the connection to TLS; after the 220 reply both sides start the TLS handshake',
    rfc: 'RFC 3207 §4',
  },
  AUTH: {
    text: 'AUTH logs the client in with a SASL mechanism; base64 challenges (334) and answers follow until 235 or an error',
    rfc: 'RFC 4954 §4',
  },
  ETRN: { text: 'ETRN asks the server to start delivering the mail it has queued for a domain', rfc: 'RFC 1985 §5' },
  ATRN: { text: 'ATRN asks the server to reverse roles and deliver queued mail over this connection', rfc: 'RFC 2645 §4' },
  TURN: { text: 'TURN (obsolete) asked the server to swap client and server roles', rfc: 'RFC 821 §4.1.1' },
  BURL: { text: 'BURL adds message content fetched from an IMAP URL instead of sending it inline', rfc: 'RFC 4468 §3' },
  SEND: { text: 'SEND (obsolete) asked to deliver the message to a terminal instead of a mailbox', rfc: 'RFC 821 §4.1.1' },
  SOML: { text: 'SOML (obsolete) asked to deliver to a terminal or else to a mailbox', rfc: 'RFC 821 §4.1.1' },
  SAML: { text: 'SAML (obsolete) asked to deliver to a terminal and to a mailbox', rfc: 'RFC 821 §4.1.1' },
};

/** A one-sentence explanation of an SMTP command verb, or undefined for verbs it does not know. */
export function explainSmtpCommand(verb: string): Explanation | undefined {
  const v = verb.toUpperCase();
  const known = EXPLANATIONS[v];
  if (known) return known;
  if (/^X[A-Z0-9-]*$/.test(v) && v.length > 1) {
    return { text: `${v} is a private (X-) command agreed between this client and server`, rfc: 'RFC 5321 §4.1.5' };
  }
  return undefined;
}
