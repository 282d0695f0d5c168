import { describe, expect, it } from 'vitest';
import { createBudget, type BufferBudget } from '../../src/flow/budget.js';
import { StreamReassembler } from '../../src/flow/reassembler.js';
import { ACK, FIN, PSH, StreamRecorder, SYN } from './helpers.js';

const b = (s: string): Buffer => Buffer.from(s, 'latin1');

function setup(opts: { perStream?: number; budget?: BufferBudget } = {}) {
  const out = new StreamRecorder();
  const budget = opts.budget ?? createBudget(Infinity);
  const r = new StreamReassembler({ maxBufferedPerStream: opts.perStream ?? Infinity }, out, budget);
  return { r, out, budget };
}

/** A stream whose SYN carried `isn`: data offset `o` is at seq isn + 1 + o. */
function started(isn = 1000, opts: { perStream?: number; budget?: BufferBudget } = {}) {
  const s = setup(opts);
  s.r.segment(isn, SYN, Buffer.alloc(0), 0);
  const at = (o: number) => (isn + 1 + o) >>> 0;
  const send = (o: number, text: string, flags = ACK | PSH, ts = 1) => s.r.segment(at(o), flags, b(text), ts);
  return { ...s, at, send };
}

describe('StreamReassembler: order', () => {
  it('delivers in-order bytes at once, passing the payload through without a copy', () => {
    const { r, out, at } = started();
    const p1 = b('hello ');
    const p2 = b('world');
    r.segment(at(0), ACK | PSH, p1, 1);
    expect(out.text()).toBe('hello ');
    r.segment(at(6), ACK | PSH, p2, 2);
    expect(out.text()).toBe('hello world');
    expect(out.passed[0]).toBe(p1);
    expect(out.passed[1]).toBe(p2);
    expect(r.counters.delivered).toBe(11);
    expect(r.nextSeq).toBe(at(11));
  });

  it('buffers out-of-order bytes (copied) until the hole fills', () => {
    const { r, out, send, budget } = started();
    const later = b('world');
    r.segment(1001 + 6, ACK, later, 1);
    later.fill(0x78); // the caller reuses its buffer: the reassembler must have copied it
    expect(out.seen).toEqual([]);
    expect(r.buffered).toBe(5);
    expect(budget.used).toBe(5);
    send(0, 'hello ');
    expect(out.text()).toBe('hello world');
    expect(r.buffered).toBe(0);
    expect(budget.used).toBe(0);
  });

  it('fills several holes in any order', () => {
    const { out, send } = started();
    send(8, 'ij');
    send(4, 'efgh');
    send(2, 'cd');
    expect(out.text()).toBe('');
    send(0, 'ab');
    expect(out.text()).toBe('abcdefghij');
  });

  it('delivers data carried on the SYN', () => {
    const { r, out } = setup();
    r.segment(77, SYN, b('early'), 0);
    r.segment(83, ACK, b(' data'), 1);
    expect(out.text()).toBe('early data');
  });
});

