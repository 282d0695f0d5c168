/**
 * Hand-made SMTP captures, one per violation id: each a short, realistic dialogue that commits that
 * violation (and nothing else where possible). `npm run make:captures` writes them to
 * captures/violations/smtp/; test/violation-captures.test.ts checks each triggers its id.
 *
 * Most sessions are a relay (`mail.example.org`, 192.0.2.20) handing a message to the Postfix MX of
 * example.net (198.51.100.25, port 25), with Postfix's own reply texts and EHLO list. The relay does
 * not authenticate, so that the captures do not also show SMTP-AUTH-CLEARTEXT; the other clients
 * (a spam bot, a scanner, a web shop, a mail program on port 587, ...) are named in each story.
 */
import type { ConnectionScript, DialogueStep } from '../../src/synth/index.js';
import { clientFinish, clientHello, opaque, serverFlight, tlsRecord } from './tls-handshake.js';
import type { ViolationCapture } from './violation-capture.js';

const MX_HOST = 'mx.example.net';
const MX = { ip: '198.51.100.25', port: 25 };
/** The submission service of example.net (port 587), where users' mail programs log in. */
const SUBMISSION = { ip: '198.51.100.26', port: 587 };

/** The clients: another domain's mail server, and the odd ones the stories name. */
const RELAY = { ip: '192.0.2.20', port: 41822 };
const BOT = { ip: '192.0.2.66', port: 61337 };
const DEVICE = { ip: '192.0.2.80', port: 1031 };
const WEB = { ip: '192.0.2.30', port: 52814 };
const LAPTOP = { ip: '192.0.2.50', port: 50587 };

type Step = [from: 'C' | 'S', data: string | Buffer, delay?: number];

function steps(list: Step[]): DialogueStep[] {
  return list.map(([from, data, delay]) => ({ from, data, delay: delay ?? (from === 'S' ? 0.004 : 0.02) }));
}

/** A connection from `client` (default the relay) to the MX, starting at `start`. */
function smtp(start: number, list: Step[], extra: Partial<ConnectionScript> = {}): ConnectionScript {
  return { client: { ...RELAY }, server: { ...MX }, start, steps: steps(list), ...extra };
}

// ---- what the servers say ---------------------------------------------------------------------

const GREETING = `220 ${MX_HOST} ESMTP Postfix (Debian/GNU)\r\n`;

/** Postfix's EHLO keywords, in Postfix's order. */
const POSTFIX_KEYWORDS = ['PIPELINING', 'SIZE 10240000', 'VRFY', 'ETRN', 'STARTTLS', 'ENHANCEDSTATUSCODES', '8BITMIME', 'DSN', 'SMTPUTF8', 'CHUNKING'];

/** A multi-line 250 reply to EHLO: the host name, then one keyword a line. */
function ehloReply(host: string, keywords: string[]): string {
  const lines = [host, ...keywords];
  return lines.map((l, i) => `250${i === lines.length - 1 ? ' ' : '-'}${l}\r\n`).join('');
}

/** The same on the submission port, where users log in. */
const SUBMISSION_KEYWORDS = ['PIPELINING', 'SIZE 10240000', 'VRFY', 'ETRN', 'STARTTLS', 'AUTH PLAIN LOGIN', 'ENHANCEDSTATUSCODES', '8BITMIME', 'DSN', 'SMTPUTF8', 'CHUNKING'];

/** Postfix's EHLO list without `omit`, with `size` as its SIZE limit if given. */
function postfixKeywords(omit: string[], size?: number): string[] {
  return POSTFIX_KEYWORDS.filter((k) => !omit.includes(k)).map((k) => (size !== undefined && k.startsWith('SIZE ') ? `SIZE ${size}` : k));
}

/** Greeting, EHLO from `name` and Postfix's reply with `keywords`. */
function hello(name = 'mail.example.org', keywords = POSTFIX_KEYWORDS): Step[] {
  return [
    ['S', GREETING, 0.005],
    ['C', `EHLO ${name}\r\n`],
    ['S', ehloReply(MX_HOST, keywords)],
  ];
}

/** MAIL and one RCPT, both accepted. */
function envelope(from = 'bob@example.org', to = 'alice@example.net', mailParams = ''): Step[] {
  return [
    ['C', `MAIL FROM:<${from}>${mailParams}\r\n`],
    ['S', '250 2.1.0 Ok\r\n'],
    ['C', `RCPT TO:<${to}>\r\n`],
    ['S', '250 2.1.5 Ok\r\n'],
  ];
}

/** DATA, 354, the message text and the end-of-data line, and Postfix's 250 with `queueId`. */
function data(message: string, queueId: string): Step[] {
  return [
    ['C', 'DATA\r\n'],
    ['S', '354 End data with <CR><LF>.<CR><LF>\r\n'],
    ['C', `${message}.\r\n`],
    ['S', `250 2.0.0 Ok: queued as ${queueId}\r\n`, 0.03],
  ];
}

const QUIT: Step[] = [
  ['C', 'QUIT\r\n'],
  ['S', '221 2.0.0 Bye\r\n'],
];

// ---- messages ---------------------------------------------------------------------------------

/** Lines each followed by `eol`. */
function text(eol: string, ...lines: string[]): string {
  return lines.map((l) => l + eol).join('');
}

/** An RFC 5322 date for a connection that starts at `start` (seconds since the epoch). */
function date(start: number): string {
  const d = new Date(start * 1000).toUTCString(); // "Fri, 17 Nov 2023 05:46:40 GMT"
  return d.replace('GMT', '+0000');
}

