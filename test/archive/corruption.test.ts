/**
 * Damaged, truncated, foreign and future archives: each is one UserError naming the file and
 * what is wrong, never a crash, a hang or different sessions.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Packr } from 'msgpackr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLAIN_MSGPACK } from '../../src/archive/format.js';
import { readArchive, type ArchiveContents } from '../../src/archive/reader.js';
import { UserError } from '../../src/errors.js';
import type { Session } from '../../src/model/session.js';
import { sessionsToJson } from '../../src/output/json.js';
import { decodeToArchive, ROOT, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(tmp.remove);

const packr = new Packr(PLAIN_MSGPACK);
const header = { format: 'mailwire-archive', version: 1, created: '2024-01-01T00:00:00.000Z', mailwire: '0.1.0' };
const end = (sessions: number) => ({ type: 'end', sessions, source: null });

/** An archive made of these objects, as the writer would encode them. */
function craft(name: string, objects: unknown[], gzip = true): string {
  const path = join(tmp.dir, name);
  const plain = Buffer.concat(objects.map((o) => packr.pack(o)));
  writeFileSync(path, gzip ? gzipSync(plain) : plain);
  return path;
}

/** The UserError message reading `path` fails with (fails the test when it reads, or fails otherwise). */
async function failure(path: string): Promise<string> {
  try {
    await readArchive(path, { streams: true });
  } catch (err) {
    if (!(err instanceof UserError)) throw new Error(`not a UserError: ${String(err)}`, { cause: err });
    return err.message;
  }
  throw new Error(`${path} was read without an error`);
}

/** Everything a reader gets out of an archive, comparable. */
function fingerprint(a: ArchiveContents): string {
  const streams = [...a.streams].map(([id, s]) => [id, s.c2s.map((c) => [c.offset, c.bytes.toString('hex')]), s.s2c.map((c) => [c.offset, c.bytes.toString('hex')])]);
  const contents = a.sessions.flatMap((s) => s.messages.map((m) => m.content?.toString('hex')));
  return JSON.stringify([a.header, sessionsToJson(a.sessions), contents, streams]);
}

let archive: Buffer;
let original: ArchiveContents;
let session: Session;

beforeAll(async () => {
  // Small gzip members, so that cuts and flips land in member headers, data and trailers alike.
  const path = join(tmp.dir, 'good.mwz');
  await decodeToArchive(join(ROOT, 'captures/smtp-textbook.pcap'), path, { blockBytes: 400, chunkBytes: 200 });
  archive = readFileSync(path);
  original = await readArchive(path, { streams: true });
  session = original.sessions[0]!;
});

describe('truncated archives', () => {
  it('every cut is a UserError, and past the header it says "truncated"', async () => {
    expect(archive.length).toBeGreaterThan(1000);
    const cut = join(tmp.dir, 'cut.mwz');
    // Every other byte: both parities of gzip headers, deflate data and trailers are hit.
    for (let n = 0; n < archive.length; n += 2) {
      writeFileSync(cut, archive.subarray(0, n));
      const message = await failure(cut);
      expect(message.startsWith(`${cut} `), message).toBe(true);
      if (n >= 200) expect(message, `cut at ${n}`).toMatch(/ is truncated: /);
    }
  }, 120_000);

  it('an archive without its end record is truncated, naming how far it got', async () => {
    expect(await failure(craft('no-end.mwz', [header, { type: 'session', session, streams: { c2s: 0, s2c: 0 } }]))).toMatch(
      /no-end\.mwz is truncated: it ends after 1 session without its end record/,
    );
  });
});

