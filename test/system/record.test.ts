/**
 * System test: scripts/record/record-all.sh records real mail traffic between real programs
 * (Postfix, Dovecot, swaks, curl, Python's smtplib/poplib/imaplib) on every run, and tshark finds
 * in each capture the dialogue that file is meant to hold. The same checks run on the committed
 * captures in captures/real, so they cannot drift from what the script records.
 * Needs root, /usr/bin/tshark and the Debian packages listed at the top of the script; fails, not
 * skips, without them.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareMail, parseTsharkMail } from '../../scripts/lib/corpus.js';
import type { Session } from '../../src/model/session.js';
import { analyzeCapture } from '../../src/pipeline.js';

const TSHARK = '/usr/bin/tshark';
const RECORD_SCRIPT = fileURLToPath(new URL('../../scripts/record/record-all.sh', import.meta.url));
const COMMITTED_DIR = fileURLToPath(new URL('../../captures/real', import.meta.url));
const SERVER_IP = '127.0.0.2';
/** Every capture, the 1 MB message included, must stay small enough to commit. */
const MAX_CAPTURE_BYTES = 1_200_000;

type MailProtocol = 'smtp' | 'pop3' | 'imap';

const SERVER_PORT: Record<MailProtocol, number> = { smtp: 25, pop3: 110, imap: 143 };

/** tshark's fields for a protocol's client commands and server replies. */
const TSHARK_FIELDS: Record<MailProtocol, { command: string; reply: string }> = {
  smtp: { command: 'smtp.req.command', reply: 'smtp.response.code' },
  pop3: { command: 'pop.request.command', reply: 'pop.response.indicator' },
  imap: { command: 'imap.request.command', reply: 'imap.response.status' },
};

/** What one recorded capture must hold, in tshark's terms. */
interface ExpectedCapture {
  file: string;
  protocol: MailProtocol;
  /** Client commands tshark must report in this order (others may come between them). */
  commands: string[];
  /** Commands that must not be in the capture at all. */
  absentCommands?: string[];
  /** Commands tshark must find together in one TCP segment (pipelining). */
  oneSegment?: string[];
  /** Server replies that must be in the capture (SMTP codes, POP3 indicators, IMAP statuses). */
  replies: string[];
  /** Byte strings that must be in the client's and in the server's byte stream. */
  clientBytes?: string[];
  serverBytes?: string[];
  /** The connection is upgraded to TLS: tshark must see a ClientHello and a ServerHello. */
  tls?: boolean;
}

const SMTP_SEND = ['EHLO', 'MAIL', 'RCPT', 'DATA', 'QUIT'];

