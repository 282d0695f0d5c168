import { describe, expect, it } from 'vitest';
import { LinkType } from '../../src/capture/types.js';
import { ethernet, gre, ipv4, ipv6, packet, tcp, udp, vxlan } from './frames.js';
import { decodeAll, decodeSegment, kinds } from './run.js';

const payload = '+OK POP3 ready\r\n';
const inner4 = () => ipv4(tcp({ sport: 50110, dport: 110, payload }), { src: '192.168.1.10', dst: '192.168.1.20' });
const inner6 = () => ipv6(tcp({ sport: 50110, dport: 110, payload }), { src: 'fd00::10', dst: 'fd00::20' });

/** The inner conversation of a decoded frame, checking that the outer frame length is kept. */
function inner(frame: Buffer): string {
  const { segment } = decodeSegment(packet(LinkType.ETHERNET, frame));
  expect(segment.frameLen).toBe(frame.length);
  expect(segment.payload.toString()).toBe(payload);
  return `${segment.src.ip}:${segment.src.port} > ${segment.dst.ip}:${segment.dst.port}`;
}
const V4 = '192.168.1.10:50110 > 192.168.1.20:110';
const V6 = 'fd00::10:50110 > fd00::20:110';

describe('IP-in-IP', () => {
  it('IPv4 in IPv4 (protocol 4)', () => {
    expect(inner(ethernet(0x0800, ipv4(inner4(), { protocol: 4 })))).toBe(V4);
  });

  it('IPv6 in IPv4 (6in4, protocol 41)', () => {
    expect(inner(ethernet(0x0800, ipv4(inner6(), { protocol: 41 })))).toBe(V6);
  });

  it('IPv4 in IPv6 (next header 4)', () => {
    expect(inner(ethernet(0x86dd, ipv6(inner4(), { next: 4 })))).toBe(V4);
  });

  it('IPv6 in IPv6 (next header 41)', () => {
    expect(inner(ethernet(0x86dd, ipv6(inner6(), { next: 41 })))).toBe(V6);
  });

  it('the inner datagram is bounded by the outer one (outer padding is not inner payload)', () => {
    const frame = Buffer.concat([ethernet(0x0800, ipv4(inner4(), { protocol: 4 })), Buffer.alloc(6)]);
    const { segment } = decodeSegment(packet(LinkType.ETHERNET, frame));
    expect(segment.payload.toString()).toBe(payload);
  });

  it('reports an inner header the snaplen cut', () => {
    const frame = ethernet(0x0800, ipv4(inner4(), { protocol: 4 }));
    const { segments, anomalies } = decodeAll([packet(LinkType.ETHERNET, frame, { capLen: 14 + 20 + 10 })]);
    expect(segments).toEqual([null]);
    expect(kinds(anomalies)).toEqual(['truncated']);
  });
});

describe('GRE', () => {
  it('carrying IPv4 and IPv6', () => {
    expect(inner(ethernet(0x0800, ipv4(gre(0x0800, inner4()), { protocol: 47 })))).toBe(V4);
    expect(inner(ethernet(0x86dd, ipv6(gre(0x86dd, inner6()), { next: 47 })))).toBe(V6);
  });

  it('with checksum, key and sequence number fields', () => {
    const tunnelled = gre(0x0800, inner4(), { checksum: true, key: 0xdeadbeef, sequence: 17 });
    expect(inner(ethernet(0x0800, ipv4(tunnelled, { protocol: 47 })))).toBe(V4);
  });

  it('carrying an Ethernet frame (transparent bridging, 0x6558), VLAN-tagged', () => {
    const bridged = ethernet(0x0800, inner4(), [[0x8100, 5]]);
    expect(inner(ethernet(0x0800, ipv4(gre(0x6558, bridged, { key: 1 }), { protocol: 47 })))).toBe(V4);
  });

  it('skips RFC 1701 source routes', () => {
    const header = Buffer.from('40000800' + '00000000' + '0800000400000001' + '00000000', 'hex'); // R bit, offset, one SRE, null SRE
    expect(inner(ethernet(0x0800, ipv4(Buffer.concat([header, inner4()]), { protocol: 47 })))).toBe(V4);
  });

  it('returns null for PPTP enhanced GRE (version 1) and for other payloads', () => {
    const pptp = Buffer.from('3001880b00100000', 'hex');
    const { segments, anomalies } = decodeAll([
      packet(LinkType.ETHERNET, ethernet(0x0800, ipv4(Buffer.concat([pptp, inner4()]), { protocol: 47 }))),
      packet(LinkType.ETHERNET, ethernet(0x0800, ipv4(gre(0x0806, Buffer.alloc(28)), { protocol: 47 }))),
    ]);
    expect(segments).toEqual([null, null]);
    expect(anomalies).toEqual([]);
  });

  it('reports a GRE header the snaplen cut', () => {
    const frame = ethernet(0x0800, ipv4(gre(0x0800, inner4(), { key: 1, sequence: 2 }), { protocol: 47 }));
    const { anomalies } = decodeAll([packet(LinkType.ETHERNET, frame, { capLen: 14 + 20 + 6 })]);
    expect(kinds(anomalies)).toEqual(['truncated']);
    expect(anomalies[0].message).toContain('GRE');
  });
});

