import { describe, expect, it } from 'vitest';
import { parseClientHello, parseServerHello, printable } from '../../src/tls/hello.js';
import {
  alpnExt,
  clientHello,
  clientVersionsExt,
  extension,
  HRR_RANDOM,
  serverHello,
  serverVersionExt,
  sniExt,
  u16,
  vec,
} from './tls-builders.js';

/** The body of a handshake message built by the helpers (drop the 4-byte header). */
const body = (msg: Buffer) => msg.subarray(4);

describe('parseClientHello', () => {
  it('reads a TLS 1.3 ClientHello: SNI, ALPN, supported_versions, suites, GREASE dropped', () => {
    const ch = parseClientHello(
      body(
        clientHello({
          ciphers: [0x3a3a, 0x1301, 0x1302, 0x1303, 0xc02f],
          extensions: [
            extension(0x2a2a, Buffer.alloc(0)),
            sniExt('mail.example.org'),
            alpnExt('imap', 'h2'),
            clientVersionsExt(0x7a7a, 0x0304, 0x0303),
          ],
        }),
      ),
    );
    expect(ch).toEqual({
      legacyVersion: 0x0303,
      offeredVersions: [0x0304, 0x0303],
      cipherSuites: [0x1301, 0x1302, 0x1303, 0xc02f],
      sni: 'mail.example.org',
      alpn: ['imap', 'h2'],
    });
  });

  it('without supported_versions, offers the legacy version alone', () => {
    const ch = parseClientHello(body(clientHello({ version: 0x0301, ciphers: [0x0035] })));
    expect(ch).toEqual({ legacyVersion: 0x0301, offeredVersions: [0x0301], cipherSuites: [0x0035] });
  });

  it('accepts an SSL 3.0 hello without any extensions field', () => {
    const ch = parseClientHello(body(clientHello({ version: 0x0300, ciphers: [0x0004, 0x000a], extensions: null })));
    expect(ch).toEqual({ legacyVersion: 0x0300, offeredVersions: [0x0300], cipherSuites: [0x0004, 0x000a] });
  });

  it('skips server_name entries that are not host_name and escapes odd bytes in names', () => {
    const sni = extension(0, vec(2, Buffer.from([9]), vec(2, Buffer.from('x')), Buffer.from([0]), vec(2, Buffer.from('a\x1bb\\c\xff', 'latin1'))));
    expect(parseClientHello(body(clientHello({ extensions: [sni] })))!.sni).toBe('a\\x1bb\\x5cc\\xff');
  });

  it('returns null when the fixed fields are cut short', () => {
    const full = body(clientHello());
    for (const n of [0, 1, 2, 34, 35, 40]) expect(parseClientHello(full.subarray(0, n))).toBeNull();
  });

  it('keeps what it read and names the problem when the extensions are cut or malformed', () => {
    const full = body(clientHello({ extensions: [sniExt('a.example'), alpnExt('smtp')] }));
    const cut = parseClientHello(full.subarray(0, full.length - 3))!;
    expect(cut.cipherSuites).toEqual([0x1301, 0xc02f]);
    expect(cut.problem).toBe('extensions cut short');
    expect(cut.sni).toBe('a.example'); // the complete extensions before the cut are still read
    expect(cut.alpn).toBeUndefined();

    const badAlpn = extension(16, Buffer.concat([u16(10), Buffer.from([4])]));
    const ch = parseClientHello(body(clientHello({ extensions: [sniExt('a.example'), badAlpn] })))!;
    expect(ch.sni).toBe('a.example');
    expect(ch.problem).toBe('malformed extension 16');

    const trailing = Buffer.concat([body(clientHello()), Buffer.from([0])]);
    expect(parseClientHello(trailing)!.problem).toBe('bytes after the extensions');
  });
});

describe('parseServerHello', () => {
  it('reads a TLS 1.2 ServerHello with ALPN', () => {
    expect(parseServerHello(body(serverHello({ cipher: 0xc030, extensions: [alpnExt('smtp')] })))).toEqual({
      helloRetryRequest: false,
      legacyVersion: 0x0303,
      version: 0x0303,
      cipherSuite: 0xc030,
      alpn: 'smtp',
    });
  });

  it('takes the TLS 1.3 version from supported_versions', () => {
    const sh = parseServerHello(body(serverHello({ cipher: 0x1301, extensions: [serverVersionExt(0x0304)] })))!;
    expect(sh.version).toBe(0x0304);
    expect(sh.legacyVersion).toBe(0x0303);
    expect(sh.helloRetryRequest).toBe(false);
  });

  it('recognises a HelloRetryRequest by its random', () => {
    const sh = parseServerHello(body(serverHello({ random: HRR_RANDOM, cipher: 0x1302, extensions: [serverVersionExt(0x0304)] })))!;
    expect(sh.helloRetryRequest).toBe(true);
    expect(sh.version).toBe(0x0304);
  });

  it('returns null when the fixed fields are cut short', () => {
    const full = body(serverHello({ extensions: null }));
    expect(parseServerHello(full.subarray(0, full.length - 1))).toBeNull();
    expect(parseServerHello(full)).not.toBeNull();
  });
});

describe('printable', () => {
  it('keeps printable ASCII and escapes the rest', () => {
    expect(printable(Buffer.from('imap.example.org'))).toBe('imap.example.org');
    expect(printable(Buffer.from([0x00, 0x41, 0x7f, 0x80]))).toBe('\\x00A\\x7f\\x80');
  });
});
