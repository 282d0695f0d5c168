import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StreamSpool } from '../../src/archive/stream-spool.js';

/** A spool whose emitted chunks are recorded (copied, as the writer's encoder copies them). */
function recorded(chunkBytes: number): { spool: StreamSpool; chunks: Array<[number, string]> } {
  const chunks: Array<[number, string]> = [];
  const spool = new StreamSpool(chunkBytes, (offset, bytes) => chunks.push([offset, bytes.toString('latin1')]));
  return { spool, chunks };
}

describe('StreamSpool', () => {
  it('gathers contiguous bytes into one chunk until flushed', () => {
    const { spool, chunks } = recorded(100);
    spool.add(0, Buffer.from('EHLO x\r\n'));
    spool.add(8, Buffer.from('QUIT\r\n'));
    expect(chunks).toEqual([]);
    spool.flush();
    expect(chunks).toEqual([[0, 'EHLO x\r\nQUIT\r\n']]);
    expect(spool.stored).toBe(14);
    expect(spool.capacity).toBe(0);
  });

  it('starts a new chunk after a gap', () => {
    const { spool, chunks } = recorded(100);
    spool.add(0, Buffer.from('abc'));
    spool.add(10, Buffer.from('xyz'));
    spool.flush();
    expect(chunks).toEqual([
      [0, 'abc'],
      [10, 'xyz'],
    ]);
  });

  it('cuts chunks at chunkBytes and holds no more than that', () => {
    const { spool, chunks } = recorded(4);
    spool.add(0, Buffer.from('abcdefghij'));
    expect(chunks).toEqual([
      [0, 'abcd'],
      [4, 'efgh'],
    ]);
    expect(spool.capacity).toBeLessThanOrEqual(4);
    spool.add(10, Buffer.from('kl'));
    spool.flush();
    expect(chunks.slice(2)).toEqual([[8, 'ijkl']]);
  });

  it('emits the same bytes at the same offsets however the input is cut (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ skip: fc.nat(5), data: fc.uint8Array({ maxLength: 40 }) }), { maxLength: 30 }),
        fc.integer({ min: 1, max: 50 }),
        (pieces, chunkBytes) => {
          const { spool, chunks } = recorded(chunkBytes);
          const expected = new Map<number, number>();
          let offset = 0;
          for (const { skip, data } of pieces) {
            offset += skip;
            spool.add(offset, Buffer.from(data));
            data.forEach((b, i) => expected.set(offset + i, b));
            offset += data.length;
            expect(spool.capacity).toBeLessThanOrEqual(chunkBytes);
          }
          spool.flush();
          const got = new Map<number, number>();
          let last = 0;
          for (const [at, text] of chunks) {
            expect(text.length).toBeGreaterThan(0);
            expect(text.length).toBeLessThanOrEqual(chunkBytes);
            expect(at).toBeGreaterThanOrEqual(last);
            for (let i = 0; i < text.length; i++) got.set(at + i, text.charCodeAt(i));
            last = at + text.length;
          }
          expect(got).toEqual(expected);
          expect(spool.stored).toBe(expected.size);
        },
      ),
    );
  });
});
