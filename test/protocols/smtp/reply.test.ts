import { describe, expect, it } from 'vitest';
import { parseEnhancedCode, parseReplyLine, ReplyAssembler } from '../../../src/protocols/smtp/reply.js';

describe('parseReplyLine', () => {
  it('splits code, continuation marker and text', () => {
    expect(parseReplyLine('250-PIPELINING')).toEqual({ code: '250', more: true, text: 'PIPELINING' });
    expect(parseReplyLine('250 ok')).toEqual({ code: '250', more: false, text: 'ok' });
    expect(parseReplyLine('250')).toEqual({ code: '250', more: false, text: '' });
    expect(parseReplyLine('354 ')).toEqual({ code: '354', more: false, text: '' });
  });

  it('reports malformed lines without throwing', () => {
    expect(parseReplyLine('4.7.0 deferred').problem).toBe('line does not start with a reply code: "4.7.0 deferred"');
    expect(parseReplyLine('250OK')).toEqual({ code: '250', more: false, text: 'OK', problem: 'no space or hyphen after the code in "250OK"' });
    expect(parseReplyLine('472 dns').problem).toBe('reply code 472 is outside 2xx-5xx/x0x-x5x');
    expect(parseReplyLine('150 x').problem).toBe('reply code 150 is outside 2xx-5xx/x0x-x5x');
    expect(parseReplyLine('').code).toBeNull();
  });
});

describe('parseEnhancedCode', () => {
  it('finds class.subject.detail at the start of the text', () => {
    expect(parseEnhancedCode('2.1.0 Sender ok')).toBe('2.1.0');
    expect(parseEnhancedCode('5.7.139 Authentication unsuccessful')).toBe('5.7.139');
    expect(parseEnhancedCode('4.4.2')).toBe('4.4.2');
  });

  it('ignores text that only resembles one', () => {
    expect(parseEnhancedCode('3.1.0 class 3 does not exist')).toBeUndefined();
    expect(parseEnhancedCode('2.01.0 leading zero')).toBeUndefined();
    expect(parseEnhancedCode('2.1.0x')).toBeUndefined();
    expect(parseEnhancedCode('Ok 2.1.0')).toBeUndefined();
    expect(parseEnhancedCode('2.1 version')).toBeUndefined();
  });
});

describe('ReplyAssembler', () => {
  it('collects a multi-line reply and reports its byte range', () => {
    const a = new ReplyAssembler();
    expect(a.push('250-a', 10, 7, 1)).toBeNull();
    expect(a.open).toBe(true);
    const r = a.push('250 b', 17, 7, 2)!;
    expect(r).toEqual({ code: '250', lines: ['250-a', '250 b'], texts: ['a', 'b'], offset: 10, length: 14, ts: 2, problems: [], truncated: false });
    expect(a.open).toBe(false);
  });

  it('notes a line whose code differs, and keeps reading to the last line', () => {
    const a = new ReplyAssembler();
    a.push('214-x', 0, 7, 1);
    expect(a.push('250-y', 7, 7, 1)).toBeNull();
    expect(a.push('214 z', 14, 7, 1)!.mismatch).toBe('line 2 has code 250, the first line 214');
  });

  it('keeps a code-less line inside an open reply, and makes one on its own a reply', () => {
    const a = new ReplyAssembler();
    a.push('500-first', 0, 11, 1);
    expect(a.push('garbage', 11, 9, 1)).toBeNull();
    expect(a.push('500 end', 20, 9, 1)!.lines).toEqual(['500-first', 'garbage', '500 end']);
    const alone = a.push('garbage', 29, 9, 1)!;
    expect(alone.code).toBeNull();
    expect(alone.problems).toHaveLength(1);
  });

  it('hands out an unfinished reply as truncated', () => {
    const a = new ReplyAssembler();
    a.push('220-hello', 0, 11, 1);
    expect(a.flush()).toEqual(expect.objectContaining({ lines: ['220-hello'], truncated: true }));
    expect(a.flush()).toBeNull();
  });
});