/** The files record-all.sh writes and what each must hold (see captures/README.md). */
const EXPECTED_CAPTURES: readonly ExpectedCapture[] = [
  { file: 'smtp-plain.pcap', protocol: 'smtp', commands: SMTP_SEND, replies: ['220', '250', '354', '221'] },
  {
    file: 'smtp-pipelining.pcap',
    protocol: 'smtp',
    commands: SMTP_SEND,
    oneSegment: ['MAIL', 'RCPT', 'DATA'],
    replies: ['220', '250', '354', '221'],
  },
  {
    file: 'smtp-auth-plain.pcap',
    protocol: 'smtp',
    commands: ['EHLO', 'AUTH', 'MAIL', 'RCPT', 'DATA', 'QUIT'],
    replies: ['235'],
    clientBytes: ['AUTH PLAIN AGFsaWNlAGFsaWNlLXBhc3N3b3Jk\r\n'],
  },
  {
    file: 'smtp-auth-login.pcap',
    protocol: 'smtp',
    commands: ['EHLO', 'AUTH', 'MAIL', 'RCPT', 'DATA', 'QUIT'],
    replies: ['334', '235'],
    clientBytes: ['AUTH LOGIN\r\n'],
  },
  // tshark 4.0 names the STARTTLS command by its first four letters.
  { file: 'smtp-starttls.pcap', protocol: 'smtp', commands: ['EHLO', 'STAR'], absentCommands: ['MAIL'], replies: ['220'], tls: true },
  {
    file: 'smtp-rejected-rcpt.pcap',
    protocol: 'smtp',
    commands: ['EHLO', 'MAIL', 'RCPT', 'QUIT'],
    absentCommands: ['DATA'],
    replies: ['550', '221'],
  },
  {
    // Python's smtplib sends its commands in lower case, QUIT excepted.
    file: 'smtp-multi.pcap',
    protocol: 'smtp',
    commands: ['ehlo', 'mail', 'rcpt', 'data', 'mail', 'rcpt', 'rcpt', 'data', 'rset', 'noop', 'mail', 'rcpt', 'data', 'QUIT'],
    replies: ['250', '354', '221'],
  },
  {
    file: 'smtp-1mb-dotstuffed.pcap',
    protocol: 'smtp',
    commands: SMTP_SEND,
    replies: ['354', '250', '221'],
    // A line of one dot, and a line starting with one, each sent with an extra dot.
    clientBytes: ['\r\n..\r\n', '\r\n..line 000002 starts with a dot', '\r\n.\r\nQUIT\r\n'],
  },
  {
    file: 'pop3-curl.pcap',
    protocol: 'pop3',
    commands: ['CAPA', 'AUTH', 'LIST', 'RETR', 'RETR', 'QUIT'],
    replies: ['+OK'],
    serverBytes: ['\r\n....\r\n', '\r\n..hidden-file\r\n'],
  },
  {
    file: 'pop3-poplib.pcap',
    protocol: 'pop3',
    commands: ['CAPA', 'USER', 'PASS', 'STAT', 'LIST', 'LIST', 'UIDL', 'UIDL', 'TOP', 'RETR', 'RETR', 'DELE', 'NOOP', 'RSET', 'DELE', 'QUIT'],
    replies: ['+OK'],
    serverBytes: ['\r\n...\r\n'],
  },
  { file: 'pop3-stls.pcap', protocol: 'pop3', commands: ['CAPA', 'STLS'], absentCommands: ['USER', 'AUTH'], replies: ['+OK'], tls: true },
  { file: 'pop3-bad-login.pcap', protocol: 'pop3', commands: ['USER', 'PASS', 'QUIT'], replies: ['-ERR'] },
  {
    file: 'imap-curl.pcap',
    protocol: 'imap',
    commands: ['CAPABILITY', 'AUTHENTICATE', 'LIST', 'SELECT', 'FETCH', 'FETCH', 'SEARCH', 'LOGOUT'],
    replies: ['OK'],
  },
  {
    file: 'imap-imaplib.pcap',
    protocol: 'imap',
    commands: [
      'CAPABILITY', 'LOGIN', 'LIST', 'CREATE', 'APPEND', 'SELECT', 'SEARCH', 'SEARCH',
      'FETCH', 'FETCH', 'FETCH', 'FETCH', 'FETCH', 'FETCH', 'STORE', 'COPY', 'STORE', 'EXPUNGE',
      'STATUS', 'NOOP', 'CLOSE', 'DELETE', 'LOGOUT',
    ],
    replies: ['OK'],
    // The APPEND literal is sent after the server's continuation request.
    clientBytes: [' APPEND INBOX (\\Seen) {198}\r\n'],
    serverBytes: ['\r\n+ OK\r\n', '* 3 EXPUNGE\r\n'],
  },
  {
    file: 'imap-idle.pcap',
    protocol: 'imap',
    commands: ['LOGIN', 'SELECT', 'IDLE', 'FETCH', 'LOGOUT'],
    replies: ['OK'],
    clientBytes: ['\r\nDONE\r\n'],
    serverBytes: ['+ idling\r\n', '* 4 EXISTS\r\n'],
  },
  {
    file: 'imap-starttls.pcap',
    protocol: 'imap',
    commands: ['CAPABILITY', 'STARTTLS'],
    absentCommands: ['LOGIN'],
    replies: ['OK'],
    tls: true,
  },
];

