/**
 * System test: `mailwire flows --json` (the built CLI, as users run it) agrees exactly with tshark
 * on the conversations, frames and bytes of generated captures: IPv4 and IPv6, VLAN, no
 * handshake, RST, sequence wraparound, reordering, duplication and loss, port reuse, pcapng and
 * gzip, and read from standard input.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCapture, type ConnectionScript } from '../../src/synth/index.js';
import { tsharkConversations } from './tshark.js';

const CLI = new URL('../../bin/mailwire.js', import.meta.url).pathname;

const body = (n: number): string => `Subject: t\r\n\r\n${'0123456789abcdefghij\r\n'.repeat(n)}`;
const SMTP = (n: number): ConnectionScript['steps'] => [
  { from: 'S', data: '220 mx ESMTP\r\n' },
  { from: 'C', data: 'EHLO c\r\n' },
  { from: 'S', data: '250 mx\r\n' },
  { from: 'C', data: 'MAIL FROM:<a@x>\r\nRCPT TO:<b@y>\r\nDATA\r\n' },
  { from: 'S', data: '250 ok\r\n250 ok\r\n354 go\r\n' },
  { from: 'C', data: `${body(n)}.\r\n` },
  { from: 'S', data: '250 queued\r\n' },
];

const CONNS: ConnectionScript[] = [
  { start: 1_700_000_000, client: { ip: '10.0.0.1', port: 40001 }, server: { ip: '10.0.0.2', port: 25 }, steps: SMTP(50) },
  { start: 1_700_000_000.1, client: { ip: 'fe80::1', port: 40002 }, server: { ip: '2001:db8::2', port: 587 }, vlan: 7, steps: SMTP(200) },
  { start: 1_700_000_000.2, client: { ip: '10.0.0.3', port: 40003 }, server: { ip: '10.0.0.2', port: 143 }, handshake: false, close: 'rst', steps: SMTP(30) },
  { start: 1_700_000_000.3, client: { ip: '10.0.0.4', port: 40004 }, server: { ip: '10.0.0.2', port: 110 }, isn: { client: 0xffffff00, server: 0xfffffff0 }, mss: 100, steps: SMTP(40) },
  { start: 1_700_000_000.4, client: { ip: '10.0.0.5', port: 40005 }, server: { ip: '10.0.0.2', port: 25 }, mss: 300, impair: { loss: 0.1, reorder: 0.1, duplicate: 0.1, seed: 5 }, steps: SMTP(400) },
  // Port reuse: the same four-tuple again after the first connection closed, with a new ISN.
  { start: 1_700_000_001, client: { ip: '10.0.0.1', port: 40001 }, server: { ip: '10.0.0.2', port: 25 }, isn: { client: 123456, server: 654321 }, steps: SMTP(10) },
];

interface FlowJson {
  stream: number;
  client: { ip: string; port: number };
  server: { ip: string; port: number };
  packets: { c2s: number; s2c: number };
  bytes: { c2s: number; s2c: number };
}

function mailwireFlows(args: string[], input?: Buffer): FlowJson[] {
  const out = execFileSync(process.execPath, [CLI, 'flows', '--json', ...args], { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(out) as FlowJson[];
}

function expectAgreement(ours: FlowJson[], file: string): void {
  const theirs = tsharkConversations(file);
  expect(ours.length).toBe(theirs.length);
  for (const t of theirs) {
    const f = ours.find((x) => x.stream === t.stream);
    expect(f, `stream ${t.stream}`).toBeDefined();
    const aIsClient = f!.client.ip === t.a.ip && f!.client.port === t.a.port;
    const a2b = aIsClient ? 'c2s' : 's2c';
    const b2a = aIsClient ? 's2c' : 'c2s';
    expect({ stream: t.stream, frames: [f!.packets[a2b], f!.packets[b2a]], bytes: [f!.bytes[a2b], f!.bytes[b2a]] }).toEqual({
      stream: t.stream,
      frames: [t.frames.a2b, t.frames.b2a],
      bytes: [t.bytes.a2b, t.bytes.b2a],
    });
  }
}

describe('mailwire flows agrees with tshark', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mailwire-flows-'));
    writeFileSync(join(dir, 'mix.pcap'), buildCapture(CONNS));
    writeFileSync(join(dir, 'mix.pcapng'), buildCapture(CONNS, { format: 'pcapng', nanosecond: true }));
    writeFileSync(join(dir, 'mix.pcap.gz'), gzipSync(buildCapture(CONNS)));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('on a pcap with every kind of connection', () => {
    expectAgreement(mailwireFlows([join(dir, 'mix.pcap')]), join(dir, 'mix.pcap'));
  });

  it('on the same traffic as nanosecond pcapng', () => {
    expectAgreement(mailwireFlows([join(dir, 'mix.pcapng')]), join(dir, 'mix.pcapng'));
  });

  it('on a gzip-compressed capture, and from standard input', () => {
    const gz = join(dir, 'mix.pcap.gz');
    expectAgreement(mailwireFlows([gz]), join(dir, 'mix.pcap'));
    expectAgreement(mailwireFlows(['-'], readFileSync(gz)), join(dir, 'mix.pcap'));
  });

  it('starts a new conversation when a SYN reuses a finished four-tuple', () => {
    const flows = mailwireFlows([join(dir, 'mix.pcap')]);
    const reused = flows.filter((f) => f.client.port === 40001);
    expect(reused.map((f) => f.stream)).toEqual([0, 5]);
  });
});
