import { describe, expect, it } from 'vitest';
import { FlowTable, type FlowTableOptions } from '../../src/flow/flow-table.js';
import type { FlowRecord } from '../../src/flow/types.js';
import type { TcpSegment } from '../../src/net/types.js';
import { ACK, ConsumerRecorder, Conversation, ep, FIN, PSH, RST, SYN, tcp } from './helpers.js';

const CLIENT = ep('10.0.0.1', 40001);
const SERVER = ep('10.0.0.2', 25);

/** A table whose consumers are recorded by flow id, and whose ended records are listed in order. */
function table(opts: Omit<FlowTableOptions, 'onFlowEnd'> = {}) {
  const consumers = new Map<number, ConsumerRecorder>();
  const ended: FlowRecord[] = [];
  const t = new FlowTable(
    (f) => {
      const c = new ConsumerRecorder();
      consumers.set(f.id, c);
      return c;
    },
    { ...opts, onFlowEnd: (f) => ended.push(f) },
  );
  const add = (...segs: TcpSegment[]) => segs.forEach((s) => t.add(s));
  const calls = (id: number) => consumers.get(id)?.summary() ?? [];
  return { t, add, calls, ended, consumers };
}

describe('FlowTable: connections and counts', () => {
  it('numbers connections from 0 in order of their first packet and counts every frame per direction', () => {
    const { t, add, ended, calls } = table();
    const a = new Conversation(CLIENT, SERVER);
    const b = new Conversation(ep('10.0.0.3', 50000), SERVER);
    add(a.syn(), b.syn(), a.synAck(), a.c(), b.synAck());
    add(a.s('220 hi\r\n'), a.c('QUIT\r\n'), a.s('', ACK));
    add(a.c('', ACK | FIN), a.s('', ACK | FIN), a.c('', ACK)); // the last ACK comes after both FINs
    add(a.s('220 hi\r\n', ACK | PSH, false)); // a retransmission after the end: counted, not delivered
    t.finish(100);
    expect(ended.map((f) => [f.id, f.client.port, f.end])).toEqual([
      [0, 40001, 'fin'],
      [1, 50000, 'capture-end'],
    ]);
    const f0 = ended[0]!;
    expect(f0.c2s).toEqual({ packets: 5, bytes: 5 * 54 + 6, payload: 6, gaps: 0, gapBytes: 0, dropped: 0 });
    expect(f0.s2c).toEqual({ packets: 5, bytes: 5 * 54 + 16, payload: 8, gaps: 0, gapBytes: 0, dropped: 0 });
    expect(f0.handshake).toBe(true);
    expect(f0.clientFromSyn).toBe(true);
    expect(f0.start).toBe(0);
    expect(f0.last).toBe(9);
    expect(calls(0)).toEqual(['S:220 hi\r\n', 'C:QUIT\r\n', 'end:fin']);
    expect(ended[1]!.handshake).toBe(true);
    expect(ended[1]!.c2s.packets).toBe(1);
  });

  it('counts bytes as the frame length on the wire', () => {
    const { t, add, ended } = table();
    add(tcp({ src: CLIENT, dst: SERVER, seq: 1, flags: ACK | PSH, payload: 'x', frameLen: 1514 }));
    t.finish();
    expect(ended[0]!.c2s.bytes).toBe(1514);
  });

  it('keeps every record in id order when asked to', () => {
    const kept = new FlowTable(() => null, { keepRecords: true });
    const plain = new FlowTable(() => null);
    for (const t of [kept, plain]) {
      t.add(new Conversation(CLIENT, SERVER).syn());
      t.add(new Conversation(ep('10.0.0.9', 1234), SERVER).syn());
      t.finish();
    }
    expect(kept.records().map((r) => [r.id, r.client.ip, r.end])).toEqual([
      [0, '10.0.0.1', 'capture-end'],
      [1, '10.0.0.9', 'capture-end'],
    ]);
    expect(plain.records()).toEqual([]);
  });

  it('reassembles and counts payload for a connection that has no consumer', () => {
    const t = new FlowTable(() => null, { keepRecords: true });
    const a = new Conversation(CLIENT, SERVER);
    const hs = a.handshake();
    const abc = a.c('abc');
    [...hs, abc, abc, a.c('de')].forEach((s) => t.add(s));
    t.finish();
    expect(t.records()[0]!.c2s).toMatchObject({ packets: 5, payload: 5 });
  });
});

