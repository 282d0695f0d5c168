import { describe, expect, it } from 'vitest';
import { LinkType, type RawPacket } from '../../src/capture/types.js';
import { Defragmenter, type Fragment } from '../../src/net/defrag.js';
import type { NetAnomaly } from '../../src/net/types.js';
import { ethernet, ipv4, packet, tcp, type IPv4Options } from './frames.js';
import { decodeAll, kinds } from './run.js';

const body = Buffer.from(Array.from({ length: 200 }, (_, i) => `line ${i}\r\n`).join('').slice(0, 1400), 'latin1');
const datagram = tcp({ sport: 40000, dport: 25, payload: body }); // 20 + 1400 bytes

/** Ethernet frame carrying bytes [start, end) of `data` as one IPv4 fragment. */
function fragment(data: Buffer, start: number, end: number, o: IPv4Options = {}): Buffer {
  return ethernet(0x0800, ipv4(data.subarray(start, end), { id: 0x4242, fragmentOffset: start, moreFragments: end < data.length, ...o }));
}

/** Packets with frame numbers 1.. and one second apart from `t0`. */
function frames(list: Buffer[], t0 = 1_700_000_000): RawPacket[] {
  return list.map((f, i) => packet(LinkType.ETHERNET, f, { frame: i + 1, tsSec: t0 + i }));
}

describe('IPv4 fragment reassembly', () => {
  it('reassembles fragments in order, giving the segment at the last frame with that frame length', () => {
    const list = [fragment(datagram, 0, 600), fragment(datagram, 600, 1200), fragment(datagram, 1200, 1420)];
    const { segments, anomalies } = decodeAll(frames(list));
    expect(anomalies).toEqual([]);
    expect(segments.slice(0, 2)).toEqual([null, null]);
    expect(segments[2]?.frame).toBe(3);
    expect(segments[2]?.frameLen).toBe(list[2].length);
    expect(segments[2]?.payloadLen).toBe(1400);
    expect(segments[2]?.payload.equals(body)).toBe(true);
    expect(segments[2]?.src).toEqual({ ip: '10.0.0.1', port: 40000 });
  });

  it('reassembles fragments out of order and duplicated', () => {
    const list = [
      fragment(datagram, 1200, 1420),
      fragment(datagram, 600, 1200),
      fragment(datagram, 1200, 1420),
      fragment(datagram, 0, 600),
    ];
    const { segments, anomalies } = decodeAll(frames(list));
    expect(anomalies).toEqual([]);
    expect(segments.map((s) => s?.frame ?? null)).toEqual([null, null, null, 4]);
    expect(segments[3]?.payload.equals(body)).toBe(true);
  });

  it('accepts overlapping fragments that agree', () => {
    const list = [fragment(datagram, 0, 800), fragment(datagram, 400, 1200), fragment(datagram, 1000, 1420)];
    const { segments, anomalies } = decodeAll(frames(list));
    expect(anomalies).toEqual([]);
    expect(segments[2]?.payload.equals(body)).toBe(true);
  });

  it('keeps the first bytes of an overlap that disagrees, and reports it', () => {
    const altered = Buffer.from(datagram);
    altered.fill(0x58, 500, 700);
    const list = [fragment(datagram, 0, 600), fragment(altered, 400, 1200), fragment(datagram, 1200, 1420)];
    const { segments, anomalies } = decodeAll(frames(list));
    expect(kinds(anomalies)).toEqual(['fragment-overlap']);
    expect(anomalies[0].frame).toBe(2);
    const expected = Buffer.from(datagram.subarray(20));
    altered.copy(expected, 600 - 20, 600, 700); // the part of the overlap only the second fragment had
    expect(segments[2]?.payload.equals(expected)).toBe(true);
  });

  it('keeps datagrams with different ids, protocols or addresses apart', () => {
    const other = tcp({ sport: 40001, payload: body });
    const list = [
      fragment(datagram, 0, 600),
      fragment(other, 0, 600, { id: 0x4343 }),
      fragment(other, 600, 1420, { id: 0x4343 }),
      fragment(datagram, 600, 1420, { src: '10.0.0.99' }),
      fragment(datagram, 600, 1420),
    ];
    const { segments } = decodeAll(frames(list));
    expect(segments.map((s) => s?.src.port ?? null)).toEqual([null, null, 40001, null, 40000]);
  });

  it('needs every byte: a hole keeps the datagram open', () => {
    const list = [fragment(datagram, 0, 600), fragment(datagram, 608, 1420)];
    const { segments, anomalies } = decodeAll(frames(list));
    expect(segments).toEqual([null, null]);
    expect(anomalies).toEqual([]);
  });

  it('reports a datagram still incomplete after the timeout (capture time), once', () => {
    const list = frames([fragment(datagram, 0, 600)]);
    const later = packet(LinkType.ETHERNET, fragment(datagram, 600, 1420), { frame: 2, tsSec: 1_700_000_031 });
    const after = packet(LinkType.ETHERNET, ethernet(0x0806, Buffer.alloc(28)), { frame: 3, tsSec: 1_700_000_040 });
    const { segments, anomalies } = decodeAll([...list, later, after], { fragmentTimeout: 30 });
    expect(segments).toEqual([null, null, null]);
    expect(anomalies.map((a) => [a.frame, a.kind])).toEqual([[2, 'fragment-timeout']]);
    expect(anomalies[0].message).toContain('first fragment in frame 1');
  });

  it('completes a datagram within the timeout', () => {
    const list = frames([fragment(datagram, 0, 600)]);
    const later = packet(LinkType.ETHERNET, fragment(datagram, 600, 1420), { frame: 2, tsSec: 1_700_000_030 });
    const { segments, anomalies } = decodeAll([...list, later], { fragmentTimeout: 30 });
    expect(anomalies).toEqual([]);
    expect(segments[1]?.payload.equals(body)).toBe(true);
  });

  it('drops the oldest datagram when too many are open', () => {
    const list = [
      fragment(datagram, 0, 600, { id: 1 }),
      fragment(datagram, 0, 600, { id: 2 }),
      fragment(datagram, 0, 600, { id: 3 }),
      fragment(datagram, 600, 1420, { id: 3 }),
      fragment(datagram, 600, 1420, { id: 2 }),
    ];
    const { segments, anomalies } = decodeAll(frames(list), { maxFragmentBuffers: 2 });
    expect(anomalies.map((a) => [a.frame, a.kind])).toEqual([[3, 'fragment-limit']]);
    expect(anomalies[0].message).toContain('id 0x1');
    expect(segments.map((s) => s !== null)).toEqual([false, false, false, true, true]);
  });

  it('drops the oldest datagrams when the byte limit is reached', () => {
    const list = [
      fragment(datagram, 0, 600, { id: 1 }),
      fragment(datagram, 0, 600, { id: 2 }),
      fragment(datagram, 600, 1420, { id: 2 }),
    ];
    const { segments, anomalies } = decodeAll(frames(list), { maxFragmentBytes: 1500 });
    // Frame 3 grows datagram 2 to 1420 bytes: 600 + 1420 > 1500, so datagram 1 goes.
    expect(anomalies.map((a) => [a.frame, a.kind])).toEqual([[3, 'fragment-limit']]);
    expect(segments[2]?.payload.equals(body)).toBe(true);
  });

  it('drops a datagram that alone needs more than the byte limit', () => {
    const list = [fragment(datagram, 0, 600), fragment(datagram, 600, 1420)];
    const { segments, anomalies } = decodeAll(frames(list), { maxFragmentBytes: 1000 });
    expect(kinds(anomalies)).toEqual(['fragment-limit']);
    expect(anomalies[0].frame).toBe(2);
    expect(segments).toEqual([null, null]);
  });

  it('reports a fragment the snaplen cut and does not use it', () => {
    const first = fragment(datagram, 0, 600);
    const list = [
      packet(LinkType.ETHERNET, first, { frame: 1, capLen: 100 }),
      packet(LinkType.ETHERNET, fragment(datagram, 600, 1420), { frame: 2 }),
    ];
    const { segments, anomalies } = decodeAll(list);
    expect(kinds(anomalies)).toEqual(['fragment-truncated']);
    expect(segments).toEqual([null, null]);
  });

  it('reports a last fragment that contradicts an earlier end', () => {
    const list = [
      fragment(datagram, 1200, 1420),
      fragment(datagram, 600, 1000, { moreFragments: false }),
      fragment(datagram, 0, 600),
      fragment(datagram, 600, 1200),
    ];
    const { segments, anomalies } = decodeAll(frames(list));
    expect(kinds(anomalies)).toEqual(['fragment-invalid']);
    expect(segments[3]?.payload.equals(body)).toBe(true);
  });

  it('reports a fragment beyond the 65535-byte maximum', () => {
    const list = [ethernet(0x0800, ipv4(Buffer.alloc(200), { fragmentOffset: 65528, moreFragments: false }))];
    const { segments, anomalies } = decodeAll(frames(list));
    expect(segments).toEqual([null]);
    expect(kinds(anomalies)).toEqual(['fragment-invalid']);
  });
});

