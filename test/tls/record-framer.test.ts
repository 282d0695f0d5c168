import { describe, expect, it } from 'vitest';
import { TlsRecordFramer, type RecordHeader, type TlsRecordSink } from '../../src/tls/record-framer.js';
import { cutAt, record } from './tls-builders.js';

/** Records the sink calls as compact strings. */
function recorder(): { sink: TlsRecordSink; log: string[]; bodies: Buffer[] } {
  const log: string[] = [];
  const bodies: Buffer[] = [];
  let cur: Buffer[] = [];
  const sink: TlsRecordSink = {
    recordStart: (h: RecordHeader) => {
      log.push(`start ${h.type} ${h.version.toString(16)} ${h.length} @${h.offset}`);
      cur = [];
    },
    recordData: (piece) => cur.push(Buffer.from(piece)),
    recordGap: (n) => {
      log.push(`gap ${n}`);
      cur.push(Buffer.alloc(n, 0xee));
    },
    recordEnd: () => {
      log.push('end');
      bodies.push(Buffer.concat(cur));
    },
    invalidRecord: (offset, length, problem) => log.push(`invalid @${offset} ${length} ${problem}`),
  };
  return { sink, log, bodies };
}

describe('TlsRecordFramer', () => {
  const stream = Buffer.concat([
    record(22, Buffer.from('hello'), 0x0301),
    record(20, Buffer.from([1])),
    record(23, Buffer.alloc(0)),
    record(23, Buffer.from('0123456789')),
  ]);

  it('cuts a stream into records and hands over their fragments', () => {
    const { sink, log, bodies } = recorder();
    const f = new TlsRecordFramer(100, sink);
    f.push(stream);
    expect(log).toEqual(['start 22 301 5 @100', 'end', 'start 20 303 1 @110', 'end', 'start 23 303 0 @116', 'end', 'start 23 303 10 @121', 'end']);
    expect(bodies.map((b) => b.toString('latin1'))).toEqual(['hello', '\x01', '', '0123456789']);
    expect(f.offset).toBe(100 + stream.length);
    expect(f.state).toBe('records');
  });

  it('gives the same records for every single cut point and for byte-by-byte input', () => {
    const whole = recorder();
    new TlsRecordFramer(0, whole.sink).push(stream);
    for (let cut = 0; cut <= stream.length; cut++) {
      const r = recorder();
      const f = new TlsRecordFramer(0, r.sink);
      for (const c of cutAt(stream, [cut])) f.push(c);
      expect(r.log).toEqual(whole.log);
      expect(r.bodies).toEqual(whole.bodies);
    }
    const r = recorder();
    const f = new TlsRecordFramer(0, r.sink);
    for (let i = 0; i < stream.length; i++) f.push(stream.subarray(i, i + 1));
    expect(r.log).toEqual(whole.log);
  });

  it('passes views of the pushed chunk, not copies', () => {
    const seen: Buffer[] = [];
    const f = new TlsRecordFramer(0, {
      recordStart: () => {},
      recordData: (p) => seen.push(p),
      recordGap: () => {},
      recordEnd: () => {},
      invalidRecord: () => {},
    });
    const chunk = record(23, Buffer.alloc(100, 1));
    f.push(chunk);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.buffer).toBe(chunk.buffer);
  });

  it('stops at an invalid header, says where, and counts the rest as unframed', () => {
    const { sink, log } = recorder();
    const f = new TlsRecordFramer(0, sink);
    f.push(Buffer.concat([record(22, Buffer.from('ab')), Buffer.from([22, 3]), Buffer.from('\x07 and more')]));
    expect(log).toEqual(['start 22 303 2 @0', 'end', 'invalid @7 3 version minor 7']);
    expect(f.state).toBe('broken');
    expect(f.unframedBytes).toBe(3 + 9);
    f.push(Buffer.from([22, 3, 3, 0, 0]));
    expect(log).toHaveLength(3);
    expect(f.unframedBytes).toBe(17);
  });

  it('breaks on a record announcing more than 2^14 + 2048 bytes, without buffering it', () => {
    const { sink, log } = recorder();
    const f = new TlsRecordFramer(0, sink);
    f.push(Buffer.from([23, 3, 3, 0x48, 0x01]));
    expect(log).toEqual(['invalid @0 5 record length 18433 over 18432']);
  });

  it('keeps its place across a gap inside a record', () => {
    const { sink, log, bodies } = recorder();
    const f = new TlsRecordFramer(0, sink);
    const r1 = record(23, Buffer.from('abcdefgh'));
    f.push(r1.subarray(0, 7));
    f.gap(4);
    f.push(r1.subarray(11));
    f.push(record(21, Buffer.from([2, 40])));
    expect(log).toEqual(['start 23 303 8 @0', 'gap 4', 'end', 'start 21 303 2 @13', 'end']);
    expect(bodies[0]!.toString('latin1')).toBe('ab\xee\xee\xee\xeegh');
    expect(f.state).toBe('records');
  });

  it('ends the record when a gap covers exactly its last bytes', () => {
    const { sink, log } = recorder();
    const f = new TlsRecordFramer(0, sink);
    f.push(record(23, Buffer.from('abcd')).subarray(0, 6));
    f.gap(3);
    f.push(record(23, Buffer.from('x')));
    expect(log).toEqual(['start 23 303 4 @0', 'gap 3', 'end', 'start 23 303 1 @9', 'end']);
  });

  it('loses its place when a gap crosses a record boundary, then only counts bytes', () => {
    const { sink, log } = recorder();
    const f = new TlsRecordFramer(0, sink);
    f.push(record(23, Buffer.from('abcd')).subarray(0, 6));
    f.gap(4);
    f.push(record(23, Buffer.from('x')));
    expect(log).toEqual(['start 23 303 4 @0']);
    expect(f.state).toBe('lost');
    expect(f.unframedBytes).toBe(6);
    expect(f.offset).toBe(16);
  });

  it('loses its place on a gap between records or inside a header', () => {
    for (const before of [record(23, Buffer.from('ab')), Buffer.concat([record(23, Buffer.from('ab')), Buffer.from([23, 3])])]) {
      const { sink } = recorder();
      const f = new TlsRecordFramer(0, sink);
      f.push(before);
      f.gap(1);
      expect(f.state).toBe('lost');
    }
  });
});
