import { describe, expect, it } from 'vitest';
import { LinkType } from '../../src/capture/types.js';
import { authHeader, ethernet, ipv6, ipv6Extension, ipv6Fragment, packet, tcp } from './frames.js';
import { decodeAll, decodeSegment, kinds } from './run.js';

const payload = 'a001 LOGIN x y\r\n';
const eth = (ip: Buffer) => ethernet(0x86dd, ip);

describe('IPv6', () => {
  it('prints addresses in RFC 5952 form', () => {
    const ip = ipv6(tcp({ payload }), { src: '2001:0db8:0000:0000:0001:0000:0000:0001', dst: '0:0:0:0:0:0:0:1' });
    const { segment } = decodeSegment(packet(LinkType.ETHERNET, eth(ip)));
    expect(segment.src.ip).toBe('2001:db8::1:0:0:1');
    expect(segment.dst.ip).toBe('::1');
  });

  it('skips hop-by-hop, routing, destination options and AH headers', () => {
    const chain = Buffer.concat([
      ipv6Extension(43, Buffer.from([0x05, 0x02, 0x00, 0x00, 0x01, 0x02])), // hop-by-hop: router alert
      ipv6Extension(60, Buffer.alloc(14)), // routing
      ipv6Extension(51, Buffer.alloc(20)), // destination options, 24 bytes
      authHeader(6, 12),
      tcp({ payload }),
    ]);
    const { segment } = decodeSegment(packet(LinkType.ETHERNET, eth(ipv6(chain, { next: 0 }))));
    expect(segment.payload.toString()).toBe(payload);
    expect(segment.payloadLen).toBe(payload.length);
  });

  it('returns null for no next header (59) and for protocols that are not TCP', () => {
    const { segments, anomalies } = decodeAll([
      packet(LinkType.ETHERNET, eth(ipv6(ipv6Extension(59), { next: 60 }))),
      packet(LinkType.ETHERNET, eth(ipv6(Buffer.alloc(8), { next: 58 }))),
      packet(LinkType.ETHERNET, eth(ipv6(Buffer.alloc(16), { next: 200 }))),
    ]);
    expect(segments).toEqual([null, null, null]);
    expect(anomalies).toEqual([]);
  });

  it('reports an extension header that runs past the payload', () => {
    const hop = ipv6Extension(6, Buffer.alloc(6));
    hop[1] = 10; // claims 88 bytes
    const { segments, anomalies } = decodeAll([packet(LinkType.ETHERNET, eth(ipv6(Buffer.concat([hop, tcp()]), { next: 0 })))]);
    expect(segments).toEqual([null]);
    expect(kinds(anomalies)).toEqual(['bad-extension-header']);
  });

  it('reports an extension header the snaplen cut', () => {
    const chain = Buffer.concat([ipv6Extension(6, Buffer.alloc(30)), tcp()]);
    const { segments, anomalies } = decodeAll([packet(LinkType.ETHERNET, eth(ipv6(chain, { next: 60 })), { capLen: 14 + 40 + 4 })]);
    expect(segments).toEqual([null]);
    expect(kinds(anomalies)).toEqual(['truncated']);
  });

  it('strips padding after the payload length', () => {
    const frame = Buffer.concat([eth(ipv6(tcp({ payload: 'ok' }))), Buffer.alloc(8, 0xee)]);
    const { segment } = decodeSegment(packet(LinkType.ETHERNET, frame));
    expect(segment.payload.toString()).toBe('ok');
  });

  it('takes a payload length of 0 as the length on the wire', () => {
    const { segment, anomalies } = decodeSegment(packet(LinkType.ETHERNET, eth(ipv6(tcp({ payload }), { payloadLength: 0 }))));
    expect(anomalies).toEqual([]);
    expect(segment.payloadLen).toBe(payload.length);
  });

  it('reports a payload length longer than the wire and uses what the wire carried', () => {
    const { segment, anomalies } = decodeSegment(packet(LinkType.ETHERNET, eth(ipv6(tcp({ payload }), { payloadLength: 9000 }))));
    expect(kinds(anomalies)).toEqual(['bad-ip-length']);
    expect(segment.payload.toString()).toBe(payload);
  });

  it('reports a fixed header the snaplen cut', () => {
    const { segments, anomalies } = decodeAll([packet(LinkType.ETHERNET, eth(ipv6(tcp())), { capLen: 14 + 30 })]);
    expect(segments).toEqual([null]);
    expect(kinds(anomalies)).toEqual(['truncated']);
  });
});