describe('StreamReassembler: retransmissions and overlaps', () => {
  it('delivers a retransmitted segment once', () => {
    const { r, out, send } = started();
    send(0, 'hello');
    send(0, 'hello');
    send(5, '!');
    expect(out.text()).toBe('hello!');
    expect(r.counters.duplicate).toBe(5);
    expect(out.anomalies()).toEqual([]);
  });

  it('delivers only the new part of a partial overlap with delivered bytes', () => {
    const { out, send } = started();
    send(0, 'abcdef');
    send(3, 'defghi');
    expect(out.text()).toBe('abcdefghi');
  });

  it('merges overlapping out-of-order segments, first copy winning', () => {
    const { out, send } = started();
    send(10, 'klmno');
    send(8, 'ijklmnopq');
    send(12, 'mn');
    send(0, 'abcdefghij');
    expect(out.text()).toBe('abcdefghijklmnopq');
    expect(out.anomalies()).toEqual([]);
  });

  it('flags overlapping bytes that differ from buffered ones, once per segment, and keeps the first copy', () => {
    const { out, send } = started();
    send(10, 'KLMNO');
    send(12, 'xyzPQ'); // "MNO" differs
    send(5, 'fghijk'); // "k" differs from "K"
    send(0, 'abcde');
    expect(out.anomalies()).toEqual(['overlap-mismatch', 'overlap-mismatch']);
    expect(out.text()).toBe('abcdefghijKLMNOPQ');
  });

  it('flags a hole-filling segment whose tail differs from the buffered bytes', () => {
    const { out, send } = started();
    send(5, 'FGHIJ');
    send(0, 'abcdefgh');
    expect(out.anomalies()).toEqual(['overlap-mismatch']);
    expect(out.text()).toBe('abcdeFGHIJ');
  });

  it('ignores a keep-alive (0 or 1 byte at next-1) without an anomaly', () => {
    const { r, out, send, at } = started();
    send(0, 'abc');
    r.segment(at(2), ACK, b('\x00'), 2); // garbage byte, as Windows sends
    r.segment(at(2), ACK, Buffer.alloc(0), 3);
    send(3, 'def');
    expect(out.text()).toBe('abcdef');
    expect(out.anomalies()).toEqual([]);
  });

  it('gets a zero-window probe and its later retransmissions right', () => {
    const { out, send } = started();
    send(0, 'abc');
    send(3, 'd'); // probe: the one byte at next
    send(3, 'd'); // probe again
    send(3, 'defgh'); // window opened: the probe byte is sent again with what follows
    expect(out.text()).toBe('abcdefgh');
    expect(out.anomalies()).toEqual([]);
  });
});

describe('StreamReassembler: sequence numbers', () => {
  it('works across the 2^32 wraparound', () => {
    const isn = 2 ** 32 - 4;
    const { out, send, at } = started(isn);
    expect(at(3)).toBe(0);
    send(0, 'abc'); // seq 2^32-3 .. 2^32-1
    send(6, 'ghi'); // seq 2, out of order after the wrap
    send(3, 'def'); // seq 0
    expect(out.text()).toBe('abcdefghi');
  });

  it('works when the SYN itself is the last sequence number before the wrap', () => {
    const { r, out } = setup();
    r.segment(0xffffffff, SYN, Buffer.alloc(0), 0);
    r.segment(0, ACK, b('xy'), 1);
    expect(out.text()).toBe('xy');
    expect(r.nextSeq).toBe(2);
  });

  it('starts at the first segment seen when the capture began mid-stream, ignoring earlier bytes', () => {
    const { r, out } = setup();
    r.segment(5000, ACK, Buffer.alloc(0), 0); // a pure ACK does not say where the stream is
    r.segment(5000, ACK, b('middle'), 1);
    r.segment(4990, ACK, b('0123456789'), 2); // entirely before the start
    r.segment(4996, ACK, b('6789middle!'), 3); // 4 before the start, 6 duplicate, 1 new
    expect(out.text()).toBe('middle!');
    expect(r.counters.beforeStart).toBe(14);
    expect(r.counters.duplicate).toBe(6);
  });

  it('does not take a first keep-alive for the start of the stream when the peer ACK shows next', () => {
    const { r, out } = setup();
    r.ackSeen(7001, 0); // the peer expects 7001 next
    r.segment(7000, ACK, b('\x00'), 1); // keep-alive one byte back
    r.segment(7001, ACK, b('data'), 2);
    expect(out.text()).toBe('data');
    expect(out.seen.filter((s) => s.kind === 'gap')).toEqual([]);
  });

  it('reports and ignores a segment implausibly far ahead', () => {
    const { out, send } = started();
    send(2 ** 31 - 10, 'far');
    send(0, 'ok');
    expect(out.anomalies()).toEqual(['out-of-window']);
    expect(out.text()).toBe('ok');
  });
});

