import { describe, expect, it } from 'vitest';
import { clientResponses, isBase64, MASK, readChallenge, readResponse } from '../../src/protocols/sasl.js';

const b = (s: string | Buffer): Buffer => (typeof s === 'string' ? Buffer.from(s) : s);

describe('isBase64', () => {
  it('accepts padded base64 and the empty string', () => {
    for (const s of ['', 'YQ==', 'YWI=', 'YWJj', 'AGJvYgBwdw==']) expect(isBase64(s)).toBe(true);
  });

  it('rejects wrong padding, whitespace and foreign characters', () => {
    for (const s of ['YQ', 'YQ=', 'Y===', 'YW Jj', 'YWJj\r', 'bob@example.org', '*', '=']) expect(isBase64(s)).toBe(false);
  });
});

describe('readResponse', () => {
  it('PLAIN: names the user, masks the password unless shown, and says when it is malformed', () => {
    expect(readResponse('PLAIN', 0, b('\0bob\0pw'), undefined, false)).toEqual({ text: `username: bob, password: ${MASK}`, secret: true, username: 'bob' });
    expect(readResponse('PLAIN', 0, b('admin\0bob\0pw'), undefined, true).text).toBe('authorize as: admin, username: bob, password: pw');
    expect(readResponse('PLAIN', 0, b('bob'), undefined, false)).toEqual({ text: 'malformed PLAIN response (0 NUL separators, 2 expected)', secret: true });
  });

  it('LOGIN: follows the prompts, or the step when the prompts say nothing', () => {
    expect(readResponse('LOGIN', 0, b('bob'), 'Username:', false)).toEqual({ text: 'username: bob', secret: false, username: 'bob' });
    expect(readResponse('LOGIN', 1, b('pw'), 'Password:', false)).toEqual({ text: `password: ${MASK}`, secret: true });
    expect(readResponse('LOGIN', 0, b('pw'), 'Password:', true)).toEqual({ text: 'password: pw', secret: true });
    expect(readResponse('LOGIN', 1, b('pw'), '', false).text).toBe(`password: ${MASK}`);
  });

  it('CRAM-MD5 and DIGEST-MD5: the user name shown, the digest masked', () => {
    expect(readResponse('CRAM-MD5', 0, b('tim b913a602c7eda7a495b4e6e7334d3890'), undefined, false)).toEqual({ text: `username: tim, digest: ${MASK}`, secret: true, username: 'tim' });
    const digest = readResponse('DIGEST-MD5', 0, b('charset=utf-8,username="chris",realm="elwood.innosoft.com",response=d388dad90d4bbd760a152321f2143af7,qop=auth'), undefined, false);
    expect(digest).toMatchObject({ username: 'chris', secret: true });
    expect(digest.text).toContain(`response=${MASK},qop=auth`);
  });

  it('XOAUTH2 and OAUTHBEARER: the user name shown, the token masked', () => {
    expect(readResponse('XOAUTH2', 0, b('user=joe\x01auth=Bearer abc\x01\x01'), undefined, false)).toEqual({ text: `username: joe, token: ${MASK}`, secret: true, username: 'joe' });
    expect(readResponse('OAUTHBEARER', 0, b('n,a=joe@x,\x01host=h\x01auth=Bearer t\x01\x01'), undefined, false).text).toBe(`username: joe@x, token: ${MASK}`);
  });

  it('SCRAM: the first message names the user, the proof is masked', () => {
    expect(readResponse('SCRAM-SHA-1', 0, b('n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL'), undefined, false)).toMatchObject({ username: 'user', secret: false });
    expect(readResponse('SCRAM-SHA-1', 1, b('c=biws,r=abc,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts='), undefined, false).text).toBe(`c=biws,r=abc,p=${MASK}`);
  });

  it('NTLM: reads the user, domain and workstation of an authenticate message', () => {
    const msg = Buffer.from(
      'TlRMTVNTUAADAAAAGAAYAFgAAAAYABgAcAAAAA4ADgCIAAAACAAIAJYAAAAQABAAngAAABAAEACuAAAABQIAAgoAYUoAAAAPAAAAAAAAAAAAAAAAAAAAAExMTExMTExMTExMTExMTExMTExMTExMTE5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTlAATwBQADMARABPAE0AbABpAGEAbQBQAE8AUAAzAEgATwBTAFQAS0tLS0tLS0tLS0tLS0tLSw==',
      'base64',
    );
    expect(readResponse('NTLM', 1, msg, undefined, false)).toEqual({ text: `NTLM authenticate: username: POP3DOM\\liam, workstation: POP3HOST, responses: ${MASK}`, secret: true, username: 'POP3DOM\\liam' });
    expect(readChallenge('NTLM', Buffer.from('TlRMTVNTUAACAAAADgAOADgAAAAFAgACASNFZ4mrze8AAAAAAAAAAAQABABGAAAACgBhSgAAAA9QAE8AUAAzAFQARwBUAAAAAAA=', 'base64'))).toBe('NTLM challenge');
  });

  it('unknown mechanisms: client data counts as secret', () => {
    expect(readResponse('GSSAPI', 0, b(Buffer.from([0x60, 0x82, 0x01])), undefined, false)).toEqual({ text: '3 octets, masked', secret: true });
    expect(readResponse('X-MINE', 0, b('hello'), undefined, true)).toEqual({ text: 'hello', secret: true });
    expect(readResponse('EXTERNAL', 0, b(''), undefined, false)).toEqual({ text: 'no authorization identity', secret: false });
    expect(readResponse('XOAUTH2', 1, b(''), '{"status":"401"}', false)).toEqual({ text: 'empty response', secret: false });
  });
});

describe('readChallenge', () => {
  it('shows printable challenges as text, binary ones by size', () => {
    expect(readChallenge('LOGIN', b('Username:'))).toBe('Username:');
    expect(readChallenge('PLAIN', b(''))).toBe('empty challenge');
    expect(readChallenge('GSSAPI', Buffer.from([0, 1, 2]))).toBe('3 octets, not text');
  });
});

describe('clientResponses', () => {
  it('LOGIN needs two responses, other mechanisms at least one', () => {
    expect(clientResponses('LOGIN')).toBe(2);
    expect(clientResponses('PLAIN')).toBe(1);
  });
});
