import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const SMTP = new URL('../../captures/smtp-textbook.pcap', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'mailwire-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('mailwire read', () => {
  it('prints the textbook SMTP dialogue', async () => {
    const r = await runCli('read', SMTP);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('S: 220 smtp.example.com ESMTP Postfix\nC: HELO relay.example.org\nS: 250 Hello relay.example.org, I am glad to meet you\n');
    expect(r.stdout).not.toContain('\x1b['); // not a terminal: no colour
  });

  it('colours on request', async () => {
    const r = await runCli('read', '--color', SMTP);
    expect(r.stdout).toContain('\x1b[');
  });

  it('prints JSON that scripts can rely on', async () => {
    const r = await runCli('read', '--json', SMTP);
    const sessions = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    expect(sessions).toHaveLength(1);
    const s = sessions[0] as { protocol: string; client: unknown; server: unknown; tls: string; events: Array<Record<string, unknown>>; violations: unknown[] };
    expect(s.protocol).toBe('smtp');
    expect(s.server).toEqual({ ip: '198.51.100.25', port: 25 });
    expect(s.tls).toBe('none');
    const helo = s.events.find((e) => e.kind === 'command');
    expect(helo).toMatchObject({ kind: 'command', dir: 'C', verb: 'HELO', args: 'relay.example.org' });
    const greeting = s.events.find((e) => e.kind === 'reply');
    expect(greeting).toMatchObject({ kind: 'reply', dir: 'S', code: '220', lines: ['220 smtp.example.com ESMTP Postfix'] });
    expect(s.violations).toEqual([]);
  });

  it('adds explanations with --explain and times with -t', async () => {
    const r = await runCli('read', '--explain', '-t', SMTP);
    expect(r.stdout).toMatch(/MAIL FROM.*\n.*~ .*\[RFC 5321 §4\.1\.1\.2\]/);
    expect(r.stdout).toMatch(/^\[ +0\.\d{3}\] S: 220/m);
  });

  it('writes to a file atomically with -o, leaving no temporary file', async () => {
    const out = join(dir, 'out.json');
    const r = await runCli('read', '--format', 'json', '-o', out, SMTP);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8'))).toHaveLength(1);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('says in one line why it cannot write, and leaves nothing behind', async () => {
    const r = await runCli('read', '-o', join(dir, 'no-such-folder', 'x.txt'), SMTP);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`mailwire: cannot write ${join(dir, 'no-such-folder', 'x.txt')}: the folder ${join(dir, 'no-such-folder')} does not exist\n`);
  });

  it('--fail-on exits 3 only when a violation that bad is present', async () => {
    const imap = new URL('../../captures/imap-textbook.pcap', import.meta.url).pathname; // LOGIN in cleartext: a warning
    expect((await runCli('read', '--fail-on', 'warning', '-o', join(dir, 'a.txt'), imap)).code).toBe(3);
    expect((await runCli('read', '--fail-on', 'error', '-o', join(dir, 'b.txt'), SMTP)).code).toBe(0);
  });

  it('rejects a bad --data-lines and a missing capture with one clear line', async () => {
    const bad = await runCli('read', '--data-lines', 'x', SMTP);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^mailwire: --data-lines x: expected a whole number/);
    const missing = await runCli('read', join(dir, 'nope.pcap'));
    expect(missing.code).toBe(2);
    expect(missing.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(missing.stderr).toContain('nope.pcap');
  });
});

describe('mailwire read -Y', () => {
  const POP3 = new URL('../../captures/pop3-textbook.pcap', import.meta.url).pathname;

  it('keeps only the sessions the display filter matches', async () => {
    const yes = await runCli('read', '--json', '-Y', 'smtp && command == "RCPT" && to contains "theboss"', SMTP);
    expect(JSON.parse(yes.stdout)).toHaveLength(1);
    const no = await runCli('read', '--json', '-Y', 'pop3', SMTP);
    expect(JSON.parse(no.stdout)).toEqual([]);
    const pop = await runCli('read', '--json', '-Y', 'pop3 && command == "RETR"', POP3);
    expect(JSON.parse(pop.stdout)).toHaveLength(1);
  });

  it('rejects a bad filter before reading, pointing at the position', async () => {
    const r = await runCli('read', '-Y', 'smtp && reply.code >=', join(dir, 'does-not-exist.pcap'));
    expect(r.code).toBe(2);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^mailwire: -Y: .*column/);
    expect(lines[1]).toBe('  smtp && reply.code >=');
    expect(lines[2]).toMatch(/^ {2}\s*\^$/);
    expect(r.stderr).not.toContain('does-not-exist'); // the capture was never opened
  });
});

describe('mailwire read --format markdown|html', () => {
  it('writes a Markdown report', async () => {
    const r = await runCli('read', '--format', 'markdown', SMTP);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# /);
    expect(r.stdout).toContain('HELO relay.example.org');
  });

  it('writes a self-contained HTML report', async () => {
    const out = join(dir, 'report.html');
    const r = await runCli('read', '--format', 'html', '-o', out, SMTP);
    expect(r.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/i);
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
  });
});

describe('mailwire archives (--format msgpack)', () => {
  const IMAP = new URL('../../captures/imap-textbook.pcap', import.meta.url).pathname;

  it('writes an archive that read, stats and extract reopen without the capture', async () => {
    const mwz = join(dir, 'imap.mwz');
    const w = await runCli('read', '--format', 'msgpack', '-o', mwz, IMAP);
    expect(w.code).toBe(0);
    const fromCapture = await runCli('read', IMAP);
    const fromArchive = await runCli('read', mwz);
    expect(fromArchive.code).toBe(0);
    expect(fromArchive.stdout).toBe(fromCapture.stdout);
    expect((await runCli('read', '--json', mwz)).stdout).toBe((await runCli('read', '--json', IMAP)).stdout);
    expect((await runCli('stats', '--json', mwz)).stdout).toBe((await runCli('stats', '--json', IMAP)).stdout);
    const ex = await runCli('extract', '-d', join(dir, 'eml'), mwz);
    expect(ex.code).toBe(0);
    expect(readdirSync(join(dir, 'eml')).some((f) => f.endsWith('.eml'))).toBe(true);
    expect((await runCli('read', '--json', '-Y', 'pop3', mwz)).stdout.trim()).toBe('[]');
  });

  it('needs -o, and says so', async () => {
    const r = await runCli('read', '--format', 'msgpack', IMAP);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^mailwire: --format msgpack writes an archive file: give it a name with -o/);
  });

  it('writes NDJSON, one session or one event per line', async () => {
    const sessions = (await runCli('read', '--format', 'ndjson', IMAP)).stdout.trim().split('\n');
    expect(sessions).toHaveLength(1);
    expect(JSON.parse(sessions[0]!)).toMatchObject({ protocol: 'imap' });
    const events = (await runCli('read', '--format', 'ndjson', '--ndjson-events', IMAP)).stdout.trim().split('\n');
    expect(events.length).toBeGreaterThan(10);
    expect(JSON.parse(events[1]!)).toMatchObject({ session: 0, protocol: 'imap' });
  });
});
