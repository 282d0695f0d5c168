/**
 * A real capture: nDPI's smtps.pcapng (test/fixtures/thirdparty/ndpi_smtps.pcapng), a client that
 * opens TLS on port 465 and a server that answers with a cleartext SMTP greeting. The TCP
 * payloads of frames 3 and 4 are stored as hex (extracted with `tshark -T fields -e tcp.payload`);
 * the expectations below are what `tshark -V` shows for frame 3.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cipherSuiteName } from '../../src/tls/cipher-suites.js';
import { sniffTls, TlsDirectionObserver, type TlsRecordInfo } from '../../src/tls/observer.js';

const fixture = (name: string) =>
  Buffer.from(readFileSync(new URL(`../fixtures/tls/${name}`, import.meta.url), 'utf8').trim(), 'hex');

/** tshark's tls.handshake.ciphersuite for frame 3, in order. */
const TSHARK_SUITES = [
  0xc030, 0xc02c, 0xc028, 0xc024, 0xc014, 0xc00a, 0x00a5, 0x00a3, 0x00a1, 0x009f, 0x006b, 0x006a, 0x0069, 0x0068, 0x0039,
  0x0038, 0x0037, 0x0036, 0x0088, 0x0087, 0x0086, 0x0085, 0xc032, 0xc02e, 0xc02a, 0xc026, 0xc00f, 0xc005, 0x009d, 0x003d,
  0x0035, 0x0084, 0xc02f, 0xc02b, 0xc027, 0xc023, 0xc013, 0xc009, 0x00a4, 0x00a2, 0x00a0, 0x009e, 0x0067, 0x0040, 0x003f,
  0x003e, 0x0033, 0x0032, 0x0031, 0x0030, 0x009a, 0x0099, 0x0098, 0x0097, 0x0045, 0x0044, 0x0043, 0x0042, 0xc031, 0xc02d,
  0xc029, 0xc025, 0xc00e, 0xc004, 0x009c, 0x003c, 0x002f, 0x0096, 0x0041, 0x0007, 0xc011, 0xc007, 0xc00c, 0xc002, 0x0005,
  0x0004, 0xc012, 0xc008, 0x0016, 0x0013, 0x0010, 0x000d, 0xc00d, 0xc003, 0x000a, 0x00ff,
];

describe('nDPI smtps.pcapng (implicit TLS on 465)', () => {
  const clientBytes = fixture('smtps-clienthello.hex');
  const serverBytes = fixture('smtps-server-banner.hex');

  it('the client direction is TLS: one ClientHello as tshark shows it', () => {
    expect(clientBytes.length).toBe(517);
    expect(sniffTls(clientBytes)).toBe(true);
    const infos: TlsRecordInfo[] = [];
    const obs = new TlsDirectionObserver(0, (i) => infos.push(i));
    obs.push(clientBytes);
    expect(infos).toHaveLength(1);
    const ch = infos[0]!;
    expect(ch.what).toBe('ClientHello');
    expect(ch.offset).toBe(0);
    expect(ch.length).toBe(517); // record header + 512
    expect(ch.sni).toBeUndefined(); // no server_name extension (nDPI: "Missing SNI TLS Extn")
    expect(ch.alpn).toBeUndefined();
    expect(ch.offeredVersions).toEqual(['TLS 1.2']); // client_version 0x0303, no supported_versions
    expect(ch.problem).toBeUndefined();
    expect(ch.offeredCiphers).toHaveLength(86);
    expect(ch.offeredCiphers).toEqual(TSHARK_SUITES.map(cipherSuiteName));
    expect(ch.offeredCiphers!.filter((c) => c.startsWith('0x'))).toEqual([]); // all known to the table
    expect(ch.offeredCiphers![0]).toBe('TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384');
    expect(ch.offeredCiphers).toContain('TLS_RSA_WITH_RC4_128_MD5');
    expect(ch.offeredCiphers!.at(-1)).toBe('TLS_EMPTY_RENEGOTIATION_INFO_SCSV');
  });

  it('the server direction answers in cleartext: not TLS', () => {
    expect(serverBytes.toString('latin1')).toMatch(/^220-gator4223\.hostgator\.com ESMTP Exim/);
    expect(sniffTls(serverBytes)).toBe(false);
    const infos: TlsRecordInfo[] = [];
    const obs = new TlsDirectionObserver(0, (i) => infos.push(i));
    obs.push(serverBytes);
    expect(infos).toEqual([{ what: 'NotTls', offset: 0, length: 1, problem: 'not a TLS record header: content type 50' }]);
    expect(obs.broken).toBe(true);
    expect(obs.unframedBytes).toBe(179);
  });
});
