/**
 * The textbook dialogues, as scripted connections for the capture generator: the SMTP example of
 * the networking textbooks, the RFC 1939 POP3 example and the RFC 3501 IMAP example.
 */
import type { ConnectionScript, DialogueStep } from '../../src/synth/index.js';

const CLIENT = { ip: '192.0.2.10', port: 49152 };

function steps(...lines: [('C' | 'S'), string, number?][]): DialogueStep[] {
  return lines.map(([from, data, delay]) => ({ from, data, delay: delay ?? (from === 'S' ? 0.004 : 0.02) }));
}

/** HELO, MAIL FROM, two RCPT TO, DATA with five header fields, QUIT. */
export function smtpTextbook(): ConnectionScript {
  const message = [
    'From: Bob Example <bob@example.org>',
    'To: Alice Example <alice@example.com>',
    'Cc: theboss@example.com',
    'Date: Tue, 15 Jan 2008 16:02:43 -0500',
    'Subject: Test message',
    '',
    'Hello Alice.',
    'This is a test message with 5 header fields and 4 lines in the message body.',
    'Your friend,',
    'Bob',
  ].join('\r\n');
  return {
    client: { ...CLIENT },
    server: { ip: '198.51.100.25', port: 25 },
    start: 1_700_000_000,
    steps: steps(
      ['S', '220 smtp.example.com ESMTP Postfix\r\n', 0.005],
      ['C', 'HELO relay.example.org\r\n'],
      ['S', '250 Hello relay.example.org, I am glad to meet you\r\n'],
      ['C', 'MAIL FROM:<bob@example.org>\r\n'],
      ['S', '250 Ok\r\n'],
      ['C', 'RCPT TO:<alice@example.com>\r\n'],
      ['S', '250 Ok\r\n'],
      ['C', 'RCPT TO:<theboss@example.com>\r\n'],
      ['S', '250 Ok\r\n'],
      ['C', 'DATA\r\n'],
      ['S', '354 End data with <CR><LF>.<CR><LF>\r\n'],
      ['C', `${message}\r\n.\r\n`],
      ['S', '250 Ok: queued as 12345\r\n'],
      ['C', 'QUIT\r\n'],
      ['S', '221 Bye\r\n'],
    ),
  };
}

/** A message of exactly `size` octets (CRLF line endings), as RFC 1939's LIST counts them. */
function sizedMessage(size: number, subject: string): string {
  const head = `From: Marshall Rose <mrose@dbc.mtview.ca.us>\r\nTo: mrose@dbc.mtview.ca.us\r\nSubject: ${subject}\r\n\r\n`;
  const bodyLen = size - head.length - 2;
  if (bodyLen < 1) throw new Error('message too small');
  return `${head}${'x'.repeat(bodyLen)}\r\n`;
}

/** RFC 1939 §10: APOP, STAT, LIST, RETR 1, DELE 1, RETR 2, DELE 2, QUIT. */
export function pop3Textbook(): ConnectionScript {
  const m1 = sizedMessage(120, 'first message');
  const m2 = sizedMessage(200, 'second message');
  return {
    client: { ...CLIENT, port: 49153 },
    server: { ip: '198.51.100.110', port: 110 },
    start: 1_700_000_100,
    steps: steps(
      ['S', '+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>\r\n', 0.005],
      ['C', 'APOP mrose c4c9334bac560ecc979e58001b3e22fb\r\n'],
      ['S', "+OK mrose's maildrop has 2 messages (320 octets)\r\n"],
      ['C', 'STAT\r\n'],
      ['S', '+OK 2 320\r\n'],
      ['C', 'LIST\r\n'],
      ['S', '+OK 2 messages (320 octets)\r\n1 120\r\n2 200\r\n.\r\n'],
      ['C', 'RETR 1\r\n'],
      ['S', `+OK 120 octets\r\n${m1}.\r\n`],
      ['C', 'DELE 1\r\n'],
      ['S', '+OK message 1 deleted\r\n'],
      ['C', 'RETR 2\r\n'],
      ['S', `+OK 200 octets\r\n${m2}.\r\n`],
      ['C', 'DELE 2\r\n'],
      ['S', '+OK message 2 deleted\r\n'],
      ['C', 'QUIT\r\n'],
      ['S', '+OK dewey POP3 server signing off (maildrop empty)\r\n'],
    ),
  };
}

