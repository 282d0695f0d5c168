/**
 * Hand-made IMAP captures, one per violation id: each a short, realistic dialogue that commits that
 * violation (and nothing else where possible). `npm run make:captures` writes them to
 * captures/violations/imap/; test/violation-captures.test.ts checks each triggers its id.
 *
 * Most sessions log in with AUTHENTICATE CRAM-MD5 (RFC 2195), which sends a keyed digest of the
 * server's challenge and not the password, so that they do not also show IMAP-CLEARTEXT-PASSWORD;
 * the digest is the real HMAC-MD5 of the challenge under the secret `tanstaaftanstaaf`.
 */
import { createHmac } from 'node:crypto';
import { deflateSync, constants as zlib } from 'node:zlib';
import type { ConnectionScript, DialogueStep } from '../../src/synth/index.js';
import { clientFinish, clientHello, opaque, serverFlight, tlsRecord } from './tls-handshake.js';
import type { ViolationCapture } from './violation-capture.js';

const CLIENT = { ip: '192.0.2.10', port: 51143 };
const SERVER = { ip: '198.51.100.143', port: 143 };
const HOST = 'imap.example.net';
const USER = 'alice';
const SECRET = 'tanstaaftanstaaf';

type Step = [from: 'C' | 'S', data: string | Buffer, delay?: number];

function steps(list: Step[]): DialogueStep[] {
  return list.map(([from, data, delay]) => ({ from, data, delay: delay ?? (from === 'S' ? 0.004 : 0.02) }));
}

/** An IMAP connection from the usual client to the usual server, starting at `start`. */
function imap(start: number, list: Step[], extra: Partial<ConnectionScript> = {}): ConnectionScript {
  return { client: { ...CLIENT }, server: { ...SERVER }, start, steps: steps(list), ...extra };
}

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

// ---- the servers ------------------------------------------------------------------------------

/** How one server implementation words its greeting and its usual answers. */
interface Server {
  /** The greeting line, CRLF included. */
  greeting: string;
  /** The tagged OK that ends a successful AUTHENTICATE (without the tag). */
  loggedIn: string;
  /** The untagged lines and tagged OK of a successful SELECT. */
  select(tag: string, exists: number, uidValidity: number): string;
  /** The answer to LOGOUT. */
  logout(tag: string): string;
}

/** Dovecot 2.3 as Debian ships it: LITERAL+, IDLE, and CRAM-MD5 enabled beside PLAIN. */
const DOVECOT: Server = {
  greeting: '* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ STARTTLS AUTH=PLAIN AUTH=CRAM-MD5] Dovecot (Debian) ready.\r\n',
  loggedIn:
    'OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT THREAD=REFERENCES MULTIAPPEND UNSELECT CHILDREN NAMESPACE UIDPLUS ' +
    'LIST-EXTENDED I18NLEVEL=1 CONDSTORE QRESYNC ESEARCH WITHIN LIST-STATUS BINARY MOVE LITERAL+] Logged in',
  select: (tag, exists, uidValidity) =>
    '* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n' +
    '* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags permitted.\r\n' +
    `* ${exists} EXISTS\r\n* 0 RECENT\r\n* OK [UIDVALIDITY ${uidValidity}] UIDs valid\r\n* OK [UIDNEXT ${exists + 1}] Predicted next UID\r\n` +
    `${tag} OK [READ-WRITE] Select completed (0.001 + 0.000 secs).\r\n`,
  logout: (tag) => `* BYE Logging out\r\n${tag} OK Logout completed (0.001 + 0.000 secs).\r\n`,
};

