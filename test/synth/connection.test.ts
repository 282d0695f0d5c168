import { describe, expect, it } from 'vitest';
import type { Direction } from '../../src/flow/types.js';
import { TcpFlag } from '../../src/net/types.js';
import { buildConnection, expectedStreams, type ConnectionScript } from '../../src/synth/index.js';
import { decodeFrame, direction, reassemble, type DecodedFrame } from './decode.js';

const SMTP: ConnectionScript['steps'] = [
  { from: 'S', data: '220 mx.example.org ESMTP\r\n' },
  { from: 'C', data: 'EHLO client.example.com\r\n' },
  { from: 'S', data: '250-mx.example.org\r\n250 PIPELINING\r\n' },
  { from: 'C', data: 'DATA\r\n' },
  { from: 'S', data: '354 go\r\n' },
  { from: 'C', data: Buffer.concat([Buffer.alloc(4000, 'x'), Buffer.from('\r\n.\r\n')]) },
  { from: 'S', data: '250 queued\r\n' },
  { from: 'C', data: 'QUIT\r\n' },
  { from: 'S', data: '221 bye\r\n' },
];

const CLIENT = { ip: '198.51.100.7', port: 40001, mac: '0a:00:00:00:00:07' };
const SERVER = { ip: '203.0.113.25', port: 25, mac: '0a:00:00:00:00:19' };

function decodeAll(script: ConnectionScript): DecodedFrame[] {
  return buildConnection(script).map(decodeFrame);
}

const isData = (f: DecodedFrame): boolean => f.payload.length > 0;
const has = (f: DecodedFrame, flag: number): boolean => (f.flags & flag) !== 0;

/** Checks everything every generated connection must satisfy; returns the frames per direction. */
function checkWellFormed(frames: DecodedFrame[], clientPort: number, mss: number): Record<Direction, DecodedFrame[]> {
  const byDir: Record<Direction, DecodedFrame[]> = { C: [], S: [] };
  frames.forEach((f, i) => {
    expect(f.ipChecksumOk, `frame ${i} IP checksum`).toBe(true);
    expect(f.tcpChecksumOk, `frame ${i} TCP checksum`).toBe(true);
    expect(f.ipLength, `frame ${i} IP length`).toBe(f.frameLength - f.ipOffset);
    expect(f.ttl).toBe(64);
    expect(f.payload.length).toBeLessThanOrEqual(mss);
    if (i > 0) expect(f.ts).toBeGreaterThan(frames[i - 1]!.ts);
    if (!has(f, TcpFlag.SYN)) expect(has(f, TcpFlag.ACK), `frame ${i} has ACK`).toBe(true);
    byDir[direction(f, clientPort)].push(f);
  });
  for (const dir of ['C', 'S'] as const) {
    // IPv4 ids go up by one per packet a side sends.
    const mine = byDir[dir];
    if (mine[0]!.ipVersion === 4) mine.forEach((f, i) => i > 0 && expect(f.ipId).toBe((mine[i - 1]!.ipId + 1) & 0xffff));
    // Sequence numbers: each segment starts where the previous one ended (SYN and FIN count one).
    for (let i = 1; i < mine.length; i++) {
      const prev = mine[i - 1]!;
      const used = prev.payload.length + (has(prev, TcpFlag.SYN) ? 1 : 0) + (has(prev, TcpFlag.FIN) ? 1 : 0);
      expect(mine[i]!.seq, `${dir} segment ${i} seq`).toBe((prev.seq + used) >>> 0);
    }
  }
  return byDir;
}