describe('FlowTable: client and server', () => {
  it('takes the sender of the SYN as the client', () => {
    const { t, add, ended } = table();
    add(new Conversation(ep('10.0.0.2', 25), ep('10.0.0.1', 40001)).syn()); // SYN from the low port
    t.finish();
    expect(ended[0]).toMatchObject({ client: { port: 25 }, server: { port: 40001 }, clientFromSyn: true, handshake: false });
  });

  it('takes the destination of a SYN-ACK seen first as the client', () => {
    const { t, add, ended } = table();
    add(new Conversation(CLIENT, SERVER).synAck());
    t.finish();
    expect(ended[0]).toMatchObject({ client: CLIENT, server: SERVER, clientFromSyn: true });
  });

  it('guesses the higher port as the client without a SYN, and the first sender on a tie', () => {
    const { t, add, ended } = table();
    add(tcp({ src: SERVER, dst: CLIENT, seq: 1, payload: '250 ok\r\n' }));
    add(tcp({ src: ep('10.0.0.7', 7000), dst: ep('10.0.0.8', 7000), seq: 1, payload: 'x' }));
    t.finish();
    expect(ended[0]).toMatchObject({ client: CLIENT, server: SERVER, clientFromSyn: false, handshake: false });
    expect(ended[1]).toMatchObject({ client: { ip: '10.0.0.7' }, server: { ip: '10.0.0.8' }, clientFromSyn: false });
  });
});

describe('FlowTable: the end of a connection', () => {
  it('ends on RST, flushing what was buffered, and still counts later packets in the same record', () => {
    const { t, add, ended, calls } = table();
    const a = new Conversation(CLIENT, SERVER);
    add(...a.handshake());
    const first = a.c('MAIL ');
    add(a.c('FROM:<a@b>\r\n')); // out of order: waits for the first part
    add(a.s('', RST | ACK));
    add(first); // after the end: counted only
    t.finish();
    expect(calls(0)).toEqual(['C:[gap 5]', 'C:FROM:<a@b>\r\n', 'end:rst']);
    expect(ended[0]!.end).toBe('rst');
    expect(ended[0]!.c2s.packets).toBe(4);
  });

  it('ends with fin only when both sides sent a FIN', () => {
    const { t, add, calls } = table();
    const a = new Conversation(CLIENT, SERVER);
    add(...a.handshake(), a.c('QUIT\r\n', ACK | PSH | FIN));
    add(a.s('221 bye\r\n'));
    expect(calls(0)).toEqual(['C:QUIT\r\n', 'S:221 bye\r\n']);
    add(a.s('', ACK | FIN));
    expect(calls(0)).toEqual(['C:QUIT\r\n', 'S:221 bye\r\n', 'end:fin']);
    expect(t.size).toBe(1); // kept for late packets
  });

  it('ends every open connection at finish, in id order, calling onFlowEnd once each', () => {
    const { t, add, ended, calls } = table();
    const a = new Conversation(CLIENT, SERVER);
    const b = new Conversation(ep('10.0.0.3', 50000), SERVER);
    add(b.syn(), a.syn(), b.c('x'), a.c('y'));
    t.finish(42);
    expect(ended.map((f) => [f.id, f.end])).toEqual([
      [0, 'capture-end'],
      [1, 'capture-end'],
    ]);
    expect(calls(0)).toEqual(['C:x', 'end:capture-end']);
    expect(t.size).toBe(0);
    t.finish(43);
    expect(ended).toHaveLength(2);
  });
});