/** The RFC 3501 §8 example: login, select, fetch full, fetch body[header] ({342}), store, logout. */
export function imapTextbook(): ConnectionScript {
  const header = [
    'Date: Wed, 17 Jul 1996 02:23:25 -0700 (PDT)',
    'From: Terry Gray <gray@cac.washington.edu>',
    'Subject: IMAP4rev1 WG mtg summary and minutes',
    'To: imap@cac.washington.edu',
    'cc: minutes@CNRI.Reston.VA.US, John Klensin <KLENSIN@MIT.EDU>',
    'Message-Id: <B27397-0100000@cac.washington.edu>',
    'MIME-Version: 1.0',
    'Content-Type: TEXT/PLAIN; CHARSET=US-ASCII',
    '',
    '',
  ].join('\r\n');
  if (Buffer.byteLength(header) !== 342) throw new Error(`RFC 3501 header literal is ${Buffer.byteLength(header)} octets, not 342`);
  const fetchFull =
    '* 12 FETCH (FLAGS (\\Seen) INTERNALDATE "17-Jul-1996 02:44:25 -0700" ' +
    'RFC822.SIZE 4286 ENVELOPE ("Wed, 17 Jul 1996 02:23:25 -0700 (PDT)" ' +
    '"IMAP4rev1 WG mtg summary and minutes" ' +
    '(("Terry Gray" NIL "gray" "cac.washington.edu")) ' +
    '(("Terry Gray" NIL "gray" "cac.washington.edu")) ' +
    '(("Terry Gray" NIL "gray" "cac.washington.edu")) ' +
    '((NIL NIL "imap" "cac.washington.edu")) ' +
    '((NIL NIL "minutes" "CNRI.Reston.VA.US") ' +
    '("John Klensin" NIL "KLENSIN" "MIT.EDU")) NIL NIL ' +
    '"<B27397-0100000@cac.washington.edu>") ' +
    'BODY ("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 3028 92))\r\n';
  return {
    client: { ...CLIENT, port: 49154 },
    server: { ip: '198.51.100.143', port: 143 },
    start: 1_700_000_200,
    steps: steps(
      ['S', '* OK IMAP4rev1 Service Ready\r\n', 0.005],
      ['C', 'a001 login mrc secret\r\n'],
      ['S', 'a001 OK LOGIN completed\r\n'],
      ['C', 'a002 select inbox\r\n'],
      [
        'S',
        '* 18 EXISTS\r\n* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n* 2 RECENT\r\n' +
          '* OK [UNSEEN 17] Message 17 is the first unseen message\r\n* OK [UIDVALIDITY 3857529045] UIDs valid\r\n' +
          'a002 OK [READ-WRITE] SELECT completed\r\n',
      ],
      ['C', 'a003 fetch 12 full\r\n'],
      ['S', `${fetchFull}a003 OK FETCH completed\r\n`],
      ['C', 'a004 fetch 12 body[header]\r\n'],
      ['S', `* 12 FETCH (BODY[HEADER] {342}\r\n${header})\r\na004 OK FETCH completed\r\n`],
      ['C', 'a005 store 12 +flags \\deleted\r\n'],
      ['S', '* 12 FETCH (FLAGS (\\Seen \\Deleted))\r\na005 OK +FLAGS completed\r\n'],
      ['C', 'a006 logout\r\n'],
      ['S', '* BYE IMAP4rev1 server terminating connection\r\na006 OK LOGOUT completed\r\n'],
    ),
  };
}
