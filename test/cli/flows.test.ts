import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCapture } from '../../src/synth/index.js';
import { runCli } from '../helpers/cli.js';

const SMTP = new URL('../../captures/smtp-textbook.pcap', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'mailwire-flows-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface FlowJson {
  stream: number;
  client: { ip: string; port: number };
  server: { ip: string; port: number };
  protocol: string | null;
  packets: { c2s: number; s2c: number };
  bytes: { c2s: number; s2c: number };
  payload: { c2s: number; s2c: number };
  end: string;
  handshake: boolean;
  gaps: { count: number; bytes: number };
}

describe('mailwire flows', () => {
  it('lists the conversation of the demo capture as JSON', async () => {
    const r = await runCli('flows', '--json', SMTP);
    expect(r.code).toBe(0);
    const flows = JSON.parse(r.stdout) as FlowJson[];
    expect(flows).toHaveLength(1);
    const f = flows[0]!;
    expect(f).toMatchObject({
      stream: 0,
      client: { ip: '192.0.2.10', port: 49152 },
      server: { ip: '198.51.100.25', port: 25 },
      protocol: 'smtp',
      end: 'fin',
      handshake: true,
      gaps: { count: 0, bytes: 0 },
    });
    // tshark -r captures/smtp-textbook.pcap -q -z conv,tcp: 19 frames (1442 bytes) client to server, 17 (1113) back.
    expect(f.packets).toEqual({ c2s: 19, s2c: 17 });
    expect(f.bytes).toEqual({ c2s: 1442, s2c: 1113 });
    expect(f.payload).toEqual({ c2s: 404, s2c: 183 });
  });

  it('prints a table with a header row', async () => {
    const r = await runCli('flows', SMTP);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('TCP conversations: 1');
    expect(lines[1]).toMatch(/^#\s+client\s+server\s+proto/);
    expect(lines[2]).toMatch(/^0\s+192\.0\.2\.10:49152\s+198\.51\.100\.25:25\s+smtp\s+19\s+17\s/);
  });

  it('shows the gaps that capture loss leaves', async () => {
    const file = join(dir, 'lossy.pcap');
    const body = 'x'.repeat(40_000);
    writeFileSync(
      file,
      buildCapture([{ steps: [{ from: 'S', data: '220 hi\r\n' }, { from: 'C', data: body }], mss: 1000, impair: { loss: 0.2, seed: 3 } }]),
    );
    const [f] = JSON.parse((await runCli('flows', '--json', file)).stdout) as FlowJson[];
    expect(f!.gaps.count).toBeGreaterThan(0);
    expect(f!.payload.c2s + f!.gaps.bytes).toBe(body.length);
  });

  it('maps another port to a protocol with --map, and rejects a bad mapping', async () => {
    const file = join(dir, 'odd-port.pcap');
    writeFileSync(file, buildCapture([{ server: { ip: '192.0.2.25', port: 2525 }, steps: [{ from: 'S', data: '220 hi\r\n' }] }]));
    expect((JSON.parse((await runCli('flows', '--json', file)).stdout) as FlowJson[])[0]!.protocol).toBeNull();
    expect((JSON.parse((await runCli('flows', '--json', '--map', '2525=smtp', file)).stdout) as FlowJson[])[0]!.protocol).toBe('smtp');
    const bad = await runCli('flows', '--map', '2525=http', file);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^mailwire: --map 2525=http: expected PORT=PROTO/);
  });

  it('gives one clear line for a file that is not a capture', async () => {
    const file = join(dir, 'random.bin');
    writeFileSync(file, Buffer.from('GET / HTTP/1.1\r\nHost: example.org\r\n\r\n'));
    const r = await runCli('flows', file);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/not a pcap or pcapng file/);
  });

  it('reads what it can of a truncated capture and says where it stopped', async () => {
    const file = join(dir, 'cut.pcap');
    const whole = readFileSync(SMTP);
    writeFileSync(file, whole.subarray(0, whole.length - 30));
    const r = await runCli('flows', '--json', file);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^mailwire: warning: .*cut\.pcap: .*offset \d+/);
    const [f] = JSON.parse(r.stdout) as FlowJson[];
    expect(f!.packets.c2s + f!.packets.s2c).toBe(35);
  });
});

describe('mailwire flows limits', () => {
  it('takes the flow-table limits from the command line and rejects bad ones', async () => {
    const file = join(dir, 'idle.pcap');
    // Connection A falls silent for 100 s of capture time while B goes on; with --idle-timeout 50,
    // A is ended meanwhile, and its last words come as a new conversation.
    writeFileSync(
      file,
      buildCapture([
        { client: { ip: '192.0.2.1', port: 40001 }, start: 1000, steps: [{ from: 'S', data: '220 a\r\n' }, { from: 'C', data: 'QUIT\r\n', delay: 100 }] },
        { client: { ip: '192.0.2.2', port: 40002 }, start: 1000, steps: Array.from({ length: 20 }, (_, i) => ({ from: 'C' as const, data: `NOOP ${i}\r\n`, delay: 5 })) },
      ]),
    );
    expect((JSON.parse((await runCli('flows', '--json', file)).stdout) as FlowJson[]).length).toBe(2);
    expect((JSON.parse((await runCli('flows', '--json', '--idle-timeout', '50', file)).stdout) as FlowJson[]).length).toBe(3);
    const bad = await runCli('flows', '--max-buffer', 'lots', file);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('mailwire: --max-buffer lots: expected a size such as 4M, 512K or 1048576\n');
    expect((await runCli('flows', '--max-flows', '0', file)).stderr).toMatch(/--max-flows 0: expected a positive whole number/);
  });
});
