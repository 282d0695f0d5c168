import { describe, expect, it } from 'vitest';
import { HandshakeReader, type HandshakeMessage } from '../../src/tls/handshake-reader.js';
import { handshake } from './tls-builders.js';

function reader(cap = 1000, wanted = (t: number) => t !== 0) {
  const got: (Omit<HandshakeMessage, 'body'> & { body: string })[] = [];
  const r = new HandshakeReader(wanted, (m) => got.push({ ...m, body: m.body.toString('latin1') }), cap);
  return { r, got };
}

describe('HandshakeReader', () => {
  const stream = Buffer.concat([handshake(1, Buffer.from('first')), handshake(0, Buffer.from('skip')), handshake(14, Buffer.alloc(0)), handshake(2, Buffer.from('second!'))]);

  it('reads several messages from one piece, skipping unwanted ones', () => {
    const { r, got } = reader();
    r.push(stream, 40);
    expect(got).toEqual([
      { type: 1, body: 'first', length: 5, damaged: false, recordOffset: 40 },
      { type: 14, body: '', length: 0, damaged: false, recordOffset: 40 },
      { type: 2, body: 'second!', length: 7, damaged: false, recordOffset: 40 },
    ]);
  });

  it('gives the same messages for every two-way split, with the record offset of the first byte', () => {
    const whole = reader();
    whole.r.push(stream, 0);
    for (let cut = 1; cut < stream.length; cut++) {
      const { r, got } = reader();
      r.push(stream.subarray(0, cut), 0);
      r.push(stream.subarray(cut), 100);
      expect(got.map((m) => m.body)).toEqual(whole.got.map((m) => m.body));
      expect(got[0]!.recordOffset).toBe(0);
      expect(got[2]!.recordOffset).toBe(cut > 21 ? 0 : 100); // its header starts at byte 21
    }
  });

  it('keeps only the first `cap` bytes of a long message', () => {
    const { r, got } = reader(4);
    const msg = handshake(11, Buffer.from('0123456789'));
    r.push(msg.subarray(0, 7), 0);
    r.push(msg.subarray(7), 0);
    r.push(msg, 0);
    expect(got.map((m) => [m.body, m.length])).toEqual([
      ['0123', 10],
      ['0123', 10],
    ]);
  });

  it('marks a message with missing bytes as damaged and goes on with the next', () => {
    const { r, got } = reader();
    r.push(stream.subarray(0, 6), 0);
    expect(r.skip(3)).toBe(true);
    r.push(stream.subarray(9), 0);
    expect(got.map((m) => [m.type, m.body, m.damaged])).toEqual([
      [1, '', true],
      [14, '', false],
      [2, 'second!', false],
    ]);
  });

  it('reports lost boundaries when a gap reaches into a message header', () => {
    const a = reader();
    a.r.push(stream.subarray(0, 6), 0);
    expect(a.r.skip(4)).toBe(false); // past the end of the first message
    const b = reader();
    b.r.push(stream.subarray(0, 2), 0);
    expect(b.r.skip(1)).toBe(false);
  });

  it('forgets a partial message on reset', () => {
    const { r, got } = reader();
    r.push(stream.subarray(0, 6), 0);
    r.reset();
    r.push(handshake(2, Buffer.from('x')), 0);
    expect(got.map((m) => m.body)).toEqual(['x']);
  });
});