/** Cyrus IMAP 3.6: "Completed" and "Ok", COMPRESS=DEFLATE after login. */
const CYRUS: Server = {
  greeting: `* OK [CAPABILITY IMAP4rev1 LITERAL+ ID ENABLE STARTTLS AUTH=CRAM-MD5 AUTH=SCRAM-SHA-1 SASL-IR] ${HOST} Cyrus IMAP 3.6.1-Debian server ready\r\n`,
  loggedIn:
    'OK [CAPABILITY IMAP4rev1 LITERAL+ ID ENABLE ACL RIGHTS=kxten QUOTA MAILBOX-REFERRALS NAMESPACE UIDPLUS NO_ATOMIC_RENAME UNSELECT CHILDREN ' +
    'MULTIAPPEND BINARY CATENATE CONDSTORE ESEARCH SORT THREAD=ORDEREDSUBJECT THREAD=REFERENCES LIST-EXTENDED WITHIN QRESYNC IDLE MOVE ' +
    'COMPRESS=DEFLATE] Success (no protection)',
  select: (tag, exists, uidValidity) =>
    `* ${exists} EXISTS\r\n* 0 RECENT\r\n* FLAGS (\\Answered \\Flagged \\Draft \\Deleted \\Seen)\r\n` +
    '* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Draft \\Deleted \\Seen \\*)] Ok\r\n' +
    `* OK [UIDVALIDITY ${uidValidity}] Ok\r\n* OK [UIDNEXT ${exists + 1}] Ok\r\n${tag} OK [READ-WRITE] Completed\r\n`,
  logout: (tag) => `* BYE LOGOUT received\r\n${tag} OK Completed\r\n`,
};

/** Courier-IMAP 5: no LITERAL+ (it never implemented it). */
const COURIER: Server = {
  greeting:
    '* OK [CAPABILITY IMAP4rev1 UIDPLUS CHILDREN NAMESPACE THREAD=ORDEREDSUBJECT THREAD=REFERENCES SORT QUOTA IDLE AUTH=CRAM-MD5 ACL ACL2=UNION STARTTLS] ' +
    'Courier-IMAP ready. Copyright 1998-2018 Double Precision, Inc.  See COPYING for distribution information.\r\n',
  loggedIn: 'OK LOGIN Ok.',
  select: (tag, exists, uidValidity) =>
    '* FLAGS (\\Draft \\Answered \\Flagged \\Deleted \\Seen \\Recent)\r\n* OK [PERMANENTFLAGS (\\* \\Draft \\Answered \\Flagged \\Deleted \\Seen)] Limited\r\n' +
    `* ${exists} EXISTS\r\n* 0 RECENT\r\n* OK [UIDVALIDITY ${uidValidity}] Ok\r\n${tag} OK [READ-WRITE] Ok\r\n`,
  logout: (tag) => `* BYE Courier-IMAP server shutting down\r\n${tag} OK LOGOUT completed\r\n`,
};

/** A small provider's own IMAP front end: plain wording, no IDLE. */
const SMALL: Server = {
  greeting: `* OK [CAPABILITY IMAP4rev1 LITERAL+ UIDPLUS CHILDREN NAMESPACE AUTH=CRAM-MD5] ${HOST} IMAP4rev1 server ready\r\n`,
  loggedIn: 'OK AUTHENTICATE completed',
  select: (tag, exists, uidValidity) =>
    `* ${exists} EXISTS\r\n* 0 RECENT\r\n* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n` +
    `* OK [UIDVALIDITY ${uidValidity}] UIDs valid\r\n* OK [UIDNEXT ${exists + 1}] Predicted next UID\r\n${tag} OK [READ-WRITE] SELECT completed\r\n`,
  logout: (tag) => `* BYE ${HOST} IMAP4rev1 server terminating connection\r\n${tag} OK LOGOUT completed\r\n`,
};

/** Dovecot with `imap_literal_minus = yes`: LITERAL- (at most 4096 octets) in place of LITERAL+. */
const DOVECOT_LITERAL_MINUS: Server = {
  ...DOVECOT,
  greeting: DOVECOT.greeting.replace('LITERAL+', 'LITERAL-'),
  loggedIn: DOVECOT.loggedIn.replace('LITERAL+', 'LITERAL-'),
};

/**
 * The greeting and an AUTHENTICATE CRAM-MD5 login: the server's challenge names `id` (the process
 * id and clock of RFC 2195), the client answers with its name and the HMAC-MD5 of the challenge.
 */
