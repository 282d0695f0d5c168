import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCertificateMessage } from '../../src/tls/certificate.js';
import { subjectCommonName } from '../../src/tls/x509-subject.js';
import { certificateMessage } from './tls-builders.js';

const pem = readFileSync(new URL('../fixtures/tls/mail.example.org.pem', import.meta.url), 'utf8');
const der = new X509Certificate(pem).raw;

/** A DER element: tag, length (short or long form), content. */
function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  const n = body.length;
  const len = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), len, body]);
}
const CN = Buffer.from([0x55, 0x04, 0x03]);
const O = Buffer.from([0x55, 0x04, 0x0a]);
const name = (...atvs: [Buffer, number, Buffer][]) =>
  tlv(0x30, ...atvs.map(([oid, tag, v]) => tlv(0x31, tlv(0x30, tlv(0x06, oid), tlv(tag, v)))));
/** A certificate skeleton: only the structure the reader walks, no real keys or signature. */
function fakeCert(subject: Buffer, withVersion = true): Buffer {
  const tbs = tlv(
    0x30,
    ...(withVersion ? [tlv(0xa0, tlv(0x02, Buffer.from([2])))] : []),
    tlv(0x02, Buffer.from([1])),
    tlv(0x30, tlv(0x06, Buffer.from([0x2a]))),
    name([CN, 0x13, Buffer.from('Issuer CA')]),
    tlv(0x30),
    subject,
  );
  return tlv(0x30, tbs, tlv(0x30), tlv(0x03, Buffer.from([0])));
}

describe('subjectCommonName', () => {
  it('reads the CN of a real certificate (made by openssl), as node:crypto does', () => {
    expect(new X509Certificate(pem).subject).toContain('CN=mail.example.org');
    expect(subjectCommonName(der)).toBe('mail.example.org');
  });

  it('finds the CN among other attributes, with or without the version field', () => {
    const subject = name([O, 0x0c, Buffer.from('Org')], [CN, 0x0c, Buffer.from('smtp.example.net')]);
    expect(subjectCommonName(fakeCert(subject))).toBe('smtp.example.net');
    expect(subjectCommonName(fakeCert(subject, false))).toBe('smtp.example.net');
  });

  it('decodes UTF8String, BMPString and Latin-1 strings, escaping control characters', () => {
    expect(subjectCommonName(fakeCert(name([CN, 0x0c, Buffer.from('bücher.example')])))).toBe('bücher.example');
    expect(subjectCommonName(fakeCert(name([CN, 0x1e, Buffer.from('00e9002e0078', 'hex')])))).toBe('é.x');
    expect(subjectCommonName(fakeCert(name([CN, 0x14, Buffer.from([0x41, 0x0a, 0xe9])])))).toBe('A\\x0aé');
  });

  it('returns null without a CN, for a non-string CN and on damaged DER', () => {
    expect(subjectCommonName(fakeCert(name([O, 0x0c, Buffer.from('Org')])))).toBeNull();
    expect(subjectCommonName(fakeCert(name([CN, 0x04, Buffer.from('x')])))).toBeNull();
    for (let n = 0; n < der.length; n += 7) expect(subjectCommonName(der.subarray(0, n))).toBeNull();
    expect(subjectCommonName(Buffer.from([0x30, 0x80, 0, 0]))).toBeNull(); // indefinite length
  });
});

describe('parseCertificateMessage', () => {
  const body = (msg: Buffer) => msg.subarray(4);

  it('counts the chain and names the first certificate', () => {
    expect(parseCertificateMessage(body(certificateMessage(der, fakeCert(name([CN, 0x13, Buffer.from('CA')])))), true)).toEqual({
      count: 2,
      subjectCn: 'mail.example.org',
    });
  });

  it('does not count a chain it has only the start of', () => {
    const full = body(certificateMessage(der, der, der));
    expect(parseCertificateMessage(full.subarray(0, der.length + 100), false)).toEqual({ subjectCn: 'mail.example.org' });
  });

  it('names what is wrong with a malformed message', () => {
    expect(parseCertificateMessage(Buffer.from([0, 0]), true).problem).toBe('certificate_list length cut short');
    expect(parseCertificateMessage(Buffer.from([0, 0, 9, 1]), true).problem).toBe('certificate_list longer than the message');
    expect(parseCertificateMessage(Buffer.from([0, 0, 4, 0, 0, 5, 1]), true).problem).toBe('certificate entry longer than the list');
    expect(parseCertificateMessage(Buffer.from([0, 0, 0, 1]), true).problem).toBe('bytes after certificate_list');
    expect(parseCertificateMessage(Buffer.from([0, 0, 0]), true)).toEqual({ count: 0 });
  });
});