describe('StreamReassembler: FIN', () => {
  it('lets the FIN consume one sequence number', () => {
    const { r, out, send, at } = started();
    send(0, 'bye', ACK | FIN);
    expect(r.nextSeq).toBe(at(4));
    r.ackSeen(at(4), 2); // the peer ACKs the FIN: not a gap
    send(4, ''); // pure ACKs after the FIN are normal
    send(0, 'bye', ACK | FIN); // so is a retransmitted FIN
    expect(out.text()).toBe('bye');
    expect(out.anomalies()).toEqual([]);
  });

  it('announces the bytes missing before a FIN when flushed', () => {
    const { r, out, send } = started();
    send(0, 'abc');
    send(10, 'k', ACK | FIN);
    r.flush(5);
    expect(out.text()).toBe('abc[gap 7]k');
  });

  it('reports and ignores data after the FIN', () => {
    const { out, send } = started();
    send(0, 'end', ACK | FIN);
    send(4, 'more');
    expect(out.anomalies()).toEqual(['data-after-fin']);
    expect(out.text()).toBe('end');
  });
});

describe('StreamReassembler: gaps', () => {
  it('turns a hole into a gap of the exact length when the peer ACKs beyond it', () => {
    const { r, out, send, at } = started();
    send(0, 'ab');
    send(7, 'hij');
    r.ackSeen(at(5), 3); // the peer got bytes 2..4 that the capture lost; 5..6 may still come
    expect(out.text()).toBe('ab[gap 3]');
    r.ackSeen(at(7), 3);
    expect(out.text()).toBe('ab[gap 3][gap 2]hij');
    send(2, 'cdefg'); // the lost bytes show up late: too late, counted as duplicate
    expect(out.text()).toBe('ab[gap 3][gap 2]hij');
    expect(r.counters.duplicate).toBe(5);
    expect(r.counters.gapBytes).toBe(5);
  });

  it('announces bytes the peer ACKed before the next data of the peer is delivered', () => {
    const { r, out, send, at } = started();
    send(0, 'ab');
    r.ackSeen(at(6), 3);
    expect(out.text()).toBe('ab'); // they may still show up late
    r.settleAcked(4); // the peer is about to deliver data: they are lost
    expect(out.text()).toBe('ab[gap 4]');
    send(6, 'g');
    expect(out.text()).toBe('ab[gap 4]g');
  });

  it('announces bytes the peer ACKed as soon as data after them arrives', () => {
    const { r, out, send, at } = started();
    send(0, 'ab');
    r.ackSeen(at(6), 3);
    send(6, 'g');
    expect(out.text()).toBe('ab[gap 4]g');
  });

  it('takes bytes the capture shows after the ACK that covers them (ACK captured first)', () => {
    const { r, out, send, at } = started();
    send(0, 'ab');
    r.ackSeen(at(6), 3);
    send(2, 'cd');
    send(4, 'ef');
    r.flush(5);
    expect(out.text()).toBe('abcdef');
  });

  it('takes an ACK of one sequence number beyond the stream for a FIN the capture shows late', () => {
    const { r, out, send, at } = started();
    send(0, 'QUIT\r\n');
    r.ackSeen(at(7), 2); // the peer ACKs the FIN before the capture shows it
    expect(out.text()).toBe('QUIT\r\n');
    send(6, '', ACK | FIN);
    r.flush(3);
    expect(out.text()).toBe('QUIT\r\n');
    expect(out.anomalies()).toEqual([]);
  });

  it('announces that one sequence number as a lost byte once data beyond it shows up', () => {
    const { r, out, send, at } = started();
    send(0, 'ab');
    r.ackSeen(at(3), 2);
    send(3, 'de');
    expect(out.text()).toBe('ab[gap 1]de');
    r.ackSeen(at(6), 3);
    send(6, 'g'); // the same again
    expect(out.text()).toBe('ab[gap 1]de[gap 1]g');
    r.ackSeen(at(8), 4); // one beyond with nothing after it: taken for a lost FIN, no gap at flush
    r.flush(5);
    expect(out.text()).toBe('ab[gap 1]de[gap 1]g');
  });

  it('ignores ACKs that do not go beyond the stream, or go implausibly far', () => {
    const { r, out, send, at } = started();
    send(0, 'ab');
    r.ackSeen(at(1), 1);
    r.ackSeen(at(2), 1);
    r.ackSeen(at(2 ** 31), 1);
    expect(out.text()).toBe('ab');
  });

  it('delivers the captured part of a truncated segment and a gap for the rest', () => {
    const { r, out, at } = started();
    r.segment(at(0), ACK, b('abcd'), 1, 10);
    expect(out.text()).toBe('abcd[gap 6]');
    r.segment(at(10), ACK, b('klm'), 2);
    expect(out.text()).toBe('abcd[gap 6]klm');
  });

  it('keeps the missing tail of an out-of-order truncated segment in place', () => {
    const { r, out, send, at } = started();
    r.segment(at(5), ACK, b('fg'), 1, 5); // bytes 5..9, of which 7..9 were cut
    send(10, 'klm');
    send(0, 'abcde');
    expect(out.text()).toBe('abcdefg[gap 3]klm');
  });

  it('uses a full copy of a truncated segment when one arrives before the hole is reached', () => {
    const { r, out, send, at } = started();
    r.segment(at(5), ACK, b('fg'), 1, 5);
    send(5, 'fghij');
    send(0, 'abcde');
    expect(out.text()).toBe('abcdefghij');
  });

  it('flush delivers everything buffered with each hole as one gap', () => {
    const { r, out, send, budget } = started();
    send(0, 'a');
    send(3, 'd');
    send(6, 'gh');
    r.flush(9);
    expect(out.text()).toBe('a[gap 2]d[gap 2]gh');
    expect(budget.used).toBe(0);
    expect(r.counters).toMatchObject({ gaps: 2, gapBytes: 4, delivered: 4 });
  });
});

