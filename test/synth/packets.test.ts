import { describe, expect, it } from 'vitest';
import { TcpFlag } from '../../src/net/types.js';
import {
  EtherType,
  ethernetFrame,
  internetChecksum,
  IpProtocol,
  ipv4Packet,
  ipv6ExtensionHeader,
  ipv6FragmentHeader,
  ipv6Packet,
  parseIp,
  tcpOptions,
  tcpSegment,
  transportChecksum,
} from '../../src/synth/index.js';

describe('ethernetFrame', () => {
  const payload = Buffer.from('abcd');

  it('writes destination, source, EtherType and payload, without padding', () => {
    const f = ethernetFrame({ dst: '02:00:00:00:00:02', src: '02:00:00:00:00:01', etherType: EtherType.IPV4, payload });
    expect(f.toString('hex')).toBe('020000000002' + '020000000001' + '0800' + '61626364');
  });

  it('writes one 802.1Q tag, or 802.1ad outer tags with an 802.1Q inner tag', () => {
    const mac = Buffer.alloc(6, 0xaa);
    const one = ethernetFrame({ dst: mac, src: mac, etherType: EtherType.IPV6, payload, vlan: 100 });
    expect(one.subarray(12, 20).toString('hex')).toBe('8100' + '0064' + '86dd' + '6162');
    const two = ethernetFrame({ dst: mac, src: mac, etherType: EtherType.IPV4, payload, vlan: [10, 4095] });
    expect(two.subarray(12, 22).toString('hex')).toBe('88a8' + '000a' + '8100' + '0fff' + '0800');
    expect(two.length).toBe(14 + 8 + 4);
  });

  it('throws a RangeError naming a malformed MAC', () => {
    expect(() => ethernetFrame({ dst: 'zz', src: '02:00:00:00:00:01', etherType: 0x0800, payload })).toThrow(/"zz"/);
  });
});

describe('ipv4Packet', () => {
  const payload = Buffer.alloc(10, 7);

  it('writes a valid header with the defaults: TTL 64, DF, id 0', () => {
    const p = ipv4Packet({ src: '192.0.2.1', dst: '192.0.2.2', protocol: IpProtocol.TCP, payload });
    expect(p[0]).toBe(0x45);
    expect(p.readUInt16BE(2)).toBe(30);
    expect(p.readUInt16BE(4)).toBe(0);
    expect(p.readUInt16BE(6)).toBe(0x4000);
    expect(p[8]).toBe(64);
    expect(p[9]).toBe(6);
    expect([...p.subarray(12, 20)]).toEqual([192, 0, 2, 1, 192, 0, 2, 2]);
    expect(internetChecksum(p.subarray(0, 20))).toBe(0);
    expect(p.subarray(20)).toEqual(payload);
  });

  it('writes fragments and options, still with a valid checksum', () => {
    const p = ipv4Packet({
      src: '10.0.0.1', dst: '10.0.0.2', protocol: 17, payload, id: 0xbeef, ttl: 3, tos: 0x10,
      dontFragment: false, moreFragments: true, fragmentOffset: 1480, options: Buffer.from([0x94, 0x04, 0, 0, 0x01]),
    });
    expect(p[0]).toBe(0x47); // 20 + 8 bytes of options (5 padded to 8)
    expect(p[1]).toBe(0x10);
    expect(p.readUInt16BE(4)).toBe(0xbeef);
    expect(p.readUInt16BE(6)).toBe(0x2000 | (1480 / 8));
    expect(p.subarray(20, 28).toString('hex')).toBe('9404000001000000');
    expect(internetChecksum(p.subarray(0, 28))).toBe(0);
    expect(p.length).toBe(38);
  });

  it('writes a lying Total Length or checksum when told to', () => {
    const p = ipv4Packet({ src: '10.0.0.1', dst: '10.0.0.2', protocol: 6, payload, totalLength: 9999, checksum: 0x1234 });
    expect(p.readUInt16BE(2)).toBe(9999);
    expect(p.readUInt16BE(10)).toBe(0x1234);
    expect(p.length).toBe(30);
  });

  it('refuses IPv6 addresses', () => {
    expect(() => ipv4Packet({ src: '::1', dst: '10.0.0.2', protocol: 6, payload })).toThrow(RangeError);
  });
});