const BOB = 'Bob Example <bob@example.org>';
const ALICE = 'Alice Example <alice@example.net>';

/** From, To, Subject, Date and Message-ID of a message written at `start`, the Message-ID in the sender's domain. */
function header(start: number, subject: string, from = BOB, to = ALICE): string[] {
  const domain = /@([^>]+)>?$/.exec(from)![1];
  return [`From: ${from}`, `To: ${to}`, `Subject: ${subject}`, `Date: ${date(start)}`, `Message-ID: <${start}.${subject.length}@${domain}>`];
}

/** A short plain-text message with CRLF line endings. */
function note(start: number, subject: string, body: string[], from = BOB, to = ALICE): string {
  return text('\r\n', ...header(start, subject, from, to), '', ...body);
}

/** `n` octets of a PNG file (its signature, then bytes that look compressed), base64 in 76-character lines. */
function pngBase64(n: number, seed: string): string[] {
  const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), opaque(n - 8, seed)]);
  return png.toString('base64').match(/.{1,76}/g)!;
}

/** A message with a short text part and a PNG attachment of `octets` octets. */
function withAttachment(start: number, subject: string, octets: number, body: string[], to = ALICE): string {
  const boundary = `=_${start}_part`;
  return text(
    '\r\n',
    ...header(start, subject, BOB, to),
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=us-ascii',
    '',
    ...body,
    '',
    `--${boundary}`,
    'Content-Type: image/png; name="screenshot.png"',
    'Content-Disposition: attachment; filename="screenshot.png"',
    'Content-Transfer-Encoding: base64',
    '',
    ...pngBase64(octets, subject),
    `--${boundary}--`,
  );
}

/** A shop's HTML newsletter whose markup is one line, without a single line break. */
function htmlNewsletter(start: number): string {
  const items = ['Spring sale', 'New in the shop', 'Garden furniture', 'Tools', 'Barbecue season', 'Outdoor lighting', 'Plants', 'Pots and planters']
    .map((title, i) => `<tr><td style="padding:12px;font-family:Arial,sans-serif;font-size:14px;color:#333333"><h2 style="margin:0 0 6px 0;font-size:18px">${title}</h2><p style="margin:0">Up to ${10 + i * 5}% off everything in ${title.toLowerCase()} until Sunday. <a href="https://shop.example.org/c/${i + 1}?utm_source=newsletter&amp;utm_medium=email">Shop now</a></p></td></tr>`)
    .join('');
  const html = `<!DOCTYPE html><html><head><meta charset="us-ascii"><title>Newsletter</title></head><body style="margin:0;padding:0;background:#f4f4f4"><table width="600" align="center" cellpadding="0" cellspacing="0" style="background:#ffffff">${items}</table></body></html>`;
  return text('\r\n', ...header(start, 'Our spring newsletter', 'Example Shop <news@shop.example.org>'), 'MIME-Version: 1.0', 'Content-Type: text/html; charset=us-ascii', 'Content-Transfer-Encoding: 7bit', '', html);
}

/** Octets of a message as SMTP counts them (after transport decoding, CRLFs included). */
function octets(message: string): number {
  return Buffer.byteLength(message);
}

// ---- the captures ----------------------------------------------------------------------------

const T0 = 1_700_200_000;

/** For SMTP-BDAT-LENGTH-MISMATCH: a German note whose UTF-8 octets outnumber its characters by exactly its last line. */
const GERMAN_NOTE = text(
  '\r\n',
  ...header(T0 + 2200, 'Treffen am Montag', 'Juergen Example <juergen@example.org>'),
  'MIME-Version: 1.0',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: 8bit',
  '',
  'Hallo Alice,',
  '',
  'können wir uns am Montag früh um 9 Uhr im Büro in München treffen?',
  'Die Unterlagen für die Prüfung bringe ich mit.',
  '',
  'Viele Grüße',
  'Jürgen',
);
/** Octets of GERMAN_NOTE beyond a chunk counted in characters: exactly its last line, "Jürgen". */
const GERMAN_LEFTOVER = Buffer.byteLength(GERMAN_NOTE) - GERMAN_NOTE.length;
if (Buffer.from(GERMAN_NOTE).subarray(GERMAN_NOTE.length).toString() !== 'Jürgen\r\n') {
  throw new Error(`GERMAN_NOTE: the ${GERMAN_LEFTOVER} octets left over are not its last line`);
}

/** For SMTP-SIZE-OVER-DECLARED: a message file stored with LF line ends, its size taken from the file. */
const STORED_LINES = [...header(T0 + 2000, 'Minutes of the board meeting'), '', 'Hello Alice,', '', 'attached are the minutes of yesterday\'s meeting.', 'The next meeting is on the 28th.', '', 'Bob'];

/** For SMTP-BDAT-INCOMPLETE: a message of a little over one 4096-octet chunk. */
const CONTRACT = withAttachment(T0 + 2400, 'Scanned contract', 3500, ['Hello Alice,', '', 'the signed contract is attached.', '', 'Bob']);

/** For SMTP-REPLY-LINE-TOO-LONG: a refusal with all its explanation on one line. */
const REPUTATION_REPLY =
  '554 5.7.1 Service unavailable; client host [192.0.2.20] is listed on the local reputation list of example.net because ' +
  'messages sent from this address in the last 24 hours matched the signatures of a known phishing campaign. ' +
  'If you are the administrator of this host and believe that this listing is an error, please check your server ' +
  'for compromised accounts and forward this complete message, including the reference number 8A3F-22C1-97D0, to ' +
  'postmaster@example.net; listings expire automatically 48 hours after the last matching message. We apologise for ' +
  'any inconvenience caused\r\n';

