import { describe, expect, it } from 'vitest';
import { LinkType } from '../../src/capture/types.js';
import { authHeader, ethernet, ipv4, packet, tcp } from './frames.js';
import { decodeAll, decodeSegment, kinds } from './run.js';

const payload = 'MAIL FROM:<a@b>\r\n';
const eth = (ip: Buffer) => ethernet(0x0800, ip);

describe('IPv4 header', () => {
  it('skips options by the header length', () => {
    const options = Buffer.from([0x94, 0x04, 0x00, 0x00, 0x01, 0x01, 0x01, 0x00]); // router alert, NOPs, EOL
    const { segment } = decodeSegment(packet(LinkType.ETHERNET, eth(ipv4(tcp({ payload }), { options, src: '10.1.1.1' }))));
    expect(segment.src.ip).toBe('10.1.1.1');
    expect(segment.payload.toString()).toBe(payload);
    expect(segment.payloadLen).toBe(payload.length);
  });

  it('strips Ethernet padding and trailers beyond the total length', () => {
    const small = eth(ipv4(tcp({ payload: 'hi' })));
    const padded = Buffer.concat([small, Buffer.from('PADDINGFCS!')]);
    const { segment } = decodeSegment(packet(LinkType.ETHERNET, padded));
    expect(segment.payload.toString()).toBe('hi');
    expect(segment.payloadLen).toBe(2);
    expect(segment.frameLen).toBe(padded.length);
  });

  it('strips the padding of a minimum-size frame carrying no payload', () => {
    const ack = eth(ipv4(tcp({ flags: 0x10 })));
    const frame = Buffer.concat([ack, Buffer.alloc(60 - ack.length, 0xee)]);
    const { segment } = decodeSegment(packet(LinkType.ETHERNET, frame));
    expect(segment.payload.length).toBe(0);
    expect(segment.payloadLen).toBe(0);
    expect(segment.frameLen).toBe(60);
  });

  it('reports a total length shorter than the header and gives null', () => {
    const { segments, anomalies } = decodeAll([packet(LinkType.ETHERNET, eth(ipv4(tcp({ payload }), { totalLength: 12 })))]);
    expect(segments).toEqual([null]);
    expect(kinds(anomalies)).toEqual(['bad-ip-length']);
  });

  it('reports a total length longer than the frame on the wire and uses what the wire carried', () => {
    const frame = eth(ipv4(tcp({ payload }), { totalLength: 1500 }));
    const { segments, anomalies } = decodeAll([packet(LinkType.ETHERNET, frame)]);
    expect(kinds(anomalies)).toEqual(['bad-ip-length']);
    expect(anomalies[0].message).toContain('1500');
    expect(segments[0]?.payload.toString()).toBe(payload);
    expect(segments[0]?.payloadLen).toBe(payload.length);
  });

  it('takes a total length of 0 (segmentation offload) as the length on the wire', () => {
    const { segment, anomalies } = decodeSegment(packet(LinkType.ETHERNET, eth(ipv4(tcp({ payload }), { totalLength: 0 }))));
    expect(anomalies).toEqual([]);
    expect(segment.payloadLen).toBe(payload.length);
  });

  it('reports a header length below 20 bytes', () => {
    const { segments, anomalies } = decodeAll([packet(LinkType.ETHERNET, eth(ipv4(tcp(), { ihlWords: 4 })))]);
    expect(segments).toEqual([null]);
    expect(kinds(anomalies)).toEqual(['bad-ip-header-length']);
  });

  it('reports an EtherType of IPv4 on a packet of another version', () => {
    const { segments, anomalies } = decodeAll([packet(LinkType.ETHERNET, eth(ipv4(tcp(), { version: 6 })))]);
    expect(segments).toEqual([null]);
    expect(kinds(anomalies)).toEqual(['bad-ip-version']);
  });

  it('reports a header the snaplen cut, fixed part or options', () => {
    const options = Buffer.alloc(20, 1);
    const { segments, anomalies } = decodeAll([
      packet(LinkType.ETHERNET, eth(ipv4(tcp())), { capLen: 14 + 12 }),
      packet(LinkType.ETHERNET, eth(ipv4(tcp(), { options })), { capLen: 14 + 30 }),
    ]);
    expect(segments).toEqual([null, null]);
    expect(kinds(anomalies)).toEqual(['truncated', 'truncated']);
  });

  it('skips an IPsec Authentication Header to reach TCP', () => {
    const ip = ipv4(Buffer.concat([authHeader(6, 12), tcp({ payload })]), { protocol: 51 });
    const { segment } = decodeSegment(packet(LinkType.ETHERNET, eth(ip)));
    expect(segment.payload.toString()).toBe(payload);
  });

  it('returns null without an anomaly for other protocols (UDP, ICMP)', () => {
    const udp = Buffer.from('0035d4310010000068656c6c6f21', 'hex');
    const { segments, anomalies } = decodeAll([
      packet(LinkType.ETHERNET, eth(ipv4(udp, { protocol: 17 }))),
      packet(LinkType.ETHERNET, eth(ipv4(Buffer.alloc(8), { protocol: 1 }))),
    ]);
    expect(segments).toEqual([null, null]);
    expect(anomalies).toEqual([]);
  });
});
