/** POP3 entries of the violation catalogue (ids start with `POP3-`). */
import type { ViolationSpec } from '../../model/violation.js';

export const POP3_VIOLATIONS: ViolationSpec[] = [
  {
    id: 'POP3-COMMAND-WRONG-STATE',
    protocol: 'pop3',
    severity: 'error',
    rfc: 'RFC 1939 §3, §4, §5, §6',
    title: 'Command not allowed in the current state',
    description:
      'Each POP3 command is valid only in some states: USER, PASS, APOP and AUTH in AUTHORIZATION (PASS only right after a successful USER), STAT, LIST, RETR, DELE and the like only in TRANSACTION, nothing after QUIT. A command outside its state means client and server disagree about the session.',
  },
  {
    id: 'POP3-UNKNOWN-COMMAND',
    protocol: 'pop3',
    severity: 'warning',
    rfc: 'RFC 1939 §3; RFC 2449 §4',
    title: 'Unknown command',
    description:
      'The client sent a keyword that no POP3 specification (RFC 1939, 2449, 2595, 5034, 6856) defines. Servers answer -ERR; a stream of unknown commands often means the connection is not really POP3 or the client is probing.',
  },
  {
    id: 'POP3-BAD-ARGUMENTS',
    protocol: 'pop3',
    severity: 'error',
    rfc: 'RFC 1939 §5, §6, §7; RFC 2449 §5',
    title: 'Missing or malformed command arguments',
    description:
      'The command lacks a required argument, has one too many, or an argument is not in the required form (message numbers are decimal and start at 1, the APOP digest is 32 lower-case hex digits).',
  },
  {
    id: 'POP3-INVALID-RESPONSE',
    protocol: 'pop3',
    severity: 'error',
    rfc: 'RFC 1939 §3',
    title: 'Response is neither +OK nor -ERR',
    description:
      'Every POP3 response starts with a status indicator, "+OK" or "-ERR" in upper case (or "+ " for a SASL continuation during AUTH). Anything else cannot be matched to a command; a run of such lines is reported once.',
  },
  {
    id: 'POP3-UNSOLICITED-RESPONSE',
    protocol: 'pop3',
    severity: 'error',
    rfc: 'RFC 1939 §3',
    title: 'Response with no pending command',
    description:
      'The server sent a status line although every command had been answered (and the greeting had been sent). Extra responses shift every later command/response pair and are a sign of response injection or a broken server.',
  },
  {
    id: 'POP3-COMMAND-LINE-TOO-LONG',
    protocol: 'pop3',
    severity: 'error',
    rfc: 'RFC 2449 §4',
    title: 'Command line over 255 octets',
    description:
      'A command line, including the terminating CRLF, must not exceed 255 octets (this includes AUTH with an initial response; later SASL response lines are not commands and are not counted). Longer lines are truncated or rejected by servers, or overflow their buffers.',
  },
  {
    id: 'POP3-RESPONSE-LINE-TOO-LONG',
    protocol: 'pop3',
    severity: 'error',
    rfc: 'RFC 2449 §4',
    title: 'Response line over 512 octets',
    description:
      'The first line of a response, including the greeting and the terminating CRLF, must not exceed 512 octets. Lines inside a multi-line response are not limited by this rule.',
  },
  {
    id: 'POP3-MULTILINE-UNTERMINATED',
    protocol: 'pop3',
    severity: 'error',
    rfc: 'RFC 1939 §3',
    title: 'Multi-line response not terminated',
    description:
      'A multi-line response ends with a line holding a single "." (CRLF.CRLF). This one was cut short: the connection ended, or the next response began, before the terminating line, so the client cannot know where the response ends. (Also reported when the capture is cut short.)',
  },
  {
    id: 'POP3-DOT-STUFFING',
    protocol: 'pop3',
    severity: 'error',
    rfc: 'RFC 1939 §3',
    title: 'Multi-line response line not dot-stuffed',
    description:
      'In a multi-line response every line that begins with "." is byte-stuffed with a second ".". A line starting with a single "." followed by other text shows the server did not stuff it, so the client strips a "." that belonged to the content. Reported once per response with a count.',
  },
  {
    id: 'POP3-MALFORMED-LISTING',
    protocol: 'pop3',
    severity: 'error',
    rfc: 'RFC 1939 §5, §7',
    title: 'Malformed STAT, scan or unique-id listing',
    description:
      'STAT answers "+OK count size", a scan listing is "msg size" and a unique-id listing is "msg uid" (uid 1 to 70 characters 0x21-0x7E), all in decimal with single spaces, and LIST/UIDL with an argument must answer for that message. Clients parse these lines literally.',
  },
  {
    id: 'POP3-SIZE-MISMATCH',
    protocol: 'pop3',
    severity: 'warning',
    rfc: 'RFC 1939 §5 (LIST), §11',
    title: 'RETR size differs from the scan listing',
    description:
      'A scan listing gives the exact size of the message. Counted as RFC 1939 §11 does: the message as the client receives it after removing the dot-stuffing, each line ending counted as sent (CRLF is two octets), without the terminating "." line. Clients use the size for progress, quotas and truncation decisions.',
  },
  {
    id: 'POP3-MSG-OUT-OF-RANGE-ACCEPTED',
    protocol: 'pop3',
    severity: 'error',
    rfc: 'RFC 1939 §5',
    title: 'Server accepted a message number that does not exist',
    description:
      'Message numbers run from 1 to the number of messages in the maildrop (known here from STAT or LIST). The server answered +OK to RETR, TOP, DELE, LIST or UIDL for a number outside that range, where it must answer -ERR.',
  },
  {
    id: 'POP3-MSG-DELETED-ACCEPTED',
    protocol: 'pop3',
    severity: 'error',
    rfc: 'RFC 1939 §5',
    title: 'Server accepted a deleted message',
    description:
      'After DELE marks a message as deleted, RETR, TOP, DELE, LIST and UIDL for it must be answered -ERR until RSET. The server answered +OK.',
  },
  {
    id: 'POP3-PIPELINING-NOT-ADVERTISED',
    protocol: 'pop3',
    severity: 'warning',
    rfc: 'RFC 2449 §6.6',
    title: 'Pipelining without the PIPELINING capability',
    description:
      'The client sent a command before the response to the previous one had arrived, although the server had not advertised PIPELINING in its CAPA response. Servers without it may drop or misorder the extra commands. Reported once per session.',
  },
  {
    id: 'POP3-STLS-COMMAND-INJECTION',
    protocol: 'pop3',
    severity: 'error',
    rfc: 'RFC 2595 §4; CVE-2011-0411',
    title: 'Commands sent after STLS before the TLS handshake',
    description:
      'The client sent more bytes after STLS without waiting for the +OK. A server that keeps them in its input buffer runs them inside the TLS session as if they were protected: a man in the middle can inject commands this way. They are shown here and not carried into the TLS stream.',
  },
  {
    id: 'POP3-STLS-RESPONSE-INJECTION',
    protocol: 'pop3',
    severity: 'error',
    rfc: 'RFC 2595 §4',
    title: 'Responses sent after the STLS +OK before the TLS handshake',
    description:
      'The server sent more bytes right after its +OK to STLS. A client that keeps them reads them as responses inside the TLS session: a man in the middle can inject responses this way.',
  },
  {
    id: 'POP3-AUTH-CLEARTEXT',
    protocol: 'pop3',
    severity: 'warning',
    rfc: 'RFC 8314 §3; RFC 2595 §2',
    title: 'Password sent without TLS',
    description:
      'PASS, or AUTH with a mechanism that carries the password or bearer token in clear (PLAIN, LOGIN, XOAUTH2, OAUTHBEARER), on a connection without TLS: anyone on the path can read it. APOP and challenge-response mechanisms are not reported (they do not reveal the password itself). Reported once per session.',
  },
  {
    id: 'POP3-BARE-LF',
    protocol: 'pop3',
    severity: 'error',
    rfc: 'RFC 1939 §3',
    title: 'Line ended by LF without CR',
    description:
      'POP3 commands and responses are terminated by CRLF. An LF alone is read differently by different implementations (a classic source of desynchronisation). Reported once per direction for command and status lines, and once per multi-line response with a count.',
  },
  {
    id: 'POP3-BARE-CR',
    protocol: 'pop3',
    severity: 'error',
    rfc: 'RFC 1939 §3',
    title: 'CR not followed by LF',
    description:
      'A CR inside a line that is not part of CRLF. Some implementations end the line there, others keep it, so the two ends can disagree on the dialogue. Reported once per direction for command and status lines, and once per multi-line response with a count.',
  },
  {
    id: 'POP3-AUTH-INVALID-BASE64',
    protocol: 'pop3',
    severity: 'error',
    rfc: 'RFC 5034 §4',
    title: 'Invalid base64 in an AUTH exchange',
    description:
      'SASL challenges, responses and the initial response of AUTH are base64 (with "=" for an empty initial response and "*" to cancel). Text that is not valid base64 must be rejected; servers that accept it decode it unpredictably.',
  },
];