export const SMTP_VIOLATION_CAPTURES: ViolationCapture[] = [
  {
    id: 'SMTP-CMD-BEFORE-GREETING',
    story:
      'Postfix\'s postscreen sends the first line of a multi-line greeting ("220-") and waits 6 seconds; a spam bot does not wait for the rest and sends EHLO at once (the "pregreet" test). postscreen finishes the greeting, plays along, and refuses the recipient with "550 5.5.1 Protocol error".',
    script: smtp(
      T0,
      [
        ['S', `220-${MX_HOST} ESMTP Postfix (Debian/GNU)\r\n`, 0.005],
        ['C', 'EHLO User\r\n', 0.3],
        ['S', GREETING, 5.7],
        ['S', ehloReply(MX_HOST, postfixKeywords(['CHUNKING'])), 0.001],
        ['C', 'MAIL FROM:<promo@example.com>\r\n', 0.15],
        ['S', '250 2.1.0 Ok\r\n'],
        ['C', 'RCPT TO:<alice@example.net>\r\n', 0.15],
        ['S', '550 5.5.1 Protocol error\r\n'],
        ['C', 'QUIT\r\n', 0.15],
        ['S', '221 2.0.0 Bye\r\n'],
      ],
      { client: { ...BOT } },
    ),
  },
  {
    id: 'SMTP-MAIL-BEFORE-HELO',
    story:
      'A UPS management card sends its power-failure alert starting with MAIL FROM, without EHLO or HELO; the server requires HELO (Postfix with smtpd_helo_required = yes) and answers 503, and the card gives up.',
    script: smtp(
      T0 + 100,
      [
        ['S', GREETING, 0.005],
        ['C', 'MAIL FROM:<ups-rack3@example.net>\r\n'],
        ['S', '503 5.5.1 Error: send HELO/EHLO first\r\n'],
        ['C', 'QUIT\r\n'],
        ['S', '221 2.0.0 Bye\r\n'],
      ],
      { client: { ...DEVICE } },
    ),
  },
  {
    id: 'SMTP-NESTED-MAIL',
    story:
      'A mailing script sends one transaction per recipient. The server refuses carol (550 user unknown), and the script moves on to the next recipient with a new MAIL, without RSET: the first transaction is still open, so Postfix answers "503 5.5.1 Error: nested MAIL command".',
    script: smtp(T0 + 200, [
      ...hello(),
      ['C', 'MAIL FROM:<newsletter@example.org>\r\n'],
      ['S', '250 2.1.0 Ok\r\n'],
      ['C', 'RCPT TO:<carol@example.net>\r\n'],
      ['S', '550 5.1.1 <carol@example.net>: Recipient address rejected: User unknown in virtual mailbox table\r\n'],
      ['C', 'MAIL FROM:<newsletter@example.org>\r\n'],
      ['S', '503 5.5.1 Error: nested MAIL command\r\n'],
      ['C', 'RSET\r\n'],
      ['S', '250 2.0.0 Ok\r\n'],
      ...QUIT,
    ]),
  },
  {
    id: 'SMTP-RCPT-WITHOUT-MAIL',
    story:
      'A web site\'s contact form puts the visitor\'s address in MAIL FROM; the server refuses that sender, but the form\'s SMTP code does not look at the reply and sends RCPT anyway, which Postfix answers with "503 5.5.1 Error: need MAIL command".',
    script: smtp(
      T0 + 300,
      [
        ...hello('www.example.org'),
        ['C', 'MAIL FROM:<jane.doe@example.com>\r\n'],
        ['S', '554 5.7.1 <jane.doe@example.com>: Sender address rejected: Access denied\r\n'],
        ['C', 'RCPT TO:<contact@example.net>\r\n'],
        ['S', '503 5.5.1 Error: need MAIL command\r\n'],
        ...QUIT,
      ],
      { client: { ...WEB } },
    ),
  },
  {
    id: 'SMTP-DATA-WITHOUT-RCPT',
    story:
      'A monitoring script mails its report to a colleague who has left: RCPT is refused with 550, but the script does not check and sends DATA, which Postfix answers with "554 5.5.1 Error: no valid recipients".',
    script: smtp(T0 + 400, [
      ...hello('monitor.example.org'),
      ['C', 'MAIL FROM:<nagios@example.org>\r\n'],
      ['S', '250 2.1.0 Ok\r\n'],
      ['C', 'RCPT TO:<old.admin@example.net>\r\n'],
      ['S', '550 5.1.1 <old.admin@example.net>: Recipient address rejected: User unknown in virtual mailbox table\r\n'],
      ['C', 'DATA\r\n'],
      ['S', '554 5.5.1 Error: no valid recipients\r\n'],
      ...QUIT,
    ]),
  },
  {
    id: 'SMTP-UNKNOWN-COMMAND',
    story:
      'A student connects to port 25 with telnet and types an HTTP request line, "GET / HTTP/1.0". GET is no SMTP command; Postfix treats it as a forbidden command (smtpd_forbidden_commands) and hangs up with 521.',
    script: smtp(
      T0 + 500,
      [
        ['S', GREETING, 0.005],
        ['C', 'GET / HTTP/1.0\r\n', 4.2],
        ['S', '521 5.7.0 Error: I can break rules, too. Goodbye.\r\n'],
      ],
      { client: { ...LAPTOP, port: 50025 } },
    ),
  },
  {
    id: 'SMTP-COMMAND-SYNTAX',
    story:
      'A cron job writes its commands with `printf "EHLO $HOSTNAME\\r\\n"`, but cron leaves HOSTNAME empty: "EHLO " has no domain, and Postfix answers "501 Syntax: EHLO hostname". The script carries on regardless, and since this server does not insist on a HELO the message is accepted.',
    script: smtp(
      T0 + 600,
      [
        ['S', GREETING, 0.005],
        ['C', 'EHLO \r\n'],
        ['S', '501 Syntax: EHLO hostname\r\n'],
        ...envelope('root@backup.example.org', 'alice@example.net'),
        ...data(note(T0 + 600, 'Backup report', ['Nightly backup finished: 1832 files, 4.2 GB, no errors.'], 'Cron Daemon <root@backup.example.org>'), '4SXk2B0c1Rz4'),
        ...QUIT,
      ],
      { client: { ...RELAY, ip: '192.0.2.21' } },
    ),
  },
  {
    id: 'SMTP-PATH-SPACE-AFTER-COLON',
    story:
      'An office printer\'s scan-to-mail function writes `MAIL FROM: <...>` and `RCPT TO: <...>` with a space after the colon. RFC 5321 does not allow it, but Postfix (without strict_rfc821_envelopes) accepts both.',
    script: smtp(
      T0 + 700,
      [
        ['S', GREETING, 0.005],
        ['C', 'EHLO MFP-3F2A1C\r\n'],
        ['S', ehloReply(MX_HOST, POSTFIX_KEYWORDS)],
        ['C', 'MAIL FROM: <scanner@example.net>\r\n'],
        ['S', '250 2.1.0 Ok\r\n'],
        ['C', 'RCPT TO: <alice@example.net>\r\n'],
        ['S', '250 2.1.5 Ok\r\n'],
        ...data(note(T0 + 700, 'Scanned document', ['Your scan (3 pages) is stored at \\\\files\\scans\\20231117-0558.pdf'], 'Scanner <scanner@example.net>'), '4SXk3D1m5Tz7'),
        ...QUIT,
      ],
      { client: { ...DEVICE, port: 1032 } },
    ),
  },
  {
    id: 'SMTP-PATH-SYNTAX',
    story: 'A web shop\'s mailer writes its sender without angle brackets, "MAIL FROM:noreply@shop.example.org"; a lenient server (Postfix without strict_rfc821_envelopes) takes it.',
    script: smtp(
      T0 + 800,
      [
        ...hello('shop.example.org'),
        ['C', 'MAIL FROM:noreply@shop.example.org\r\n'],
        ['S', '250 2.1.0 Ok\r\n'],
        ['C', 'RCPT TO:<alice@example.net>\r\n'],
        ['S', '250 2.1.5 Ok\r\n'],
        ...data(note(T0 + 800, 'Your order 10482', ['Thank you for your order. It will be shipped within two days.'], 'Example Shop <noreply@shop.example.org>'), '4SXk4F2p7Wz9'),
        ...QUIT,
      ],
      { client: { ...WEB } },
    ),
  },
  {
    id: 'SMTP-EXTENSION-NOT-ADVERTISED',
    story:
      'A mailer library always adds SIZE= to MAIL. This server is qmail, whose EHLO reply lists only PIPELINING and 8BITMIME: the client uses SIZE although it was not offered (qmail ignores the parameter).',
    script: (() => {
      const start = T0 + 900;
      const message = note(start, 'Invoice 2023-118', ['Hello Alice,', '', 'please find the invoice for November in the customer portal.', '', 'Bob'], BOB, 'Alice Example <alice@example.com>');
      return smtp(
        start,
        [
          ['S', '220 mx.example.com ESMTP\r\n', 0.005],
          ['C', 'EHLO mail.example.org\r\n'],
          ['S', ehloReply('mx.example.com', ['PIPELINING', '8BITMIME'])],
          ['C', `MAIL FROM:<bob@example.org> SIZE=${octets(message)}\r\n`],
          ['S', '250 ok\r\n'],
          ['C', 'RCPT TO:<alice@example.com>\r\n'],
          ['S', '250 ok\r\n'],
          ['C', 'DATA\r\n'],
          ['S', '354 go ahead\r\n'],
          ['C', `${message}.\r\n`],
          ['S', `250 ok ${start} qp 31337\r\n`, 0.03],
          ['C', 'QUIT\r\n'],
          ['S', '221 mx.example.com\r\n'],
        ],
        { server: { ip: '198.51.100.35', port: 25 } },
      );
    })(),
  },
  {
    id: 'SMTP-BARE-LF',
    story:
      'A web shop\'s own SMTP code joins the header lines with CRLF but pastes in the body from a Unix template, whose lines end in LF alone. The server accepts the message; receivers differ on what a bare LF means, the ground SMTP smuggling is built on.',
    script: smtp(
      T0 + 1000,
      [
        ...hello('shop.example.org'),
        ...envelope('orders@shop.example.org', 'alice@example.net'),
        ...data(
          text('\r\n', ...header(T0 + 1000, 'Your order 10483', 'Example Shop <orders@shop.example.org>'), '') +
            text('\n', 'Thank you for your order!', '', 'Order number: 10483', 'Items: 2', 'Total: 59.90 EUR', '', 'We will let you know when it ships.') +
            'Example Shop\r\n',
          '4SXk5H3r9Yz2',
        ),
        ...QUIT,
      ],
      { client: { ...WEB } },
    ),
  },
  {
    id: 'SMTP-BARE-CR',
    story: 'A legacy report generator writes its lines the classic Mac OS way, ending in CR alone; inside the CRLF lines of the message they are bare CRs, which the server accepts.',
    script: smtp(T0 + 1100, [
      ...hello(),
      ...envelope('reports@example.org', 'alice@example.net'),
      ...data(
        text('\r\n', ...header(T0 + 1100, 'Weekly sales report', 'Reports <reports@example.org>'), '') +
          'Weekly sales report\rRegion North: 12,400\rRegion South: 9,850\rTotal: 22,250\r\n',
        '4SXk6K4t1Bz5',
      ),
      ...QUIT,
    ]),
  },
  {
    id: 'SMTP-COMMAND-LINE-TOO-LONG',
    story: 'A vulnerability scanner probes for a buffer overflow with a HELO of 1024 "A"s, a 1031-octet command line (the limit is 512). Postfix reads lines up to 2048 octets and simply greets it.',
    script: smtp(
      T0 + 1200,
      [
        ['S', GREETING, 0.005],
        ['C', `HELO ${'A'.repeat(1024)}\r\n`],
        ['S', `250 ${MX_HOST}\r\n`],
        ...QUIT,
      ],
      { client: { ...BOT, ip: '192.0.2.99', port: 44123 } },
    ),
  },
  {
    id: 'SMTP-REPLY-LINE-TOO-LONG',
    story: `A spam-filter appliance in front of the server refuses the relay's address with a long explanation on a single line of ${octets(REPUTATION_REPLY)} octets; it should have split the text into a multi-line reply of lines of at most 512.`,
    script: smtp(T0 + 1300, [
      ['S', `220 ${MX_HOST} ESMTP\r\n`, 0.005],
      ['C', 'EHLO mail.example.org\r\n'],
      ['S', ehloReply(MX_HOST, ['PIPELINING', 'SIZE 26214400', 'ENHANCEDSTATUSCODES', '8BITMIME'])],
      ['C', 'MAIL FROM:<bob@example.org>\r\n'],
      ['S', '250 2.1.0 Sender OK\r\n'],
      ['C', 'RCPT TO:<alice@example.net>\r\n'],
      ['S', REPUTATION_REPLY],
      ...QUIT,
    ]),
  },
  {
    id: 'SMTP-DATA-LINE-TOO-LONG',
    story:
      'A newsletter tool writes its HTML part as one line without a single line break, almost 3000 octets long (the limit is 1000). The server accepts it; the next hop may cut the line at 998 octets and break the markup.',
    script: smtp(
      T0 + 1400,
      [
        ...hello('news.example.org'),
        ...envelope('news@shop.example.org', 'alice@example.net'),
        ...data(htmlNewsletter(T0 + 1400), '4SXk7M5w3Dz8'),
        ...QUIT,
      ],
      { client: { ...RELAY, ip: '192.0.2.31' } },
    ),
  },
  {
    id: 'SMTP-SMUGGLING-END-OF-DATA',
    alsoTriggers: ['SMTP-BARE-LF'],
    story:
      'SMTP smuggling (SEC Consult, December 2023): a message passed on by the sender\'s provider holds `<LF>.<CR><LF>` followed by a second MAIL FROM/RCPT TO/DATA with a forged "From: ceo@example.net". A lenient receiver ends the first message at `<LF>.<CR><LF>` and delivers the hidden one as a separate message; this one does not, and stores a single message. The bare LF before the dot is part of the trick.',
    script: smtp(T0 + 1500, [
      ...hello(),
      ...envelope('mallory@example.org', 'alice@example.net'),
      ...data(
        text('\r\n', ...header(T0 + 1500, 'Hello', 'Mallory <mallory@example.org>'), '') +
          'Hi Alice, how are you?\n.\r\n' +
          text(
            '\r\n',
            'MAIL FROM:<ceo@example.net>',
            'RCPT TO:<alice@example.net>',
            'DATA',
            'From: CEO <ceo@example.net>',
            'To: Alice Example <alice@example.net>',
            'Subject: Urgent wire transfer',
            '',
            'Alice, please pay the attached invoice today. Do not call me, I am in a meeting.',
          ),
        '4SXk8P6y5Fz1',
      ),
      ...QUIT,
    ]),
  },
  {
    id: 'SMTP-DATA-BEFORE-354',
    story:
      'A spam bot writes DATA and the whole message in one go, without waiting for the 354 (even with PIPELINING, DATA ends a command group). Postfix reads on after its 354 and accepts the message; had it refused DATA, the text would have been read as commands.',
    script: smtp(
      T0 + 1600,
      [
        ...hello('User'),
        ...envelope('promo@example.com', 'alice@example.net'),
        ['C', `DATA\r\n${note(T0 + 1600, 'You have won!', ['Claim your prize at http://prize.example.com/claim now.'], 'Prize Team <promo@example.com>')}.\r\n`],
        ['S', '354 End data with <CR><LF>.<CR><LF>\r\n'],
        ['S', '250 2.0.0 Ok: queued as 4SXk9R7z7Hz3\r\n', 0.02],
        ...QUIT,
      ],
      { client: { ...BOT } },
    ),
  },
  {
    id: 'SMTP-DATA-INCOMPLETE',
    story:
      'The sending server is restarted while it transfers a message with an attachment: after the first 4 KB of the text its process exits, and the kernel closes the connection (FIN) without the end-of-data line. Postfix logs "lost connection after DATA" and discards the part it got.',
    script: (() => {
      const start = T0 + 1700;
      const message = withAttachment(start, 'Screenshot of the error', 9000, ['Hello Alice,', '', 'here is the screenshot of the error I told you about.', '', 'Bob']);
      return smtp(start, [
        ...hello(),
        ...envelope(),
        ['C', 'DATA\r\n'],
        ['S', '354 End data with <CR><LF>.<CR><LF>\r\n'],
        ['C', message.slice(0, 4096)],
      ]);
    })(),
  },
  {
    id: 'SMTP-8BIT-WITHOUT-BODY',
    story:
      'A mail program sends a German text as UTF-8 ("Content-Transfer-Encoding: 8bit"), but its MAIL command has no BODY=8BITMIME, although the server offers 8BITMIME. A strictly 7-bit relay could strip the high bits or refuse the message.',
    script: smtp(T0 + 1800, [
      ...hello(),
      ...envelope('juergen@example.org', 'alice@example.net'),
      ...data(
        text(
          '\r\n',
          ...header(T0 + 1800, 'Gruesse aus Muenchen', 'Juergen Example <juergen@example.org>'),
          'MIME-Version: 1.0',
          'Content-Type: text/plain; charset=utf-8',
          'Content-Transfer-Encoding: 8bit',
          '',
          'Liebe Alice,',
          '',
          'herzliche Grüße aus München! Die Präsentation schicke ich dir morgen.',
          '',
          'Jürgen',
        ),
        '4SXkBT8b9Kz6',
      ),
      ...QUIT,
    ]),
  },
  {
    id: 'SMTP-SIZE-OVER-LIMIT',
    story:
      'A mailing-list host takes small text posts only and says so in its EHLO reply: SIZE 20480. A member\'s mail program does not declare a SIZE and sends a post with a 22 KB screenshot anyway; after the whole transfer Postfix refuses it with "552 5.3.4 Message size exceeds fixed limit".',
    script: smtp(T0 + 1900, [
      ...hello('mail.example.org', postfixKeywords([], 20480)),
      ...envelope('bob@example.org', 'garden-list@example.net'),
      ['C', 'DATA\r\n'],
      ['S', '354 End data with <CR><LF>.<CR><LF>\r\n'],
      ['C', `${withAttachment(T0 + 1900, 'Aphids on my roses', 22000, ['Hello all,', '', 'what are these on my roses? Screenshot attached.', '', 'Bob'], 'garden-list@example.net')}.\r\n`],
      ['S', '552 5.3.4 Message size exceeds fixed limit\r\n', 0.03],
      ...QUIT,
    ]),
  },
  {
    id: 'SMTP-SIZE-OVER-DECLARED',
    story: `A mail program takes SIZE= from the stored message file, whose ${STORED_LINES.length} lines end in LF alone, and then sends every line end as CRLF: the message is ${STORED_LINES.length} octets larger than declared.`,
    script: smtp(T0 + 2000, [
      ...hello(),
      ...envelope('bob@example.org', 'alice@example.net', ` SIZE=${octets(text('\n', ...STORED_LINES))}`),
      ...data(text('\r\n', ...STORED_LINES), '4SXkCW9d1Mz9'),
      ...QUIT,
    ]),
  },
  {
    id: 'SMTP-BDAT-INVALID',
    story:
      'A client streams the message in BDAT chunks and means to close with an empty last chunk, but writes "BDAT LAST" instead of "BDAT 0 LAST". Postfix answers "501 5.5.4 Syntax: BDAT count [LAST]"; the client gives up with RSET.',
    script: (() => {
      const start = T0 + 2100;
      const message = note(start, 'Quarterly figures', ['Hello Alice,', '', 'the quarterly figures are ready; I will present them on Thursday.', '', 'Bob']);
      return smtp(start, [
        ...hello(),
        ...envelope(),
        ['C', `BDAT ${octets(message)}\r\n${message}`],
        ['S', `250 2.0.0 Ok: ${octets(message)} bytes\r\n`],
        ['C', 'BDAT LAST\r\n'],
        ['S', '501 5.5.4 Syntax: BDAT count [LAST]\r\n'],
        ['C', 'RSET\r\n'],
        ['S', '250 2.0.0 Ok\r\n'],
        ...QUIT,
      ]);
    })(),
  },
  {
    id: 'SMTP-BDAT-LENGTH-MISMATCH',
    story: `A JavaScript client writes "BDAT \${text.length} LAST": the length in UTF-16 characters, not in octets. The German message has ${GERMAN_LEFTOVER} two-octet characters, so the chunk is ${GERMAN_LEFTOVER} octets short, and the server reads the last ${GERMAN_LEFTOVER} octets, the line "Jürgen", as a command.`,
    script: smtp(T0 + 2200, [
      ...hello(),
      ...envelope('juergen@example.org', 'alice@example.net', ' BODY=8BITMIME'),
      ['C', `BDAT ${GERMAN_NOTE.length} LAST\r\n${GERMAN_NOTE}`],
      ['S', `250 2.0.0 Ok: ${GERMAN_NOTE.length} bytes queued as 4SXkDY1f3Pz2\r\n502 5.5.2 Error: command not recognized\r\n`, 0.03],
      ...QUIT,
    ]),
  },
  {
    id: 'SMTP-BDAT-DATA-MIXED',
    story:
      'After the first 4 KB chunk the client\'s send routine hits a timeout and retries the whole message with DATA on the same connection, without RSET: BDAT and DATA in one transaction. Postfix answers "503 5.5.1 Error: DATA after BDAT".',
    script: (() => {
      const start = T0 + 2300;
      const message = withAttachment(start, 'Photos from the trip', 6000, ['Hello Alice,', '', 'a photo from the trip.', '', 'Bob']);
      return smtp(start, [
        ...hello(),
        ...envelope(),
        ['C', `BDAT 4096\r\n${message.slice(0, 4096)}`],
        ['S', '250 2.0.0 Ok: 4096 bytes\r\n', 0.01],
        ['C', 'DATA\r\n', 30],
        ['S', '503 5.5.1 Error: DATA after BDAT\r\n'],
        ['C', 'RSET\r\n'],
        ['S', '250 2.0.0 Ok\r\n'],
        ...QUIT,
      ]);
    })(),
  },
  {
    id: 'SMTP-BDAT-INCOMPLETE',
    story: `The client sends its message in 4096-octet chunks, but an off-by-one in its loop forgets LAST on the final chunk ("BDAT ${octets(CONTRACT) - 4096}" where "BDAT ${octets(CONTRACT) - 4096} LAST" was due). The server waits for more; the client takes the 250 as done and sends QUIT, so the message is never completed and the server discards it.`,
    script: smtp(T0 + 2400, [
      ...hello(),
      ...envelope(),
      ['C', `BDAT 4096\r\n${CONTRACT.slice(0, 4096)}`],
      ['S', '250 2.0.0 Ok: 4096 bytes\r\n', 0.01],
      ['C', `BDAT ${octets(CONTRACT) - 4096}\r\n${CONTRACT.slice(4096)}`],
      ['S', `250 2.0.0 Ok: ${octets(CONTRACT)} bytes\r\n`, 0.01],
      ...QUIT,
    ]),
  },
  {
    id: 'SMTP-PIPELINING-NOT-ADVERTISED',
    story:
      'The server hides PIPELINING (Postfix with smtpd_discard_ehlo_keywords = pipelining), a common trap for bots; this spam bot sends MAIL, RCPT and DATA in one segment all the same.',
    script: smtp(
      T0 + 2500,
      [
        ...hello('User', postfixKeywords(['PIPELINING'])),
        ['C', 'MAIL FROM:<promo@example.com>\r\nRCPT TO:<alice@example.net>\r\nDATA\r\n'],
        ['S', '250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 End data with <CR><LF>.<CR><LF>\r\n'],
        ['C', `${note(T0 + 2500, 'Cheap watches', ['Best replica watches at http://watches.example.com/ today only.'], 'Watch Deals <promo@example.com>')}.\r\n`],
        ['S', '250 2.0.0 Ok: queued as 4SXkFb2h5Rz5\r\n', 0.03],
        ...QUIT,
      ],
      { client: { ...BOT } },
    ),
  },
  {
    id: 'SMTP-PIPELINING-AFTER-GROUP-END',
    story:
      'A bulk mailer sends EHLO, MAIL and RCPT in one segment. The server does offer PIPELINING, but the client cannot know that before the reply to EHLO: EHLO ends a command group, and the client must wait for its reply.',
    script: smtp(
      T0 + 2600,
      [
        ['S', GREETING, 0.005],
        ['C', 'EHLO bulk.example.org\r\nMAIL FROM:<offers@bulk.example.org>\r\nRCPT TO:<alice@example.net>\r\n'],
        ['S', `${ehloReply(MX_HOST, POSTFIX_KEYWORDS)}250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n`],
        ...data(note(T0 + 2600, 'Offers of the week', ['This week: 20% off all garden tools.'], 'Bulk Offers <offers@bulk.example.org>'), '4SXkGd3k7Tz8'),
        ...QUIT,
      ],
      { client: { ...RELAY, ip: '192.0.2.40', port: 33016 } },
    ),
  },
  {
    id: 'SMTP-REPLY-CODE-MALFORMED',
    story:
      'A content filter in front of the server refuses the message with a text that contains a line break: its second line, "See https://...", goes out without a reply code. A client may take that line as the reply to its next command.',
    script: smtp(T0 + 2700, [
      ...hello(),
      ...envelope(),
      ['C', 'DATA\r\n'],
      ['S', '354 End data with <CR><LF>.<CR><LF>\r\n'],
      ['C', `${note(T0 + 2700, 'Re: invoice', ['Please open the attached invoice.zip and confirm.'])}.\r\n`],
      ['S', '550 5.7.1 Message rejected as spam\r\nSee https://www.example.net/mail-policy for details\r\n', 0.8],
      ...QUIT,
    ]),
  },
  {
    id: 'SMTP-MULTILINE-CODE-MISMATCH',
    story:
      'A greylisting filter writes its own two-line reply to RCPT, with 450 on the first line and 451 on the last; all lines of one reply must carry the same code. The relay will try again later.',
    script: smtp(T0 + 2800, [
      ...hello(),
      ['C', 'MAIL FROM:<bob@example.org>\r\n'],
      ['S', '250 2.1.0 Ok\r\n'],
      ['C', 'RCPT TO:<alice@example.net>\r\n'],
      ['S', '450-4.7.1 <alice@example.net>: Recipient address rejected: Greylisted\r\n451 4.7.1 Please try again in 5 minutes\r\n'],
      ...QUIT,
    ]),
  },
  {
    id: 'SMTP-UNEXPECTED-REPLY',
    story:
      'The end of data is answered twice: an SMTP proxy in front of the server sends its own copy of the 250 and then passes on the server\'s. No command is waiting for the second one; a client would read it as the reply to its QUIT.',
    script: smtp(T0 + 2900, [
      ...hello(),
      ...envelope(),
      ...data(note(T0 + 2900, 'Lunch on Friday?', ['Noon at the usual place?', 'Bob']), '4SXkHf4m9Wz1'),
      ['S', '250 2.0.0 Ok: queued as 4SXkHf4m9Wz1\r\n', 0.002],
      ...QUIT,
    ]),
  },
  {
    id: 'SMTP-ENHANCED-CODE-MISMATCH',
    story:
      'A quota service answers RCPT for a full mailbox with "452 5.2.2": the reply code says try again later, the enhanced status 5.2.2 says the failure is permanent, so the client cannot tell whether to retry.',
    script: smtp(T0 + 3000, [
      ...hello(),
      ['C', 'MAIL FROM:<bob@example.org>\r\n'],
      ['S', '250 2.1.0 Ok\r\n'],
      ['C', 'RCPT TO:<alice@example.net>\r\n'],
      ['S', '452 5.2.2 <alice@example.net>: Recipient address rejected: Mailbox full\r\n'],
      ...QUIT,
    ]),
  },
  {
    id: 'SMTP-STARTTLS-COMMAND-INJECTION',
    story:
      'STARTTLS and RSET arrive in one segment, the probe Wietse Venema used to show CVE-2011-0411: a man in the middle appends a command after the client\'s STARTTLS, and a server that keeps it runs it inside TLS. This server drops it; TLS 1.3 follows.',
    script: smtp(T0 + 3100, [
      ...hello(),
      ['C', 'STARTTLS\r\nRSET\r\n'],
      ['S', '220 2.0.0 Ready to start TLS\r\n'],
      ['C', clientHello(MX_HOST)],
      ['S', serverFlight('smtp-starttls-command')],
      ['C', clientFinish('smtp-starttls-command')],
      ['S', tlsRecord(23, opaque(180, 'smtp-starttls-command/ehlo'))],
    ]),
  },
  {
    id: 'SMTP-STARTTLS-RESPONSE-INJECTION',
    story:
      'The 220 to STARTTLS comes with a fake EHLO reply in the same segment, offering AUTH PLAIN LOGIN: a man in the middle injects it, and a client that keeps it reads it as the server\'s reply inside TLS. TLS 1.3 follows.',
    script: smtp(T0 + 3200, [
      ...hello(),
      ['C', 'STARTTLS\r\n'],
      ['S', `220 2.0.0 Ready to start TLS\r\n250-${MX_HOST}\r\n250 AUTH PLAIN LOGIN\r\n`],
      ['C', clientHello(MX_HOST)],
      ['S', serverFlight('smtp-starttls-response')],
      ['C', clientFinish('smtp-starttls-response')],
      ['S', tlsRecord(23, opaque(180, 'smtp-starttls-response/ehlo'))],
    ]),
  },
  {
    id: 'SMTP-AUTH-CLEARTEXT',
    story:
      'A mail program set to "no encryption" logs in on port 587 with AUTH LOGIN although the server offers STARTTLS: user name and password cross the network in base64 only (the password is masked in the transcript).',
    script: smtp(
      T0 + 3300,
      [
        ['S', '220 smtp.example.net ESMTP Postfix (Debian/GNU)\r\n', 0.005],
        ['C', 'EHLO [192.0.2.50]\r\n'],
        ['S', ehloReply('smtp.example.net', SUBMISSION_KEYWORDS)],
        ['C', 'AUTH LOGIN\r\n'],
        ['S', '334 VXNlcm5hbWU6\r\n'],
        ['C', `${Buffer.from('alice@example.net').toString('base64')}\r\n`],
        ['S', '334 UGFzc3dvcmQ6\r\n'],
        ['C', `${Buffer.from('wonderland').toString('base64')}\r\n`],
        ['S', '235 2.7.0 Authentication successful\r\n', 0.05],
        ...envelope('alice@example.net', 'bob@example.org'),
        ...data(note(T0 + 3300, 'Re: Lunch on Friday?', ['Yes, see you there.', 'Alice'], ALICE, BOB), '4SXkJh5p1Yz4'),
        ...QUIT,
      ],
      { client: { ...LAPTOP }, server: { ...SUBMISSION } },
    ),
  },
  {
    id: 'SMTP-AUTH-INVALID-BASE64',
    alsoTriggers: ['SMTP-AUTH-CLEARTEXT'],
    story:
      'An administrator tests the submission port by hand and answers the "Username:" challenge of AUTH LOGIN with the plain user name instead of its base64 form; the server refuses it. Done without TLS, so the login is in clear text as well.',
    script: smtp(
      T0 + 3400,
      [
        ['S', '220 smtp.example.net ESMTP Postfix (Debian/GNU)\r\n', 0.005],
        ['C', 'ehlo test\r\n', 3.1],
        ['S', ehloReply('smtp.example.net', SUBMISSION_KEYWORDS)],
        ['C', 'auth login\r\n', 4.5],
        ['S', '334 VXNlcm5hbWU6\r\n'],
        ['C', 'alice@example.net\r\n', 6.2],
        ['S', '535 5.7.8 Error: authentication failed: Invalid base64 data in continued response\r\n'],
        ['C', 'quit\r\n', 3.8],
        ['S', '221 2.0.0 Bye\r\n'],
      ],
      { client: { ...LAPTOP, port: 50600 }, server: { ...SUBMISSION } },
    ),
  },
  {
    id: 'SMTP-AFTER-QUIT',
    story:
      'A mail library sends QUIT when the message is done, and its destructor sends QUIT once more: the second one arrives after the server\'s 221, when the server has already closed its side.',
    script: smtp(T0 + 3500, [
      ...hello('www.example.org'),
      ...envelope('noreply@example.org', 'alice@example.net'),
      ...data(note(T0 + 3500, 'Password reset', ['Follow this link to choose a new password: https://www.example.org/reset/5Kq2'], 'Example Web <noreply@example.org>'), '4SXkKk6r3Bz7'),
      ...QUIT,
      ['C', 'QUIT\r\n', 0.001],
    ], { client: { ...WEB } }),
  },
];
