import { describe, expect, it } from 'vitest';
import { LinkType } from '../../src/capture/types.js';
import { TcpFlag } from '../../src/net/types.js';
import { ethernet, ipv4, ipv6, packet, tcp } from './frames.js';
import { decodeAll, decodeSegment, kinds } from './run.js';

describe('TCP', () => {
  it('decodes ports, sequence numbers, flags, window, time and frame length', () => {
    const seg = tcp({ sport: 51000, dport: 587, seq: 0xfffffff0, ack: 0x80000001, flags: TcpFlag.SYN | TcpFlag.ACK | TcpFlag.ECE, window: 1234 });
    const frame = ethernet(0x0800, ipv4(seg, { src: '203.0.113.5', dst: '198.51.100.9' }));
    const { segment } = decodeSegment(packet(LinkType.ETHERNET, frame, { frame: 42, tsSec: 1_700_000_123, tsNsec: 456_789_000 }));
    expect(segment).toMatchObject({
      frame: 42,
      src: { ip: '203.0.113.5', port: 51000 },
      dst: { ip: '198.51.100.9', port: 587 },
      seq: 0xfffffff0,
      ack: 0x80000001,
      flags: TcpFlag.SYN | TcpFlag.ACK | TcpFlag.ECE,
      window: 1234,
      payloadLen: 0,
      frameLen: frame.length,
    });
    expect(segment.ts).toBeCloseTo(1_700_000_123.456789, 6);
  });

  it('skips options to find the payload', () => {
    const options = Buffer.from('020405b40402080a0000000100000000', 'hex'); // MSS, SACK-permitted, timestamps
    const { segment } = decodeSegment(packet(LinkType.RAW, ipv4(tcp({ options, payload: '220 ready\r\n' }))));
    expect(segment.payload.toString()).toBe('220 ready\r\n');
    expect(segment.payloadLen).toBe(11);
  });

  it('returns the payload as a view into the captured bytes, not a copy', () => {
    const frame = ethernet(0x0800, ipv4(tcp({ payload: 'abc' })));
    const { segment } = decodeSegment(packet(LinkType.ETHERNET, frame));
    expect(segment.payload.buffer).toBe(frame.buffer);
    expect(segment.payload.byteOffset).toBe(frame.byteOffset + frame.length - 3);
  });

  it('keeps payloadLen from the IP length when the snaplen cut the payload', () => {
    const body = 'x'.repeat(1000);
    const frame = ethernet(0x0800, ipv4(tcp({ payload: body })));
    const { segment, anomalies } = decodeSegment(packet(LinkType.ETHERNET, frame, { capLen: 96 }));
    expect(anomalies).toEqual([]);
    expect(segment.payloadLen).toBe(1000);
    expect(segment.payload.length).toBe(96 - 54);
    expect(segment.frameLen).toBe(frame.length);
  });

  it('gives an empty payload when the snaplen cut inside the options', () => {
    const options = Buffer.alloc(20, 1);
    const frame = ethernet(0x86dd, ipv6(tcp({ options, payload: 'data' })));
    const { segment } = decodeSegment(packet(LinkType.ETHERNET, frame, { capLen: 14 + 40 + 24 }));
    expect(segment.payload.length).toBe(0);
    expect(segment.payloadLen).toBe(4);
  });

  it('reports a data offset below 5 words', () => {
    const { segments, anomalies } = decodeAll([packet(LinkType.RAW, ipv4(tcp({ dataOffsetWords: 4, payload: 'abcd' })))]);
    expect(segments).toEqual([null]);
    expect(kinds(anomalies)).toEqual(['bad-tcp-offset']);
  });

  it('reports a data offset beyond the segment', () => {
    const { segments, anomalies } = decodeAll([packet(LinkType.RAW, ipv4(tcp({ dataOffsetWords: 15, payload: 'abcd' })))]);
    expect(segments).toEqual([null]);
    expect(kinds(anomalies)).toEqual(['bad-tcp-offset']);
    expect(anomalies[0].message).toContain('24-byte segment');
  });

  it('reports a segment shorter than a TCP header, on the wire or as captured', () => {
    const short = ipv4(Buffer.alloc(12), { protocol: 6 });
    const { segments, anomalies } = decodeAll([
      packet(LinkType.RAW, short),
      packet(LinkType.RAW, ipv4(tcp({ payload: 'abc' })), { capLen: 30 }),
    ]);
    expect(segments).toEqual([null, null]);
    expect(kinds(anomalies)).toEqual(['truncated', 'truncated']);
    expect(anomalies[0].message).toContain('IP payload holds only 12');
    expect(anomalies[1].message).toContain('only 10 captured');
  });
});