describe('damaged archives', () => {
  it('every flipped byte is a UserError or changes nothing that is read', async () => {
    const flipped = join(tmp.dir, 'flipped.mwz');
    const expected = fingerprint(original);
    let errors = 0;
    for (let i = 0; i < archive.length; i++) {
      const bytes = Buffer.from(archive);
      // The lowest bit on even bytes, the highest on odd ones.
      bytes[i]! ^= i % 2 === 0 ? 0x01 : 0x80;
      writeFileSync(flipped, bytes);
      try {
        expect(fingerprint(await readArchive(flipped, { streams: true })), `byte ${i}`).toBe(expected);
      } catch (err) {
        if (!(err instanceof UserError)) throw err;
        errors++;
      }
    }
    // Only the gzip headers' time stamps, flags and OS bytes may change without notice.
    expect(errors).toBeGreaterThan(archive.length * 0.8);
  }, 120_000);

  it('names the record and the field that is wrong', async () => {
    const bad = { ...session, events: session.events.map((e, i) => (i === 2 ? { ...e, ts: 'noon' } : e)) };
    expect(await failure(craft('field.mwz', [header, { type: 'session', session: bad, streams: { c2s: 0, s2c: 0 } }, end(1)]))).toMatch(
      /field\.mwz is damaged: object 2: session\.events\[2\]\.ts is not a number/,
    );
    const dangling = { ...session, violations: [{ id: 'X', severity: 'error', rfc: '', message: '', event: 999 }] };
    expect(await failure(craft('dangling.mwz', [header, { type: 'session', session: dangling, streams: { c2s: 0, s2c: 0 } }, end(1)]))).toMatch(
      /session\.violations\[0\]\.event \(999\) does not point at one of the \d+ entries/,
    );
  });

  it('checks the records against each other', async () => {
    const rec = (s: Session, c2s = 0) => ({ type: 'session', session: s, streams: { c2s, s2c: 0 } });
    const bytes = (offset: number, n: number) => ({ type: 'stream', session: session.id, dir: 'c2s', offset, bytes: Buffer.alloc(n) });
    const cases: Array<[string, unknown[], RegExp]> = [
      ['after-end', [header, end(0), rec(session)], /there is data after the end record/],
      ['count', [header, rec(session), end(2)], /the end record counts 2 sessions, the archive holds 1/],
      ['twice', [header, rec(session), rec(session), end(2)], new RegExp(`session ${session.id} appears twice`)],
      ['late-bytes', [header, rec(session), bytes(0, 5), end(1)], /come after its session record/],
      ['overlap', [header, bytes(0, 5), bytes(3, 5), rec(session, 10), end(1)], /overlap or go backwards/],
      ['missing-bytes', [header, bytes(0, 5), rec(session, 10), end(1)], /should have 10 bytes of c2s stream, the archive holds 5/],
      ['type', [header, { type: 'tape' }, end(0)], /object 2 has an unknown record type "tape"/],
      ['not-a-map', [header, [1, 2], end(0)], /object 2 is not a record/],
      ['bad-end', [header, { type: 'end', sessions: -1, source: null }], /end record\.sessions is not a count/],
      ['bad-header', [{ ...header, created: 5 }, end(0)], /header\.created is not a string/],
    ];
    for (const [name, objects, pattern] of cases) expect(await failure(craft(`${name}.mwz`, objects)), name).toMatch(pattern);
  });
});

describe('foreign and future files', () => {
  it('a newer format version asks for a newer mailwire', async () => {
    const path = craft('archive.mwz', [{ ...header, version: 3 }, end(0)]);
    expect(await failure(path)).toBe(`${path} was written by a newer mailwire (format version 3); this mailwire reads version 1 — upgrade mailwire`);
  });

  it('an impossible version is damage', async () => {
    expect(await failure(craft('v0.mwz', [{ ...header, version: 0 }, end(0)]))).toMatch(/damaged: its header has no valid format version \(0\)/);
    expect(await failure(craft('vs.mwz', [{ ...header, version: '1' }, end(0)]))).toMatch(/damaged: its header has no valid format version \("1"\)/);
  });

  it('a capture, an empty file, a missing file and a folder are named as such', async () => {
    const pcap = join(ROOT, 'captures/smtp-textbook.pcap');
    expect(await failure(pcap)).toBe(`${pcap} is not a mailwire archive (it does not start with an archive header)`);
    const empty = join(tmp.dir, 'empty.mwz');
    writeFileSync(empty, '');
    expect(await failure(empty)).toBe(`${empty} is not a mailwire archive: it is empty`);
    expect(await failure(join(tmp.dir, 'nowhere.mwz'))).toBe(`cannot read ${join(tmp.dir, 'nowhere.mwz')}: no such file`);
    const folder = join(tmp.dir, 'folder.mwz');
    mkdirSync(folder);
    expect(await failure(folder)).toBe(`cannot read ${folder}: it is a directory`);
  });

  it('a plain (gunzipped) archive cut short is truncated too', async () => {
    const objects = [header, { type: 'session', session, streams: { c2s: 0, s2c: 0 } }, end(1)];
    const full = readFileSync(craft('plain.mwz', objects, false));
    const cut = join(tmp.dir, 'plain-cut.mwz');
    writeFileSync(cut, full.subarray(0, full.length - 10));
    expect(await failure(cut)).toMatch(/plain-cut\.mwz is truncated: it ends in the middle of object 3/);
  });
});
