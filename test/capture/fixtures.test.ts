/**
 * Real captures from other projects' test suites (see captures/SOURCES.md), checked against
 * TShark 4.0: the digests are sha256 of the lines `frame epoch-seconds.nanoseconds caplen len`
 * printed by `tshark -T fields -e frame.number -e frame.time_epoch -e frame.cap_len -e frame.len`
 * when the files were copied.
 */
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readCapture } from '../../src/capture/reader.js';
import { LinkType, type RawPacket } from '../../src/capture/types.js';
import { collectingSink } from './helpers.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'thirdparty');

function tsharkDigest(packets: RawPacket[]): string {
  const lines = packets.map((p) => `${p.frame} ${p.tsSec}.${String(p.tsNsec).padStart(9, '0')} ${p.data.length} ${p.origLen}\n`);
  return createHash('sha256').update(lines.join('')).digest('hex');
}

async function read(name: string) {
  const sink = collectingSink();
  const summary = await readCapture(join(fixtures, name), sink);
  return { ...sink, summary };
}

describe('real captures agree with TShark', () => {
  it('suricata-verify smtp-pipelining: classic pcap, DLT_NULL, 18 frames', async () => {
    const out = await read('suricata-verify_smtp-pipelining.pcap');
    expect(out.summary).toMatchObject({ format: 'pcap', packets: 18, anomalies: 0 });
    expect(out.packets.every((p) => p.linkType === LinkType.NULL)).toBe(true);
    expect(tsharkDigest(out.packets)).toBe('24fc24e818b6b3802d6920f5e86c7696d2e04ccec33739da29169e448de35b9e');
  });

  it('zeek smtp-bdat-cmd-invalid: pcapng with 66 Enhanced Packet Blocks', async () => {
    const out = await read('zeek_smtp-bdat-cmd-invalid.pcapng');
    expect(out.summary).toMatchObject({ format: 'pcapng', packets: 66, anomalies: 0 });
    expect(out.interfaces.map((i) => [i.linkType, i.tsUnitsPerSec])).toEqual([[LinkType.ETHERNET, 1e6]]);
    expect(tsharkDigest(out.packets)).toBe('f47c692e1f7251a7ee594001aad836b495d3a81c35f7c3aceb0ed3a4bcb9b621');
  });

  it('zeek tcp/truncated-header: frames cut by a 68-byte snaplen are normal, not anomalies', async () => {
    const out = await read('zeek_tcp-truncated-header.pcap');
    expect(out.summary).toMatchObject({ packets: 24, anomalies: 0 });
    expect(out.interfaces[0].snapLen).toBe(68);
    expect(out.packets.filter((p) => p.data.length < p.origLen).length).toBeGreaterThan(0);
    expect(tsharkDigest(out.packets)).toBe('bee0d3b68c24f957d79f17e085f72263e665f211268f7c9dcc6b2a9bff14ad7d');
  });

  it('peafowl imap.cap (damaged upstream): the 8 frames TShark reads, then the lying length', async () => {
    const out = await read('peafowl_imap-damaged.cap');
    expect(tsharkDigest(out.packets)).toBe('7e437de78177cffbe9ce6fbfef3d614a4a125591dcb35e92b3c5fe76cbc78687');
    expect(out.anomalies).toEqual([
      expect.objectContaining({ kind: 'bad-record-length', offset: 874, frame: 9, fatal: true }),
    ]);
    expect(out.anomalies[0].message).toContain('1358954496');
  });
});
