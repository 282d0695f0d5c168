import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AddressCache, formatIPv4, formatIPv6 } from '../../src/net/address.js';

/** The 16 bytes of eight hex groups written out in full. */
function groups(...g: number[]): Buffer {
  const b = Buffer.alloc(16);
  g.forEach((v, i) => b.writeUInt16BE(v, 2 * i));
  return b;
}

/** WHATWG URL serialisation of an IPv6 address (RFC 5952 compression, never dotted). */
function whatwg(text: string): string {
  return new URL(`http://[${text}]/`).hostname.slice(1, -1);
}

function fullForm(b: Buffer): string {
  return Array.from({ length: 8 }, (_, i) => b.readUInt16BE(2 * i).toString(16)).join(':');
}

describe('formatIPv4', () => {
  it('prints the dotted quad at an offset', () => {
    expect(formatIPv4(Buffer.from([9, 192, 0, 2, 255, 9]), 1)).toBe('192.0.2.255');
  });
});

describe('formatIPv6 (RFC 5952 as inet_ntop prints it)', () => {
  const cases: Array<[string, Buffer, string]> = [
    ['leading zeros dropped (4.1)', groups(0x2001, 0x0db8, 0, 0, 0, 0, 0, 0x0001), '2001:db8::1'],
    ['lower-case hex (4.3)', groups(0x2001, 0xdb8, 0xabcd, 0xef01, 0, 0, 0, 0x00ff), '2001:db8:abcd:ef01::ff'],
    ['longest run compressed (4.2.1)', groups(0x2001, 0xdb8, 0, 0, 0, 0, 2, 1), '2001:db8::2:1'],
    ['a single zero group is not compressed (4.2.2)', groups(0x2001, 0xdb8, 0, 1, 1, 1, 1, 1), '2001:db8:0:1:1:1:1:1'],
    ['the longer of two runs (4.2.3)', groups(0x2001, 0, 0, 1, 0, 0, 0, 1), '2001:0:0:1::1'],
    ['the first of two equal runs (4.2.3)', groups(0x2001, 0xdb8, 0, 0, 1, 0, 0, 1), '2001:db8::1:0:0:1'],
    ['unspecified', groups(0, 0, 0, 0, 0, 0, 0, 0), '::'],
    ['loopback', groups(0, 0, 0, 0, 0, 0, 0, 1), '::1'],
    ['run at the end', groups(0xfe80, 0, 0, 0, 0, 0, 0, 0), 'fe80::'],
    ['no zero groups', groups(1, 2, 3, 4, 5, 6, 7, 8), '1:2:3:4:5:6:7:8'],
    ['alternating single zeros', groups(1, 0, 1, 0, 1, 0, 1, 0), '1:0:1:0:1:0:1:0'],
    ['IPv4-mapped (5)', groups(0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0201), '::ffff:192.0.2.1'],
    ['IPv4-mapped unspecified', groups(0, 0, 0, 0, 0, 0xffff, 0, 0), '::ffff:0.0.0.0'],
    ['IPv4-compatible, as inet_ntop prints it', groups(0, 0, 0, 0, 0, 0, 0x0102, 0), '::1.2.0.0'],
    ['only seven zero groups: plain hex', groups(0, 0, 0, 0, 0, 0, 0, 2), '::2'],
    ['ffff not after five zero groups: plain hex', groups(0, 0, 0, 0, 1, 0xffff, 0x102, 0x304), '::1:ffff:102:304'],
  ];
  for (const [name, bytes, text] of cases) {
    it(`${name}: ${text}`, () => {
      expect(formatIPv6(bytes, 0)).toBe(text);
    });
  }

  it('reads at an offset', () => {
    const buf = Buffer.concat([Buffer.from([0xaa, 0xbb]), groups(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1)]);
    expect(formatIPv6(buf, 2)).toBe('2001:db8::1');
  });

  it('agrees with the WHATWG serialiser and names the same address, for any 16 bytes', () => {
    const word = fc.oneof(fc.constant(0), fc.constant(0xffff), fc.integer({ min: 0, max: 0xffff }));
    fc.assert(
      fc.property(fc.array(word, { minLength: 8, maxLength: 8 }), (g) => {
        const bytes = groups(...g);
        const text = formatIPv6(bytes, 0);
        expect(whatwg(text)).toBe(whatwg(fullForm(bytes)));
        if (!text.includes('.')) expect(text).toBe(whatwg(fullForm(bytes)));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('AddressCache', () => {
  it('gives what formatting gives, for any sequence of addresses, colliding ones included', () => {
    // Few distinct values per byte make repeats (hits) and slot collisions (misses) both likely.
    const addressBytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n, min: 0, max: 3 }).map((a) => Buffer.from(a));
    fc.assert(
      fc.property(fc.array(fc.tuple(addressBytes(4), addressBytes(16)), { minLength: 1, maxLength: 300 }), (list) => {
        const cache = new AddressCache();
        for (let round = 0; round < 2; round++) {
          for (const [v4, v6] of list) {
            expect(cache.ipv4(v4, 0)).toBe(formatIPv4(v4, 0));
            expect(cache.ipv6(v6, 0)).toBe(formatIPv6(v6, 0));
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('tells apart addresses that differ in one byte', () => {
    const cache = new AddressCache();
    const texts = new Set<string>();
    for (let i = 0; i < 256; i++) {
      texts.add(cache.ipv4(Buffer.from([10, 0, 0, i]), 0));
      texts.add(cache.ipv6(groups(0xfe80, 0, 0, 0, 0, 0, 0, i), 0));
    }
    expect(texts.size).toBe(512);
  });
});
