import { describe, expect, it } from 'vitest';
import { LinkType } from '../../src/capture/types.js';
import { ethernet, ipv4, ipv6, loopback, mpls, packet, pppoe, sll, sll2, tcp } from './frames.js';
import { decodeAll, decodeSegment, kinds } from './run.js';

const segment4 = () => ipv4(tcp({ sport: 40001, dport: 25, payload: 'EHLO x\r\n' }), { src: '192.0.2.1', dst: '198.51.100.7' });
const segment6 = () => ipv6(tcp({ sport: 40002, dport: 143, payload: 'a1 NOOP\r\n' }), { src: '2001:db8::a', dst: '2001:db8::b' });

/** The decoded endpoints and payload, or why there were none. */
function endpoints(linkType: number, data: Buffer): string {
  const { segment } = decodeSegment(packet(linkType, data));
  return `${segment.src.ip}:${segment.src.port} > ${segment.dst.ip}:${segment.dst.port} ${segment.payload.toString()}`;
}
const V4 = '192.0.2.1:40001 > 198.51.100.7:25 EHLO x\r\n';
const V6 = '2001:db8::a:40002 > 2001:db8::b:143 a1 NOOP\r\n';

describe('Ethernet', () => {
  it('decodes IPv4 and IPv6', () => {
    expect(endpoints(LinkType.ETHERNET, ethernet(0x0800, segment4()))).toBe(V4);
    expect(endpoints(LinkType.ETHERNET, ethernet(0x86dd, segment6()))).toBe(V6);
  });

  it('follows an 802.1Q tag', () => {
    expect(endpoints(LinkType.ETHERNET, ethernet(0x0800, segment4(), [[0x8100, 100]]))).toBe(V4);
  });

  it('follows QinQ (802.1ad outer, 802.1Q inner) and the legacy 0x9100 tag', () => {
    expect(endpoints(LinkType.ETHERNET, ethernet(0x86dd, segment6(), [[0x88a8, 10], [0x8100, 20]]))).toBe(V6);
    expect(endpoints(LinkType.ETHERNET, ethernet(0x0800, segment4(), [[0x9100, 7], [0x88a8, 8], [0x8100, 9]]))).toBe(V4);
  });

  it('follows an MPLS label stack to IPv4 and IPv6', () => {
    expect(endpoints(LinkType.ETHERNET, ethernet(0x8847, mpls([16, 17, 18], segment4())))).toBe(V4);
    expect(endpoints(LinkType.ETHERNET, ethernet(0x8847, mpls([16], segment6())))).toBe(V6);
  });

  it('follows a PPPoE session to IPv4 and IPv6', () => {
    expect(endpoints(LinkType.ETHERNET, ethernet(0x8864, pppoe(0x0021, segment4())))).toBe(V4);
    expect(endpoints(LinkType.ETHERNET, ethernet(0x8864, pppoe(0x0057, segment6())))).toBe(V6);
  });

  it('returns null without an anomaly for frames that are not IP', () => {
    const arp = ethernet(0x0806, Buffer.alloc(28));
    const llc = ethernet(46, Buffer.alloc(46)); // 802.3 length field
    const pppLcp = ethernet(0x8864, pppoe(0xc021, Buffer.alloc(10)));
    const { segments, anomalies } = decodeAll([packet(LinkType.ETHERNET, arp), packet(LinkType.ETHERNET, llc), packet(LinkType.ETHERNET, pppLcp)]);
    expect(segments).toEqual([null, null, null]);
    expect(anomalies).toEqual([]);
  });

  it('reports a frame too short for its Ethernet header or VLAN tag', () => {
    const { segments, anomalies } = decodeAll([
      packet(LinkType.ETHERNET, Buffer.alloc(10), { frame: 3 }),
      packet(LinkType.ETHERNET, ethernet(0x8100, Buffer.alloc(2)), { frame: 4 }),
    ]);
    expect(segments).toEqual([null, null]);
    expect(anomalies.map((a) => [a.frame, a.kind])).toEqual([
      [3, 'truncated'],
      [4, 'truncated'],
    ]);
    expect(anomalies[1].message).toContain('VLAN');
  });
});

