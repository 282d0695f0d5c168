import { describe, expect, it } from 'vitest';
import { MessageContent, parseHeaderFields } from '../../../src/protocols/smtp/message-content.js';

describe('parseHeaderFields', () => {
  it('picks the main fields, first occurrence, unfolded', () => {
    const h = parseHeaderFields(
      Buffer.from('Received: x\r\nFROM: a@example.com\r\nSubject: a\r\n  long one\r\nsubject: second\r\nTo: b\r\nCc: c\r\nDate: d\r\nMessage-Id: <m@x>\r\n'),
    );
    expect(h).toEqual({ from: 'a@example.com', subject: 'a  long one', to: 'b', cc: 'c', date: 'd', messageId: '<m@x>' });
  });

  it('accepts LF-only lines and ignores lines without a colon', () => {
    expect(parseHeaderFields(Buffer.from('garbage\nFrom: x\n'))).toEqual({ from: 'x' });
  });
});

describe('MessageContent', () => {
  it('finds the header section across appends and stops at the empty line', () => {
    const c = new MessageContent({ keepBytes: 1000, previewBytes: 1000 });
    for (const piece of ['Subj', 'ect: hi\r', '\n\r', '\nFrom: not a header\r\n']) c.append(Buffer.from(piece));
    expect(c.headers()).toEqual({ subject: 'hi' });
    expect(c.size).toBe(35);
  });

  it('copies what it keeps (the caller may reuse its buffer)', () => {
    const c = new MessageContent({ keepBytes: 100, previewBytes: 100 });
    const b = Buffer.from('abc');
    c.append(b);
    b.write('xyz');
    expect(c.content()?.toString()).toBe('abc');
    expect(c.takeRun().preview).toBe('abc');
  });

  it('keeps content up to the limit only, and previews per run', () => {
    const c = new MessageContent({ keepBytes: 5, previewBytes: 3 });
    c.append(Buffer.from('abcd'));
    expect(c.content()?.toString()).toBe('abcd');
    expect(c.takeRun()).toEqual({ preview: 'abc', previewTruncated: true, size: 4 });
    c.append(Buffer.from('ef'));
    expect(c.content()).toBeUndefined();
    expect(c.takeRun()).toEqual({ preview: 'ef', previewTruncated: false, size: 2 });
  });

  it('counts a gap in the size but not in a run, and then keeps nothing', () => {
    const c = new MessageContent({ keepBytes: 100, previewBytes: 100 });
    c.append(Buffer.from('ab'));
    c.gap(10);
    c.append(Buffer.from('cd'));
    expect(c.size).toBe(14);
    expect(c.content()).toBeUndefined();
    expect(c.takeRun().size).toBe(4);
  });

  it('notices 8-bit octets and can be cut back', () => {
    const c = new MessageContent({ keepBytes: 100, previewBytes: 100 });
    c.append(Buffer.from('plain'));
    expect(c.eightBit).toBe(false);
    c.append(Buffer.from([0xe9]));
    expect(c.eightBit).toBe(true);
    c.truncate(3);
    expect(c.size).toBe(3);
    expect(c.content()?.toString()).toBe('pla');
  });

  it('works with zero limits', () => {
    const c = new MessageContent({ keepBytes: 0, previewBytes: 0 });
    c.append(Buffer.from('abc'));
    expect(c.content()).toBeUndefined();
    expect(c.takeRun()).toEqual({ preview: '', previewTruncated: true, size: 3 });
  });
});
