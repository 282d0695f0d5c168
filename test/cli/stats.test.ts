import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const SMTP = new URL('../../captures/smtp-textbook.pcap', import.meta.url).pathname;

describe('mailwire stats', () => {
  it('prints a table', async () => {
    const r = await runCli('stats', SMTP);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^SMTP: 1 session\n/);
    expect(r.stdout).toContain('  replies     8: 2xx 7, 3xx 1, 4xx 0, 5xx 0\n');
    expect(r.stdout).toMatch(/^ {2}RCPT +2 +4\.000 +4\.000 +4\.000 +4\.000$/m);
  });

  it('prints JSON for scripts with --json', async () => {
    const r = await runCli('stats', '--json', SMTP);
    expect(r.code).toBe(0);
    const stats = JSON.parse(r.stdout) as { version: number; sessions: number; protocols: { smtp: { commands: { byVerb: Record<string, number> } } } };
    expect(stats.version).toBe(1);
    expect(stats.sessions).toBe(1);
    expect(stats.protocols.smtp.commands.byVerb).toEqual({ RCPT: 2, DATA: 1, HELO: 1, MAIL: 1, QUIT: 1 });
  });

  it('a missing capture is one line and exit code 2', async () => {
    const r = await runCli('stats', '/nonexistent/x.pcap');
    expect(r).toEqual({ code: 2, stdout: '', stderr: 'mailwire: /nonexistent/x.pcap: no such file; check the path\n' });
  });

  it('decodes a port given with --map', async () => {
    const r = await runCli('stats', '--map', '25=pop3', '--json', SMTP);
    const stats = JSON.parse(r.stdout) as { protocols: Record<string, unknown> };
    expect(Object.keys(stats.protocols)).toEqual(['pop3']);
  });
});

describe('mailwire stats -Y', () => {
  it('counts only the sessions the display filter keeps', async () => {
    const all = JSON.parse((await runCli('stats', '--json', SMTP)).stdout) as { sessions: number };
    const kept = JSON.parse((await runCli('stats', '--json', '-Y', 'command == "RCPT"', SMTP)).stdout) as { sessions: number };
    const none = JSON.parse((await runCli('stats', '--json', '-Y', 'imap', SMTP)).stdout) as { sessions: number };
    expect([all.sessions, kept.sessions, none.sessions]).toEqual([1, 1, 0]);
  });
});
