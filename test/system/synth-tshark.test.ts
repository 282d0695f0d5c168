/**
 * System test: tshark reads the generator's captures as clean traffic — no malformed packets,
 * no IP or TCP checksum errors, every conversation with the frames and bytes we wrote, and
 * (where nothing was lost) the exact scripted bytes when it follows each stream.
 * Needs /usr/bin/tshark; fails, not skips, without it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LinkType } from '../../src/capture/types.js';
import { encodePcap } from '../../src/capture/writer.js';
import { buildCapture, buildConnection, expectedStreams, type ConnectionScript } from '../../src/synth/index.js';

const TSHARK = '/usr/bin/tshark';

function tshark(...args: string[]): string {
  if (!existsSync(TSHARK)) {
    throw new Error(`tshark is not installed at ${TSHARK}: the system tests need it (apt-get install tshark)`);
  }
  return execFileSync(TSHARK, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
}

const BODY = `From: a@example.com\r\nSubject: test\r\n\r\n${'The quick brown fox.\r\n'.repeat(400)}.\r\n`;
const SMTP: ConnectionScript['steps'] = [
  { from: 'S', data: '220 mx.example.org ESMTP\r\n' },
  { from: 'C', data: 'EHLO client.example.com\r\n' },
  { from: 'S', data: '250-mx.example.org\r\n250-PIPELINING\r\n250 8BITMIME\r\n' },
  { from: 'C', data: 'MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.org>\r\nDATA\r\n' },
  { from: 'S', data: '250 Ok\r\n250 Ok\r\n354 go ahead\r\n' },
  { from: 'C', data: BODY },
  { from: 'S', data: '250 queued as 1234\r\n' },
  { from: 'C', data: 'QUIT\r\n' },
  { from: 'S', data: '221 bye\r\n' },
];
const IMAP: ConnectionScript['steps'] = [
  { from: 'S', data: '* OK IMAP ready\r\n' },
  { from: 'C', data: 'a1 LOGIN bob secret\r\n' },
  { from: 'S', data: 'a1 OK done\r\n' },
  { from: 'C', data: 'a2 FETCH 1 BODY[]\r\n' },
  { from: 'S', data: `* 1 FETCH (BODY[] {${BODY.length}}\r\n${BODY})\r\na2 OK done\r\n` },
  { from: 'C', data: 'a3 LOGOUT\r\n' },
  { from: 'S', data: '* BYE\r\na3 OK bye\r\n' },
];

/** Each connection starts later than the one before, so tshark's tcp.stream index is its position. */
const CONNS: ConnectionScript[] = [
  { start: 1_700_000_000, client: { ip: '192.0.2.10', port: 50001 }, server: { ip: '192.0.2.25', port: 25 }, steps: SMTP },
  { start: 1_700_000_000.05, ipv6: true, vlan: 100, steps: IMAP, server: { ip: '2001:db8::143', port: 143 }, client: { ip: '2001:db8::10', port: 50002 } },
  { start: 1_700_000_000.1, client: { ip: '192.0.2.11', port: 50003 }, steps: SMTP, mss: 536, handshake: false, close: 'rst' },
  { start: 1_700_000_000.15, client: { ip: '192.0.2.12', port: 50004 }, steps: SMTP, mss: 300, isn: { client: 0xfffff000, server: 0xffffff00 } },
  { start: 1_700_000_000.2, client: { ip: '192.0.2.13', port: 50005 }, steps: IMAP, server: { ip: '192.0.2.143', port: 143 }, mss: 200, impair: { reorder: 0.3, duplicate: 0.3, seed: 11 } },
  { start: 1_700_000_000.25, client: { ip: '192.0.2.14', port: 50006 }, steps: SMTP, mss: 200, impair: { loss: 0.2, reorder: 0.2, duplicate: 0.2, seed: 12 } },
];
/** Connections whose every data segment is in the capture. */
const LOSSLESS = [0, 1, 2, 3, 4];

