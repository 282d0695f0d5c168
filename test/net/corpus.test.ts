/**
 * The net layer against tshark on real captures: for every capture in test/fixtures/corpus, the
 * TCP frames and bytes we decode per direction of each address/port pair equal tshark's
 * (`*.tshark-conv.json`, made from tshark's tcp fields). Connections that reuse a port pair are
 * summed, since telling them apart is the flow layer's job.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCaptureParser } from '../../src/capture/reader.js';
import { PacketDecoder } from '../../src/net/decoder.js';

const CORPUS = join(import.meta.dirname, '..', 'fixtures', 'corpus');

interface TsharkConv {
  a: { ip: string; port: number };
  b: { ip: string; port: number };
  frames: { a2b: number; b2a: number };
  bytes: { a2b: number; b2a: number };
}

/** Frames and bytes per direction, keyed `src:port > dst:port`. */
type Directions = Record<string, { frames: number; bytes: number }>;

/**
 * Where the json differs from tshark's own `-z conv,tcp`, with the values tshark gives there: the
 * json script also counts TCP headers quoted inside ICMP errors (tshark's conversation table does
 * not, nor do we: they are not segments of the connection), and it names a 6in4 conversation by
 * the outer IPv4 addresses. Values from `tshark -Y "tcp && !icmp && !icmpv6"` on the inner
 * addresses.
 */
const QUOTED_IN_ICMP: Directions = {
  '10.10.1.4:1470 > 74.53.140.153:25': { frames: 28, bytes: 22065 },
  '74.53.140.153:25 > 10.10.1.4:1470': { frames: 25, bytes: 1980 },
};
const SIX_IN_FOUR: Directions = {
  '2001:470:1f17:13f:3e97:eff:fe73:4dec:53234 > 2a03:2880:1010:6f03:face:b00c:0:2:443': { frames: 18, bytes: 6894 },
  '2a03:2880:1010:6f03:face:b00c:0:2:443 > 2001:470:1f17:13f:3e97:eff:fe73:4dec:53234': { frames: 15, bytes: 7032 },
  '2001:470:1f17:13f:3e97:eff:fe73:4dec:60205 > 2604:a880:1:20::224:b001:443': { frames: 14, bytes: 2312 },
  '2604:a880:1:20::224:b001:443 > 2001:470:1f17:13f:3e97:eff:fe73:4dec:60205': { frames: 14, bytes: 13085 },
  '2001:470:1f17:13f:3e97:eff:fe73:4dec:41538 > 2604:a880:1:20::224:b001:80': { frames: 6, bytes: 786 },
  '2604:a880:1:20::224:b001:80 > 2001:470:1f17:13f:3e97:eff:fe73:4dec:41538': { frames: 4, bytes: 1006 },
  '2001:470:1f17:13f:6d69:c72:7313:616f:56381 > 2604:a880:1:20::224:b001:993': { frames: 1, bytes: 106 },
  '2604:a880:1:20::224:b001:993 > 2001:470:1f17:13f:6d69:c72:7313:616f:56381': { frames: 1, bytes: 152 },
  '2001:470:1f17:13f:6d69:c72:7313:616f:35610 > 2604:a880:1:20::224:b001:993': { frames: 1, bytes: 106 },
  '2604:a880:1:20::224:b001:993 > 2001:470:1f17:13f:6d69:c72:7313:616f:35610': { frames: 1, bytes: 152 },
};
const TSHARK_CONV_TABLE: Record<string, (fromJson: Directions) => Directions> = {
  'zeek/smtp.pcap': (fromJson) => ({ ...fromJson, ...QUOTED_IN_ICMP }),
  'suricata-verify/bug-3616-smtp.pcap': (fromJson) => ({ ...fromJson, ...QUOTED_IN_ICMP }),
  'ndpi/6in4tunnel.pcap': () => SIX_IN_FOUR,
};

function add(d: Directions, key: string, frames: number, bytes: number): void {
  const entry = (d[key] ??= { frames: 0, bytes: 0 });
  entry.frames += frames;
  entry.bytes += bytes;
}

function tsharkDirections(convs: TsharkConv[]): Directions {
  const d: Directions = {};
  for (const c of convs) {
    const a = `${c.a.ip}:${c.a.port}`;
    const b = `${c.b.ip}:${c.b.port}`;
    if (c.frames.a2b > 0) add(d, `${a} > ${b}`, c.frames.a2b, c.bytes.a2b);
    if (c.frames.b2a > 0) add(d, `${b} > ${a}`, c.frames.b2a, c.bytes.b2a);
  }
  return d;
}

function ourDirections(capture: Buffer): Directions {
  const directions: Directions = {};
  const decoder = new PacketDecoder();
  const parser = createCaptureParser({
    packet(p) {
      const s = decoder.decode(p);
      if (s !== null) add(directions, `${s.src.ip}:${s.src.port} > ${s.dst.ip}:${s.dst.port}`, 1, s.frameLen);
    },
  });
  parser.push(capture);
  parser.end();
  return directions;
}

const captures = readdirSync(CORPUS).flatMap((source) =>
  readdirSync(join(CORPUS, source))
    .filter((f) => /\.(pcap|pcapng|cap)$/.test(f))
    .map((f) => ({ name: `${source}/${f}`, path: join(CORPUS, source, f), conv: join(CORPUS, source, f.replace(/\.[^.]+$/, '.tshark-conv.json')) }))
    .filter((c) => existsSync(c.conv)),
);

describe('TCP frames and bytes per direction agree with tshark on the corpus', () => {
  it('finds the corpus', () => {
    expect(captures.length).toBeGreaterThan(100);
  });

  for (const c of captures) {
    it(c.name, () => {
      const fromJson = tsharkDirections(JSON.parse(readFileSync(c.conv, 'utf8')) as TsharkConv[]);
      const expected = TSHARK_CONV_TABLE[c.name]?.(fromJson) ?? fromJson;
      expect(ourDirections(readFileSync(c.path))).toEqual(expected);
    });
  }
});
