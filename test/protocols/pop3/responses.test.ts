import { describe, expect, it } from 'vitest';
import { apopTimestamp, looksLikeStatus, parseCapability, parseScanListing, parseServerLine, parseStat, parseUidListing, uidListingProblem } from '../../../src/protocols/pop3/responses.js';

describe('parseServerLine', () => {
  it('splits status, response code and text', () => {
    expect(parseServerLine('+OK')).toEqual({ kind: 'status', status: '+OK', text: '', lowerCase: false });
    expect(parseServerLine('-ERR [SYS/PERM] disabled')).toEqual({ kind: 'status', status: '-ERR', text: 'disabled', code: 'SYS/PERM', lowerCase: false });
    expect(parseServerLine('-ERR [LOGIN-DELAY]')).toEqual({ kind: 'status', status: '-ERR', text: '', code: 'LOGIN-DELAY', lowerCase: false });
    expect(parseServerLine('+ok fine')).toEqual({ kind: 'status', status: '+OK', text: 'fine', lowerCase: true });
  });

  it('recognises SASL continuations and nothing else', () => {
    expect(parseServerLine('+ ')).toEqual({ kind: 'continuation', data: '' });
    expect(parseServerLine('+ VXNlcm5hbWU6')).toEqual({ kind: 'continuation', data: 'VXNlcm5hbWU6' });
    expect(parseServerLine('+')).toEqual({ kind: 'continuation', data: '' });
    for (const bad of ['+OKAY', '-ERROR', 'OK', '', '+\r', '1 120']) expect(parseServerLine(bad)).toBeNull();
  });

  it('looksLikeStatus wants an upper-case +OK or -ERR', () => {
    expect(looksLikeStatus('+OK 1 2')).toBe(true);
    expect(looksLikeStatus('-ERR')).toBe(true);
    expect(looksLikeStatus('+ok')).toBe(false);
    expect(looksLikeStatus('+ abc')).toBe(false);
  });
});

describe('listings', () => {
  it('parseStat and parseScanListing read two decimals separated by one space', () => {
    expect(parseStat('2 320')).toEqual({ count: 2, size: 320 });
    expect(parseStat('2 320 more text')).toEqual({ count: 2, size: 320 });
    expect(parseStat('2  320')).toBeNull();
    expect(parseStat('two 320')).toBeNull();
    expect(parseScanListing('1 120')).toEqual({ number: 1, size: 120 });
    expect(parseScanListing('0 120')).toBeNull();
  });

  it('parseUidListing wants a uid of 1-70 printable characters', () => {
    expect(parseUidListing('1 whqtswO00WBw418f9t5JxYwZ')).toEqual({ number: 1, uid: 'whqtswO00WBw418f9t5JxYwZ' });
    expect(parseUidListing(`1 ${'u'.repeat(71)}`)).toBeNull();
    expect(parseUidListing('1 has space')).toBeNull();
    expect(parseUidListing('x abc')).toBeNull();
  });

  it('uidListingProblem says what is wrong with a unique-id listing, and nothing for a good one', () => {
    expect(uidListingProblem('1 whqtswO00WBw418f9t5JxYwZ')).toBeNull();
    expect(uidListingProblem(`1 ${'u'.repeat(71)}`)).toBe('the uid is 71 characters (at most 70)');
    expect(uidListingProblem('1 has space')).toBe('the uid has a character outside 0x21-0x7E');
    expect(uidListingProblem('1 ')).toBe('the uid is empty');
    expect(uidListingProblem('0 abc')).toBe('"0" is not a message number');
    expect(uidListingProblem('abc')).toBe('no space between message number and uid');
  });

  it('parseCapability upper-cases the name and keeps the arguments', () => {
    expect(parseCapability('sasl PLAIN LOGIN')).toEqual({ name: 'SASL', args: ['PLAIN', 'LOGIN'] });
    expect(parseCapability('   ')).toBeNull();
  });

  it('apopTimestamp finds <...@...> in a greeting', () => {
    expect(apopTimestamp('POP3 server ready <1896.697170952@dbc.mtview.ca.us>')).toBe('<1896.697170952@dbc.mtview.ca.us>');
    expect(apopTimestamp('Dovecot ready.')).toBeUndefined();
  });
});
