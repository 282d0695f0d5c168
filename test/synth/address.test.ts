import { describe, expect, it } from 'vitest';
import { parseIp, parseIpv4, parseIpv6, parseMac } from '../../src/synth/index.js';

describe('parseIpv4', () => {
  it('reads a dotted quad', () => {
    expect([...parseIpv4('192.0.2.255')!]).toEqual([192, 0, 2, 255]);
  });
  it.each(['1.2.3', '1.2.3.4.5', '256.1.1.1', '1.2.3.x', '1..2.3', ' 1.2.3.4', '1.2.3.1234'])('rejects %j', (text) => {
    expect(parseIpv4(text)).toBeNull();
  });
});

describe('parseIpv6', () => {
  it.each([
    ['2001:db8::1', '20010db8000000000000000000000001'],
    ['::', '00000000000000000000000000000000'],
    ['::1', '00000000000000000000000000000001'],
    ['fe80::', 'fe800000000000000000000000000000'],
    ['1:2:3:4:5:6:7:8', '00010002000300040005000600070008'],
    ['1:2:3:4:5:6::8', '00010002000300040005000600000008'],
    ['::ffff:192.0.2.1', '00000000000000000000ffffc0000201'],
    ['64:ff9b::192.0.2.33', '0064ff9b0000000000000000c0000221'],
    ['2001:DB8::A', '20010db800000000000000000000000a'],
  ])('reads %s', (text, hex) => {
    expect(parseIpv6(text)!.toString('hex')).toBe(hex);
  });
  it.each(['1:2:3:4:5:6:7', '1:2:3:4:5:6:7:8:9', '1::2::3', ':1', '1:', '12345::', 'g::', '1:2:3:4:5:6:7::8', '::1.2.3', '1.2.3.4::'])(
    'rejects %j',
    (text) => {
      expect(parseIpv6(text)).toBeNull();
    },
  );
});

describe('parseIp and parseMac', () => {
  it('picks the family from the text', () => {
    expect(parseIp('10.0.0.1')!.length).toBe(4);
    expect(parseIp('::1')!.length).toBe(16);
    expect(parseIp('nonsense')).toBeNull();
  });
  it('reads MACs with colons or dashes and rejects others', () => {
    expect(parseMac('02:00:5E:10:00:ff')!.toString('hex')).toBe('02005e1000ff');
    expect(parseMac('02-00-5e-10-00-ff')!.toString('hex')).toBe('02005e1000ff');
    expect(parseMac('02:00:5e:10:00')).toBeNull();
    expect(parseMac('02:00:5e:10:00:fg')).toBeNull();
  });
});
