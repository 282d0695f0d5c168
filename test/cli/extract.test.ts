import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const capture = (name: string): string => new URL(`../../captures/${name}`, import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'mailwire-cli-extract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('mailwire extract', () => {
  it('writes the messages and index.json, and says so in one line', async () => {
    const out = join(dir, 'smtp');
    const r = await runCli('extract', capture('smtp-textbook.pcap'), '-d', out);
    expect(r).toEqual({ code: 0, stdout: `wrote 1 message to ${out}\n`, stderr: '' });
    expect(readdirSync(out).sort()).toEqual(['0-0-test-message.eml', 'index.json']);
    expect(JSON.parse(readFileSync(join(out, 'index.json'), 'utf8'))).toMatchObject({ written: 1, messages: [{ subject: 'Test message' }] });
  });

  it('writes attachments with --attachments', async () => {
    const out = join(dir, 'pop3');
    const r = await runCli('extract', '--attachments', capture('real/pop3-curl.pcap'), '--dir', out);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`wrote 2 messages and 1 attachment to ${out}\n`);
    expect(readdirSync(join(out, '0-1-notes-with-an-attachment.attachments'))).toEqual(['notes.txt']);
  });

  it('writes only the index when the mail went encrypted', async () => {
    const out = join(dir, 'none');
    const r = await runCli('extract', capture('real/smtp-starttls.pcap'), '-d', out);
    expect(r).toEqual({ code: 0, stdout: `wrote 0 messages to ${out}\n`, stderr: '' });
    expect(readdirSync(out)).toEqual(['index.json']);
  });

  it('counts the messages it could not write (bytes lost in the capture)', async () => {
    const out = join(dir, 'gap');
    const bdatGap = new URL('../fixtures/corpus/zeek/smtp_smtp-bdat-gap.pcap', import.meta.url).pathname;
    const r = await runCli('extract', '-q', bdatGap, '-d', out);
    expect(r.stdout).toBe(`wrote 1 message to ${out}; 1 message listed but not written (no content, see index.json)\n`);
    expect(JSON.parse(readFileSync(join(out, 'index.json'), 'utf8'))).toMatchObject({
      messages: [
        { file: null, written: false, via: 'smtp-bdat', reason: 'bytes of the message are missing from the capture', complete: false },
        { file: '0-1-test.eml', written: true, via: 'smtp-data', complete: true },
      ],
    });
  });

  it('a missing capture is one line and exit code 2', async () => {
    const r = await runCli('extract', join(dir, 'nope.pcap'), '-d', join(dir, 'x'));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`mailwire: ${join(dir, 'nope.pcap')}: no such file; check the path\n`);
    expect(readdirSync(dir)).not.toContain('x');
  });

  it('an unwritable -d is one line and exit code 2', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    const r = await runCli('extract', capture('smtp-textbook.pcap'), '-d', join(file, 'out'));
    expect(r).toEqual({ code: 2, stdout: '', stderr: `mailwire: cannot write to ${join(file, 'out')}: part of that path is a file, not a folder\n` });
  });

  it('-d is required', async () => {
    const r = await runCli('extract', capture('smtp-textbook.pcap'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("required option '-d, --dir <DIR>' not specified");
  });
});
