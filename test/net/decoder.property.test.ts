import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LinkType, type RawPacket } from '../../src/capture/types.js';
import { PacketDecoder } from '../../src/net/decoder.js';
import type { NetAnomaly, TcpSegment } from '../../src/net/types.js';
import { authHeader, ethernet, gre, ipv4, ipv6, ipv6Extension, loopback, mpls, packet, pppoe, sll, sll2, tcp, udp, vxlan } from './frames.js';

const LINK_TYPES = [...Object.values(LinkType), 147];

/** Checks what every returned segment must satisfy. */
function checkSegment(s: TcpSegment | null, p: RawPacket): void {
  if (s === null) return;
  expect(s.frame).toBe(p.frame);
  expect(s.frameLen).toBe(p.origLen);
  expect(s.payload.length).toBeLessThanOrEqual(s.payloadLen);
  expect(s.payloadLen).toBeGreaterThanOrEqual(0);
  expect(Number.isInteger(s.src.port) && Number.isInteger(s.dst.port)).toBe(true);
}

/** A random but well-formed TCP/IP packet: IPv4 or IPv6, maybe tunnelled, with a payload. */
const ipPacket: fc.Arbitrary<{ ip: Buffer; payload: Buffer }> = fc
  .record({
    payload: fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)),
    v6: fc.boolean(),
    ipOptions: fc.uint8Array({ maxLength: 12 }).map((a) => Buffer.from(a)),
    tcpOptions: fc.uint8Array({ maxLength: 16 }).map((a) => Buffer.from(a)),
    extensions: fc.array(fc.constantFrom(0, 43, 60, 51), { maxLength: 3 }),
    tunnel: fc.constantFrom('none', 'ipip', '6in4', 'gre', 'gre-eth', 'vxlan'),
  })
  .map(({ payload, v6, ipOptions, tcpOptions, extensions, tunnel }) => {
    const segment = tcp({ payload, options: tcpOptions });
    let ip: Buffer;
    if (v6) {
      let chain = segment;
      let next = 6;
      for (const ext of extensions) {
        chain = Buffer.concat([ext === 51 ? authHeader(next) : ipv6Extension(next, Buffer.alloc(6)), chain]);
        next = ext;
      }
      ip = ipv6(chain, { next });
    } else {
      ip = ipv4(segment, { options: ipOptions });
    }
    const proto = v6 ? 41 : 4;
    const etherType = v6 ? 0x86dd : 0x0800;
    switch (tunnel) {
      case 'ipip':
        ip = ipv4(ip, { protocol: proto });
        break;
      case '6in4':
        ip = ipv6(ip, { next: proto });
        break;
      case 'gre':
        ip = ipv4(gre(etherType, ip, { key: 3 }), { protocol: 47 });
        break;
      case 'gre-eth':
        ip = ipv6(gre(0x6558, ethernet(etherType, ip)), { next: 47 });
        break;
      case 'vxlan':
        ip = ipv4(udp(50000, 4789, vxlan(7, ethernet(etherType, ip))), { protocol: 17 });
        break;
    }
    return { ip, payload };
  });

/** Wraps an IP packet in one of the supported link layers. */
const framed: fc.Arbitrary<{ linkType: number; data: Buffer; payload: Buffer }> = fc
  .tuple(ipPacket, fc.nat(8), fc.array(fc.constantFrom(0x8100, 0x88a8, 0x9100), { maxLength: 3 }), fc.boolean())
  .map(([{ ip, payload }, choice, tags, littleEndian]) => {
    const v6 = ip[0] >> 4 === 6;
    const etherType = v6 ? 0x86dd : 0x0800;
    const wrap: Array<[number, Buffer]> = [
      [LinkType.ETHERNET, ethernet(etherType, ip, tags.map((t, i) => [t, i]))],
      [LinkType.ETHERNET, ethernet(0x8847, mpls([1, 2], ip))],
      [LinkType.ETHERNET, ethernet(0x8864, pppoe(v6 ? 0x57 : 0x21, ip))],
      [LinkType.NULL, loopback(v6 ? 30 : 2, ip, littleEndian)],
      [LinkType.LOOP, loopback(v6 ? 24 : 2, ip, false)],
      [LinkType.RAW, ip],
      [v6 ? LinkType.IPV6 : LinkType.IPV4, ip],
      [LinkType.LINUX_SLL, sll(etherType, ip)],
      [LinkType.LINUX_SLL2, sll2(etherType, ip)],
    ];
    const [linkType, data] = wrap[choice];
    return { linkType, data, payload };
  });

