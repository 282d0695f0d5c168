import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { readCapture } from '../../src/capture/reader.js';
import { buildCapture } from '../../src/synth/index.js';

const dir = mkdtempSync(join(tmpdir(), 'mailwire-reuse-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function packets(file: string, reuseBuffer: boolean): Promise<string[]> {
  const out: string[] = [];
  await readCapture(file, { packet: (p) => out.push(`${p.frame} ${p.tsSec}.${p.tsNsec} ${p.origLen} ${p.data.toString('hex')}`) }, { reuseBuffer });
  return out;
}

describe('readCapture with one reused read buffer', () => {
  // Large enough for many 1 MiB reads, with records straddling every chunk boundary.
  const big = buildCapture([{ steps: [{ from: 'S', data: '220 hi\r\n' }, { from: 'C', data: 'x'.repeat(3_500_000) }], mss: 1337 }]);

  it('delivers exactly the packets a fresh buffer per read delivers', async () => {
    const file = join(dir, 'big.pcap');
    writeFileSync(file, big);
    const fresh = await packets(file, false);
    expect(fresh.length).toBeGreaterThan(2500);
    expect(await packets(file, true)).toEqual(fresh);
  });

  it('still gunzips a compressed capture (where it reads fresh buffers)', async () => {
    const file = join(dir, 'big.pcap.gz');
    writeFileSync(file, gzipSync(big));
    const plain = join(dir, 'plain.pcap');
    writeFileSync(plain, big);
    expect(await packets(file, true)).toEqual(await packets(plain, false));
  });
});
