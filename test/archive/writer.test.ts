/**
 * The archive writer's promises about files: an archive appears at its path only when it is
 * complete; an unwritable path, a full disk or an abort leaves nothing behind, and says why in
 * one line. The full disk is simulated by making `fs.writeSync` fail with ENOSPC.
 */
import * as fs from 'node:fs';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { readArchive } from '../../src/archive/reader.js';
import { createArchiveWriter } from '../../src/archive/writer.js';
import { UserError } from '../../src/errors.js';
import type { Session } from '../../src/model/session.js';
import { SessionHarness } from '../helpers/session.js';
import { tempDir } from './helpers.js';

vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  return { ...actual, writeSync: vi.fn(actual.writeSync) };
});

const tmp = tempDir();
afterAll(tmp.remove);
afterEach(() => vi.mocked(fs.writeSync).mockRestore());

let folders = 0;
/** An empty folder of its own for each test, so that leftovers can be seen. */
function folder(): string {
  const dir = join(tmp.dir, `t${folders++}`);
  mkdirSync(dir);
  return dir;
}

function session(): Session {
  return new SessionHarness('pop3').s('+OK ready\r\n').c('USER bob\r\n').s('+OK\r\n').c('QUIT\r\n').s('+OK bye\r\n').end();
}

/** Feeds a session with `n` bytes of raw client stream into the writer. */
function feed(writer: ReturnType<typeof createArchiveWriter>, s: Session, n: number): void {
  const bytes = Buffer.alloc(1000, 0x41);
  for (let offset = 0; offset < n; offset += bytes.length) writer.streamBytes(s, 'C', offset, bytes);
  writer.sessionEnd(s);
}

const ENOSPC = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });

describe('archive writer', () => {
  it('leaves only the archive, complete, at its path', async () => {
    const dir = folder();
    const path = join(dir, 'out.mwz');
    const writer = createArchiveWriter(path);
    const s = session();
    feed(writer, s, 5000);
    expect(readdirSync(dir)).not.toContain('out.mwz');
    await writer.close({ source: { file: 'x.pcap', format: 'pcap', packets: 7 } });
    expect(readdirSync(dir)).toEqual(['out.mwz']);
    const back = await readArchive(path, { streams: true });
    expect(back.header.source).toEqual({ file: 'x.pcap', format: 'pcap', packets: 7 });
    expect(back.streams.get(s.id)!.c2s.reduce((n, c) => n + c.bytes.length, 0)).toBe(5000);
  });

  it('replaces an existing file only once the new archive is complete', async () => {
    const dir = folder();
    const path = join(dir, 'out.mwz');
    writeFileSync(path, 'old');
    const writer = createArchiveWriter(path);
    feed(writer, session(), 100);
    expect(fs.readFileSync(path, 'utf8')).toBe('old');
    await writer.close({ source: null });
    expect((await readArchive(path)).sessions).toHaveLength(1);
  });

  it('abort leaves nothing', async () => {
    const dir = folder();
    const writer = createArchiveWriter(join(dir, 'out.mwz'));
    feed(writer, session(), 3_000_000);
    await writer.abort();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('leaves out sessions that have not ended when it is closed', async () => {
    const dir = folder();
    const path = join(dir, 'out.mwz');
    const writer = createArchiveWriter(path);
    const open = session();
    writer.streamBytes(open, 'C', 0, Buffer.from('USER bob\r\n'));
    feed(writer, { ...session(), id: 7 }, 10);
    await writer.close({ source: null });
    const back = await readArchive(path, { streams: true });
    expect(back.sessions.map((s) => s.id)).toEqual([7]);
    expect([...back.streams.keys()]).toEqual([7]);
  });

  it('an unwritable path is a UserError at once', () => {
    const dir = folder();
    expect(() => createArchiveWriter(join(dir, 'no/such/folder/out.mwz'))).toThrow(
      new UserError(`cannot write ${join(dir, 'no/such/folder/out.mwz')}: the folder ${join(dir, 'no/such/folder')} does not exist`),
    );
    expect(() => createArchiveWriter(dir)).toThrow(new UserError(`cannot write ${dir}: it is a directory`));
    expect(() => createArchiveWriter('-')).toThrow(UserError);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a full disk while sessions are written is a UserError from the sink, and leaves nothing', async () => {
    const dir = folder();
    const path = join(dir, 'out.mwz');
    const writer = createArchiveWriter(path, { blockBytes: 4096 });
    vi.mocked(fs.writeSync).mockImplementation(() => {
      throw ENOSPC;
    });
    const message = `cannot write ${path}: the disk is full (nothing was written)`;
    expect(() => feed(writer, session(), 100_000)).toThrow(new UserError(message));
    expect(readdirSync(dir)).toEqual([]);
    // Every later call says the same.
    expect(() => feed(writer, session(), 10)).toThrow(new UserError(message));
    await expect(writer.close({ source: null })).rejects.toThrow(new UserError(message));
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a full disk when the last bytes are written fails close, and leaves nothing', async () => {
    const dir = folder();
    const path = join(dir, 'out.mwz');
    // The header is written at once; with a large block, everything else waits for close.
    const writer = createArchiveWriter(path, { blockBytes: 1 << 20 });
    feed(writer, session(), 50_000);
    expect(readdirSync(dir)).toHaveLength(1);
    vi.mocked(fs.writeSync).mockImplementation(() => {
      throw ENOSPC;
    });
    await expect(writer.close({ source: null })).rejects.toThrow(new UserError(`cannot write ${path}: the disk is full (nothing was written)`));
    expect(readdirSync(dir)).toEqual([]);
  });
});
