/**
 * System test: the .eml files of `mailwire extract` against tshark's IMF export
 * (`tshark --export-objects imf,DIR`, Wireshark 4.0) on the shipped textbook and real captures.
 *
 * What tshark writes (docs/extract.md, "Compared with Wireshark"):
 * - SMTP DATA: the bytes as they were on the wire, so dot-stuffing is kept (`..line`), where
 *   mailwire writes the message after transport decoding (RFC 5321 §4.5.2). Up to the CRLF
 *   before the terminating `.`, which is part of the message, except in one case: when the
 *   message ends with an empty line that shares a TCP segment with the `.` line, tshark takes
 *   `CRLF . CRLF` for the terminator one line early and leaves that empty line's CRLF out.
 *   So: tshark = dotStuff(ours), or dotStuff(ours) less its last 2 octets in that case.
 * - IMAP: FETCH literals (server to client) exactly as ours; APPEND literals are not exported.
 * - POP3: not comparable (tshark 4.0 hands single segments to IMF), so not compared.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSessions } from '../../src/cli/input.js';
import type { Session } from '../../src/model/session.js';
import { extractMessages } from '../../src/output/extract/extract.js';
import { tshark } from './tshark.js';

const CAPTURES = fileURLToPath(new URL('../../captures/', import.meta.url));
/** The SMTP and IMAP captures (POP3 is not comparable, see above). */
const FILES = [...readdirSync(CAPTURES), ...readdirSync(join(CAPTURES, 'real')).map((f) => `real/${f}`)]
  .filter((f) => f.endsWith('.pcap') && !f.includes('pop3'))
  .sort();
const work = mkdtempSync(join(tmpdir(), 'mailwire-extract-tshark-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const CRLF2 = Buffer.from('\r\n\r\n');

/** The message as it was on the wire: a `.` added before every line that starts with one. */
function dotStuff(content: Buffer): Buffer {
  return Buffer.from(content.toString('latin1').replace(/(^|\n)\./g, '$1..'), 'latin1');
}

/** tshark's IMF objects of a capture. */
function tsharkObjects(file: string, name: string): Buffer[] {
  const dir = join(work, `tshark-${name.replaceAll('/', '-')}`);
  tshark('-r', file, '-q', '--export-objects', `imf,${dir}`);
  return readdirSync(dir)
    .sort()
    .map((f) => readFileSync(join(dir, f)));
}

/** Our .eml files, by session and message index, as `mailwire extract` wrote them. */
async function ourFiles(sessions: Session[], name: string): Promise<Map<string, Buffer>> {
  const dir = join(work, `ours-${name.replaceAll('/', '-')}`);
  const index = await extractMessages(sessions, dir);
  return new Map(index.messages.filter((m) => m.written).map((m) => [`${m.session}/${m.message}`, readFileSync(join(dir, m.file!))]));
}

/** Client payloads of the capture's TCP segments to port 25/587 (to check where the terminator was). */
function clientSegments(file: string): Buffer[] {
  return tshark('-r', file, '-Y', 'tcp.len > 0 && (tcp.dstport == 25 || tcp.dstport == 587)', '-T', 'fields', '-e', 'tcp.payload')
    .split('\n')
    .filter((l) => l !== '')
    .map((hex) => Buffer.from(hex.replaceAll(':', ''), 'hex'));
}

/** A segment holds an empty line and the `.` line after it: `CRLF . CRLF` at a line start. */
function emptyLineAndDotInOneSegment(segments: Buffer[]): boolean {
  return segments.some((seg) => {
    for (let at = seg.indexOf('\r\n.\r\n'); at >= 0; at = seg.indexOf('\r\n.\r\n', at + 1)) {
      if (at === 0 || (at >= 2 && seg[at - 2] === 0x0d && seg[at - 1] === 0x0a)) return true;
    }
    return false;
  });
}

describe('extract agrees with tshark --export-objects imf', () => {
  const seen = { smtpExact: 0, smtpEmptyLastLine: 0, imap: 0 };

  for (const name of FILES) {
    it(name, async () => {
      const file = join(CAPTURES, name);
      const sessions = await loadSessions(file, { portMap: new Map(), quiet: true });
      expect(sessions.every((s) => s.protocol !== 'pop3')).toBe(true);
      const theirs = tsharkObjects(file, name);
      const ours = await ourFiles(sessions, name);
      const unmatched = [...theirs];
      const take = (pred: (t: Buffer) => boolean): boolean => {
        const i = unmatched.findIndex(pred);
        if (i >= 0) unmatched.splice(i, 1);
        return i >= 0;
      };
      for (const s of sessions) {
        for (const m of s.messages) {
          const eml = ours.get(`${s.id}/${m.index}`);
          expect(eml, `${name}: message ${s.id}/${m.index} written`).toBeDefined();
          expect(eml!.equals(m.content!)).toBe(true);
          if (m.via === 'imap-append') continue; // tshark exports only what the server sends
          if (s.protocol === 'imap') {
            expect(take((t) => t.equals(eml!)), `${name}: IMAP message ${m.index} as tshark has it`).toBe(true);
            seen.imap++;
            continue;
          }
          const wire = dotStuff(eml!);
          if (take((t) => t.equals(wire))) {
            seen.smtpExact++;
            continue;
          }
          // The documented exception: tshark stops before a final empty line sent with the `.`.
          expect(wire.subarray(-4).equals(CRLF2), `${name}: message ${m.index} differs from tshark's`).toBe(true);
          expect(take((t) => t.equals(wire.subarray(0, -2))), `${name}: message ${m.index} is tshark's plus the last CRLF`).toBe(true);
          expect(emptyLineAndDotInOneSegment(clientSegments(file))).toBe(true);
          seen.smtpEmptyLastLine++;
        }
      }
      expect(unmatched.map((t) => t.length), `${name}: tshark objects we do not have`).toEqual([]);
    });
  }

  it('compared messages of each kind', () => {
    expect(seen.smtpExact).toBeGreaterThanOrEqual(5);
    expect(seen.smtpEmptyLastLine).toBeGreaterThanOrEqual(3);
    expect(seen.imap).toBeGreaterThanOrEqual(10);
  });
});
