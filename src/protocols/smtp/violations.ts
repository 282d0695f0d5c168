/** SMTP entries of the violation catalogue (ids start with `SMTP-`). */
import type { ViolationSpec } from '../../model/violation.js';

function smtp(id: string, severity: ViolationSpec['severity'], rfc: string, title: string, description: string): ViolationSpec {
  return { id, protocol: 'smtp', severity, rfc, title, description };
}

export const SMTP_VIOLATIONS: ViolationSpec[] = [
  // ---- session opening and order of commands ----
  smtp(
    'SMTP-CMD-BEFORE-GREETING',
    'warning',
    'RFC 5321 §4.3.1',
    'Command sent before the greeting',
    'The client should wait for the server\'s 220 greeting before sending anything. Talking first is the classic mark of spam bots ("early talkers"), and servers that test for it drop the connection.',
  ),
  smtp(
    'SMTP-MAIL-BEFORE-HELO',
    'error',
    'RFC 5321 §4.1.1.1, §4.1.4',
    'Mail transaction without EHLO/HELO',
    'A client must identify itself with EHLO (or HELO) before starting a mail transaction with MAIL. Servers answer 503 and the transaction fails.',
  ),
  smtp(
    'SMTP-NESTED-MAIL',
    'error',
    'RFC 5321 §4.1.4',
    'MAIL inside an open transaction',
    'MAIL must not be sent while a mail transaction is open: the previous one has to end with the end of data, RSET or a new EHLO first. Servers answer 503, and a client that ignores it mixes up two envelopes.',
  ),
  smtp(
    'SMTP-RCPT-WITHOUT-MAIL',
    'error',
    'RFC 5321 §3.3, §4.1.4',
    'RCPT without a MAIL transaction',
    'RCPT names a recipient of the transaction that MAIL opened; without an accepted (or pending) MAIL there is nothing to add it to, and the server must answer 503.',
  ),
  smtp(
    'SMTP-DATA-WITHOUT-RCPT',
    'error',
    'RFC 5321 §3.3',
    'DATA/BDAT without an accepted recipient',
    'Mail transaction commands must come in the order MAIL, RCPT, DATA. Sending the message when no MAIL or no recipient is open (none sent, or all already refused) means the content cannot be delivered; servers answer 503 or 554.',
  ),
  smtp(
    'SMTP-UNKNOWN-COMMAND',
    'warning',
    'RFC 5321 §2.2.2, §4.2.4',
    'Unknown command',
    'The verb is not an SMTP command or a registered extension (private commands start with X). Servers answer 500; a stream of these often means the client is not speaking SMTP at all, or that message text is being read as commands.',
  ),
  smtp(
    'SMTP-COMMAND-SYNTAX',
    'error',
    'RFC 5321 §4.1.1',
    'Command arguments do not follow the syntax',
    'A known command is sent with arguments its syntax does not allow: HELO/EHLO without a domain, DATA/RSET/QUIT with parameters, VRFY/EXPN without an argument, AUTH without a mechanism. Servers answer 501.',
  ),
  smtp(
    'SMTP-PATH-SPACE-AFTER-COLON',
    'warning',
    'RFC 5321 §3.3, §4.1.2',
    'Space after "FROM:" / "TO:"',
    'The path must follow the colon directly ("MAIL FROM:<a@b>"); spaces on either side of the colon are explicitly not permitted. Many servers tolerate it, strict ones answer 501.',
  ),
  smtp(
    'SMTP-PATH-SYNTAX',
    'error',
    'RFC 5321 §4.1.2',
    'Malformed MAIL/RCPT path',
    'The reverse-path or forward-path does not follow the grammar: missing angle brackets, a mailbox without "@domain", an invalid domain, "<>" as a recipient, a non-ASCII address without SMTPUTF8, or malformed parameters.',
  ),
  smtp(
    'SMTP-EXTENSION-NOT-ADVERTISED',
    'error',
    'RFC 5321 §2.2, §4.1.1.3',
    'Extension used without being advertised',
    'The client used a command or a MAIL/RCPT parameter (BDAT, STARTTLS, AUTH, SIZE=, BODY=, SMTPUTF8, DSN parameters, ...) that the server did not list in its EHLO reply. Clients must only use extensions the server offered.',
  ),

  // ---- line format and limits ----
  smtp(
    'SMTP-BARE-LF',
    'error',
    'RFC 5321 §2.3.8',
    'Line ended by a bare LF',
    'SMTP lines end with CRLF and nothing else. A bare LF (without CR) in commands, replies or message content is interpreted differently by different implementations, which is the root of SMTP smuggling.',
  ),
  smtp(
    'SMTP-BARE-CR',
    'error',
    'RFC 5321 §2.3.8',
    'Bare CR inside a line',
    'A CR that is not followed by LF must not be sent. Some servers treat it as a line end and others do not, so the two ends of a relay can disagree on where lines (and the message) end.',
  ),
  smtp(
    'SMTP-COMMAND-LINE-TOO-LONG',
    'error',
    'RFC 5321 §4.5.3.1.4',
    'Command line too long',
    'A command line, including the verb and the CRLF, may be at most 512 octets (extensions raise it for MAIL/RCPT parameters; SASL responses may reach 12288). Servers may answer 500 or cut the line, and the cut remainder is then read as another command.',
  ),
  smtp(
    'SMTP-REPLY-LINE-TOO-LONG',
    'error',
    'RFC 5321 §4.5.3.1.5',
    'Reply line too long',
    'A reply line, including the code and the CRLF, may be at most 512 octets; longer text has to be split into a multi-line reply.',
  ),
  smtp(
    'SMTP-DATA-LINE-TOO-LONG',
    'error',
    'RFC 5321 §4.5.3.1.6',
    'Message line too long',
    'A line of message text sent with DATA may be at most 1000 octets including the CRLF (not counting a dot added for transparency). Longer lines get wrapped or rejected on the way, which breaks signatures and encodings.',
  ),

  // ---- DATA and BDAT ----
  smtp(
    'SMTP-SMUGGLING-END-OF-DATA',
    'error',
    'RFC 5321 §4.1.1.4, §2.3.8',
    'End-of-data sequence other than CRLF.CRLF',
    'Message content contains a dot line delimited by bare LF or bare CR (e.g. <LF>.<LF>, <CR>.<CR>, <CR><LF>.<LF>). Only <CRLF>.<CRLF> ends the data, but lenient servers also accept these, so a sender can hide a second message in the first and have it delivered by the next hop (SMTP smuggling).',
  ),
  smtp(
    'SMTP-DATA-BEFORE-354',
    'error',
    'RFC 5321 §3.3; RFC 2920 §3.1',
    'Message content sent before the 354 reply',
    'The client must not send message data until the server has answered DATA with 354; even with PIPELINING, DATA ends a command group. If the server refuses DATA, the content is read as commands.',
  ),
  smtp(
    'SMTP-DATA-INCOMPLETE',
    'error',
    'RFC 5321 §4.1.1.4, §4.1.1.10',
    'Connection ended inside DATA',
    'The connection ended before the end-of-data line: the message was not transferred, and the sender must not close before QUIT. (Also reported when the capture is cut short.)',
  ),
  smtp(
    'SMTP-8BIT-WITHOUT-BODY',
    'error',
    'RFC 5321 §2.4; RFC 6152 §3; RFC 6531 §3.2',
    '8-bit content without BODY=8BITMIME or SMTPUTF8',
    'Unextended SMTP carries 7-bit text only. A client that sends octets with the high bit set must declare BODY=8BITMIME (or BINARYMIME, or SMTPUTF8) on MAIL; otherwise servers may strip the high bit or reject the message.',
  ),
  smtp(
    'SMTP-SIZE-OVER-LIMIT',
    'warning',
    'RFC 1870 §4',
    'Message larger than the SIZE the server advertised',
    'The server announced the largest message it accepts with SIZE in its EHLO reply, and this message is larger: the transfer is wasted, a server must refuse it with 552.',
  ),
  smtp(
    'SMTP-SIZE-OVER-DECLARED',
    'info',
    'RFC 1870 §6.3',
    'Message larger than the SIZE declared on MAIL',
    'SIZE= on MAIL is the client\'s estimate, which should err on the large side. A message larger than declared is permitted, but the server may still refuse it after the transfer.',
  ),
  smtp(
    'SMTP-BDAT-INVALID',
    'error',
    'RFC 3030 §2',
    'Malformed BDAT command',
    'BDAT takes a decimal chunk size and an optional LAST ("BDAT 86 LAST"). A missing, negative, non-numeric or absurdly large size, or extra words, leave the two sides unable to agree on where the chunk ends.',
  ),
  smtp(
    'SMTP-BDAT-LENGTH-MISMATCH',
    'error',
    'RFC 3030 §2',
    'BDAT size disagrees with the bytes sent',
    'Exactly the declared number of octets must follow the BDAT line. Here the chunk was shorter (commands appear where chunk bytes should be) or longer (the bytes after the chunk are not a command), so client and server are out of step.',
  ),
  smtp(
    'SMTP-BDAT-DATA-MIXED',
    'error',
    'RFC 3030 §2',
    'BDAT and DATA in one transaction',
    'A transaction is sent either with DATA or with BDAT chunks, never both.',
  ),
  smtp(
    'SMTP-BDAT-INCOMPLETE',
    'error',
    'RFC 3030 §2; RFC 5321 §4.1.1.10',
    'Connection ended inside BDAT',
    'The connection ended before the declared chunk octets arrived, or after BDAT chunks without the final BDAT ... LAST: the message was not completed.',
  ),

  // ---- pipelining ----
  smtp(
    'SMTP-PIPELINING-NOT-ADVERTISED',
    'error',
    'RFC 5321 §4.3.1; RFC 2920 §3',
    'Pipelining without PIPELINING',
    'Unless the server advertised PIPELINING, the client must wait for each reply before sending the next command. Servers that do not pipeline may discard the extra input or answer out of step.',
  ),
  smtp(
    'SMTP-PIPELINING-AFTER-GROUP-END',
    'error',
    'RFC 2920 §3.1; RFC 4954 §4',
    'Command sent before the reply to a group-ending command',
    'EHLO, DATA, VRFY, EXPN, TURN, QUIT, NOOP (and AUTH) change the session state, so even with PIPELINING they must be the last command of a group: the client has to wait for their reply before sending more.',
  ),

  // ---- replies ----
  smtp(
    'SMTP-REPLY-CODE-MALFORMED',
    'error',
    'RFC 5321 §4.2, §4.3.2',
    'Malformed reply code',
    'Every reply line starts with a three-digit code whose first digit is 2-5 and second 0-5, followed by a space, a hyphen (more lines follow) or the line end.',
  ),
  smtp(
    'SMTP-MULTILINE-CODE-MISMATCH',
    'error',
    'RFC 5321 §4.2.1',
    'Multi-line reply with different codes',
    'All lines of a multi-line reply must carry the same code; clients may act on any of them.',
  ),
  smtp(
    'SMTP-UNEXPECTED-REPLY',
    'error',
    'RFC 5321 §4.2',
    'Reply without a command',
    'Every command gets exactly one reply. A reply with no command waiting for it (other than the greeting and an asynchronous 421) puts the dialogue out of step: the client will take it as the answer to its next command.',
  ),
  smtp(
    'SMTP-ENHANCED-CODE-MISMATCH',
    'warning',
    'RFC 3463 §2; RFC 2034',
    'Enhanced status class disagrees with the reply code',
    'The class of an RFC 3463 enhanced status code (2.x.x success, 4.x.x transient, 5.x.x permanent) must agree with the first digit of the reply code it accompanies.',
  ),

  // ---- STARTTLS and AUTH ----
  smtp(
    'SMTP-STARTTLS-COMMAND-INJECTION',
    'error',
    'RFC 3207 §4.2; CVE-2011-0411',
    'Commands sent after STARTTLS before the TLS handshake',
    'The client sent more bytes after STARTTLS without waiting for the 220. A server that keeps them in its input buffer runs them inside the TLS session as if they were protected: a man in the middle can inject commands this way.',
  ),
  smtp(
    'SMTP-STARTTLS-RESPONSE-INJECTION',
    'error',
    'RFC 3207 §4.2',
    'Replies sent after the STARTTLS 220 before the TLS handshake',
    'The server sent more lines right after its 220 to STARTTLS. A client that keeps them reads them as replies inside the TLS session: a man in the middle can inject responses this way.',
  ),
  smtp(
    'SMTP-AUTH-CLEARTEXT',
    'warning',
    'RFC 8314 §3; RFC 4954 §4',
    'Authentication on an unencrypted connection',
    'AUTH was used without TLS: PLAIN and LOGIN send the password in base64 that anyone on the path can read, and even challenge-response mechanisms expose material for offline guessing.',
  ),
  smtp(
    'SMTP-AUTH-INVALID-BASE64',
    'error',
    'RFC 4954 §4',
    'SASL response is not valid base64',
    'Initial responses and answers to 334 challenges must be base64 (or "*" to cancel, "=" for an empty initial response). The server must reject anything else with 501.',
  ),

  // ---- end of session ----
  smtp(
    'SMTP-AFTER-QUIT',
    'error',
    'RFC 5321 §4.1.1.10',
    'Traffic after QUIT was answered',
    'After the 221 reply to QUIT the server closes the channel and the client sends nothing more. Bytes after that point are ignored by a correct peer, or point at a confused or hostile one.',
  ),
];