describe('FlowTable: port reuse (as tshark numbers tcp.stream)', () => {
  it('starts a new connection when a SYN arrives with a different ISN', () => {
    const { t, add, ended, calls } = table();
    const a = new Conversation(CLIENT, SERVER, 1000);
    add(...a.handshake(), a.c('one'));
    const b = new Conversation(CLIENT, SERVER, 9000, 7000);
    add(b.syn(), b.synAck(), b.c('two'));
    t.finish();
    expect(ended.map((f) => [f.id, f.end, f.c2s.packets])).toEqual([
      [0, 'port-reuse', 3],
      [1, 'capture-end', 2],
    ]);
    expect(calls(0)).toEqual(['C:one', 'end:port-reuse']);
    expect(calls(1)).toEqual(['C:two', 'end:capture-end']);
  });

  it('keeps a retransmitted SYN, even after FIN or RST, in the same connection', () => {
    const { t, add, ended } = table();
    const a = new Conversation(CLIENT, SERVER, 1000);
    const syn = a.syn();
    add(syn, syn, a.synAck(), a.c(), a.c('', ACK | FIN), a.s('', ACK | FIN), syn);
    t.finish();
    expect(ended.map((f) => [f.id, f.end, f.c2s.packets])).toEqual([[0, 'fin', 5]]);
  });

  it('takes the ISN of a direction first seen without a SYN as seq - 1, or ack - 1 from the peer', () => {
    const { t, add, ended } = table();
    // Mid-stream data from the client at seq 1000: a SYN at 999 is the same connection, at 1000 a new one.
    add(tcp({ src: CLIENT, dst: SERVER, seq: 1000, ack: 1, payload: 'x' }));
    add(tcp({ src: CLIENT, dst: SERVER, seq: 999, flags: SYN }));
    add(tcp({ src: CLIENT, dst: SERVER, seq: 1000, flags: SYN }));
    // The server's ACK 3000 sets the client's ISN to 2999.
    const c2 = ep('10.0.0.1', 40002);
    add(tcp({ src: SERVER, dst: c2, seq: 1, ack: 3000, payload: '220\r\n' }));
    add(tcp({ src: c2, dst: SERVER, seq: 2999, flags: SYN }));
    add(tcp({ src: c2, dst: SERVER, seq: 3000, flags: SYN }));
    t.finish();
    const byId = [...ended].sort((x, y) => x.id - y.id);
    expect(byId.map((f) => [f.id, f.client.port, f.c2s.packets + f.s2c.packets])).toEqual([
      [0, 40001, 2],
      [1, 40001, 1],
      [2, 40002, 2],
      [3, 40002, 1],
    ]);
  });

  it('starts a new connection when the other side sends a SYN with a new ISN', () => {
    const { t, add, ended } = table();
    const a = new Conversation(CLIENT, SERVER, 1000, 5000);
    add(a.syn(), a.synAck());
    add(tcp({ src: SERVER, dst: CLIENT, seq: 123, flags: SYN }));
    t.finish();
    expect(ended.map((f) => [f.id, f.client.port, f.end])).toEqual([
      [0, 40001, 'port-reuse'],
      [1, 25, 'capture-end'],
    ]);
  });
});

describe('FlowTable: ACKs, gaps and anomalies', () => {
  it('announces data lost from the capture, as the peer ACKs it, before the reply', () => {
    const { t, add, ended, calls } = table();
    const a = new Conversation(CLIENT, SERVER);
    add(...a.handshake(), a.s('220 hi\r\n'));
    a.c('EHLO x\r\n'); // on the wire, not in the capture
    add(a.s('250 ok\r\n'));
    t.finish();
    expect(calls(0)).toEqual(['S:220 hi\r\n', 'C:[gap 8]', 'S:250 ok\r\n', 'end:capture-end']);
    expect(ended[0]!.c2s).toMatchObject({ gaps: 1, gapBytes: 8, payload: 0 });
  });

  it('waits for data that the capture shows after the ACK covering it', () => {
    const { add, calls } = table();
    const a = new Conversation(CLIENT, SERVER);
    add(...a.handshake());
    const reply = a.s('221 bye\r\n');
    const fin = a.s('', ACK | FIN);
    add(a.c('', ACK)); // the client ACKs the reply and the FIN before the capture shows them
    add(reply, fin, a.c('', ACK | FIN));
    expect(calls(0)).toEqual(['S:221 bye\r\n', 'end:fin']);
  });

  it('counts TCP anomalies in the record and passes them to the consumer', () => {
    const { t, add, ended, calls } = table();
    const a = new Conversation(CLIENT, SERVER);
    add(...a.handshake());
    const seq = a.cSeq;
    add(tcp({ src: CLIENT, dst: SERVER, seq: seq + 4, payload: 'EFGH' }));
    add(tcp({ src: CLIENT, dst: SERVER, seq: seq + 6, payload: 'xyIJ' }));
    add(tcp({ src: CLIENT, dst: SERVER, seq, payload: 'abcd' }));
    t.finish();
    expect(ended[0]!.anomalies).toEqual({ 'overlap-mismatch': 1 });
    expect(calls(0)).toEqual(['C!overlap-mismatch', 'C:abcd', 'C:EFGH', 'C:IJ', 'end:capture-end']);
  });

  it('reports bytes dropped after a buffer limit gave up on them', () => {
    const { t, add, ended, calls } = table({ limits: { maxBufferedPerStream: 4 } });
    const a = new Conversation(CLIENT, SERVER);
    add(...a.handshake());
    const seq = a.cSeq;
    add(tcp({ src: CLIENT, dst: SERVER, seq: seq + 3, payload: 'defgh' }));
    add(tcp({ src: CLIENT, dst: SERVER, seq, payload: 'abc' }));
    t.finish();
    expect(calls(0)).toEqual(['C:[gap 3]', 'C:defgh', 'end:capture-end']);
    expect(ended[0]!.c2s).toMatchObject({ gaps: 1, gapBytes: 3, dropped: 3, payload: 5 });
  });

  it('shares the total buffer budget between connections', () => {
    const { t, add, calls } = table({ limits: { maxBufferedTotal: 10 } });
    const a = new Conversation(CLIENT, SERVER);
    const b = new Conversation(ep('10.0.0.3', 50000), SERVER);
    add(...a.handshake(), ...b.handshake());
    add(tcp({ src: CLIENT, dst: SERVER, seq: a.cSeq + 1, payload: '12345678' }));
    expect(t.buffered).toBe(8);
    add(tcp({ src: b.client, dst: SERVER, seq: b.cSeq + 1, payload: 'xyz' }));
    expect(calls(1)).toEqual(['C:[gap 1]', 'C:xyz']);
    expect(calls(0)).toEqual([]);
    expect(t.buffered).toBe(8);
    t.finish();
    expect(t.buffered).toBe(0);
  });
});