/** What tshark makes of a one-connection capture of a mail protocol. */
interface TsharkView {
  /** tcp.stream numbers seen. */
  streams: Set<string>;
  /** Destination "ip:port" of each SYN without ACK. */
  synTargets: string[];
  /** Client commands in order (several per segment when pipelined). */
  commands: string[];
  /** The commands of each segment that carries any, comma-joined as tshark prints them. */
  commandSegments: string[];
  replies: string[];
  tlsHandshakeTypes: Set<string>;
  /** The TCP payload bytes sent to and from the server, concatenated in capture order. */
  clientBytes: Buffer;
  serverBytes: Buffer;
}

function tshark(...args: string[]): string {
  if (!existsSync(TSHARK)) {
    throw new Error(`tshark is not installed at ${TSHARK}: the system tests need it (apt-get install tshark)`);
  }
  return execFileSync(TSHARK, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Reads a capture with one tshark run. This is also the reference a later check of mailwire's
 * own SMTP/POP3/IMAP decoding compares against (see "decoder agreement" below). */
function readTsharkView(pcap: string, protocol: MailProtocol): TsharkView {
  const fields = TSHARK_FIELDS[protocol];
  const columns = ['tcp.stream', 'ip.dst', 'tcp.dstport', 'tcp.flags.syn', 'tcp.flags.ack', fields.command, fields.reply, 'tls.handshake.type', 'tcp.payload'];
  const out = tshark('-r', pcap, '-T', 'fields', '-E', 'separator=/t', '-E', 'occurrence=a', '-E', 'aggregator=,', ...columns.flatMap((c) => ['-e', c]));
  const view: TsharkView = {
    streams: new Set(), synTargets: [], commands: [], commandSegments: [], replies: [], tlsHandshakeTypes: new Set(),
    clientBytes: Buffer.alloc(0), serverBytes: Buffer.alloc(0),
  };
  const client: Buffer[] = [];
  const server: Buffer[] = [];
  for (const line of out.split('\n')) {
    if (line === '') continue;
    const [stream = '', dst = '', dstPort = '', syn = '', ack = '', command = '', reply = '', tls = '', payload = ''] = line.split('\t');
    view.streams.add(stream);
    if (syn === '1' && ack === '0') view.synTargets.push(`${dst}:${dstPort}`);
    if (command !== '') {
      view.commandSegments.push(command);
      view.commands.push(...command.split(','));
    }
    if (reply !== '') view.replies.push(...reply.split(','));
    for (const type of tls.split(',')) if (type !== '') view.tlsHandshakeTypes.add(type);
    if (payload !== '') (Number(dstPort) === SERVER_PORT[protocol] ? client : server).push(Buffer.from(payload, 'hex'));
  }
  view.clientBytes = Buffer.concat(client);
  view.serverBytes = Buffer.concat(server);
  return view;
}

/** The first of `wanted` that is not found in `seen` in order after the ones before it. */
function firstMissingInOrder(wanted: readonly string[], seen: readonly string[]): string | undefined {
  let at = 0;
  for (const w of wanted) {
    const found = seen.indexOf(w, at);
    if (found < 0) return w;
    at = found + 1;
  }
  return undefined;
}

// ---- POP3 decoder agreement --------------------------------------------------------------------

/**
 * mailwire's POP3 commands and statuses must be tshark's, in order (as `npm run check:corpus`
 * compares them). The one known difference: tshark takes each SASL response line that starts with
 * a letter for a command (pop3-curl's AUTH PLAIN credentials); mailwire shows it as an auth event.
 */
async function expectPop3Agreement(pcap: string): Promise<void> {
  const tsv = tshark('-r', pcap, '-Y', 'pop', '-T', 'fields', ...['frame.number', 'tcp.stream', 'tcp.srcport', 'tcp.dstport', '_ws.col.Protocol', '_ws.col.Info'].flatMap((f) => ['-e', f]));
  const sessions: Session[] = [];
  await analyzeCapture(pcap, { decoder: { showSecrets: true }, sessions: { sessionEnd: (s) => sessions.push(s) } });
  expect(sessions.map((s) => s.protocol)).toEqual(['pop3']);
  const saslLines = sessions[0]!.events.filter((e) => e.kind === 'auth' && e.dir === 'C' && /^[A-Za-z]/.test(e.line)).length;
  const [cmp, ...more] = compareMail(sessions, parseTsharkMail(tsv));
  expect(more).toEqual([]);
  expect(cmp!.tshark).toBeGreaterThan(0);
  expect({ matched: cmp!.matched, extra: cmp!.extra }, cmp!.sample).toEqual({ matched: cmp!.tshark - saslLines, extra: 0 });
}

// ------------------------------------------------------------------------------------------------

/** Checks each expected capture in a directory, which `dir()` names once the suite has started. */
function checkCaptures(dir: () => string): void {
  for (const expected of EXPECTED_CAPTURES) {
    describe(expected.file, () => {
      let view: TsharkView;
      const path = (): string => join(dir(), expected.file);
      beforeAll(() => {
        view = readTsharkView(path(), expected.protocol);
      });

      it('is one small TCP connection to the standard port at the server address', () => {
        expect(statSync(path()).size).toBeLessThanOrEqual(MAX_CAPTURE_BYTES);
        expect([...view.streams]).toEqual(['0']);
        expect(view.synTargets).toEqual([`${SERVER_IP}:${SERVER_PORT[expected.protocol]}`]);
      });

      it('holds the expected commands and replies', () => {
        const missing = firstMissingInOrder(expected.commands, view.commands);
        expect(missing, `commands tshark saw: ${view.commands.join(' ')}`).toBeUndefined();
        for (const absent of expected.absentCommands ?? []) expect(view.commands).not.toContain(absent);
        if (expected.oneSegment) expect(view.commandSegments).toContain(expected.oneSegment.join(','));
        for (const reply of expected.replies) expect(view.replies).toContain(reply);
      });

      it('carries the expected bytes each way', () => {
        for (const bytes of expected.clientBytes ?? []) expect(view.clientBytes.includes(bytes), JSON.stringify(bytes)).toBe(true);
        for (const bytes of expected.serverBytes ?? []) expect(view.serverBytes.includes(bytes), JSON.stringify(bytes)).toBe(true);
      });

      it(expected.tls ? 'upgrades to TLS' : 'stays in cleartext', () => {
        // Handshake types 1 and 2: ClientHello and ServerHello.
        if (expected.tls) expect([...view.tlsHandshakeTypes]).toEqual(expect.arrayContaining(['1', '2']));
        else expect(view.tlsHandshakeTypes.size).toBe(0);
      });

      // Decoder agreement goes here, once src/protocols has the SMTP, POP3 and IMAP decoders: run
      // path() through mailwire's pipeline and expect its commands and replies, in order, to
      // equal view.commands and view.replies (apart from tshark's known misreadings: it takes the
      // text of imap-imaplib's APPEND literal for a command line, shows the SASL response in
      // pop3-curl as a command, and names STARTTLS "STAR").
      if (expected.protocol === 'pop3') {
        it('is decoded by mailwire with the POP3 commands and statuses tshark shows', async () => {
          await expectPop3Agreement(path());
        });
      }
    });
  }
}

describe('scripts/record/record-all.sh records real mail traffic', () => {
  let outDir = '';
  beforeAll(() => {
    if (process.getuid?.() !== 0) {
      throw new Error('the recording test must run as root: record-all.sh starts mail servers and tcpdump');
    }
    outDir = mkdtempSync(join(tmpdir(), 'mailwire-record-test-'));
    execFileSync(RECORD_SCRIPT, [outDir], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 110_000 });
  });
  afterAll(() => {
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  it('writes exactly the expected files', () => {
    expect(readdirSync(outDir).sort()).toEqual(EXPECTED_CAPTURES.map((c) => c.file).sort());
  });

  checkCaptures(() => outDir);
});

describe('the committed captures in captures/real', () => {
  it('are the files record-all.sh writes', () => {
    const committed = readdirSync(COMMITTED_DIR).filter((f) => f.endsWith('.pcap'));
    expect(committed.sort()).toEqual(EXPECTED_CAPTURES.map((c) => c.file).sort());
  });

  checkCaptures(() => COMMITTED_DIR);
});
