/**
 * The make-up of the synthetic mail capture: which sessions arrive when, over which protocol,
 * address family and MSS, carrying which message sizes, and which of them the capture damaged.
 * Every choice comes from one seeded generator, so a seed names one capture exactly.
 */
import { makePrng, type Prng } from '../../src/synth/prng.js';
import type { ConnectionScript } from '../../src/synth/index.js';
import { imapDialogue, pop3Dialogue, smtpDialogue, type Dialogue, type DialogueInput } from './mail-dialogues.js';
import { MessageSource } from './message-source.js';

/** The mix's proportions (fractions of sessions) and sizes. */
export const MIX = {
  /** Shares of SMTP and POP3 sessions; the rest is IMAP. */
  smtp: 0.5,
  pop3: 0.25,
  /** Of SMTP sessions: submissions on 587 with AUTH (the rest relay on 25). */
  submission: 0.3,
  ipv6: 0.15,
  mss536: 0.12,
  /** Sessions whose capture shows reordering, duplication and loss, each at `impairRate` per data segment. */
  impaired: 0.1,
  impairRate: 0.01,
  rst: 0.03,
  /** POP3 and IMAP sessions that only check an empty mailbox. */
  emptyMailbox: 0.15,
  /** Message sizes: [share, min bytes, max bytes], log-uniform within each band. */
  sizeBands: [
    [0.8, 1_000, 50_000],
    [0.18, 50_000, 1_000_000],
    [0.02, 1_000_000, 5_000_000],
  ] as const,
  /** Mean time between session starts (exponential), nanoseconds. */
  meanArrivalNs: 4_000_000,
  /** Round-trip times to choose from, seconds: LAN, metro, continental, intercontinental. */
  rtts: [0.0005, 0.002, 0.02, 0.08],
} as const;

export type MailProtocol = 'smtp' | 'pop3' | 'imap';

/** One session of the mix. */
export interface MixSession {
  /** Nanoseconds after the capture's start. */
  startNs: number;
  protocol: MailProtocol;
  script: ConnectionScript;
  impaired: boolean;
  messages: number;
  messageBytes: number;
  largestMessage: number;
}

/** The capture's first instant, seconds since the epoch (2023-11-14 22:13:20 UTC). */
export const CAPTURE_START = 1_700_000_000;

/** An endless, deterministic stream of sessions in order of start time. */
export class SessionMix {
  private readonly random: Prng;
  private readonly messages: MessageSource;
  private nowNs = 0;
  private count = 0;
  /** Next ephemeral port of each client address, so no 4-tuple is ever used twice. */
  private readonly nextPort = new Map<number, number>();

  constructor(seed: number) {
    this.random = makePrng(seed);
    this.messages = new MessageSource(makePrng(seed ^ 0x5eed));
  }

  next(): MixSession {
    const r = this.random;
    this.nowNs += Math.round(-Math.log(1 - r()) * MIX.meanArrivalNs);
    const n = this.count++;
    const pick = r();
    const protocol: MailProtocol = pick < MIX.smtp ? 'smtp' : pick < MIX.smtp + MIX.pop3 ? 'pop3' : 'imap';
    const submission = protocol === 'smtp' && r() < MIX.submission;
    const ipv6 = r() < MIX.ipv6;
    const impaired = r() < MIX.impaired;
    const messageCount = protocol !== 'smtp' && r() < MIX.emptyMailbox ? 0 : r() < 0.8 ? 1 : 2 + Math.floor(r() * 3);
    const sizes = Array.from({ length: messageCount }, () => this.messageSize());
    const input: DialogueInput = { random: r, messages: this.messages, sizes, user: `user${n % 5000}` };
    const dialogue: Dialogue =
      protocol === 'smtp' ? smtpDialogue(input, submission) : protocol === 'pop3' ? pop3Dialogue(input) : imapDialogue(input);
    const port = protocol === 'smtp' ? (submission ? 587 : 25) : protocol === 'pop3' ? 110 : 143;
    const clientIndex = Math.floor(r() * 4096);
    const script: ConnectionScript = {
      client: { ip: clientAddress(clientIndex, ipv6), port: this.clientPort(clientIndex + (ipv6 ? 4096 : 0)) },
      server: { ip: serverAddress(protocol, ipv6), port },
      start: CAPTURE_START + this.nowNs / 1e9,
      steps: dialogue.steps,
      // IPv6 headers are 20 bytes longer: a 1500-byte MTU leaves 1440 bytes of payload.
      mss: r() < MIX.mss536 ? 536 : ipv6 ? 1440 : 1460,
      rtt: MIX.rtts[Math.floor(r() * MIX.rtts.length)]!,
      close: r() < MIX.rst ? 'rst' : 'fin',
      ipv6,
      impair: impaired ? { reorder: MIX.impairRate, duplicate: MIX.impairRate, loss: MIX.impairRate } : undefined,
    };
    return { startNs: this.nowNs, protocol, script, impaired, messages: messageCount, messageBytes: dialogue.messageBytes, largestMessage: dialogue.largestMessage };
  }

  private messageSize(): number {
    let u = this.random();
    for (const [share, min, max] of MIX.sizeBands) {
      if (u < share) return Math.round(min * Math.exp(this.random() * Math.log(max / min)));
      u -= share;
    }
    return MIX.sizeBands[0][1];
  }

  private clientPort(key: number): number {
    const port = this.nextPort.get(key) ?? 32768 + Math.floor(this.random() * 16384);
    this.nextPort.set(key, port >= 60999 ? 32768 : port + 1);
    return port;
  }
}

function clientAddress(index: number, ipv6: boolean): string {
  return ipv6 ? `2001:db8:c0::${(index + 1).toString(16)}` : `10.1.${index >> 6}.${(index & 63) + 2}`;
}

function serverAddress(protocol: MailProtocol, ipv6: boolean): string {
  const host = protocol === 'smtp' ? 25 : protocol === 'pop3' ? 110 : 143;
  return ipv6 ? `2001:db8:5e::${host}` : `192.0.2.${host}`;
}
