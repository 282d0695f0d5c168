import { describe, expect, it } from 'vitest';
import { cipherSuiteName } from '../../src/tls/cipher-suites.js';
import { alertDescriptionName, alertLevelName, hex16, isGrease, isTls13, versionName } from '../../src/tls/names.js';

describe('cipherSuiteName', () => {
  it('names every TLS 1.3 suite', () => {
    expect([0x1301, 0x1302, 0x1303, 0x1304, 0x1305].map(cipherSuiteName)).toEqual([
      'TLS_AES_128_GCM_SHA256',
      'TLS_AES_256_GCM_SHA384',
      'TLS_CHACHA20_POLY1305_SHA256',
      'TLS_AES_128_CCM_SHA256',
      'TLS_AES_128_CCM_8_SHA256',
    ]);
  });

  it('names the common ECDHE/DHE/RSA suites and the legacy ones', () => {
    expect(cipherSuiteName(0xc030)).toBe('TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384');
    expect(cipherSuiteName(0xc02b)).toBe('TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256');
    expect(cipherSuiteName(0xcca8)).toBe('TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256');
    expect(cipherSuiteName(0x009e)).toBe('TLS_DHE_RSA_WITH_AES_128_GCM_SHA256');
    expect(cipherSuiteName(0x0035)).toBe('TLS_RSA_WITH_AES_256_CBC_SHA');
    expect(cipherSuiteName(0x0005)).toBe('TLS_RSA_WITH_RC4_128_SHA');
    expect(cipherSuiteName(0x0004)).toBe('TLS_RSA_WITH_RC4_128_MD5');
    expect(cipherSuiteName(0x000a)).toBe('TLS_RSA_WITH_3DES_EDE_CBC_SHA');
    expect(cipherSuiteName(0x0003)).toBe('TLS_RSA_EXPORT_WITH_RC4_40_MD5');
    expect(cipherSuiteName(0x00ff)).toBe('TLS_EMPTY_RENEGOTIATION_INFO_SCSV');
    expect(cipherSuiteName(0x5600)).toBe('TLS_FALLBACK_SCSV');
    expect(cipherSuiteName(0xcc13)).toBe('TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256_OLD');
  });

  it('shows an unknown suite as 4-digit upper-case hex', () => {
    expect(cipherSuiteName(0xc0ff)).toBe('0xC0FF');
    expect(cipherSuiteName(0x0a0a)).toBe('0x0A0A');
    expect(hex16(0x2f)).toBe('0x002F');
  });
});

describe('versions', () => {
  it('names SSL 3.0 to TLS 1.3 and the TLS 1.3 drafts; others in hex', () => {
    expect([0x0300, 0x0301, 0x0302, 0x0303, 0x0304].map(versionName)).toEqual([
      'SSL 3.0',
      'TLS 1.0',
      'TLS 1.1',
      'TLS 1.2',
      'TLS 1.3',
    ]);
    expect(versionName(0x7f17)).toBe('TLS 1.3 (draft 23)');
    expect(versionName(0x0305)).toBe('0x0305');
    expect(versionName(0xfefd)).toBe('0xFEFD');
  });

  it('knows TLS 1.3 and its drafts', () => {
    expect(isTls13(0x0304)).toBe(true);
    expect(isTls13(0x7f1c)).toBe(true);
    expect(isTls13(0x0303)).toBe(false);
  });

  it('recognises exactly the 16 GREASE values', () => {
    const grease = [];
    for (let v = 0; v < 0x10000; v++) if (isGrease(v)) grease.push(v);
    expect(grease).toHaveLength(16);
    expect(grease[0]).toBe(0x0a0a);
    expect(grease[15]).toBe(0xfafa);
    expect(isGrease(0x0a1a)).toBe(false);
  });
});

describe('alerts', () => {
  it('names levels and descriptions with the IANA spelling; unknown in hex', () => {
    expect(alertLevelName(1)).toBe('warning');
    expect(alertLevelName(2)).toBe('fatal');
    expect(alertLevelName(3)).toBe('0x03');
    expect(alertDescriptionName(0)).toBe('close_notify');
    expect(alertDescriptionName(40)).toBe('handshake_failure');
    expect(alertDescriptionName(70)).toBe('protocol_version');
    expect(alertDescriptionName(112)).toBe('unrecognized_name');
    expect(alertDescriptionName(120)).toBe('no_application_protocol');
    expect(alertDescriptionName(200)).toBe('0xC8');
  });
});
