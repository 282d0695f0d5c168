import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StreamBuffer } from '../../src/protocols/stream-buffer.js';

const b = (s: string): Buffer => Buffer.from(s, 'latin1');

describe('StreamBuffer lines', () => {
  it('reads CRLF lines with their offsets and lengths, and waits for an incomplete one', () => {
    const sb = new StreamBuffer(100);
    sb.push(b('EHLO a\r\nMAIL FR'));
    expect(sb.readLine()).toMatchObject({ ending: 'CRLF', offset: 100, length: 8, bareCr: false, overlong: false });
    expect(sb.readLine()).toBeNull();
    sb.push(b('OM:<x@y>\r\n'));
    const l = sb.readLine()!;
    expect([l.bytes.toString(), l.offset, l.length]).toEqual(['MAIL FROM:<x@y>', 108, 17]);
    expect(sb.offset).toBe(125);
  });

  it('reports an LF without CR, and a CR inside a line', () => {
    const sb = new StreamBuffer();
    sb.push(b('a\nb\rc\r\n'));
    expect(sb.readLine()).toMatchObject({ ending: 'LF', bareCr: false });
    const second = sb.readLine()!;
    expect([second.bytes.toString('latin1'), second.ending, second.bareCr]).toEqual(['b\rc', 'CRLF', true]);
  });

  it('cuts an overlong line into bounded pieces', () => {
    const sb = new StreamBuffer();
    sb.push(b(`${'x'.repeat(25)}\r\n`));
    const first = sb.readLine(10)!;
    expect([first.bytes.length, first.overlong, first.ending]).toEqual([10, true, 'none']);
    expect(sb.readLine(10)!.overlong).toBe(true);
    expect(sb.readLine(10)).toMatchObject({ overlong: false, ending: 'CRLF' });
  });

  it('gives the rest at the end of the stream', () => {
    const sb = new StreamBuffer();
    sb.push(b('QUIT'));
    expect(sb.readLine()).toBeNull();
    expect(sb.readRest()).toMatchObject({ ending: 'none', length: 4 });
    expect(sb.readRest()).toBeNull();
  });
});

describe('StreamBuffer octets and gaps', () => {
  it('reads counted octets, takes what is there, peeks without consuming', () => {
    const sb = new StreamBuffer();
    sb.push(b('abcdef'));
    expect(sb.peek(2).toString()).toBe('ab');
    expect(sb.readBytes(10)).toBeNull();
    expect(sb.readBytes(3)!.toString()).toBe('abc');
    expect(sb.take(100).toString()).toBe('def');
    expect(sb.available).toBe(0);
  });

  it('drops what is buffered at a gap and moves the offset past the hole', () => {
    const sb = new StreamBuffer();
    sb.push(b('RCPT TO:<a'));
    expect(sb.gap(50).toString()).toBe('RCPT TO:<a');
    sb.push(b('NOOP\r\n'));
    expect(sb.readLine()).toMatchObject({ offset: 60, length: 6 });
  });

  it('reads the same lines however the bytes are cut (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', '\r', '\n', ' '), { maxLength: 200 }), fc.array(fc.nat(20), { maxLength: 30 }), (chars, cuts) => {
        const text = b(chars.join(''));
        const whole = new StreamBuffer();
        whole.push(text);
        const expected: string[] = [];
        for (let l = whole.readLine(); l; l = whole.readLine()) expected.push(`${l.offset}:${l.bytes.toString('latin1')}`);
        const pieces = new StreamBuffer();
        const got: string[] = [];
        let at = 0;
        for (const c of [...cuts, text.length]) {
          const end = Math.min(text.length, at + c);
          pieces.push(text.subarray(at, end));
          at = end;
          for (let l = pieces.readLine(); l; l = pieces.readLine()) got.push(`${l.offset}:${l.bytes.toString('latin1')}`);
          pieces.detach();
        }
        expect(got).toEqual(expected);
      }),
    );
  });
});

describe('StreamBuffer memory behaviour', () => {
  it('assembles a long line from many small pieces', () => {
    const sb = new StreamBuffer();
    const piece = Buffer.alloc(1460, 0x61);
    const pieces = 2000;
    for (let i = 0; i < pieces; i++) {
      sb.push(piece);
      expect(sb.readLine()).toBeNull();
      sb.detach();
    }
    sb.push(b('\r\n'));
    expect(sb.readLine()?.bytes.length).toBe(pieces * piece.length);
  });

  it('never overwrites bytes it has handed out, and frees the caller chunk on detach', () => {
    const sb = new StreamBuffer();
    const chunk = b('first line\r\npartial');
    sb.push(chunk);
    const first = sb.readLine()!;
    sb.detach();
    chunk.fill(0x5a); // the caller reuses its chunk: what the buffer kept must not change
    sb.push(b(' rest\r\nthird\r\n'));
    const second = sb.readLine()!;
    sb.push(b('x'.repeat(5000)));
    sb.detach();
    expect(second.bytes.toString()).toBe('partial rest');
    expect(sb.readLine()!.bytes.toString()).toBe('third');
    expect(first.bytes.length).toBe(10);
  });
});
