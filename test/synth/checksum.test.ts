import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { finishChecksum, internetChecksum, onesComplementSum, pseudoHeaderSum, transportChecksum } from '../../src/synth/index.js';

describe('internetChecksum', () => {
  it('matches the RFC 1071 §3 worked example', () => {
    // Words 0001 f203 f4f5 f6f7 sum to 2ddf0 → folded ddf2 → checksum 220d.
    expect(internetChecksum(Buffer.from('0001f203f4f5f6f7', 'hex'))).toBe(0x220d);
  });

  it('gives the checksum of a known IPv4 header, and 0 over the header once it is filled in', () => {
    const header = Buffer.from('450000730000400040110000c0a80001c0a800c7', 'hex');
    expect(internetChecksum(header)).toBe(0xb861);
    header.writeUInt16BE(0xb861, 10);
    expect(internetChecksum(header)).toBe(0);
  });

  it('pads an odd last byte with zero', () => {
    expect(internetChecksum(Buffer.from([0x12, 0x34, 0x56]))).toBe(internetChecksum(Buffer.from([0x12, 0x34, 0x56, 0x00])));
  });

  it('verifies to 0 whenever the checksum is written into an even-aligned zeroed field', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 2, maxLength: 300 }), fc.nat(), (bytes, at) => {
        const buf = Buffer.from(bytes);
        const pos = (at % Math.floor(buf.length / 2)) * 2;
        buf.writeUInt16BE(0, pos);
        buf.writeUInt16BE(internetChecksum(buf), pos);
        return internetChecksum(buf) === 0;
      }),
    );
  });

  it('can be computed in pieces of even length', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.uint8Array({ maxLength: 200 }), (a, b) => {
        const evenA = a.subarray(0, a.length & ~1);
        const whole = Buffer.concat([evenA, b]);
        return finishChecksum(onesComplementSum(b, onesComplementSum(evenA))) === internetChecksum(whole);
      }),
    );
  });
});

describe('transport checksum', () => {
  it('sums the IPv4 pseudo-header as source, destination, zero+protocol, length', () => {
    const src = Buffer.from([10, 0, 0, 1]);
    const dst = Buffer.from([10, 0, 0, 2]);
    const explicit = Buffer.from([10, 0, 0, 1, 10, 0, 0, 2, 0, 6, 0, 20]);
    expect(finishChecksum(pseudoHeaderSum(src, dst, 6, 20))).toBe(internetChecksum(explicit));
  });

  it('sums the IPv6 pseudo-header with a 32-bit length', () => {
    const src = Buffer.alloc(16, 0x11);
    const dst = Buffer.alloc(16, 0x22);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(70_000);
    const explicit = Buffer.concat([src, dst, length, Buffer.from([0, 0, 0, 6])]);
    expect(finishChecksum(pseudoHeaderSum(src, dst, 6, 70_000))).toBe(internetChecksum(explicit));
  });

  it('verifies a segment carrying its own checksum to 0', () => {
    const src = Buffer.from([192, 0, 2, 1]);
    const dst = Buffer.from([192, 0, 2, 2]);
    const segment = Buffer.alloc(25, 0xab);
    segment.writeUInt16BE(0, 16);
    segment.writeUInt16BE(transportChecksum(src, dst, 6, segment), 16);
    expect(transportChecksum(src, dst, 6, segment)).toBe(0);
    segment[24] ^= 1;
    expect(transportChecksum(src, dst, 6, segment)).not.toBe(0);
  });
});