describe('ipv6Packet and extension headers', () => {
  it('writes version, traffic class, flow label, payload length, next header and hop limit', () => {
    const p = ipv6Packet({
      src: '2001:db8::1', dst: '2001:db8::2', nextHeader: IpProtocol.TCP, payload: Buffer.alloc(12), trafficClass: 0xab, flowLabel: 0x12345,
    });
    expect(p.readUInt32BE(0)).toBe(0x6ab12345);
    expect(p.readUInt16BE(4)).toBe(12);
    expect(p[6]).toBe(6);
    expect(p[7]).toBe(64);
    expect(p.subarray(8, 24)).toEqual(parseIp('2001:db8::1'));
    expect(p.subarray(24, 40)).toEqual(parseIp('2001:db8::2'));
    expect(p.length).toBe(52);
  });

  it('writes a lying Payload Length when told to', () => {
    const p = ipv6Packet({ src: '::1', dst: '::2', nextHeader: 59, payload: Buffer.alloc(4), payloadLength: 4000 });
    expect(p.readUInt16BE(4)).toBe(4000);
  });

  it('builds generic extension headers padded to 8 bytes', () => {
    expect(ipv6ExtensionHeader(IpProtocol.TCP).toString('hex')).toBe('0600000000000000');
    const long = ipv6ExtensionHeader(IpProtocol.IPV6_FRAGMENT, Buffer.alloc(7, 1));
    expect(long.length).toBe(16);
    expect(long[0]).toBe(44);
    expect(long[1]).toBe(1);
  });

  it('builds fragment headers with offset, M flag and identification', () => {
    const h = ipv6FragmentHeader({ nextHeader: IpProtocol.TCP, offset: 1232, more: true, identification: 0xdeadbeef });
    expect(h.toString('hex')).toBe('06' + '00' + (1232 | 1).toString(16).padStart(4, '0') + 'deadbeef');
  });
});

describe('tcpSegment', () => {
  it('writes ports, sequence numbers, flags, window and a pseudo-header checksum (IPv4)', () => {
    const payload = Buffer.from('EHLO x\r\n');
    const s = tcpSegment({
      src: '192.0.2.1', dst: '192.0.2.2', srcPort: 49152, dstPort: 25, seq: 0xfffffff0, ack: 12345,
      flags: TcpFlag.PSH | TcpFlag.ACK, window: 502, payload,
    });
    expect(s.readUInt16BE(0)).toBe(49152);
    expect(s.readUInt16BE(2)).toBe(25);
    expect(s.readUInt32BE(4)).toBe(0xfffffff0);
    expect(s.readUInt32BE(8)).toBe(12345);
    expect(s[12]).toBe(0x50);
    expect(s[13]).toBe(0x18);
    expect(s.readUInt16BE(14)).toBe(502);
    expect(s.subarray(20)).toEqual(payload);
    expect(transportChecksum(parseIp('192.0.2.1')!, parseIp('192.0.2.2')!, 6, s)).toBe(0);
  });

  it('computes the checksum over the IPv6 pseudo-header for IPv6 addresses', () => {
    const s = tcpSegment({ src: '2001:db8::1', dst: '2001:db8::2', srcPort: 1, dstPort: 2, seq: 1, flags: TcpFlag.SYN, payload: Buffer.from('x') });
    expect(transportChecksum(parseIp('2001:db8::1')!, parseIp('2001:db8::2')!, 6, s)).toBe(0);
    expect(transportChecksum(parseIp('2001:db8::1')!, parseIp('2001:db8::3')!, 6, s)).not.toBe(0);
  });

  it('pads options and sets the data offset, or writes a lying one and a chosen checksum', () => {
    const s = tcpSegment({ src: '10.0.0.1', dst: '10.0.0.2', srcPort: 1, dstPort: 2, seq: 0, flags: 0, options: Buffer.from([2, 4, 5, 0xb4, 1]) });
    expect(s.length).toBe(28);
    expect(s[12]! >> 4).toBe(7);
    const lying = tcpSegment({ src: '10.0.0.1', dst: '10.0.0.2', srcPort: 1, dstPort: 2, seq: 0, flags: 0, dataOffset: 15, checksum: 0 });
    expect(lying[12]! >> 4).toBe(15);
    expect(lying.readUInt16BE(16)).toBe(0);
    expect(lying.length).toBe(20);
  });
});

describe('tcpOptions', () => {
  it('lays out a Linux-style SYN option list', () => {
    const bytes = tcpOptions({ mss: 1460, sackPermitted: true, timestamps: { value: 1, echo: 0 }, windowScale: 7 });
    expect(bytes.toString('hex')).toBe('020405b4' + '0402' + '080a0000000100000000' + '01030307');
  });

  it('pads each option to 32-bit words with NOPs', () => {
    expect(tcpOptions({ mss: 536, sackPermitted: true, windowScale: 2 }).toString('hex')).toBe('02040218' + '01010402' + '01030302');
    expect(tcpOptions({ timestamps: { value: 0xffffffff, echo: 2 } }).toString('hex')).toBe('0101080affffffff00000002');
    expect(tcpOptions({ sack: [[100, 200], [300, 400]] }).toString('hex')).toBe(
      '0101' + '0512' + '00000064000000c8' + '0000012c00000190',
    );
    expect(tcpOptions({}).length).toBe(0);
  });
});