describe('IPv6 fragments', () => {
  const body = Buffer.from('x'.repeat(600) + 'y'.repeat(600) + 'z'.repeat(100));
  const segmentBytes = tcp({ sport: 44444, dport: 993, payload: body }); // 1320 bytes

  /** An IPv6 frame with a hop-by-hop header, then a Fragment header, carrying segmentBytes[start, end). */
  function fragment(start: number, end: number, id = 7, fragmentable = segmentBytes): Buffer {
    const headers = Buffer.concat([ipv6Extension(44, Buffer.alloc(6)), ipv6Fragment(60, start, end < fragmentable.length, id)]);
    return eth(ipv6(Buffer.concat([headers, fragmentable.subarray(start, end)]), { next: 0 }));
  }

  /** The datagram's fragmentable part: a destination options header, then the TCP segment. */
  const withOptions = Buffer.concat([ipv6Extension(6, Buffer.alloc(6)), segmentBytes]);

  it('reassembles out-of-order fragments and follows headers in the fragmentable part', () => {
    const frames = [fragment(800, withOptions.length, 7, withOptions), fragment(0, 400, 7, withOptions), fragment(400, 800, 7, withOptions)];
    const { segments, anomalies } = decodeAll(frames.map((f, i) => packet(LinkType.ETHERNET, f, { frame: i + 1 })));
    expect(anomalies).toEqual([]);
    expect(segments.slice(0, 2)).toEqual([null, null]);
    expect(segments[2]?.payload.equals(body)).toBe(true);
    expect(segments[2]?.dst.port).toBe(993);
    expect(segments[2]?.frameLen).toBe(frames[2].length);
  });

  it('keys datagrams by identification', () => {
    const headers = (start: number, more: boolean, id: number) => ipv6Fragment(6, start, more, id);
    const frame = (start: number, end: number, id: number) =>
      eth(ipv6(Buffer.concat([headers(start, end < segmentBytes.length, id), segmentBytes.subarray(start, end)]), { next: 44 }));
    const { segments } = decodeAll([frame(0, 640, 1), frame(640, 1320, 2), frame(640, 1320, 1)].map((f) => packet(LinkType.ETHERNET, f)));
    expect(segments.map((s) => s !== null)).toEqual([false, false, true]);
  });

  it('decodes an atomic fragment (offset 0, no more fragments) directly', () => {
    const frame = eth(ipv6(Buffer.concat([ipv6Fragment(6, 0, false, 99), tcp({ payload })]), { next: 44 }));
    const { segment, anomalies } = decodeSegment(packet(LinkType.ETHERNET, frame));
    expect(anomalies).toEqual([]);
    expect(segment.payload.toString()).toBe(payload);
  });

  it('reports a fragment header inside a reassembled datagram', () => {
    const inner = Buffer.concat([ipv6Fragment(6, 0, true, 5), tcp({ payload })]);
    const frame = (start: number, end: number) =>
      eth(ipv6(Buffer.concat([ipv6Fragment(44, start, end < inner.length, 3), inner.subarray(start, end)]), { next: 44 }));
    const { segments, anomalies } = decodeAll([packet(LinkType.ETHERNET, frame(0, 16)), packet(LinkType.ETHERNET, frame(16, inner.length))]);
    expect(segments).toEqual([null, null]);
    expect(kinds(anomalies)).toEqual(['fragment-invalid']);
  });
});
