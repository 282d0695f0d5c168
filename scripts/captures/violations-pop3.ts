/**
 * Hand-made POP3 captures, one per violation id: each a short, realistic dialogue that commits that
 * violation (and nothing else where possible). `npm run make:captures` writes them to
 * captures/violations/pop3/; test/violation-captures.test.ts checks each triggers its id.
 *
 * Most sessions log in with APOP, which sends a digest and not the password, so that they do not
 * also show POP3-AUTH-CLEARTEXT; the digest is the real MD5 of the greeting's timestamp and the
 * secret `tanstaaf` (RFC 1939 §7).
 */
import { createHash } from 'node:crypto';
import type { ConnectionScript, DialogueStep } from '../../src/synth/index.js';
import { clientFinish, clientHello, opaque, serverFlight, tlsRecord } from './tls-handshake.js';
import type { ViolationCapture } from './violation-capture.js';

const CLIENT = { ip: '192.0.2.10', port: 49310 };
const SERVER = { ip: '198.51.100.110', port: 110 };
const SECRET = 'tanstaaf';

type Step = [from: 'C' | 'S', data: string | Buffer, delay?: number];

function steps(list: Step[]): DialogueStep[] {
  return list.map(([from, data, delay]) => ({ from, data, delay: delay ?? (from === 'S' ? 0.004 : 0.02) }));
}

/** A POP3 connection from the usual client to the usual server, starting at `start`. */
function pop3(start: number, list: Step[], extra: Partial<ConnectionScript> = {}): ConnectionScript {
  return { client: { ...CLIENT }, server: { ...SERVER }, start, steps: steps(list), ...extra };
}

/** The greeting of a server whose APOP timestamp names `id` (the process id and clock of RFC 1939 §7). */
function stamp(id: number): string {
  return `<${id}.${1_700_000_000 + id}@pop.example.net>`;
}

function greeting(id: number): string {
  return `+OK POP3 server ready ${stamp(id)}\r\n`;
}

/** `APOP mrose <digest>`: MD5 of the greeting's timestamp followed by the shared secret. */
function apop(id: number): string {
  return `APOP mrose ${createHash('md5').update(stamp(id) + SECRET).digest('hex')}\r\n`;
}

/** Greeting and a successful APOP login: the session is in the TRANSACTION state. */
function login(id: number, messages = 2, octets = 320): Step[] {
  return [
    ['S', greeting(id), 0.005],
    ['C', apop(id)],
    ['S', `+OK mrose's maildrop has ${messages} message${messages === 1 ? '' : 's'} (${octets} octets)\r\n`],
  ];
}

const QUIT: Step[] = [
  ['C', 'QUIT\r\n'],
  ['S', '+OK POP3 server signing off\r\n'],
];

/** Message lines joined with `eol`, ending with one. */
function text(eol: string, ...lines: string[]): string {
  return lines.map((l) => l + eol).join('');
}

const HEADER = ['From: Bob Example <bob@example.org>', 'To: mrose@example.net', 'Date: Tue, 14 Nov 2023 22:13:20 +0000'];

/** A greeting with a legal notice, far over the 512-octet limit. */
const LONG_GREETING =
  `+OK pop.example.net POP3 server ready ${stamp(4107)} NOTICE: This computer system is the property of Example Net. ` +
  'It is for authorised use only. By using this system, all users acknowledge notice of, and agree to comply with, ' +
  'the Acceptable Use Policy. Unauthorised or improper use of this system may result in administrative disciplinary ' +
  'action and civil and criminal penalties. By continuing to use this system you indicate your awareness of and ' +
  'consent to these terms and conditions of use. Log off immediately if you do not agree to the conditions stated ' +
  'in this warning.\r\n';

/** Maildir file names, used as UIDL unique ids by a careless server (longer than 70 characters). */
const MAILDIR_UIDS = [
  '1700000000.M512345P67890V0000000000000803I0000000000123456_0.pop.example.net,S=120:2,S',
  '1700000042.M513377P67890V0000000000000803I0000000000123457_0.pop.example.net,S=200:2,S',
];

