import { describe, expect, it } from 'vitest';
import { inBlock, parseIpBlock, type IpBlock } from '../../src/filter/ip.js';
import { parseIp } from '../../src/synth/address.js';

const block = (text: string): IpBlock => {
  const b = parseIpBlock(text);
  if (!b) throw new Error(`not a block: ${text}`);
  return b;
};
const addr = (text: string): Buffer => parseIp(text)!;

describe('parseIpBlock', () => {
  it('an address is a block of its full length', () => {
    expect(block('192.0.2.1')).toEqual({ bytes: Buffer.from([192, 0, 2, 1]), prefix: 32 });
    expect(block('::1').prefix).toBe(128);
  });

  it('CIDR prefixes up to the address length', () => {
    expect(block('10.0.0.0/8').prefix).toBe(8);
    expect(block('0.0.0.0/0').prefix).toBe(0);
    expect(block('2001:db8::/128').prefix).toBe(128);
  });

  it.each(['', 'example.org', '1.2.3', '256.1.1.1', '1.2.3.4/33', '1.2.3.4/', '1.2.3.4/-1', '1.2.3.4/8/8', '::1/129', '2001:db8::1::2', '1.2.3.4/0x8'])(
    'rejects %j',
    (text) => {
      expect(parseIpBlock(text)).toBeNull();
    },
  );
});

describe('inBlock', () => {
  it.each([
    ['192.0.2.1', '192.0.2.1', true],
    ['192.0.2.1', '192.0.2.2', false],
    ['192.0.2.0/24', '192.0.2.255', true],
    ['192.0.2.0/24', '192.0.3.0', false],
    ['192.0.2.77/24', '192.0.2.1', true], // host bits in the block are ignored
    ['10.0.0.0/7', '11.255.0.1', true],
    ['10.0.0.0/7', '12.0.0.1', false],
    ['192.0.2.128/25', '192.0.2.127', false],
    ['192.0.2.128/25', '192.0.2.128', true],
    ['0.0.0.0/0', '203.0.113.9', true],
    ['2001:db8::/32', '2001:db8:ffff::1', true],
    ['2001:db8::/33', '2001:db8:8000::1', false],
    ['2001:db8::1', '2001:DB8:0:0:0:0:0:1', true],
    ['::/0', '::1', true],
    ['::/0', '127.0.0.1', false], // families never mix
    ['0.0.0.0/0', '::ffff:127.0.0.1', false],
  ])('%s holds %s: %s', (b, a, expected) => {
    expect(inBlock(addr(a), block(b))).toBe(expected);
  });
});
