/** The resumable inflater against node's zlib: any input, any compression level, cut anywhere. */
import fc from 'fast-check';
import { constants, deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { RawInflater } from '../../../src/protocols/imap/inflate.js';

function inflateInPieces(compressed: Buffer, cuts: number[], max: number): { out: Buffer; inf: RawInflater } {
  const inf = new RawInflater();
  const out: Buffer[] = [];
  const at = [...new Set(cuts.map((c) => Math.floor(c * compressed.length)))].sort((a, b) => a - b);
  let prev = 0;
  for (const p of [...at, compressed.length]) {
    if (p < prev) continue;
    inf.write(compressed.subarray(prev, p));
    prev = p;
    for (let o = inf.read(max); o.length > 0; o = inf.read(max)) out.push(Buffer.from(o));
    inf.detach();
  }
  return { out: Buffer.concat(out), inf };
}

const input = fc.oneof(
  fc.uint8Array({ maxLength: 70_000 }).map((a) => Buffer.from(a)),
  fc.array(fc.constantFrom('a1 FETCH 1 BODY[]\r\n', '* 1 EXISTS\r\n', 'x', '\0\0\0\0', 'Subject: hello\r\n'), { maxLength: 3000 }).map((xs) => Buffer.from(xs.join(''))),
);

describe('RawInflater', () => {
  it('inflates what zlib deflates, at every level, fed in any pieces, read in any sizes', () => {
    fc.assert(
      fc.property(input, fc.constantFrom(0, 1, 6, 9), fc.boolean(), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 20 }), fc.integer({ min: 258, max: 100_000 }), (data, level, sync, cuts, max) => {
        const compressed = deflateRawSync(data, { level, ...(sync ? { finishFlush: constants.Z_SYNC_FLUSH } : {}) });
        const { out, inf } = inflateInPieces(compressed, cuts, max);
        expect(inf.error).toBeNull();
        expect(out.equals(data)).toBe(true);
        expect(inf.finished).toBe(!sync);
        expect(inf.pending).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on garbage and says what is wrong', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        const inf = new RawInflater();
        inf.write(Buffer.from(bytes));
        for (let i = 0; i < 100 && inf.read(4096).length > 0; i++);
      }),
      { numRuns: 2000 },
    );
    const bad = new RawInflater();
    bad.write(Buffer.from([0x07]));
    expect(bad.read(1000).length).toBe(0);
    expect(bad.error).toBe('invalid block type 3');
    // A fixed-code block (BFINAL 1, BTYPE 01) whose first symbol is length code 257 with distance
    // code 0: a copy from one octet back when nothing has been written yet.
    const far = new RawInflater();
    far.write(Buffer.from([0x03, 0x02, 0x00]));
    expect(far.read(1000).length).toBe(0);
    expect(far.error).toBe('distance too far back');
  });

  it('bounds each read, however much the input expands', () => {
    const zeros = deflateRawSync(Buffer.alloc(10_000_000));
    const inf = new RawInflater();
    inf.write(zeros);
    const first = inf.read(65_536);
    expect(first.length).toBeLessThanOrEqual(65_536);
    expect(first.length).toBeGreaterThan(65_000);
  });
});