/** A short message, as lines. */
const LUNCH = [...HEADER, 'Subject: Lunch', '', 'Noon at the usual place?', 'Bob'];

// ---- the captures ----------------------------------------------------------------------------

export const POP3_VIOLATION_CAPTURES: ViolationCapture[] = [
  {
    id: 'POP3-COMMAND-WRONG-STATE',
    story: 'The server refuses the APOP login with -ERR; the client takes no notice and asks for STAT, a TRANSACTION command, while the session is still in AUTHORIZATION.',
    script: pop3(1_700_100_000, [
      ['S', greeting(4101), 0.005],
      ['C', `APOP mrose ${'0'.repeat(32)}\r\n`],
      ['S', '-ERR [AUTH] authentication failed\r\n', 0.5],
      ['C', 'STAT\r\n'],
      ['S', '-ERR Unknown command.\r\n'],
      ...QUIT,
    ]),
  },
  {
    id: 'POP3-UNKNOWN-COMMAND',
    story: 'After logging in, an old client sends LAST (RFC 1725; removed in RFC 1939) and gets -ERR.',
    script: pop3(1_700_100_100, [...login(4102), ['C', 'LAST\r\n'], ['S', '-ERR Unknown command: LAST\r\n'], ...QUIT]),
  },
  {
    id: 'POP3-BAD-ARGUMENTS',
    story: 'The client counts messages from 0 and sends RETR 0; message numbers start at 1, and the server answers -ERR.',
    script: pop3(1_700_100_200, [...login(4103), ['C', 'RETR 0\r\n'], ['S', "-ERR There's no message 0.\r\n"], ...QUIT]),
  },
  {
    id: 'POP3-INVALID-RESPONSE',
    story: 'The server writes a debugging line into the connection before its answer to STAT: the line is neither +OK nor -ERR.',
    script: pop3(1_700_100_300, [...login(4104), ['C', 'STAT\r\n'], ['S', 'DEBUG: maildrop locked by pid 4104\r\n+OK 2 320\r\n'], ...QUIT]),
  },
  {
    id: 'POP3-UNSOLICITED-RESPONSE',
    story:
      'After STAT the client stays idle for ten minutes; the server\'s autologout timer sends "-ERR Disconnected for inactivity." although no command is waiting (RFC 1939 §3: it should close without a response).',
    script: pop3(1_700_100_400, [
      ...login(4105),
      ['C', 'STAT\r\n'],
      ['S', '+OK 2 320\r\n'],
      ['S', '-ERR Disconnected for inactivity.\r\n', 600],
    ]),
  },
  {
    id: 'POP3-COMMAND-LINE-TOO-LONG',
    story: 'A probe sends USER with a 300-character name, a 307-octet command line (the limit is 255); the server refuses it, and the client quits.',
    script: pop3(1_700_100_500, [['S', greeting(4106), 0.005], ['C', `USER ${'A'.repeat(300)}\r\n`], ['S', '-ERR Input line too long.\r\n'], ...QUIT]),
  },
  {
    id: 'POP3-RESPONSE-LINE-TOO-LONG',
    story: `The greeting carries a legal notice: ${LONG_GREETING.length} octets on one line, over the 512-octet limit for a response line.`,
    script: pop3(1_700_100_600, [
      ['S', LONG_GREETING, 0.005],
      ['C', apop(4107)],
      ['S', "+OK mrose's maildrop has 0 messages (0 octets)\r\n"],
      ...QUIT,
    ]),
  },
  {
    id: 'POP3-MULTILINE-UNTERMINATED',
    story: 'The server sends the first lines of RETR 1 and then nothing more; the client waits 30 seconds and resets the connection, without the "." line.',
    script: pop3(
      1_700_100_700,
      [
        ...login(4108),
        ['C', 'RETR 1\r\n'],
        ['S', `+OK 1380 octets\r\n${text('\r\n', ...HEADER, 'Subject: Minutes of the meeting', '', 'Hello Marshall,', '', 'here are the minutes of')}`],
        ['C', '', 30],
      ],
      { close: 'rst' },
    ),
  },
  {
    id: 'POP3-DOT-STUFFING',
    story: 'RETR 1 holds a list of dot-files, but the server does not stuff the lines that start with "."; the client strips the first dot of ".bashrc" and ".profile".',
    script: pop3(1_700_100_800, [
      ...login(4109),
      ['C', 'RETR 1\r\n'],
      ['S', `+OK message follows\r\n${text('\r\n', ...HEADER, 'Subject: Your dot-files', '', 'Copy these into your home directory:', '.bashrc', '.profile', 'Bob')}.\r\n`],
      ...QUIT,
    ]),
  },
  {
    id: 'POP3-MALFORMED-LISTING',
    story: `The server uses its Maildir file names as unique ids: UIDL gives ${MAILDIR_UIDS[0]!.length}-character uids, but a uid is at most 70 characters.`,
    script: pop3(1_700_100_900, [
      ...login(4110),
      ['C', 'UIDL\r\n'],
      ['S', `+OK\r\n${MAILDIR_UIDS.map((uid, i) => `${i + 1} ${uid}\r\n`).join('')}.\r\n`],
      ...QUIT,
    ]),
  },
  {
    id: 'POP3-SIZE-MISMATCH',
    story: `LIST 1 gives the size of the stored file, whose ${LUNCH.length} lines end in LF, but RETR 1 sends every line ending as CRLF: ${LUNCH.length} octets more than listed.`,
    script: pop3(1_700_101_000, [
      ...login(4111, 1, text('\n', ...LUNCH).length),
      ['C', 'LIST 1\r\n'],
      ['S', `+OK 1 ${text('\n', ...LUNCH).length}\r\n`],
      ['C', 'RETR 1\r\n'],
      ['S', `+OK message follows\r\n${text('\r\n', ...LUNCH)}.\r\n`],
      ...QUIT,
    ]),
  },
  {
    id: 'POP3-MSG-OUT-OF-RANGE-ACCEPTED',
    story: 'STAT says the maildrop holds 2 messages, yet the server answers +OK to DELE 3.',
    script: pop3(1_700_101_100, [...login(4112), ['C', 'STAT\r\n'], ['S', '+OK 2 320\r\n'], ['C', 'DELE 3\r\n'], ['S', '+OK message 3 deleted\r\n'], ...QUIT]),
  },
  {
    id: 'POP3-MSG-DELETED-ACCEPTED',
    story: 'The client deletes message 1 and then asks for it again; the server sends it instead of answering -ERR.',
    script: pop3(1_700_101_200, [
      ...login(4113),
      ['C', 'DELE 1\r\n'],
      ['S', '+OK message 1 deleted\r\n'],
      ['C', 'RETR 1\r\n'],
      ['S', `+OK message follows\r\n${text('\r\n', ...HEADER, 'Subject: Still here', '', 'You deleted me.')}.\r\n`],
      ...QUIT,
    ]),
  },
  {
    id: 'POP3-PIPELINING-NOT-ADVERTISED',
    story: 'As the 1&1 session in nDPI\'s pop3.pcap: the client sends CAPA and, without waiting for its answer, QUIT; the capability list has no PIPELINING.',
    script: pop3(1_700_101_300, [
      ['S', greeting(4114), 0.005],
      ['C', 'CAPA\r\n'],
      ['C', 'QUIT\r\n', 0.0005],
      ['S', '+OK Capability list follows\r\nTOP\r\nUSER\r\nUIDL\r\nSTLS\r\nSASL PLAIN\r\n.\r\n'],
      ['S', '+OK POP3 server signing off\r\n'],
    ]),
  },
  {
    id: 'POP3-STLS-COMMAND-INJECTION',
    story:
      'STLS and CAPA arrive in one segment, as a man in the middle would inject them (CVE-2011-0411): CAPA was sent before the +OK, so a server that keeps it runs it inside TLS. TLS 1.3 follows.',
    script: pop3(1_700_101_400, [
      ['S', greeting(4115), 0.005],
      ['C', 'STLS\r\nCAPA\r\n'],
      ['S', '+OK Begin TLS negotiation now.\r\n'],
      ['C', clientHello('pop.example.net')],
      ['S', serverFlight('stls-command')],
      ['C', clientFinish('stls-command')],
      ['S', tlsRecord(23, opaque(120, 'stls-command/capa'))],
    ]),
  },
  {
    id: 'POP3-STLS-RESPONSE-INJECTION',
    story: 'The +OK to STLS comes with a second line in the same segment, "+OK Logged in." (an injected response a client could read inside TLS). TLS 1.3 follows.',
    script: pop3(1_700_101_500, [
      ['S', greeting(4116), 0.005],
      ['C', 'STLS\r\n'],
      ['S', '+OK Begin TLS negotiation now.\r\n+OK Logged in.\r\n'],
      ['C', clientHello('pop.example.net')],
      ['S', serverFlight('stls-response')],
      ['C', clientFinish('stls-response')],
      ['S', tlsRecord(23, opaque(60, 'stls-response/ok'))],
    ]),
  },
  {
    id: 'POP3-AUTH-CLEARTEXT',
    story: 'USER and PASS on port 110 without STLS: the password crosses the network in clear (masked in the transcript).',
    script: pop3(1_700_101_600, [
      ['S', '+OK POP3 server ready\r\n', 0.005],
      ['C', 'USER alice\r\n'],
      ['S', '+OK\r\n'],
      ['C', 'PASS wonderland\r\n'],
      ['S', '+OK Logged in.\r\n'],
      ['C', 'STAT\r\n'],
      ['S', '+OK 0 0\r\n'],
      ...QUIT,
    ]),
  },
  {
    id: 'POP3-BARE-LF',
    story: 'A home-made server ends its lines with LF alone (status lines and the RETR body); the client sends CRLF.',
    script: pop3(1_700_101_700, [
      ['S', `+OK POP3 server ready ${stamp(4118)}\n`, 0.005],
      ['C', apop(4118)],
      ['S', "+OK mrose's maildrop has 1 message\n"],
      ['C', 'RETR 1\r\n'],
      ['S', `+OK message follows\n${text('\n', ...HEADER, 'Subject: Homework', '', 'My server works!')}.\n`],
      ['C', 'QUIT\r\n'],
      ['S', '+OK bye\n'],
    ]),
  },
  {
    id: 'POP3-BARE-CR',
    story: 'The body of RETR 1 was written on a classic Mac: its text lines end in CR alone, inside the CRLF-ended lines of the response.',
    script: pop3(1_700_101_800, [
      ...login(4119, 1, 140),
      ['C', 'RETR 1\r\n'],
      ['S', `+OK message follows\r\n${text('\r\n', ...HEADER, 'Subject: Old notes', '')}First line\rSecond line\rThird line\r\n.\r\n`],
      ...QUIT,
    ]),
  },
  {
    id: 'POP3-AUTH-INVALID-BASE64',
    story: 'AUTH CRAM-MD5: the client answers the challenge with its user name and digest in plain text ("tim b913a602…"), forgetting to base64-encode them; the server refuses the line.',
    script: pop3(1_700_101_900, [
      ['S', '+OK POP3 server ready\r\n', 0.005],
      ['C', 'AUTH CRAM-MD5\r\n'],
      ['S', '+ PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+\r\n'],
      ['C', 'tim b913a602c7eda7a495b4e6e7334d3890\r\n'],
      ['S', '-ERR [AUTH] Invalid base64 data in continued response\r\n'],
      ...QUIT,
    ]),
  },
];
