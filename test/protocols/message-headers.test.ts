import { describe, expect, it } from 'vitest';
import { HEADER_BYTES, HeaderCollector } from '../../src/protocols/message-headers.js';

function collect(...lines: string[]): HeaderCollector {
  const h = new HeaderCollector();
  for (const l of lines) h.line(Buffer.from(l));
  return h;
}

describe('HeaderCollector', () => {
  it('picks the main fields, unfolding continuation lines, first occurrence wins', () => {
    const h = collect('Received: x', 'From: A <a@x>', 'Subject: one', '\ttwo', 'to: b@x', 'Cc: c@x', 'Message-Id: <m@x>', 'Date: today', 'From: second <s@x>', '', 'Subject: body');
    expect(h.finished).toBe(true);
    expect(h.headers).toEqual({ from: 'A <a@x>', subject: 'one\ttwo', to: 'b@x', cc: 'c@x', messageId: '<m@x>', date: 'today' });
  });

  it('ignores field names that are Object properties', () => {
    expect(collect('constructor: x', '__proto__: y', 'Subject: s', '').headers).toEqual({ subject: 's' });
  });

  it('stops after HEADER_BYTES of header text', () => {
    const h = collect('Subject: early', `X-Big: ${'b'.repeat(HEADER_BYTES)}`, 'From: late');
    expect(h.finished).toBe(true);
    expect(h.headers).toEqual({ subject: 'early' });
  });

  it('finish() keeps the last field when the content ends inside the header', () => {
    const h = collect('Subject: cut');
    expect(h.finished).toBe(false);
    h.finish();
    expect(h.headers).toEqual({ subject: 'cut' });
  });
});
