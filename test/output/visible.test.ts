import { describe, expect, it } from 'vitest';
import { visible } from '../../src/output/visible.js';
import { renderSession } from '../../src/output/transcript.js';
import { SessionHarness } from '../helpers/session.js';

describe('visible', () => {
  it('names CR, LF and NUL, escapes other controls, keeps tabs and text', () => {
    expect(visible('a\rb\nc\0d\te')).toBe('a<CR>b<LF>c<NUL>d\te');
    expect(visible('\x1b[31mred\x07')).toBe('\\x1b[31mred\\x07');
    expect(visible('\x7f\u0085é€')).toBe('\\x7f\\x85é€');
  });

  it('keeps a hostile capture from writing escape sequences to the terminal', () => {
    const s = new SessionHarness('smtp').s('220 mx ESMTP\r\n').c('EHLO \x1b]0;owned\x07x\r\n').s('250 ok\r\n').end();
    const text = renderSession(s).join('\n');
    expect(text).not.toContain('\x1b');
    expect(text).toContain('EHLO \\x1b]0;owned\\x07x');
  });
});

describe('message content in the transcript', () => {
  it('marks a line ended by a bare LF, and shows CRLF lines as they are', () => {
    const s = new SessionHarness('smtp')
      .s('220 mx ESMTP\r\n')
      .c('HELO a\r\n')
      .s('250 ok\r\n')
      .c('MAIL FROM:<a@b.example>\r\n')
      .s('250 ok\r\n')
      .c('RCPT TO:<c@d.example>\r\n')
      .s('250 ok\r\n')
      .c('DATA\r\n')
      .s('354 go\r\n')
      .c('Subject: x\r\n\r\nline one\nline two\r\n.\r\n')
      .s('250 ok\r\n')
      .end();
    const text = renderSession(s).join('\n');
    expect(text).toContain('C: | line one<LF>\nC: | line two\n');
    expect(text).toContain('C: | Subject: x\n');
  });
});