describe('VXLAN', () => {
  const overlay = () => vxlan(4242, ethernet(0x0800, inner4()));

  it('UDP to port 4789 carrying Ethernet', () => {
    expect(inner(ethernet(0x0800, ipv4(udp(49152, 4789, overlay()), { protocol: 17 })))).toBe(V4);
  });

  it('UDP from port 4789 to a higher port, over IPv6', () => {
    expect(inner(ethernet(0x86dd, ipv6(udp(4789, 60000, overlay()), { next: 17 })))).toBe(V4);
  });

  it('is not VXLAN when the lower port is another one (tshark decodes that port first)', () => {
    const { segments, anomalies } = decodeAll([
      packet(LinkType.ETHERNET, ethernet(0x0800, ipv4(udp(53, 4789, overlay()), { protocol: 17 }))),
      packet(LinkType.ETHERNET, ethernet(0x0800, ipv4(udp(5000, 5001, overlay()), { protocol: 17 }))),
    ]);
    expect(segments).toEqual([null, null]);
    expect(anomalies).toEqual([]);
  });

  it('reports a VXLAN header the snaplen cut', () => {
    const frame = ethernet(0x0800, ipv4(udp(49152, 4789, overlay()), { protocol: 17 }));
    const { anomalies } = decodeAll([packet(LinkType.ETHERNET, frame, { capLen: 14 + 20 + 8 + 4 })]);
    expect(kinds(anomalies)).toEqual(['truncated']);
    expect(anomalies[0].message).toContain('VXLAN');
  });
});

describe('nesting', () => {
  it('follows tunnels inside tunnels', () => {
    const gre6in4 = ipv4(gre(0x86dd, ipv6(ipv4(inner4(), { protocol: 4 }), { next: 4 })), { protocol: 47 });
    expect(inner(ethernet(0x0800, ipv4(udp(50000, 4789, vxlan(1, ethernet(0x0800, gre6in4))), { protocol: 17 })))).toBe(V4);
  });

  it('follows 8 nested IP layers', () => {
    let ip = inner4();
    for (let i = 0; i < 7; i++) ip = ipv4(ip, { protocol: 4 });
    expect(inner(ethernet(0x0800, ip))).toBe(V4);
  });

  it('does not call a non-IP payload in the 8th layer too deep', () => {
    let ip = ipv4(gre(0x0806, Buffer.alloc(28)), { protocol: 47 });
    for (let i = 0; i < 7; i++) ip = ipv4(ip, { protocol: 4 });
    const { segments, anomalies } = decodeAll([packet(LinkType.RAW, ip)]);
    expect(segments).toEqual([null]);
    expect(anomalies).toEqual([]);
  });

  it('reports IP nested deeper than 8 layers', () => {
    let ip = inner4();
    for (let i = 0; i < 8; i++) ip = ipv4(ip, { protocol: 4 });
    const { segments, anomalies } = decodeAll([packet(LinkType.RAW, ip)]);
    expect(segments).toEqual([null]);
    expect(kinds(anomalies)).toEqual(['tunnel-too-deep']);
  });

  it('reassembles fragments of an outer datagram, then decodes the tunnel inside', () => {
    const tunnelled = inner6();
    const outer = (start: number, end: number) =>
      ethernet(0x0800, ipv4(tunnelled.subarray(start, end), { protocol: 41, id: 9, fragmentOffset: start, moreFragments: end < tunnelled.length }));
    const { segments } = decodeAll([packet(LinkType.ETHERNET, outer(0, 48), { frame: 1 }), packet(LinkType.ETHERNET, outer(48, tunnelled.length), { frame: 2 })]);
    expect(segments[0]).toBeNull();
    expect(segments[1]?.src.ip).toBe('fd00::10');
    expect(segments[1]?.payload.toString()).toBe(payload);
  });
});
