/** One-sentence explanations of POP3 commands for the transcript's `--explain`. */

const EXPLANATIONS: ReadonlyMap<string, { text: string; rfc: string }> = new Map([
  ['USER', { text: 'USER names the mailbox (user) to log in to; PASS with the password must follow', rfc: 'RFC 1939 §7' }],
  ['PASS', { text: 'PASS gives the password for the mailbox named by the preceding USER, in clear text', rfc: 'RFC 1939 §7' }],
  ['APOP', { text: 'APOP logs in with a name and an MD5 digest of the greeting timestamp and a shared secret, so the password itself is not sent', rfc: 'RFC 1939 §7' }],
  ['AUTH', { text: 'AUTH starts a SASL login with the named mechanism; challenges and responses follow as base64 lines', rfc: 'RFC 5034 §4' }],
  ['STAT', { text: 'STAT asks for the number of messages in the maildrop and their total size in octets', rfc: 'RFC 1939 §5' }],
  ['LIST', { text: 'LIST gives the size of one message, or without an argument a listing of every message and its size', rfc: 'RFC 1939 §5' }],
  ['UIDL', { text: 'UIDL gives the unique id the server keeps for a message across sessions, or for every message', rfc: 'RFC 1939 §7' }],
  ['RETR', { text: 'RETR downloads the whole message with the given number', rfc: 'RFC 1939 §5' }],
  ['TOP', { text: 'TOP downloads the header of a message and the first n lines of its body', rfc: 'RFC 1939 §7' }],
  ['DELE', { text: 'DELE marks a message as deleted; it is removed only when QUIT ends the session', rfc: 'RFC 1939 §5' }],
  ['NOOP', { text: 'NOOP does nothing but get a +OK: it keeps the connection alive', rfc: 'RFC 1939 §5' }],
  ['RSET', { text: 'RSET unmarks every message marked as deleted in this session', rfc: 'RFC 1939 §5' }],
  ['QUIT', { text: 'QUIT ends the session; after a login the server now really deletes the messages marked by DELE (UPDATE state)', rfc: 'RFC 1939 §6' }],
  ['CAPA', { text: 'CAPA asks the server which extensions it supports (STLS, SASL mechanisms, PIPELINING, TOP, UIDL, ...)', rfc: 'RFC 2449 §5' }],
  ['STLS', { text: 'STLS asks to switch the connection to TLS; after +OK both sides start the TLS handshake', rfc: 'RFC 2595 §4' }],
  ['UTF8', { text: 'UTF8 tells the server the client accepts UTF-8 in user names, passwords and messages', rfc: 'RFC 6856 §2' }],
  ['LANG', { text: 'LANG chooses the language of the server\u2019s response texts, or lists the languages it offers', rfc: 'RFC 6856 §3' }],
]);

/** A short explanation of a POP3 command (upper-case keyword), or undefined for an unknown one. */
export function explainPop3Command(verb: string): { text: string; rfc: string } | undefined {
  return EXPLANATIONS.get(verb.toUpperCase());
}