describe('BSD loopback (NULL and LOOP)', () => {
  it('reads the address family in little-endian and big-endian byte order', () => {
    expect(endpoints(LinkType.NULL, loopback(2, segment4(), true))).toBe(V4);
    expect(endpoints(LinkType.NULL, loopback(2, segment4(), false))).toBe(V4);
    expect(endpoints(LinkType.LOOP, loopback(2, segment4(), false))).toBe(V4);
  });

  it('knows the IPv6 families of the BSDs (24), FreeBSD (28) and Darwin (30)', () => {
    for (const family of [24, 28, 30]) {
      expect(endpoints(LinkType.NULL, loopback(family, segment6(), true))).toBe(V6);
      expect(endpoints(LinkType.NULL, loopback(family, segment6(), false))).toBe(V6);
    }
  });

  it('returns null for other families', () => {
    const { segments, anomalies } = decodeAll([packet(LinkType.NULL, loopback(7, segment4(), true))]);
    expect(segments).toEqual([null]);
    expect(anomalies).toEqual([]);
  });
});

describe('raw IP (RAW, IPV4, IPV6)', () => {
  it('tells IPv4 from IPv6 by the version nibble', () => {
    expect(endpoints(LinkType.RAW, segment4())).toBe(V4);
    expect(endpoints(LinkType.RAW, segment6())).toBe(V6);
    expect(endpoints(LinkType.IPV4, segment4())).toBe(V4);
    expect(endpoints(LinkType.IPV6, segment6())).toBe(V6);
  });

  it('reports a version that is neither 4 nor 6', () => {
    const bad = segment4();
    bad[0] = 0x55;
    const { segments, anomalies } = decodeAll([packet(LinkType.RAW, bad)]);
    expect(segments).toEqual([null]);
    expect(kinds(anomalies)).toEqual(['bad-ip-version']);
  });
});

describe('Linux cooked capture', () => {
  it('SLL: 16-byte header, protocol at offset 14', () => {
    expect(endpoints(LinkType.LINUX_SLL, sll(0x0800, segment4()))).toBe(V4);
    expect(endpoints(LinkType.LINUX_SLL, sll(0x86dd, segment6()))).toBe(V6);
  });

  it('SLL2: 20-byte header, protocol at offset 0', () => {
    expect(endpoints(LinkType.LINUX_SLL2, sll2(0x0800, segment4()))).toBe(V4);
    expect(endpoints(LinkType.LINUX_SLL2, sll2(0x86dd, segment6()))).toBe(V6);
  });

  it('follows a VLAN tag left in a cooked frame', () => {
    const tagged = Buffer.concat([Buffer.from([0x00, 0x64, 0x08, 0x00]), segment4()]);
    expect(endpoints(LinkType.LINUX_SLL, sll(0x8100, tagged))).toBe(V4);
  });

  it('reports a cut cooked header', () => {
    const { anomalies } = decodeAll([packet(LinkType.LINUX_SLL2, Buffer.alloc(12))]);
    expect(kinds(anomalies)).toEqual(['truncated']);
    expect(anomalies[0].message).toContain('SLL2');
  });
});

describe('unsupported link types', () => {
  it('are reported once per link type, naming it, and give null', () => {
    const frames = [
      packet(147, Buffer.alloc(60), { frame: 1 }),
      packet(147, Buffer.alloc(60), { frame: 2 }),
      packet(LinkType.ETHERNET, ethernet(0x0800, segment4()), { frame: 3 }),
      packet(127, Buffer.alloc(60), { frame: 4 }),
      packet(147, Buffer.alloc(60), { frame: 5 }),
      packet(9999, Buffer.alloc(60), { frame: 6 }),
    ];
    const { segments, anomalies } = decodeAll(frames);
    expect(segments.map((s) => s !== null)).toEqual([false, false, true, false, false, false]);
    expect(anomalies.map((a) => [a.frame, a.kind])).toEqual([
      [1, 'unsupported-link-type'],
      [4, 'unsupported-link-type'],
      [6, 'unsupported-link-type'],
    ]);
    expect(anomalies[0].message).toBe(
      'link type 147 (USER0) is not supported; mailwire reads Ethernet, NULL/LOOP, RAW, Linux SLL/SLL2',
    );
    expect(anomalies[1].message).toContain('link type 127 (IEEE802_11_RADIOTAP)');
    expect(anomalies[2].message).toMatch(/^link type 9999 is not supported/);
  });
});