describe('buildConnection', () => {
  const script: ConnectionScript = { client: CLIENT, server: SERVER, steps: SMTP, mss: 1000, start: 1_600_000_000 };
  const frames = decodeAll(script);

  it('writes valid IPv4/TCP frames with consecutive sequence numbers and IP ids', () => {
    checkWellFormed(frames, CLIENT.port, 1000);
    for (const f of frames) {
      expect(f.dontFragment).toBe(true);
      expect(f.vlans).toEqual([]);
      expect(f.etherType).toBe(0x0800);
      const fromClient = f.srcPort === CLIENT.port;
      expect([f.src, f.dst]).toEqual(fromClient ? [CLIENT.ip, SERVER.ip] : [SERVER.ip, CLIENT.ip]);
      expect([f.srcMac, f.dstMac]).toEqual(fromClient ? [CLIENT.mac, SERVER.mac] : [SERVER.mac, CLIENT.mac]);
    }
  });

  it('carries exactly the scripted bytes in each direction', () => {
    const expected = expectedStreams(script);
    expect(reassemble(frames, CLIENT.port, 'C')).toEqual(expected.C);
    expect(reassemble(frames, CLIENT.port, 'S')).toEqual(expected.S);
  });

  it('opens with SYN, SYN-ACK, ACK carrying MSS, SACK-permitted and window scale', () => {
    const [syn, synAck, ack] = frames;
    expect(syn!.flags).toBe(TcpFlag.SYN);
    expect(synAck!.flags).toBe(TcpFlag.SYN | TcpFlag.ACK);
    expect(ack!.flags).toBe(TcpFlag.ACK);
    expect(synAck!.ack).toBe((syn!.seq + 1) >>> 0);
    expect(ack!.seq).toBe((syn!.seq + 1) >>> 0);
    expect(ack!.ack).toBe((synAck!.seq + 1) >>> 0);
    for (const f of [syn!, synAck!]) expect(f.options.toString('hex')).toBe('020403e8' + '01010402' + '01030307');
    expect(ack!.options.length).toBe(0);
    expect(syn!.ts).toBe(1_600_000_000);
  });

  it('sets PSH on the last segment of each step and only there', () => {
    for (const dir of ['C', 'S'] as const) {
      const steps = SMTP.filter((s) => s.from === dir).map((s) => Buffer.from(s.data));
      const data = frames.filter((f) => direction(f, CLIENT.port) === dir && isData(f));
      const chunks: Buffer[] = [];
      let current: Buffer[] = [];
      for (const f of data) {
        current.push(f.payload);
        if (has(f, TcpFlag.PSH)) {
          chunks.push(Buffer.concat(current));
          current = [];
        }
      }
      expect(current).toEqual([]);
      expect(chunks).toEqual(steps);
    }
    // The 4005-byte body in 1000-byte segments: 4 full ones and a 5-byte PSH segment.
    const body = frames.filter((f) => direction(f, CLIENT.port) === 'C' && isData(f)).slice(2, 7);
    expect(body.map((f) => f.payload.length)).toEqual([1000, 1000, 1000, 1000, 5]);
    expect(body.map((f) => has(f, TcpFlag.PSH))).toEqual([false, false, false, false, true]);
  });

  it('has the receiver ACK every second segment and the end of every step', () => {
    for (const dir of ['C', 'S'] as const) {
      const acks = new Set(frames.filter((f) => direction(f, CLIENT.port) !== dir).map((f) => f.ack));
      const data = frames.filter((f) => direction(f, CLIENT.port) === dir && isData(f));
      let inStep = 0;
      for (const f of data) {
        inStep++;
        const end = (f.seq + f.payload.length) >>> 0;
        if (has(f, TcpFlag.PSH) || inStep % 2 === 0) expect(acks.has(end), `${dir} ack of ${end}`).toBe(true);
        if (has(f, TcpFlag.PSH)) inStep = 0;
      }
    }
  });

  it('acknowledges in data segments everything the peer sent before', () => {
    const sent: Record<Direction, number> = { C: 0, S: 0 };
    const isn: Record<Direction, number> = { C: frames[0]!.seq, S: frames[1]!.seq };
    for (const f of frames) {
      const dir = direction(f, CLIENT.port);
      const peer: Direction = dir === 'C' ? 'S' : 'C';
      if (isData(f)) expect(f.ack).toBe((isn[peer] + 1 + sent[peer]) >>> 0);
      sent[dir] += f.payload.length;
    }
  });

  it('closes with FIN/ACK from the client, FIN/ACK from the server and a last ACK', () => {
    const [fin1, fin2, last] = frames.slice(-3);
    expect(direction(fin1!, CLIENT.port)).toBe('C');
    expect(fin1!.flags).toBe(TcpFlag.FIN | TcpFlag.ACK);
    expect(fin2!.flags).toBe(TcpFlag.FIN | TcpFlag.ACK);
    expect(fin2!.ack).toBe((fin1!.seq + 1) >>> 0);
    expect(last!.flags).toBe(TcpFlag.ACK);
    expect(last!.ack).toBe((fin2!.seq + 1) >>> 0);
  });

  it('times steps by their delays after the handshake, and ACKs rtt/2 after the data', () => {
    const timed = decodeAll({
      client: CLIENT, server: SERVER, start: 1000, rtt: 0.004,
      steps: [{ from: 'S', data: 'hello\r\n', delay: 0.5 }, { from: 'C', data: 'bye\r\n' }, { from: 'C', data: 'again\r\n', delay: 0.25 }],
    });
    const data = timed.filter(isData);
    expect(data.map((f) => f.ts - 1000)).toEqual([expect.closeTo(0.504, 9), expect.closeTo(0.514, 9), expect.closeTo(0.764, 9)]);
    const ackOfHello = timed.find((f) => f.srcPort === CLIENT.port && f.ack === ((data[0]!.seq + 7) >>> 0))!;
    expect(ackOfHello.ts - data[0]!.ts).toBeCloseTo(0.002, 9);
    expect(timed.at(-3)!.ts - 1000).toBeCloseTo(0.774, 9);
  });

  it('never lets a reply come before the data it answers reached its sender', () => {
    const fast = decodeAll({ client: CLIENT, server: SERVER, rtt: 0.1, steps: [{ from: 'C', data: 'Q\r\n' }, { from: 'S', data: 'A\r\n', delay: 0 }] });
    const [q, a] = fast.filter(isData);
    expect(a!.ts - q!.ts).toBeGreaterThanOrEqual(0.05);
  });

  it('can end with a RST from the client, or not at all', () => {
    const rst = decodeAll({ client: CLIENT, server: SERVER, steps: SMTP, close: 'rst' });
    expect(rst.at(-1)!.flags).toBe(TcpFlag.RST | TcpFlag.ACK);
    expect(direction(rst.at(-1)!, CLIENT.port)).toBe('C');
    expect(rst.filter((f) => has(f, TcpFlag.FIN))).toEqual([]);
    checkWellFormed(rst, CLIENT.port, 1460);

    const open = decodeAll({ client: CLIENT, server: SERVER, steps: SMTP, close: 'none' });
    expect(open.filter((f) => has(f, TcpFlag.FIN | TcpFlag.RST))).toEqual([]);
    expect(open.length).toBe(rst.length - 1);
  });

  it('can start without a handshake, from the given ISNs', () => {
    const mid = decodeAll({ client: CLIENT, server: SERVER, steps: SMTP, handshake: false, isn: { client: 1000, server: 5000 } });
    expect(mid.filter((f) => has(f, TcpFlag.SYN))).toEqual([]);
    expect(mid[0]!.seq).toBe(5001);
    expect(mid[0]!.ack).toBe(1001);
    checkWellFormed(mid, CLIENT.port, 1460);
    expect(reassemble(mid, CLIENT.port, 'S')).toEqual(expectedStreams({ steps: SMTP }).S);
  });

  it('wraps sequence numbers past 2^32', () => {
    const wrap = decodeAll({ client: CLIENT, server: SERVER, steps: SMTP, mss: 100, isn: { client: 0xffffff00, server: 0xfffffff0 } });
    checkWellFormed(wrap, CLIENT.port, 100);
    expect(wrap.some((f) => isData(f) && f.seq < 0x1000)).toBe(true);
    expect(reassemble(wrap, CLIENT.port, 'C')).toEqual(expectedStreams({ steps: SMTP }).C);
  });

  it('writes IPv6 with an 802.1Q tag', () => {
    const v6 = decodeAll({
      client: { ip: '2001:db8:1::10', port: 50000 }, server: { ip: '2001:db8:2::25', port: 587 }, steps: SMTP, vlan: 42,
    });
    checkWellFormed(v6, 50000, 1460);
    for (const f of v6) {
      expect(f.ipVersion).toBe(6);
      expect(f.vlans).toEqual([42]);
      expect(f.ttl).toBe(64);
    }
    expect(v6[0]!.src).toBe('20010db8000100000000000000000010');
    expect(reassemble(v6, 50000, 'S')).toEqual(expectedStreams({ steps: SMTP }).S);
  });

  it('uses IPv6 defaults when asked for IPv6 without addresses', () => {
    const v6 = decodeAll({ steps: SMTP, ipv6: true });
    expect(v6[0]!.src).toBe('20010db8000000000000000000000001');
    expect(v6[0]!.dstPort).toBe(25);
  });

  it('skips empty steps but keeps their delay', () => {
    const withEmpty = decodeAll({ start: 0, steps: [{ from: 'C', data: '', delay: 1 }, { from: 'C', data: 'x', delay: 1 }] });
    const data = withEmpty.filter(isData);
    expect(data.length).toBe(1);
    expect(data[0]!.ts).toBeCloseTo(0.002 + 2, 9);
  });

  it('is deterministic, and varies the defaults with the endpoints', () => {
    expect(buildConnection({ steps: SMTP })).toEqual(buildConnection({ steps: SMTP }));
    const a = decodeAll({ steps: SMTP, client: { ip: '192.0.2.1', port: 1111 } });
    const b = decodeAll({ steps: SMTP, client: { ip: '192.0.2.1', port: 1112 } });
    expect(a[0]!.seq).not.toBe(b[0]!.seq);
    expect(a[1]!.seq).not.toBe(b[1]!.seq);
  });

  it('throws a RangeError for scripts that cannot be a connection', () => {
    expect(() => buildConnection({ steps: SMTP, client: { ip: '300.1.1.1', port: 1 } })).toThrow(RangeError);
    expect(() => buildConnection({ steps: SMTP, client: { ip: '::1', port: 1 }, server: SERVER })).toThrow(/IPv6/);
    expect(() => buildConnection({ steps: SMTP, mss: 0 })).toThrow(/mss/);
    expect(() => buildConnection({ steps: [{ from: 'C', data: 'x', delay: -1 }] })).toThrow(/delay/);
    expect(() => buildConnection({ steps: SMTP, server: { ip: '10.0.0.1', port: 70000 } })).toThrow(/port/);
  });
});
