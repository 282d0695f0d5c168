/** Literals of any size stream through: memory stays flat whatever the size (a 2 GB run is bench/imap-literal.ts). */
import { describe, expect, it } from 'vitest';
import { command, data, ids, selected } from './helpers.js';

const SIZE = 200 * 1024 * 1024;
const CHUNK = 64 * 1024;

describe('big literals', () => {
  it('streams a 200 MB FETCH body with bounded memory, recording the message without keeping it', () => {
    const h = selected().c('f1 FETCH 1 BODY[]\r\n').s(`* 1 FETCH (UID 4 BODY[] {${SIZE}}\r\n`);
    const header = Buffer.from('Subject: a big one\r\nFrom: big@example.org\r\n\r\n');
    const chunk = Buffer.alloc(CHUNK, 'x');
    h.s(header, 0);
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    let left = SIZE - header.length;
    for (let i = 0; left > 0; i++) {
      const n = Math.min(CHUNK, left);
      h.s(n === CHUNK ? chunk : chunk.subarray(0, n), 0);
      left -= n;
      if (i % 256 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
    const s = h.s(')\r\nf1 OK done\r\n').end();
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    expect(peak - before).toBeLessThan(32 * 1024 * 1024);
    expect(data(s)).toHaveLength(1);
    expect(data(s)[0]).toMatchObject({ size: SIZE, length: SIZE, previewTruncated: true });
    expect(data(s)[0]!.preview.length).toBe(2048);
    expect(s.messages[0]).toMatchObject({ size: SIZE, complete: true, uid: 4, headers: { subject: 'a big one', from: 'big@example.org' } });
    expect(s.messages[0]!.content).toBeUndefined();
    expect(command(s, 'f1').reply).toBeDefined();
    expect(ids(s)).toEqual(['IMAP-CLEARTEXT-PASSWORD']);
  });

  it('takes announcements beyond 4 GB and reports a connection that ends inside one', () => {
    const s = selected().c('f1 FETCH 1 BODY[]\r\n').s('* 1 FETCH (BODY[] {5000000000}\r\nSubject: x\r\n').end();
    expect(s.violations.find((v) => v.id === 'IMAP-LITERAL-TRUNCATED')!.message).toBe('the connection ended 4999999988 octets before the end of a {5000000000} literal');
    expect(s.messages[0]).toMatchObject({ size: 12, complete: false });
  });
});