describe('Defragmenter', () => {
  function frag(key: string, offset: number, data: Buffer, more: boolean): Fragment {
    return { key, offset, more, data, wireLength: data.length, protocol: 6, describe: () => key };
  }

  it('accounts for buffered bytes and frees them on completion', () => {
    const anomalies: NetAnomaly[] = [];
    const d = new Defragmenter({ maxBuffers: 10, maxBytes: 100_000, timeout: 60 }, (kind, message) => anomalies.push({ frame: 0, kind, message }));
    expect(d.add(frag('a', 0, Buffer.alloc(800, 1), true), 0, 1)).toBeNull();
    expect(d.pending).toBe(1);
    expect(d.bufferedBytes).toBeGreaterThanOrEqual(800);
    const done = d.add(frag('a', 800, Buffer.alloc(100, 2), false), 0, 2);
    expect(done?.payload.length).toBe(900);
    expect(done?.protocol).toBe(6);
    expect(d.pending).toBe(0);
    expect(d.bufferedBytes).toBe(0);
    expect(anomalies).toEqual([]);
  });

  it('copies fragment bytes, so the caller may reuse its buffer', () => {
    const d = new Defragmenter({ maxBuffers: 10, maxBytes: 100_000, timeout: 60 }, () => undefined);
    const scratch = Buffer.alloc(16, 7);
    d.add(frag('k', 0, scratch, true), 0, 1);
    scratch.fill(9);
    const done = d.add(frag('k', 16, Buffer.alloc(8, 8), false), 0, 2);
    expect([...(done?.payload ?? [])]).toEqual([...Array(16).fill(7), ...Array(8).fill(8)]);
  });
});