describe('tshark reads generated captures cleanly', () => {
  let dir = '';
  const files = { pcap: '', pcapng: '' };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mailwire-synth-'));
    files.pcap = join(dir, 'conns.pcap');
    files.pcapng = join(dir, 'conns.pcapng');
    writeFileSync(files.pcap, buildCapture(CONNS));
    writeFileSync(files.pcapng, buildCapture(CONNS, { format: 'pcapng', nanosecond: true }));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const format of ['pcap', 'pcapng'] as const) {
    it(`finds no malformed packet and no bad checksum (${format})`, () => {
      expect(tsharkFilter(files[format], SUSPECT)).toBe('');
      // Every frame's TCP checksum was verified and found good (not merely left unverified).
      const good = tsharkFilter(files[format], 'tcp.checksum.status == 1').trim().split('\n');
      expect(good.length).toBe(CONNS.reduce((n, c) => n + buildConnection(c).length, 0));
    });
  }

  it('would see a damaged frame (control for the check above)', () => {
    const frames = buildConnection(CONNS[0]!);
    frames[3]!.data[frames[3]!.data.length - 1]! ^= 0x01; // a payload byte: TCP checksum now wrong
    frames[5]!.data[14 + 8]! -= 1; // the TTL: IPv4 header checksum now wrong
    const damaged = join(dir, 'damaged.pcap');
    writeFileSync(damaged, encodePcap(frames, { linkType: LinkType.ETHERNET }));
    const listed = tsharkFilter(damaged, SUSPECT).trim().split('\n').map((line) => Number(line.trim().split(/\s+/)[0]));
    expect(listed).toEqual([4, 6]);
  });

  it('shows every conversation with the frames and bytes each way', () => {
    const table = parseConversations(tshark('-r', files.pcap, '-q', '-z', 'conv,tcp'));
    expect(table.size).toBe(CONNS.length);
    CONNS.forEach((script, i) => {
      const frames = buildConnection(script);
      const client = `${script.client!.ip}:${script.client!.port}`;
      const server = script.server ? `${script.server.ip}:${script.server.port}` : '192.0.2.25:25';
      const row = table.get(`${client} ${server}`);
      expect(row, `conversation ${i} ${client} <-> ${server}`).toBeDefined();
      const fromClient = frames.filter((f) => isFromPort(f.data, script.client!.port));
      const fromServer = frames.filter((f) => !isFromPort(f.data, script.client!.port));
      expect(row!.c2s.frames).toBe(fromClient.length);
      expect(row!.s2c.frames).toBe(fromServer.length);
      if (row!.c2s.bytes !== null) expect(row!.c2s.bytes).toBe(sum(fromClient.map((f) => f.data.length)));
      if (row!.s2c.bytes !== null) expect(row!.s2c.bytes).toBe(sum(fromServer.map((f) => f.data.length)));
    });
  });

  it('follows each lossless stream to exactly the scripted bytes', () => {
    const args = ['-r', files.pcapng, '-q'];
    for (const i of LOSSLESS) args.push('-z', `follow,tcp,raw,${i}`);
    const follows = parseFollows(tshark(...args));
    for (const i of LOSSLESS) {
      const expected = expectedStreams(CONNS[i]!);
      const streams = follows.get(i);
      expect(streams, `follow of stream ${i}`).toBeDefined();
      // Node 0 is the sender of the stream's first frame: the client, or the server without a handshake.
      const [first, second] = CONNS[i]!.handshake === false ? [expected.S, expected.C] : [expected.C, expected.S];
      expect(streams![0].toString('latin1'), `stream ${i} node 0`).toBe(first.toString('latin1'));
      expect(streams![1].toString('latin1'), `stream ${i} node 1`).toBe(second.toString('latin1'));
    }
  });
});

/**
 * Frames with a bad (or unverified) checksum, or malformed. Status 1 is Good; the values are
 * 0 Bad, 1 Good, 2 Unverified, 3 Not present, 4 Illegal (`tshark -G values`).
 */
const SUSPECT = 'tcp.checksum.status != 1 || ip.checksum.status != 1 || _ws.malformed';

/** The packet list of `file` filtered by `filter`, with IP and TCP checksum validation on. */
function tsharkFilter(file: string, filter: string): string {
  return tshark('-r', file, '-o', 'tcp.check_checksum:TRUE', '-o', 'ip.check_checksum:TRUE', '-Y', filter);
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** True when the Ethernet frame's TCP source port is `port` (handles 802.1Q and IPv6). */
function isFromPort(frame: Buffer, port: number): boolean {
  let off = 12;
  while (frame.readUInt16BE(off) === 0x8100) off += 4;
  const ip = off + 2;
  const tcp = frame.readUInt16BE(off) === 0x86dd ? ip + 40 : ip + (frame[ip]! & 0x0f) * 4;
  return frame.readUInt16BE(tcp) === port;
}

interface Way {
  frames: number;
  /** null when tshark rounded the count to kB. */
  bytes: number | null;
}

/** Rows of `-z conv,tcp`, keyed by "client server" whichever side tshark printed first. */
function parseConversations(text: string): Map<string, { c2s: Way; s2c: Way }> {
  const rows = new Map<string, { c2s: Way; s2c: Way }>();
  const re = /^(\S+)\s+<->\s+(\S+)\s+(\d+)\s+(\d+) (\S+)\s+(\d+)\s+(\d+) (\S+)\s/;
  for (const line of text.split('\n')) {
    const m = re.exec(line);
    if (!m) continue;
    const way = (frames: string, n: string, unit: string): Way => ({ frames: Number(frames), bytes: unit === 'bytes' ? Number(n) : null });
    const bToA = way(m[3]!, m[4]!, m[5]!);
    const aToB = way(m[6]!, m[7]!, m[8]!);
    // Put the higher port first as the client: every client port here is above its server's.
    const [a, b] = [m[1]!, m[2]!];
    const portOf = (endpoint: string): number => Number(endpoint.slice(endpoint.lastIndexOf(':') + 1));
    if (portOf(a) > portOf(b)) rows.set(`${a} ${b}`, { c2s: aToB, s2c: bToA });
    else rows.set(`${b} ${a}`, { c2s: bToA, s2c: aToB });
  }
  return rows;
}

/** Each `-z follow,tcp,raw,N` block: the bytes of node 0 and node 1 (lines indented by a tab). */
function parseFollows(text: string): Map<number, [Buffer, Buffer]> {
  const out = new Map<number, [Buffer, Buffer]>();
  for (const block of text.split(/^=+$/m)) {
    const stream = /^Filter: tcp\.stream eq (\d+)$/m.exec(block);
    if (!stream) continue;
    const nodes: [string[], string[]] = [[], []];
    const body = block.slice(block.search(/^Node 1: .*$/m)).split('\n').slice(1);
    for (const line of body) {
      if (line.trim() === '') continue;
      nodes[line.startsWith('\t') ? 1 : 0].push(line.trim());
    }
    out.set(Number(stream[1]), [Buffer.from(nodes[0].join(''), 'hex'), Buffer.from(nodes[1].join(''), 'hex')]);
  }
  return out;
}
