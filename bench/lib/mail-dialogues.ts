/**
 * The dialogues of the synthetic mail capture: ordinary SMTP submissions and relays, POP3
 * retrievals and IMAP fetches, as scripted steps for the capture generator. Each carries one or
 * more messages from a MessageSource; the timing is that of a quick server on a LAN or a WAN.
 */
import type { Prng } from '../../src/synth/prng.js';
import type { DialogueStep } from '../../src/synth/index.js';
import type { MessageSource } from './message-source.js';

/** What a dialogue needs: its random source, the messages' source and sizes, and who talks. */
export interface DialogueInput {
  random: Prng;
  messages: MessageSource;
  /** Size in bytes of each message to carry (SMTP needs at least one). */
  sizes: readonly number[];
  /** A user name for logins and addresses. */
  user: string;
}

/** Steps and what they carry. */
export interface Dialogue {
  steps: DialogueStep[];
  /** Total bytes of the messages carried, and the largest one's. */
  messageBytes: number;
  largestMessage: number;
}

/** Builds steps with short, slightly random delays: servers answer in 0.3–3 ms, clients in 0.2–1 ms. */
class Steps {
  readonly steps: DialogueStep[] = [];
  private messageBytes = 0;
  private largestMessage = 0;
  constructor(private readonly random: Prng) {}
  client(data: string | Buffer, delay = 0.0002 + this.random() * 0.0008): this {
    this.steps.push({ from: 'C', data, delay });
    return this;
  }
  server(data: string | Buffer, delay = 0.0003 + this.random() * 0.0027): this {
    this.steps.push({ from: 'S', data, delay });
    return this;
  }
  /** Counts a message the dialogue carries. */
  carry(message: Buffer): void {
    this.messageBytes += message.length;
    this.largestMessage = Math.max(this.largestMessage, message.length);
  }
  done(): Dialogue {
    return { steps: this.steps, messageBytes: this.messageBytes, largestMessage: this.largestMessage };
  }
}

/** An ESMTP session: EHLO, optional AUTH PLAIN (submission port), then MAIL/RCPT/DATA per message, QUIT. */
export function smtpDialogue(input: DialogueInput, submission: boolean): Dialogue {
  const { random, messages, user } = input;
  const from = `${user}@example.net`;
  const s = new Steps(random);
  s.server('220 mx.example.org ESMTP Postfix (Debian/GNU)\r\n', 0.001);
  s.client('EHLO client.example.net\r\n');
  s.server(
    '250-mx.example.org\r\n250-PIPELINING\r\n250-SIZE 52428800\r\n250-ETRN\r\n' +
      (submission ? '250-AUTH PLAIN LOGIN\r\n' : '') +
      '250-ENHANCEDSTATUSCODES\r\n250-8BITMIME\r\n250-DSN\r\n250 CHUNKING\r\n',
  );
  if (submission) {
    s.client(`AUTH PLAIN ${Buffer.from(`\0${user}\0secret-${user}`).toString('base64')}\r\n`);
    s.server('235 2.7.0 Authentication successful\r\n', 0.004 + random() * 0.01);
  }
  input.sizes.forEach((size, i) => {
    const rcpts = 1 + Math.floor(random() * random() * 4);
    const to = Array.from({ length: rcpts }, (_, r) => `rcpt${i}.${r}@example.org`);
    const message = messages.next(size, from, to[0]!);
    s.carry(message);
    s.client(`MAIL FROM:<${from}> SIZE=${message.length}\r\n`);
    s.server('250 2.1.0 Ok\r\n');
    for (const rcpt of to) {
      s.client(`RCPT TO:<${rcpt}>\r\n`);
      s.server('250 2.1.5 Ok\r\n');
    }
    s.client('DATA\r\n');
    s.server('354 End data with <CR><LF>.<CR><LF>\r\n');
    s.client(Buffer.concat([message, Buffer.from('.\r\n', 'latin1')]));
    // The server scans the message before it answers.
    s.server(`250 2.0.0 Ok: queued as ${(0x3a000 + i * 7919).toString(16).toUpperCase()}\r\n`, 0.005 + random() * 0.03);
  });
  s.client('QUIT\r\n');
  s.server('221 2.0.0 Bye\r\n');
  return s.done();
}

