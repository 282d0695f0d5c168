import { describe, expect, it } from 'vitest';
import { DotContentReader } from '../../../src/protocols/smtp/dot-content.js';
import { MessageContent } from '../../../src/protocols/smtp/message-content.js';
import { StreamBuffer } from '../../../src/protocols/stream-buffer.js';

/** Feeds `text` through a reader line by line; returns the decoded content and where the data ended. */
function read(text: string, lfOnly = false): { content: string; endedAt: number; reader: DotContentReader } {
  const buf = new StreamBuffer();
  buf.push(Buffer.from(text, 'latin1'));
  const reader = new DotContentReader(lfOnly);
  const out = new MessageContent({ keepBytes: 1 << 20, previewBytes: 100 });
  let endedAt = -1;
  for (let line = buf.readLine(64); line; line = buf.readLine(64)) {
    if (reader.line(line, out)) {
      endedAt = line.offset;
      break;
    }
  }
  return { content: out.content()!.toString('latin1'), endedAt, reader };
}

describe('DotContentReader', () => {
  it('removes the transparency dot and stops at <CRLF>.<CRLF>', () => {
    const r = read('a\r\n..b\r\n...\r\n.\r\nMAIL FROM:<x@y>\r\n');
    expect(r.content).toBe('a\r\n.b\r\n..\r\n');
    expect(r.endedAt).toBe(13);
    expect(r.reader.findings.suspectCount).toBe(0);
  });

  it('ends an empty message at once', () => {
    expect(read('.\r\n').endedAt).toBe(0);
  });

  it('reads through <LF>.<LF> and records it with the position a lenient server would stop at', () => {
    const r = read('hi\n.\nMAIL FROM:<x@y>\r\n.\r\n');
    expect(r.endedAt).toBe(22);
    expect(r.content).toBe('hi\n.\nMAIL FROM:<x@y>\r\n');
    expect(r.reader.findings.suspects).toEqual([{ sequence: '<LF>.<LF>', offset: 2, contentSize: 3, contentEnd: 3, resume: 5 }]);
    expect(r.reader.findings.bareLf).toBe(2);
  });

  it('finds <CR>.<CR> and <CR>.<CR><LF> inside a line', () => {
    const r = read('ab\r.\rcd\r.\r\n.\r\n');
    expect(r.reader.findings.suspects.map((s) => [s.sequence, s.offset, s.contentSize])).toEqual([
      ['<CR>.<CR>', 2, 3],
      ['<CR>.<CR><LF>', 7, 8],
    ]);
    expect(r.reader.findings.bareCr).toBe(1);
  });

  it('takes <LF>.<LF> as the end for a client that speaks LF only', () => {
    const r = read('Subject: a\n\nhello\n.\nQUIT\n', true);
    expect(r.endedAt).toBe(18);
    expect(r.content).toBe('Subject: a\n\nhello\n');
    expect(r.reader.endSequence).toBe('<LF>.<LF>');
  });

  it('measures line length without the transparency dot and across pieces of a long line', () => {
    const r = read(`${'a'.repeat(998)}\r\n.${'.'.repeat(998)}\r\n${'b'.repeat(999)}\r\n.\r\n`);
    expect(r.reader.findings.longLines).toBe(1);
    expect(r.reader.findings.longest).toBe(1001);
    expect(r.reader.findings.firstLong).toBe(2001);
  });

  it('after a gap, neither trusts nor reports the line start', () => {
    const buf = new StreamBuffer();
    const reader = new DotContentReader(false);
    const out = new MessageContent({ keepBytes: 100, previewBytes: 100 });
    reader.gap();
    buf.push(Buffer.from('.\r\n'));
    expect(reader.line(buf.readLine()!, out)).toBe(true);
    expect(reader.findings.suspectCount).toBe(0);
  });
});
