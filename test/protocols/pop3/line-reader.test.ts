import { describe, expect, it } from 'vitest';
import { LineReader } from '../../../src/protocols/pop3/line-reader.js';
import { StreamBuffer } from '../../../src/protocols/stream-buffer.js';

function reader(keep: number, ...chunks: string[]): { r: LineReader; buf: StreamBuffer } {
  const buf = new StreamBuffer();
  for (const c of chunks) buf.push(Buffer.from(c, 'latin1'));
  return { r: new LineReader(buf, keep), buf };
}

describe('LineReader', () => {
  it('returns short lines as they are', () => {
    const { r } = reader(16, 'STAT\r\nNOOP\n');
    expect(r.next()).toMatchObject({ offset: 0, length: 6, contentLength: 4, ending: 'CRLF', bareCr: false });
    expect(r.next()).toMatchObject({ offset: 6, length: 5, ending: 'LF' });
    expect(r.next()).toBeNull();
  });

  it('joins an overlong line: keeps its start, counts all of it', () => {
    const { r, buf } = reader(8, 'USER aaaaaaaa');
    expect(r.next()).toBeNull();
    buf.push(Buffer.from('bbbbbbbbbbbb\rx\r\nNOOP\r\n'));
    const line = r.next()!;
    expect(line.bytes.toString()).toBe('USER aaa');
    expect(line).toMatchObject({ offset: 0, length: 29, contentLength: 27, ending: 'CRLF', bareCr: true });
    expect(r.next()).toMatchObject({ offset: 29, contentLength: 4 });
  });

  it('rest() gives what is left at the end of the stream, joined pieces included', () => {
    const { r } = reader(4, 'ABCDEFGHIJ');
    expect(r.next()).toBeNull();
    expect(r.rest()).toMatchObject({ offset: 0, length: 10, contentLength: 10, ending: 'none' });
    expect(r.rest()).toBeNull();
  });

  it('drop() forgets a line being joined', () => {
    const { r, buf } = reader(4, 'ABCDEFGH');
    expect(r.next()).toBeNull();
    expect(r.drop()).toBe(true);
    buf.gap(10);
    buf.push(Buffer.from('OK\r\n'));
    expect(r.next()).toMatchObject({ offset: 18, contentLength: 2 });
    expect(r.drop()).toBe(false);
  });
});
