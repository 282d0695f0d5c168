import { describe, expect, it } from 'vitest';
import { decodeBase64, describeChallenge, describeResponse, MASK } from '../../../src/protocols/smtp/auth.js';

const b = (s: string | Buffer): Buffer => (typeof s === 'string' ? Buffer.from(s) : s);

describe('decodeBase64', () => {
  it('decodes strict base64 and refuses anything else', () => {
    expect(decodeBase64('Ym9i')?.toString()).toBe('bob');
    expect(decodeBase64('Ym8=')?.toString()).toBe('bo');
    expect(decodeBase64('')?.length).toBe(0);
    for (const bad of ['Ym9', 'Ym9i=', 'Y m9i', 'bob@example.com', '====', 'Ym9i\r']) expect(decodeBase64(bad), bad).toBeNull();
  });
});

describe('describeResponse', () => {
  const ctx = { step: 0, showSecrets: false };

  it('PLAIN: authorization id, user, masked password', () => {
    expect(describeResponse(b('\0bob\0secret'), { ...ctx, mechanism: 'PLAIN' })).toEqual({ decoded: `username: bob, password: ${MASK}`, secret: true });
    expect(describeResponse(b('admin\0bob\0secret'), { ...ctx, mechanism: 'PLAIN', showSecrets: true }).decoded).toBe('authorize as: admin, username: bob, password: secret');
    expect(describeResponse(b('bob'), { ...ctx, mechanism: 'PLAIN' }).decoded).toBe('malformed PLAIN response (0 NUL separators, 2 expected)');
  });

  it('LOGIN: the challenge, or else the position, tells the username from the password', () => {
    expect(describeResponse(b('bob'), { ...ctx, mechanism: 'LOGIN', challenge: 'Username:' })).toEqual({ decoded: 'username: bob', secret: false });
    expect(describeResponse(b('pw'), { ...ctx, mechanism: 'LOGIN', challenge: 'Password:' })).toEqual({ decoded: `password: ${MASK}`, secret: true });
    expect(describeResponse(b('bob'), { ...ctx, mechanism: 'LOGIN' }).decoded).toBe('username: bob');
    expect(describeResponse(b('pw'), { ...ctx, mechanism: 'LOGIN', step: 1 }).decoded).toBe(`password: ${MASK}`);
  });

  it('CRAM-MD5, XOAUTH2, OAUTHBEARER and SCRAM', () => {
    expect(describeResponse(b('tim b913a602c7eda7a495b4e6e7334d3890'), { ...ctx, mechanism: 'CRAM-MD5' }).decoded).toBe(`username: tim, digest: ${MASK}`);
    expect(describeResponse(b('user=bob@example.com\x01auth=Bearer tok\x01\x01'), { ...ctx, mechanism: 'XOAUTH2' }).decoded).toBe(`username: bob@example.com, token: ${MASK}`);
    expect(describeResponse(b(''), { ...ctx, mechanism: 'XOAUTH2' })).toEqual({ decoded: 'empty response', secret: false });
    expect(describeResponse(b('n,a=bob@example.com,\x01host=server\x01port=587\x01auth=Bearer tok\x01\x01'), { ...ctx, mechanism: 'OAUTHBEARER' }).decoded).toBe(
      `username: bob@example.com, token: ${MASK}`,
    );
    expect(describeResponse(b('n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL'), { ...ctx, mechanism: 'SCRAM-SHA-256' })).toEqual({ decoded: 'username: user (n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL)', secret: false });
    expect(describeResponse(b('c=biws,r=abc,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ='), { ...ctx, mechanism: 'SCRAM-SHA-256' }).decoded).toBe(`c=biws,r=abc,p=${MASK}`);
  });

  it('NTLM: names the message type and, in AUTHENTICATE, the user', () => {
    const negotiate = Buffer.concat([Buffer.from('NTLMSSP\0'), Buffer.from([1, 0, 0, 0]), Buffer.alloc(20)]);
    expect(describeResponse(negotiate, { ...ctx, mechanism: 'NTLM' })).toEqual({ decoded: 'NTLM negotiate', secret: false });
    const user = Buffer.from('alice', 'utf16le');
    const domain = Buffer.from('CORP', 'utf16le');
    const host = Buffer.from('PC1', 'utf16le');
    const auth = Buffer.alloc(64 + domain.length + user.length + host.length);
    auth.write('NTLMSSP\0', 0, 'latin1');
    auth.writeUInt32LE(3, 8);
    const field = (at: number, buf: Buffer, off: number): void => {
      auth.writeUInt16LE(buf.length, at);
      auth.writeUInt16LE(buf.length, at + 2);
      auth.writeUInt32LE(off, at + 4);
      buf.copy(auth, off);
    };
    field(28, domain, 64);
    field(36, user, 64 + domain.length);
    field(44, host, 64 + domain.length + user.length);
    auth.writeUInt32LE(1, 60);
    expect(describeResponse(auth, { ...ctx, mechanism: 'NTLM' })).toEqual({ decoded: 'NTLM authenticate: username: CORP\\alice, workstation: PC1, responses: ********', secret: true });
    expect(describeResponse(b('junk'), { ...ctx, mechanism: 'NTLM' }).decoded).toBe('4 octets, masked');
  });

  it('masks what it does not understand', () => {
    expect(describeResponse(b('whatever'), { ...ctx, mechanism: 'GSSAPI' })).toEqual({ decoded: '8 octets, masked', secret: true });
  });
});

describe('describeChallenge', () => {
  it('shows printable challenges and summarises binary ones', () => {
    expect(describeChallenge(b('Username:'), 'LOGIN')).toBe('Username:');
    expect(describeChallenge(b(''), 'PLAIN')).toBe('empty challenge');
    expect(describeChallenge(Buffer.from([0, 1, 2]), 'GSSAPI')).toBe('3 octets, not text');
    expect(describeChallenge(Buffer.concat([Buffer.from('NTLMSSP\0'), Buffer.from([2, 0, 0, 0])]), 'NTLM')).toBe('NTLM challenge');
  });
});