describe('FlowTable: limits on connections', () => {
  it('ends a connection idle for longer than the timeout (capture time); its tuple then starts a new one', () => {
    const { t, add, ended, calls } = table({ limits: { idleTimeout: 10 } });
    const a = new Conversation(CLIENT, SERVER);
    const b = new Conversation(ep('10.0.0.3', 50000), SERVER);
    add({ ...a.syn(), ts: 0 }, { ...b.syn(), ts: 5 }, { ...b.c('x'), ts: 10 });
    expect(ended).toEqual([]);
    add({ ...b.c('y'), ts: 10.5 });
    expect(ended).toEqual([]); // 10.5 s idle: not more than 10
    add({ ...b.c('z'), ts: 11.5 });
    expect(ended.map((f) => [f.id, f.end])).toEqual([[0, 'timeout']]);
    expect(calls(0)).toEqual(['end:timeout']);
    add({ ...a.c('late'), ts: 12 });
    t.finish();
    expect(ended.map((f) => [f.id, f.end])).toEqual([
      [0, 'timeout'],
      [1, 'capture-end'],
      [2, 'capture-end'],
    ]);
  });

  it('lets a connection closed by FIN linger closedLinger seconds for late packets, then frees it', () => {
    const { t, add, ended } = table({ limits: { idleTimeout: 1000, closedLinger: 30 } });
    const a = new Conversation(CLIENT, SERVER);
    const b = new Conversation(ep('10.0.0.3', 50000), SERVER);
    add({ ...a.syn(), ts: 0 }, { ...a.synAck(), ts: 0.1 }, { ...a.c('QUIT\r\n'), ts: 1 });
    add({ ...a.c('', ACK | FIN), ts: 2 }, { ...a.s('', ACK | FIN), ts: 2.1 });
    add({ ...b.syn(), ts: 20 }, { ...a.c('', ACK), ts: 25 }); // a late ACK: still the same connection
    expect(ended).toEqual([]);
    expect(t.size).toBe(2);
    add({ ...b.c('x'), ts: 56 }); // 31 s after a's last packet: gone, while open b stays
    expect(ended.map((f) => [f.id, f.end, f.c2s.packets])).toEqual([[0, 'fin', 4]]);
    expect(t.size).toBe(1);
    t.finish();
  });

  it('is not fooled by one packet with a corrupt timestamp far in the future', () => {
    const { t, add, ended } = table({ limits: { idleTimeout: 10 } });
    const a = new Conversation(CLIENT, SERVER);
    const b = new Conversation(ep('10.0.0.3', 50000), SERVER);
    add({ ...a.syn(), ts: 0 }, { ...b.syn(), ts: 1 }, { ...a.synAck(), ts: 2e9 }, { ...b.synAck(), ts: 3 });
    expect(ended).toEqual([]);
    add({ ...b.c(), ts: 12 }); // now a really is idle for more than 10 s
    expect(ended.map((f) => [f.id, f.end])).toEqual([[0, 'timeout']]);
    t.finish();
  });

  it('closes the least recently active connection beyond maxFlows', () => {
    const { t, add, ended } = table({ limits: { maxFlows: 2 } });
    const a = new Conversation(ep('10.0.0.1', 1001), SERVER);
    const b = new Conversation(ep('10.0.0.1', 1002), SERVER);
    const c = new Conversation(ep('10.0.0.1', 1003), SERVER);
    add(a.syn(), b.syn(), a.c('still here'));
    add(c.syn()); // b is the least recently active
    expect(ended.map((f) => [f.id, f.end])).toEqual([[1, 'limit']]);
    expect(t.size).toBe(2);
    t.finish();
    expect(ended.map((f) => f.id)).toEqual([1, 0, 2]);
  });
});