function login(server: Server, tag: string, id: number): Step[] {
  const challenge = `<${id}.${1_700_000_000 + id}@${HOST}>`;
  const digest = createHmac('md5', SECRET).update(challenge).digest('hex');
  return [
    ['S', server.greeting, 0.005],
    ['C', `${tag} AUTHENTICATE CRAM-MD5\r\n`],
    ['S', `+ ${base64(challenge)}\r\n`],
    ['C', `${base64(`${USER} ${digest}`)}\r\n`],
    ['S', `${tag} ${server.loggedIn}\r\n`, 0.03],
  ];
}

/** Login, then INBOX selected (`exists` messages). */
function inbox(server: Server, tag: (n: number) => string, id: number, exists = 3, uidValidity = 1_700_000_000 + id): Step[] {
  return [...login(server, tag(1), id), ['C', `${tag(2)} SELECT INBOX\r\n`], ['S', server.select(tag(2), exists, uidValidity)]];
}

/** LOGOUT and the server's BYE and OK. */
function logout(server: Server, tag: string): Step[] {
  return [
    ['C', `${tag} LOGOUT\r\n`],
    ['S', server.logout(tag)],
  ];
}

/** Tags numbered with four digits, as many clients make them: A0001, A0002, ... */
const upper = (n: number): string => `A${String(n).padStart(4, '0')}`;
/** Tags as in the RFC examples: a001, a002, ... */
const lower = (n: number): string => `a${String(n).padStart(3, '0')}`;

// ---- messages ---------------------------------------------------------------------------------

/** Message lines joined with `eol`, ending with one. */
function text(eol: string, ...lines: string[]): string {
  return lines.map((l) => l + eol).join('');
}

const HEADER = ['From: Bob Example <bob@example.org>', `To: Alice Example <${USER}@example.net>`, 'Date: Tue, 14 Nov 2023 22:13:20 +0000'];

/** An attachment: its file name, its MIME type, how many octets of filler it holds. */
interface Attachment {
  name: string;
  type: string;
  size: number;
}

/** A message of `body` text lines and one base64 attachment, as lines. */
function withAttachment(subject: string, messageId: string, body: string[], file: Attachment): string[] {
  const encoded = opaque(file.size, file.name).toString('base64');
  return [
    ...HEADER,
    `Subject: ${subject}`,
    `Message-ID: <${messageId}@example.org>`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="=-b1"',
    '',
    '--=-b1',
    'Content-Type: text/plain; charset=us-ascii',
    '',
    ...body,
    '--=-b1',
    `Content-Type: ${file.type}; name="${file.name}"`,
    'Content-Transfer-Encoding: base64',
    `Content-Disposition: attachment; filename="${file.name}"`,
    '',
    ...(encoded.match(/.{1,76}/g) ?? []),
    '--=-b1--',
  ];
}

// ---- the captures ----------------------------------------------------------------------------

/** A message with two non-ASCII letters (two octets each in UTF-8), without a line end after its last line. */
const GREETINGS = `${text('\r\n', ...HEADER, 'Subject: Minutes', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', 'Hello Alice,', 'the minutes are attached.', '', 'Viele Grüße,')}Bob`;

/** A draft saved by a script, CRLF ended. */
const DRAFT = text('\r\n', ...HEADER, 'Subject: Your order 4711', '', 'Dear customer,', 'your order has shipped.');

/** The long APPEND for LITERAL-: a scanned document, over the 4096-octet limit. */
const SCANS = text('\r\n', ...withAttachment('Scans', 'scans.20231114', ['The scans you asked for.', 'Bob'], { name: 'scans.pdf', type: 'application/pdf', size: 3600 }));

/** The message whose download is cut short. */
const LARGE = text(
  '\r\n',
  ...withAttachment('Holiday photos', 'photos.20231114', ['Here is the best one.', 'Bob'], { name: 'IMG_2041.jpg', type: 'image/jpeg', size: 36_000 }),
);

/** UIDs of 2,000 messages picked one by one, listed without ranges. */
const PICKED_UIDS = Array.from({ length: 2000 }, (_, i) => 1001 + 2 * i).join(',');

/** A command compressed with zlib's default format (a 2-byte header before the DEFLATE data). */
function zlibWrapped(command: string): Buffer {
  return deflateSync(command, { finishFlush: zlib.Z_SYNC_FLUSH });
}

