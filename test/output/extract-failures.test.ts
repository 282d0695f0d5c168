/**
 * extract when the file system fails under it: a disk that fills up part-way through a file, and
 * a folder the user may not write (faked: the tests run as root, which may write anywhere).
 */
import type * as FsPromises from 'node:fs/promises';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { UserError } from '../../src/errors.js';
import { extractMessages } from '../../src/output/extract/extract.js';
import { captureSessions } from './report-sessions.js';

/** What the faked file system does: `diskFullAfter` bytes of the next .tmp file, then ENOSPC. */
const fault: { diskFullAfter: number | null; mkdirDenied: boolean } = { diskFullAfter: null, mkdirDenied: false };

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof FsPromises>();
  const errno = (code: string, syscall: string, path: string): NodeJS.ErrnoException =>
    Object.assign(new Error(`${code}: ${syscall} '${path}'`), { code, syscall, path });
  const writeFile = async (path: string, data: string | Buffer): Promise<void> => {
    if (fault.diskFullAfter !== null && path.endsWith('.tmp')) {
      await real.writeFile(path, Buffer.from(data).subarray(0, fault.diskFullAfter));
      throw errno('ENOSPC', 'write', path);
    }
    await real.writeFile(path, data);
  };
  const mkdir = async (path: string): Promise<void> => {
    if (fault.mkdirDenied) throw errno('EACCES', 'mkdir', path);
    await real.mkdir(path);
  };
  return { ...real, writeFile, mkdir, default: { ...real, writeFile, mkdir } };
});

const root = mkdtempSync(join(tmpdir(), 'mailwire-extract-fail-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => {
  fault.diskFullAfter = null;
  fault.mkdirDenied = false;
});

describe('extract when the file system fails', () => {
  it('a full disk is one clear line and leaves no half-written file', async () => {
    const sessions = await captureSessions('captures/smtp-textbook.pcap');
    const dir = join(root, 'full');
    fault.diskFullAfter = 100;
    const error = await extractMessages(sessions, dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toBe(`cannot write ${join(dir, '0-0-test-message.eml')}: the disk is full (nothing was written)`);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a folder it may not create is one clear line', async () => {
    fault.mkdirDenied = true;
    const dir = join(root, 'denied', 'out');
    await expect(extractMessages([], dir)).rejects.toThrow(new UserError(`cannot write to ${dir}: permission denied`));
  });
});