describe('PacketDecoder on arbitrary input', () => {
  it('never throws on arbitrary bytes, for every link type', () => {
    fc.assert(
      fc.property(fc.constantFrom(...LINK_TYPES), fc.uint8Array({ maxLength: 160 }), fc.nat(400), (linkType, bytes, origLen) => {
        const decoder = new PacketDecoder({}, () => undefined);
        const p = packet(linkType, Buffer.from(bytes), { origLen });
        checkSegment(decoder.decode(p), p);
      }),
      { numRuns: 20_000 },
    );
  });

  it('decodes every well-formed frame to its payload without anomalies', () => {
    fc.assert(
      fc.property(framed, ({ linkType, data, payload }) => {
        const anomalies: NetAnomaly[] = [];
        const s = new PacketDecoder({}, (a) => anomalies.push(a)).decode(packet(linkType, data));
        expect(anomalies).toEqual([]);
        expect(s?.payload.equals(payload)).toBe(true);
        expect(s?.payloadLen).toBe(payload.length);
      }),
      { numRuns: 3000 },
    );
  });

  it('never throws on well-formed frames with flipped bytes, cut by a snaplen, or with a wrong wire length', () => {
    const damage = fc.record({
      flips: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
      capLen: fc.option(fc.nat(), { nil: undefined }),
      origDelta: fc.integer({ min: -40, max: 40 }),
    });
    fc.assert(
      fc.property(framed, damage, ({ linkType, data }, { flips, capLen, origDelta }) => {
        const bytes = Buffer.from(data);
        for (const [at, value] of flips) bytes[at % bytes.length] = value;
        const cut = capLen === undefined ? bytes.length : capLen % (bytes.length + 1);
        const p = packet(linkType, bytes, { capLen: cut, origLen: Math.max(0, bytes.length + origDelta) });
        checkSegment(new PacketDecoder({}, () => undefined).decode(p), p);
      }),
      { numRuns: 10_000 },
    );
  });
});

describe('IPv4 reassembly on arbitrary fragment sequences', () => {
  const body = Buffer.from(Array.from({ length: 600 }, (_, i) => i & 0xff));
  const datagram = tcp({ payload: body });

  /** Fragment boundaries: sorted distinct multiples of 8 inside the datagram. */
  const cuts = fc.uniqueArray(fc.integer({ min: 1, max: Math.floor((datagram.length - 1) / 8) }), { maxLength: 8 }).map((a) => [0, ...a.sort((x, y) => x - y).map((n) => n * 8), datagram.length]);

  it('reassembles any split, order and duplication of fragments', () => {
    fc.assert(
      fc.property(cuts, fc.infiniteStream(fc.nat()), fc.array(fc.nat(), { maxLength: 4 }), (bounds, order, duplicates) => {
        const pieces = bounds.slice(0, -1).map((start, i) => [start, bounds[i + 1]] as const);
        for (const d of duplicates) pieces.push(pieces[d % pieces.length]);
        const it = order[Symbol.iterator]();
        for (let i = pieces.length - 1; i > 0; i--) {
          const j = (it.next().value as number) % (i + 1);
          [pieces[i], pieces[j]] = [pieces[j], pieces[i]];
        }
        const anomalies: NetAnomaly[] = [];
        const decoder = new PacketDecoder({}, (a) => anomalies.push(a));
        const results = pieces.map(([start, end], i) =>
          decoder.decode(packet(LinkType.RAW, ipv4(datagram.subarray(start, end), { fragmentOffset: start, moreFragments: end < datagram.length }), { frame: i + 1 })),
        );
        const done = results.filter((s) => s !== null);
        expect(anomalies).toEqual([]);
        expect(done.length).toBeGreaterThanOrEqual(1);
        expect(done[0]?.payload.equals(body)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws and reports only fragment anomalies under tight limits and random fragments', () => {
    const fragment = fc.record({
      id: fc.integer({ min: 0, max: 3 }),
      offset: fc.integer({ min: 0, max: 8191 }),
      length: fc.integer({ min: 0, max: 64 }),
      more: fc.boolean(),
      dt: fc.integer({ min: 0, max: 20 }),
    });
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 40 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 4096 }), (list, maxBuffers, maxBytes) => {
        const anomalies: NetAnomaly[] = [];
        const decoder = new PacketDecoder({ maxFragmentBuffers: maxBuffers, maxFragmentBytes: maxBytes, fragmentTimeout: 30 }, (a) => anomalies.push(a));
        let t = 1_700_000_000;
        list.forEach(({ id, offset, length, more, dt }, i) => {
          t += dt;
          const p = packet(LinkType.RAW, ipv4(Buffer.alloc(length, id), { id, fragmentOffset: offset * 8, moreFragments: more }), { frame: i + 1, tsSec: t });
          checkSegment(decoder.decode(p), p);
        });
        for (const a of anomalies) expect(a.kind).toMatch(/^(fragment-|bad-tcp-offset$|truncated$)/);
      }),
      { numRuns: 2000 },
    );
  });
});