/** An ENVELOPE of a message from Bob to Alice and Carol, with `sep` between the two To addresses. */
function envelope(subject: string, sep: string): string {
  const bob = '(("Bob Example" NIL "bob" "example.org"))';
  const to = `(("Alice Example" NIL "alice" "example.net")${sep}("Carol Example" NIL "carol" "example.net"))`;
  return `("Tue, 14 Nov 2023 22:13:20 +0000" ${subject} ${bob} ${bob} ${bob} ${to} NIL NIL NIL "<minutes.1@example.org>")`;
}

export const IMAP_VIOLATION_CAPTURES: ViolationCapture[] = [
  {
    id: 'IMAP-TAG-REUSED',
    story:
      'The client shares one connection between its sync thread and its keep-alive timer, which take tags from an unlocked counter: both send A0003 (UID FETCH, then NOOP 1 ms later) before either completes, and the two "A0003 OK" cannot be told apart.',
    script: imap(1_700_300_000, [
      ...inbox(CYRUS, upper, 5101),
      ['C', 'A0003 UID FETCH 1:* (FLAGS)\r\n'],
      ['C', 'A0003 NOOP\r\n', 0.001],
      ['S', '* 1 FETCH (FLAGS (\\Seen) UID 1)\r\n* 2 FETCH (FLAGS (\\Seen) UID 2)\r\n* 3 FETCH (FLAGS () UID 3)\r\nA0003 OK Completed (0.000 sec)\r\nA0003 OK Completed\r\n'],
      ...logout(CYRUS, 'A0004'),
    ]),
  },
  {
    id: 'IMAP-TAG-UNKNOWN',
    story:
      'A connection-pooling proxy in front of Dovecot keeps its backend connection alive with a NOOP of its own (tag P1) and passes the backend\'s "P1 OK" on to the client, which never sent a P1.',
    script: imap(1_700_300_100, [
      ...inbox(DOVECOT, lower, 5102),
      ['C', 'a003 NOOP\r\n', 120],
      ['S', 'P1 OK NOOP completed (0.001 + 0.000 secs).\r\na003 OK NOOP completed (0.001 + 0.000 secs).\r\n'],
      ...logout(DOVECOT, 'a004'),
    ]),
  },
  {
    id: 'IMAP-LITERAL-LENGTH-MISMATCH',
    story: `The server counts the message's characters, not its octets: the body signs off "Viele Grüße," and ü and ß are two octets each in UTF-8, so {${GREETINGS.length}} announces two octets less than the ${Buffer.byteLength(GREETINGS)} sent, and the last two ("ob" of "Bob") arrive where the ")" should.`,
    script: imap(1_700_300_200, [
      ...inbox(SMALL, upper, 5103, 1),
      ['C', 'A0003 FETCH 1 BODY.PEEK[]\r\n'],
      ['S', `* 1 FETCH (BODY[] {${GREETINGS.length}}\r\n${GREETINGS})\r\nA0003 OK FETCH completed\r\n`],
      ...logout(SMALL, 'A0004'),
    ]),
  },
  {
    id: 'IMAP-LITERAL-TRUNCATED',
    story: `The client downloads a ${LARGE.length}-octet message; three seconds into the {${LARGE.length}} literal the user quits the mail program, which resets the connection.`,
    script: imap(
      1_700_300_300,
      [
        ...inbox(DOVECOT, lower, 5104, 2),
        ['C', 'a003 UID FETCH 2 (BODY.PEEK[])\r\n'],
        ['S', `* 2 FETCH (UID 2 BODY[] {${LARGE.length}}\r\n${LARGE.slice(0, 2800)}`, 0.01],
        ['S', LARGE.slice(2800, 5600), 1.5],
        ['C', '', 1.5],
      ],
      { close: 'rst' },
    ),
  },
  {
    id: 'IMAP-LITERAL-PLUS-NOT-ADVERTISED',
    story:
      'The client searches for a UTF-8 subject ("Réunion") and, used to servers with LITERAL+, sends it as a non-synchronising {8+} literal; Courier-IMAP does not advertise LITERAL+, rejects the command and reads the literal as a command line of its own.',
    script: imap(1_700_300_400, [
      ...inbox(COURIER, upper, 5105),
      ['C', 'A0003 SEARCH CHARSET UTF-8 SUBJECT {8+}\r\nRéunion\r\n'],
      ['S', 'A0003 BAD Error in IMAP command received by server.\r\n* BAD Error in IMAP command received by server.\r\n'],
      ...logout(COURIER, 'A0004'),
    ]),
    alsoTriggers: ['IMAP-BAD-RESPONSE'],
  },
  {
    id: 'IMAP-LITERAL-MINUS-TOO-LONG',
    story: `Dovecot is set up with imap_literal_minus, so it advertises LITERAL- (non-synchronising literals of at most 4096 octets); the client saves a ${SCANS.length}-octet message to Sent as {${SCANS.length}+}, gets BAD [TOOBIG], and sends it again as a synchronising literal.`,
    script: imap(1_700_300_500, [
      ...login(DOVECOT_LITERAL_MINUS, 'a001', 5106),
      ['C', `a002 APPEND Sent (\\Seen) {${SCANS.length}+}\r\n${SCANS}\r\n`],
      ['S', 'a002 BAD [TOOBIG] Non-synchronizing literal size too large\r\n'],
      ['C', `a003 APPEND Sent (\\Seen) {${SCANS.length}}\r\n`],
      ['S', '+ OK\r\n'],
      ['C', `${SCANS}\r\n`],
      ['S', 'a003 OK [APPENDUID 1700005106 1] Append completed (0.004 + 0.000 secs).\r\n'],
      ...logout(DOVECOT, 'a004'),
    ]),
    alsoTriggers: ['IMAP-BAD-RESPONSE'],
  },
  {
    id: 'IMAP-LITERAL-BEFORE-CONTINUATION',
    story:
      'A mail-merge script saves a draft with APPEND and writes the message in the same segment as its {n} announcement, without waiting for Dovecot\'s "+ OK", which then arrives when nothing waits for it any more. A server that refused the literal would read the message lines as commands; LITERAL+\'s {n+} is the legal way to do this.',
    script: imap(1_700_300_600, [
      ...login(DOVECOT, 'a001', 5107),
      ['C', `a002 APPEND Drafts (\\Draft) {${DRAFT.length}}\r\n${DRAFT}\r\n`],
      ['S', '+ OK\r\n'],
      ['S', 'a002 OK [APPENDUID 1700005107 12] Append completed (0.003 + 0.000 secs).\r\n'],
      ...logout(DOVECOT, 'a003'),
    ]),
  },
  {
    id: 'IMAP-COMMAND-INVALID-STATE',
    story:
      'The client opens a folder that was deleted from another device: SELECT gets NO, and the session stays in the authenticated state, but the client goes on with UID FETCH as if the folder were open; the server answers BAD.',
    script: imap(1_700_300_700, [
      ...login(DOVECOT, 'a001', 5108),
      ['C', 'a002 SELECT Archive/2022\r\n'],
      ['S', "a002 NO [NONEXISTENT] Mailbox doesn't exist: Archive/2022 (0.001 + 0.000 secs).\r\n"],
      ['C', 'a003 UID FETCH 1:* (FLAGS)\r\n'],
      ['S', 'a003 BAD No mailbox selected.\r\n'],
      ...logout(DOVECOT, 'a004'),
    ]),
    alsoTriggers: ['IMAP-BAD-RESPONSE'],
  },
  {
    id: 'IMAP-LOGIN-DISABLED',
    story:
      'Dovecot refuses plaintext logins before TLS and says so with LOGINDISABLED in its greeting; an old client ignores it and sends LOGIN anyway: the password crosses the network in clear (masked in the transcript) for a NO [PRIVACYREQUIRED].',
    script: imap(1_700_300_800, [
      ['S', '* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ STARTTLS LOGINDISABLED] Dovecot (Debian) ready.\r\n', 0.005],
      ['C', `a001 LOGIN ${USER} "wonderland"\r\n`],
      ['S', 'a001 NO [PRIVACYREQUIRED] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.\r\n'],
      ...logout(DOVECOT, 'a002'),
    ]),
    alsoTriggers: ['IMAP-CLEARTEXT-PASSWORD'],
  },
  {
    id: 'IMAP-CLEARTEXT-PASSWORD',
    story:
      'As curl does on imap:// URLs: AUTHENTICATE PLAIN with the credentials on the command line (SASL-IR), on port 143 without STARTTLS. Base64 is an encoding, not encryption: anyone on the path reads the password (masked in the transcript).',
    script: imap(1_700_300_900, [
      ['S', DOVECOT.greeting, 0.005],
      ['C', 'A001 CAPABILITY\r\n'],
      ['S', '* CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ STARTTLS AUTH=PLAIN AUTH=CRAM-MD5\r\nA001 OK Pre-login capabilities listed, post-login capabilities have more.\r\n'],
      ['C', `A002 AUTHENTICATE PLAIN ${base64(`\0${USER}\0wonderland`)}\r\n`],
      ['S', `A002 ${DOVECOT.loggedIn}\r\n`, 0.03],
      ['C', 'A003 LIST "" *\r\n'],
      ['S', '* LIST (\\HasNoChildren) "." INBOX\r\n* LIST (\\HasNoChildren \\Sent) "." Sent\r\nA003 OK List completed (0.001 + 0.000 secs).\r\n'],
      ...logout(DOVECOT, 'A004'),
    ]),
  },
  {
    id: 'IMAP-IDLE-NOT-ADVERTISED',
    story:
      'The account moved to a provider whose server has no IDLE (its capabilities say so), but the client still starts IDLE as it did with the old server; the server answers BAD, and the client falls back to polling with NOOP.',
    script: imap(1_700_301_000, [
      ...inbox(SMALL, upper, 5111),
      ['C', 'A0003 IDLE\r\n'],
      ['S', 'A0003 BAD Command unrecognized: IDLE\r\n'],
      ['C', 'A0004 NOOP\r\n', 60],
      ['S', 'A0004 OK NOOP completed\r\n'],
      ...logout(SMALL, 'A0005'),
    ]),
    alsoTriggers: ['IMAP-BAD-RESPONSE'],
  },
  {
    id: 'IMAP-COMMAND-DURING-IDLE',
    story:
      "The client's keep-alive timer fires while IDLE is active and sends NOOP instead of DONE; Dovecot takes the line as the end of IDLE, answers the IDLE with BAD Expected DONE., and never answers the NOOP.",
    script: imap(1_700_301_100, [
      ...inbox(DOVECOT, lower, 5112),
      ['C', 'a003 IDLE\r\n'],
      ['S', '+ idling\r\n'],
      ['S', '* 4 EXISTS\r\n* 1 RECENT\r\n', 95],
      ['C', 'a004 NOOP\r\n', 145],
      ['S', 'a003 BAD Expected DONE.\r\n'],
      ...logout(DOVECOT, 'a005'),
    ]),
    alsoTriggers: ['IMAP-BAD-RESPONSE'],
  },
  {
    id: 'IMAP-STARTTLS-INJECTION',
    story:
      'STARTTLS and CAPABILITY arrive in one segment, as a man in the middle would inject them (CVE-2011-0411): CAPABILITY was sent in clear before the OK, so a server that keeps it in its buffer runs it inside TLS, and its answer reaches the client as if it came through TLS. TLS 1.3 follows.',
    script: imap(1_700_301_200, [
      ['S', '* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ STARTTLS LOGINDISABLED] Dovecot (Debian) ready.\r\n', 0.005],
      ['C', 'a001 STARTTLS\r\na002 CAPABILITY\r\n'],
      ['S', 'a001 OK Begin TLS negotiation now.\r\n'],
      ['C', clientHello(HOST)],
      ['S', serverFlight('imap-starttls')],
      ['C', clientFinish('imap-starttls')],
      ['S', tlsRecord(23, opaque(260, 'imap-starttls/capability'))],
    ]),
  },
  {
    id: 'IMAP-SYNTAX-COMMAND',
    story:
      'The client writes the SEARCH date in ISO form (SINCE 2023-11-01) where IMAP wants 1-Nov-2023; Dovecot answers BAD, and the client tries again with the right form.',
    script: imap(1_700_301_300, [
      ...inbox(DOVECOT, lower, 5114),
      ['C', 'a003 SEARCH SINCE 2023-11-01\r\n'],
      ['S', 'a003 BAD Error in IMAP command SEARCH: Invalid search date parameter: 2023-11-01\r\n'],
      ['C', 'a004 SEARCH SINCE 1-Nov-2023\r\n'],
      ['S', '* SEARCH 2 3\r\na004 OK Search completed (0.001 + 0.000 secs).\r\n'],
      ...logout(DOVECOT, 'a005'),
    ]),
    alsoTriggers: ['IMAP-BAD-RESPONSE'],
  },
  {
    id: 'IMAP-SYNTAX-RESPONSE',
    story:
      'The server copies a Subject with double quotes (Re: the "final" draft) into the ENVELOPE\'s quoted string without escaping them: the string ends at "the ", and the rest of the response cannot be parsed.',
    script: imap(1_700_301_400, [
      ...inbox(SMALL, upper, 5115, 1),
      ['C', 'A0003 FETCH 1 (FLAGS ENVELOPE)\r\n'],
      ['S', `* 1 FETCH (FLAGS (\\Seen) ENVELOPE ${envelope('"Re: the "final" draft"', '')})\r\nA0003 OK FETCH completed\r\n`],
      ...logout(SMALL, 'A0004'),
    ]),
  },
  {
    id: 'IMAP-RESP-TEXT-MISSING',
    story: 'In its answer to SELECT the server ends "* OK [UIDNEXT 4]" after the response code, without the text that must follow it.',
    script: imap(1_700_301_500, [
      ...login(SMALL, 'A0001', 5116),
      ['C', 'A0002 SELECT INBOX\r\n'],
      ['S', '* 3 EXISTS\r\n* 0 RECENT\r\n* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n* OK [UIDVALIDITY 1700005116] UIDs valid\r\n* OK [UIDNEXT 4]\r\nA0002 OK [READ-WRITE] SELECT completed\r\n'],
      ...logout(SMALL, 'A0003'),
    ]),
  },
  {
    id: 'IMAP-ADDRESS-SPACES',
    story:
      'The server writes the two To addresses of an ENVELOPE with a space between them, ((…"alice"…) ("Carol Example"…)), as the line-wrapped example of RFC 3501 §8 reads; the grammar puts nothing between them.',
    script: imap(1_700_301_600, [
      ...inbox(SMALL, upper, 5117, 1),
      ['C', 'A0003 FETCH 1 (FLAGS ENVELOPE)\r\n'],
      ['S', `* 1 FETCH (FLAGS (\\Seen) ENVELOPE ${envelope('"Minutes"', ' ')})\r\nA0003 OK FETCH completed\r\n`],
      ...logout(SMALL, 'A0004'),
    ]),
  },
  {
    id: 'IMAP-BAD-RESPONSE',
    story: 'A client written for Gmail asks for the folder list with XLIST, Gmail\'s old extension; Dovecot does not know the command and answers BAD.',
    script: imap(1_700_301_700, [
      ...login(DOVECOT, 'A0001', 5118),
      ['C', 'A0002 XLIST "" "*"\r\n'],
      ['S', 'A0002 BAD Error in IMAP command XLIST: Unknown command.\r\n'],
      ['C', 'A0003 LIST "" "*"\r\n'],
      ['S', '* LIST (\\HasNoChildren) "." INBOX\r\n* LIST (\\HasNoChildren \\Sent) "." Sent\r\nA0003 OK List completed (0.001 + 0.000 secs).\r\n'],
      ...logout(DOVECOT, 'A0004'),
    ]),
  },
  {
    id: 'IMAP-UNEXPECTED-BYE',
    story: 'After SELECT the client says nothing for 30 minutes; Dovecot\'s autologout timer ends the session with "* BYE Disconnected for inactivity." and no LOGOUT.',
    script: imap(1_700_301_800, [...inbox(DOVECOT, lower, 5119), ['S', '* BYE Disconnected for inactivity.\r\n', 1800]]),
  },
  {
    id: 'IMAP-BARE-CR',
    story:
      'The greeting text comes from a banner file saved with Windows line ends: the text keeps its CR, and the server adds CRLF, so the greeting ends CR CR LF.',
    script: imap(1_700_301_900, [
      ...login({ ...SMALL, greeting: SMALL.greeting.replace(`${HOST} IMAP4rev1 server ready`, 'Example Net mail - authorised users only\r') }, 'A0001', 5120),
      ...logout(SMALL, 'A0002'),
    ]),
  },
  {
    id: 'IMAP-BARE-LF',
    story:
      "A home-made monitoring probe (printf 'a1 CAPABILITY\\na2 LOGOUT\\n' | nc ...) ends its commands with LF alone; Dovecot accepts them and answers with CRLF.",
    script: imap(1_700_302_000, [
      ['S', DOVECOT.greeting, 0.005],
      ['C', 'a1 CAPABILITY\na2 LOGOUT\n'],
      [
        'S',
        '* CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ STARTTLS AUTH=PLAIN AUTH=CRAM-MD5\r\na1 OK Pre-login capabilities listed, post-login capabilities have more.\r\n' +
          DOVECOT.logout('a2'),
      ],
    ]),
  },
  {
    id: 'IMAP-UIDVALIDITY-CHANGED',
    story:
      'An administrator restores INBOX from a backup while the client is connected: when the client selects INBOX again ten minutes later, Cyrus gives it a new UIDVALIDITY, and every UID the client cached is void.',
    script: imap(1_700_302_100, [
      ...inbox(CYRUS, upper, 5122, 3, 1_700_005_122),
      ['C', 'A0003 UID FETCH 1:* (FLAGS)\r\n'],
      ['S', '* 1 FETCH (FLAGS (\\Seen) UID 1)\r\n* 2 FETCH (FLAGS (\\Seen) UID 2)\r\n* 3 FETCH (FLAGS () UID 3)\r\nA0003 OK Completed (0.000 sec)\r\n'],
      ['C', 'A0004 SELECT INBOX\r\n', 600],
      ['S', CYRUS.select('A0004', 3, 1_700_305_740)],
      ...logout(CYRUS, 'A0005'),
    ]),
  },
  {
    id: 'IMAP-CONTINUATION-UNEXPECTED',
    story:
      'The server advertises LITERAL+, and the client saves a draft with a non-synchronising {n+} literal sent with the command; the server still asks for the literal with "+ Ready for literal data", which nothing waits for.',
    script: imap(1_700_302_200, [
      ...login(SMALL, 'A0001', 5123),
      ['C', `A0002 APPEND Drafts (\\Draft) {${DRAFT.length}+}\r\n${DRAFT}\r\n`],
      ['S', '+ Ready for literal data\r\nA0002 OK [APPENDUID 1700005123 7] APPEND completed\r\n'],
      ...logout(SMALL, 'A0003'),
    ]),
  },
  {
    id: 'IMAP-COMPRESS-CORRUPT',
    story:
      'After COMPRESS DEFLATE the client compresses with zlib\'s default format, whose 2-byte header (78 9C) comes before the DEFLATE data; RFC 4978 wants raw DEFLATE, so Cyrus cannot inflate the next command; the client waits 30 seconds for an answer and gives up.',
    script: imap(1_700_302_300, [
      ...login(CYRUS, 'A0001', 5124),
      ['C', 'A0002 COMPRESS DEFLATE\r\n'],
      ['S', 'A0002 OK DEFLATE active\r\n'],
      ['C', zlibWrapped('A0003 SELECT INBOX\r\n')],
      ['C', '', 30],
    ]),
  },
  {
    id: 'IMAP-LINE-TOO-LONG',
    story: `The user selects 2,000 messages one by one and marks them read: the client lists each UID instead of ranges, a UID STORE command line of ${`A0003 UID STORE ${PICKED_UIDS} +FLAGS.SILENT (\\Seen)`.length} octets. Dovecot accepts it; many servers cut or refuse such lines.`,
    script: imap(1_700_302_400, [
      ...inbox(DOVECOT, upper, 5125, 5000),
      ['C', `A0003 UID STORE ${PICKED_UIDS} +FLAGS.SILENT (\\Seen)\r\n`],
      ['S', 'A0003 OK Store completed (0.012 + 0.000 + 0.011 secs).\r\n'],
      ...logout(DOVECOT, 'A0004'),
    ]),
  },
];