describe('StreamReassembler: limits', () => {
  it('gives up the first hole when the stream buffers more than its limit', () => {
    const { r, out, send } = started(1000, { perStream: 10 });
    send(0, 'ab');
    send(5, 'fghij'); // 5 buffered
    send(12, 'mnopq'); // 10 buffered: still within the limit
    expect(out.text()).toBe('ab');
    send(17, 'r'); // 11 > 10: the hole 2..4 becomes a gap, 5..9 is delivered, 10..11 is still awaited
    expect(out.text()).toBe('ab[gap 3]fghij');
    expect(r.buffered).toBe(6);
    send(2, 'cde'); // arrives after the limit gave up on it: dropped
    expect(r.counters.dropped).toBe(3);
    send(10, 'kl');
    expect(out.text()).toBe('ab[gap 3]fghijklmnopqr');
  });

  it('delivers a single out-of-order segment larger than the limit after a gap', () => {
    const { r, out, send } = started(1000, { perStream: 4 });
    send(3, 'defghi');
    expect(out.text()).toBe('[gap 3]defghi');
    expect(r.buffered).toBe(0);
  });

  it('makes the stream that exceeds the shared budget give up its holes', () => {
    const budget = createBudget(12);
    const a = started(1000, { budget });
    const c = started(9000, { budget });
    a.send(2, '0123456789'); // a holds 10
    expect(budget.used).toBe(10);
    c.send(1, 'xyz'); // 13 > 12: c gives up its hole
    expect(c.out.text()).toBe('[gap 1]xyz');
    expect(a.out.text()).toBe('');
    expect(budget.used).toBe(10);
    a.send(0, 'ab');
    expect(a.out.text()).toBe('ab0123456789');
    expect(budget.used).toBe(0);
  });
});
