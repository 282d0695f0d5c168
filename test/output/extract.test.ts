import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import type { Session } from '../../src/model/session.js';
import { extractMessages, INDEX_FILE, type ExtractIndex } from '../../src/output/extract/extract.js';
import { safeFileName, slugify, subjectSlug, uniqueName } from '../../src/output/extract/file-names.js';
import { SessionHarness } from '../helpers/session.js';
import { captureSessions } from './report-sessions.js';

const root = mkdtempSync(join(tmpdir(), 'mailwire-extract-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = (): string => join(root, `out-${n++}`);

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const readIndex = (dir: string): ExtractIndex => JSON.parse(readFileSync(join(dir, INDEX_FILE), 'utf8')) as ExtractIndex;

/** An SMTP session carrying one message with `content` (ending in CRLF), as sent after DATA. */
function smtpWith(content: string, decoder?: { keepMessageBytes: number }): Session {
  return new SessionHarness('smtp', { decoder })
    .s('220 mx ESMTP\r\n')
    .c('EHLO c.example\r\n')
    .s('250 mx\r\n')
    .c('MAIL FROM:<a@x.example>\r\n')
    .s('250 ok\r\n')
    .c('RCPT TO:<b@y.example>\r\n')
    .s('250 ok\r\n')
    .c('DATA\r\n')
    .s('354 go\r\n')
    .c(`${content}.\r\n`)
    .s('250 queued\r\n')
    .c('QUIT\r\n')
    .s('221 bye\r\n')
    .end();
}

describe('file names from text a peer controls', () => {
  it('slugs subjects to lower-case ASCII with single hyphens', () => {
    expect(subjectSlug('Test message')).toBe('test-message');
    expect(subjectSlug('  Re: [ticket #42] Café — déjà vu!  ')).toBe('re-ticket-42-cafe-deja-vu');
    expect(subjectSlug(undefined)).toBe('no-subject');
    expect(subjectSlug('日本語のみ')).toBe('no-subject');
    expect(subjectSlug('...')).toBe('no-subject');
  });

  it('never lets a subject leave the folder', () => {
    expect(subjectSlug('../../etc/passwd')).toBe('etc-passwd');
    expect(subjectSlug('..\\..\\windows\\system32')).toBe('windows-system32');
    expect(subjectSlug('/absolute/path\0nul')).toBe('absolute-path-nul');
  });

  it('bounds the length, cutting at a hyphen where it can', () => {
    const long = slugify('word '.repeat(40), 'x');
    expect(long.length).toBeLessThanOrEqual(48);
    expect(long).toMatch(/^word(-word)*$/);
    expect(slugify('a'.repeat(100), 'x')).toBe('a'.repeat(48));
  });

  it('keeps an attachment extension apart from its name', () => {
    expect(safeFileName('Q3 Report.PDF', 'attachment-1')).toBe('q3-report.pdf');
    expect(safeFileName('../../evil.sh', 'attachment-1')).toBe('evil.sh');
    expect(safeFileName('.bashrc', 'attachment-1')).toBe('bashrc');
    expect(safeFileName('日本.txt', 'attachment-2')).toBe('attachment-2.txt');
    expect(safeFileName(undefined, 'attachment-3')).toBe('attachment-3');
  });

  it('makes names unique within a folder', () => {
    const taken = new Set<string>();
    expect([uniqueName('a.txt', taken), uniqueName('a.txt', taken), uniqueName('a.txt', taken), uniqueName('b', taken), uniqueName('b', taken)]).toEqual([
      'a.txt',
      'a-2.txt',
      'a-3.txt',
      'b',
      'b-2',
    ]);
  });
});

describe('extractMessages', () => {
  it('writes the textbook SMTP message byte for byte, with its index entry', async () => {
    const sessions = await captureSessions('captures/smtp-textbook.pcap');
    const dir = freshDir();
    const index = await extractMessages(sessions, dir);
    expect(readdirSync(dir).sort()).toEqual(['0-0-test-message.eml', 'index.json']);
    const eml = readFileSync(join(dir, '0-0-test-message.eml'));
    expect(eml.equals(sessions[0]!.messages[0]!.content!)).toBe(true);
    expect(eml.toString('latin1')).toMatch(/^From: Bob Example <bob@example.org>\r\n[^]*\r\nYour friend,\r\nBob\r\n$/);
    expect(index).toEqual(readIndex(dir));
    expect(index).toMatchObject({ version: 1, written: 1, notWritten: 0, attachments: 0 });
    expect(index.messages).toEqual([
      {
        file: '0-0-test-message.eml',
        written: true,
        session: 0,
        message: 0,
        protocol: 'smtp',
        via: 'smtp-data',
        client: { ip: '192.0.2.10', port: 49152 },
        server: { ip: '198.51.100.25', port: 25 },
        sender: { envelope: 'bob@example.org', header: 'Bob Example <bob@example.org>' },
        recipients: { envelope: ['alice@example.com', 'theboss@example.com'], to: 'Alice Example <alice@example.com>', cc: 'theboss@example.com' },
        subject: 'Test message',
        date: 'Tue, 15 Jan 2008 16:02:43 -0500',
        messageId: null,
        size: 276,
        sha256: sha256(eml),
        complete: true,
        reply: '250',
      },
    ]);
  });

  it('writes POP3 RETR bodies and a partial IMAP fetch, marked incomplete', async () => {
    const pop3 = freshDir();
    const p = await extractMessages(await captureSessions('captures/pop3-textbook.pcap'), pop3);
    expect(p.messages.map((m) => [m.file, m.via, m.number, m.size, m.complete])).toEqual([
      ['0-0-first-message.eml', 'pop3-retr', 1, 120, true],
      ['0-1-second-message.eml', 'pop3-retr', 2, 200, true],
    ]);
    expect(readFileSync(join(pop3, '0-1-second-message.eml')).length).toBe(200);

    const imap = freshDir();
    const i = await extractMessages(await captureSessions('captures/imap-textbook.pcap'), imap);
    expect(i.messages).toHaveLength(1);
    expect(i.messages[0]).toMatchObject({
      file: '0-0-imap4rev1-wg-mtg-summary-and-minutes.eml',
      via: 'imap-fetch',
      mailbox: 'INBOX',
      section: 'HEADER',
      complete: false,
      sender: { envelope: null, header: 'Terry Gray <gray@cac.washington.edu>' },
      recipients: { envelope: [] },
    });
  });

  it('writes IMAP APPEND and FETCH BODY[] messages of a real session', async () => {
    const dir = freshDir();
    const index = await extractMessages(await captureSessions('captures/real/imap-imaplib.pcap'), dir);
    expect(index.messages.map((m) => `${m.via}:${m.section ?? 'whole'}`)).toEqual([
      'imap-append:whole',
      ...Array<string>(4).fill('imap-fetch:HEADER.FIELDS (FROM SUBJECT)'),
      ...Array<string>(4).fill('imap-fetch:whole'),
    ]);
    // The appended message and its later fetch are the same bytes.
    const appended = index.messages[0]!;
    const fetched = index.messages[5]!;
    expect(fetched.sha256).toBe(appended.sha256);
    expect(readFileSync(join(dir, fetched.file!)).equals(readFileSync(join(dir, appended.file!)))).toBe(true);
  });

  it('names a hostile subject safely and writes nothing outside the folder', async () => {
    const parent = freshDir();
    const dir = join(parent, 'inner');
    const index = await extractMessages([smtpWith('Subject: ../../etc/passwd\r\n\r\nhi\r\n')], dir);
    expect(index.messages[0]!.file).toBe('0-0-etc-passwd.eml');
    expect(index.messages[0]!.subject).toBe('../../etc/passwd');
    expect(readdirSync(parent)).toEqual(['inner']);
    expect(readdirSync(dir).sort()).toEqual(['0-0-etc-passwd.eml', 'index.json']);
  });

  it('decodes RFC 2047 encoded subjects for the name and the index', async () => {
    const subject = `=?UTF-8?B?${Buffer.from('Café ☕ menu').toString('base64')}?=`;
    const index = await extractMessages([smtpWith(`Subject: ${subject}\r\n\r\nhi\r\n`)], freshDir());
    expect(index.messages[0]).toMatchObject({ file: '0-0-cafe-menu.eml', subject: 'Café ☕ menu' });
  });

  it('lists a message without content, saying why, and writes no file for it', async () => {
    const big = smtpWith('Subject: big\r\n\r\nmore than ten octets\r\n', { keepMessageBytes: 10 });
    const gap = new SessionHarness('smtp')
      .s('220 mx ESMTP\r\n')
      .c('EHLO c\r\nMAIL FROM:<a@x.example>\r\nRCPT TO:<b@y.example>\r\nDATA\r\n')
      .s('250 mx\r\n250 ok\r\n250 ok\r\n354 go\r\n')
      .c('Subject: gap\r\n\r\nfirst\r\n')
      .gap('C', 100)
      .c('last\r\n.\r\n')
      .s('250 queued\r\n')
      .end();
    gap.id = 1;
    const dir = freshDir();
    const index = await extractMessages([big, gap], dir, { keepMessageBytes: 10 });
    expect(index).toMatchObject({ written: 0, notWritten: 2 });
    expect(index.messages.map((m) => [m.file, m.written, m.sha256, m.reason])).toEqual([
      [null, false, null, 'the message is larger than the 10-octet limit for keeping content'],
      [null, false, null, 'bytes of the message are missing from the capture'],
    ]);
    expect(index.messages[1]).toMatchObject({ complete: false, subject: 'gap', size: 129 });
    expect(readdirSync(dir)).toEqual(['index.json']);
  });

  it('takes only the sessions the filter accepts', async () => {
    const a = smtpWith('Subject: one\r\n\r\n1\r\n');
    const b = smtpWith('Subject: two\r\n\r\n2\r\n');
    b.id = 5;
    const dir = freshDir();
    const index = await extractMessages([a, b], dir, { filter: (s) => s.id === 5 });
    expect(index.messages.map((m) => m.file)).toEqual(['5-0-two.eml']);
    expect(readdirSync(dir).sort()).toEqual(['5-0-two.eml', 'index.json']);
  });

  it('writes an empty index when there is nothing to extract', async () => {
    const dir = freshDir();
    const index = await extractMessages([], dir);
    expect(readIndex(dir)).toEqual({ version: 1, written: 0, notWritten: 0, attachments: 0, messages: [] });
    expect(index.messages).toEqual([]);
  });

  it('overwrites an earlier run and leaves no temporary file', async () => {
    const dir = freshDir();
    const sessions = await captureSessions('captures/smtp-textbook.pcap');
    await extractMessages(sessions, dir);
    writeFileSync(join(dir, '0-0-test-message.eml'), 'stale');
    await extractMessages(sessions, dir);
    expect(readFileSync(join(dir, '0-0-test-message.eml')).length).toBe(276);
    expect(readdirSync(dir).sort()).toEqual(['0-0-test-message.eml', 'index.json']);
  });

  it('refuses a folder that is a file, or under a file, in one line', async () => {
    const file = join(root, 'a-file');
    writeFileSync(file, 'x');
    await expect(extractMessages([], file)).rejects.toThrow(new UserError(`cannot write to ${file}: it is a file, not a folder`));
    await expect(extractMessages([], join(file, 'sub', 'dir'))).rejects.toThrow(
      new UserError(`cannot write to ${join(file, 'sub', 'dir')}: part of that path is a file, not a folder`),
    );
  });
});

describe('extractMessages --attachments', () => {
  it('writes the attachment of a real message, decoded', async () => {
    const dir = freshDir();
    const index = await extractMessages(await captureSessions('captures/real/pop3-curl.pcap'), dir, { attachments: true });
    expect(index.attachments).toBe(1);
    const withAttachment = index.messages.find((m) => m.subject === 'Notes with an attachment')!;
    const notes = Buffer.from('These are the notes.\nLine two.\nLine three.\n');
    expect(withAttachment.attachments).toEqual([
      { file: '0-1-notes-with-an-attachment.attachments/notes.txt', filename: 'notes.txt', contentType: 'text/plain', size: notes.length, sha256: sha256(notes) },
    ]);
    expect(readFileSync(join(dir, '0-1-notes-with-an-attachment.attachments', 'notes.txt')).equals(notes)).toBe(true);
    expect(index.messages.find((m) => m.subject === 'Lines that start with dots')!.attachments).toEqual([]);
  });

  it('sanitises attachment names, numbers clashes and names unnamed parts', async () => {
    const part = (headers: string, body: string): string => `--b\r\n${headers}\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from(body).toString('base64')}\r\n`;
    const mime =
      'Subject: parts\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n' +
      part('Content-Type: text/plain\r\nContent-Disposition: attachment; filename="../../evil.sh"', 'rm -rf /\n') +
      part('Content-Type: text/plain\r\nContent-Disposition: attachment; filename="evil.sh"', 'second\n') +
      part('Content-Type: application/octet-stream\r\nContent-Disposition: attachment', 'no name') +
      '--b--\r\n';
    const parent = freshDir();
    const dir = join(parent, 'out');
    const index = await extractMessages([smtpWith(mime)], dir, { attachments: true });
    expect(index.messages[0]!.attachments!.map((a) => [a.file, a.filename, a.size])).toEqual([
      ['0-0-parts.attachments/evil.sh', '../../evil.sh', 9],
      ['0-0-parts.attachments/evil-2.sh', 'evil.sh', 7],
      ['0-0-parts.attachments/attachment-3', null, 7],
    ]);
    expect(readdirSync(join(dir, '0-0-parts.attachments')).sort()).toEqual(['attachment-3', 'evil-2.sh', 'evil.sh']);
    expect(readFileSync(join(dir, '0-0-parts.attachments', 'evil.sh'), 'utf8')).toBe('rm -rf /\n');
    expect(readdirSync(parent)).toEqual(['out']);
  });

  it('makes no attachments folder for a message without attachments', async () => {
    const dir = freshDir();
    await extractMessages([smtpWith('Subject: plain\r\n\r\njust text\r\n')], dir, { attachments: true });
    expect(readdirSync(dir).sort()).toEqual(['0-0-plain.eml', 'index.json']);
  });
});