/** A POP3 session: USER/PASS, STAT, LIST, then RETR and DELE per message, QUIT. */
export function pop3Dialogue(input: DialogueInput): Dialogue {
  const { random, messages, user, sizes } = input;
  const s = new Steps(random);
  const bodies = sizes.map((size, i) => messages.next(size, `sender${i}@example.com`, `${user}@example.org`));
  const total = bodies.reduce((sum, b) => sum + b.length, 0);
  s.server('+OK Dovecot ready.\r\n', 0.001);
  s.client(`USER ${user}\r\n`).server('+OK\r\n');
  s.client(`PASS secret-${user}\r\n`).server('+OK Logged in.\r\n', 0.003 + random() * 0.01);
  s.client('STAT\r\n').server(`+OK ${bodies.length} ${total}\r\n`);
  s.client('LIST\r\n').server(`+OK ${bodies.length} messages:\r\n${bodies.map((b, i) => `${i + 1} ${b.length}\r\n`).join('')}.\r\n`);
  bodies.forEach((body, i) => {
    s.carry(body);
    s.client(`RETR ${i + 1}\r\n`);
    s.server(Buffer.concat([Buffer.from(`+OK ${body.length} octets\r\n`, 'latin1'), body, Buffer.from('.\r\n', 'latin1')]));
    s.client(`DELE ${i + 1}\r\n`).server(`+OK Marked to be deleted.\r\n`);
  });
  s.client('QUIT\r\n').server('+OK Logging out, messages deleted.\r\n');
  return s.done();
}

/** An IMAP session: LOGIN, SELECT, one UID FETCH of BODY.PEEK[] literals per message, LOGOUT. */
export function imapDialogue(input: DialogueInput): Dialogue {
  const { random, messages, user, sizes } = input;
  const s = new Steps(random);
  const bodies = sizes.map((size, i) => messages.next(size, `sender${i}@example.com`, `${user}@example.org`));
  s.server('* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ AUTH=PLAIN] Dovecot ready.\r\n', 0.001);
  s.client(`a1 LOGIN ${user} secret-${user}\r\n`);
  s.server('a1 OK [CAPABILITY IMAP4rev1 SASL-IR UIDPLUS MOVE CONDSTORE] Logged in\r\n', 0.003 + random() * 0.01);
  s.client('a2 SELECT INBOX\r\n');
  s.server(
    '* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n' +
      '* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags permitted.\r\n' +
      `* ${bodies.length} EXISTS\r\n* 0 RECENT\r\n* OK [UIDVALIDITY 1700000000] UIDs valid\r\n` +
      `* OK [UIDNEXT ${bodies.length + 1}] Predicted next UID\r\n` +
      'a2 OK [READ-WRITE] Select completed (0.001 + 0.000 secs).\r\n',
  );
  bodies.forEach((body, i) => {
    const tag = `a${i + 3}`;
    s.carry(body);
    s.client(`${tag} UID FETCH ${i + 1} (UID RFC822.SIZE BODY.PEEK[])\r\n`);
    s.server(
      Buffer.concat([
        Buffer.from(`* ${i + 1} FETCH (UID ${i + 1} RFC822.SIZE ${body.length} BODY[] {${body.length}}\r\n`, 'latin1'),
        body,
        Buffer.from(`)\r\n${tag} OK Fetch completed (0.002 + 0.000 secs).\r\n`, 'latin1'),
      ]),
    );
  });
  const logout = `a${bodies.length + 3}`;
  s.client(`${logout} LOGOUT\r\n`).server(`* BYE Logging out\r\n${logout} OK Logout completed.\r\n`);
  return s.done();
}
