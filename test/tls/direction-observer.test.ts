import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TlsRecordInfo } from '../../src/tls/observer.js';
import {
  alert,
  alpnExt,
  appData,
  ccs,
  certificateMessage,
  clientHello,
  clientVersionsExt,
  CT,
  cutAt,
  handshake,
  observe,
  record,
  serverHello,
  serverVersionExt,
  sniExt,
} from './tls-builders.js';

/** The infos without the long offered-cipher lists, for compact expectations. */
const brief = (infos: TlsRecordInfo[]) => infos.map(({ offeredCiphers: _, ...rest }) => rest);

/** An encrypted handshake record whose ciphertext happens to start like a ClientHello header. */
const encryptedFinished = record(CT.HANDSHAKE, Buffer.concat([Buffer.from([1, 0, 0, 36]), Buffer.alloc(36, 0x5a)]));

// A TLS 1.2 client flight: ClientHello, ClientKeyExchange, CCS, Finished, data, close_notify (encrypted).
const ch12 = record(CT.HANDSHAKE, clientHello({ ciphers: [0xc02f, 0xc030, 0x009c], extensions: [sniExt('smtp.example.org'), alpnExt('smtp')] }), 0x0301);
const cke = record(CT.HANDSHAKE, handshake(16, Buffer.alloc(66, 4)));
const client12 = Buffer.concat([ch12, cke, ccs(), encryptedFinished, appData(100), appData(30, 2), record(CT.ALERT, Buffer.alloc(26, 9))]);

// A TLS 1.2 server flight: ServerHello + Certificate + ServerHelloDone in one record, CCS, Finished, data.
const certDer = new X509Certificate(readFileSync(new URL('../fixtures/tls/mail.example.org.pem', import.meta.url), 'utf8')).raw;
const server12 = Buffer.concat([
  record(CT.HANDSHAKE, Buffer.concat([serverHello({ cipher: 0xc030, extensions: [alpnExt('smtp')] }), certificateMessage(certDer), handshake(14, Buffer.alloc(0))])),
  ccs(),
  encryptedFinished,
  appData(500),
]);

// TLS 1.3 flights: the server's encrypted handshake travels as application data.
const ch13 = record(
  CT.HANDSHAKE,
  clientHello({ ciphers: [0x1301, 0x1302, 0x1303], extensions: [sniExt('imap.example.org'), alpnExt('imap'), clientVersionsExt(0x0304, 0x0303)] }),
  0x0301,
);
const client13 = Buffer.concat([ch13, ccs(), appData(80), appData(40, 3)]);
const server13 = Buffer.concat([
  record(CT.HANDSHAKE, serverHello({ cipher: 0x1301, extensions: [serverVersionExt(0x0304)] })),
  ccs(),
  appData(2000),
  appData(300, 4),
  appData(50, 5),
]);

describe('TlsDirectionObserver: TLS 1.2', () => {
  it('reports the ClientHello, the CCS, one ApplicationData and the encrypted alert; does not parse the encrypted Finished', () => {
    const { infos, observer } = observe([client12]);
    const chLen = ch12.length;
    const ccsAt = chLen + cke.length;
    const dataAt = ccsAt + 6 + encryptedFinished.length;
    expect(brief(infos)).toEqual([
      { what: 'ClientHello', offset: 0, length: chLen, sni: 'smtp.example.org', alpn: ['smtp'], offeredVersions: ['TLS 1.2'] },
      { what: 'ChangeCipherSpec', offset: ccsAt, length: 6 },
      { what: 'ApplicationData', offset: dataAt, length: 105 },
      { what: 'Alert', offset: dataAt + 105 + 35, length: 31, encrypted: true },
    ]);
    expect(infos[0]!.offeredCiphers).toEqual([
      'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
      'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
      'TLS_RSA_WITH_AES_128_GCM_SHA256',
    ]);
    expect(observer.applicationDataBytes).toBe(130);
    expect(observer.applicationDataRecords).toBe(2);
    expect(observer.broken).toBe(false);
    expect(observer.offset).toBe(client12.length);
  });

  it('reports ServerHello and the first Certificate from one record, with the record as their extent', () => {
    const { infos, observer } = observe([server12]);
    const first = server12.length - 6 - encryptedFinished.length - 505;
    expect(infos).toEqual([
      { what: 'ServerHello', offset: 0, length: first, version: 'TLS 1.2', cipher: 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', alpn: ['smtp'] },
      { what: 'Certificate', offset: 0, length: first, subjectCn: 'mail.example.org', certificates: 1 },
      { what: 'ChangeCipherSpec', offset: first, length: 6 },
      { what: 'ApplicationData', offset: first + 6 + encryptedFinished.length, length: 505 },
    ]);
    expect(observer.negotiatedVersion).toBe(0x0303);
  });

  it('starts its offsets where the TLS bytes start in the stream (after STARTTLS)', () => {
    const { infos } = observe([ch12], 1000);
    expect(infos[0]!.offset).toBe(1000);
  });

  it('starts a new ApplicationData run after another info, e.g. after a renegotiation', () => {
    const { infos } = observe([Buffer.concat([ch12, ccs(), appData(10), appData(10), ccs(), appData(10)])]);
    expect(infos.map((i) => [i.what, i.encrypted])).toEqual([
      ['ClientHello', undefined],
      ['ChangeCipherSpec', undefined],
      ['ApplicationData', undefined],
      ['ChangeCipherSpec', true],
      ['ApplicationData', undefined],
    ]);
  });

  it('reads an SSL 3.0 hello', () => {
    const { infos } = observe([record(CT.HANDSHAKE, clientHello({ version: 0x0300, ciphers: [0x0004, 0x000a], extensions: null }), 0x0300)]);
    expect(infos[0]).toMatchObject({ what: 'ClientHello', offeredVersions: ['SSL 3.0'], offeredCiphers: ['TLS_RSA_WITH_RC4_128_MD5', 'TLS_RSA_WITH_3DES_EDE_CBC_SHA'] });
    expect(infos[0]!.problem).toBeUndefined();
  });
});

describe('TlsDirectionObserver: TLS 1.3', () => {
  it('reads the offered versions from supported_versions', () => {
    const { infos, observer } = observe([client13]);
    expect(brief(infos)).toEqual([
      { what: 'ClientHello', offset: 0, length: ch13.length, sni: 'imap.example.org', alpn: ['imap'], offeredVersions: ['TLS 1.3', 'TLS 1.2'] },
      { what: 'ChangeCipherSpec', offset: ch13.length, length: 6 },
      { what: 'ApplicationData', offset: ch13.length + 6, length: 85 },
    ]);
    expect(infos[0]!.offeredCiphers).toEqual(['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256']);
    expect(observer.applicationDataBytes).toBe(120);
  });

  it('takes the negotiated version from the ServerHello supported_versions, then counts the encrypted rest', () => {
    const { infos, observer } = observe([server13]);
    const shLen = server13.length - 6 - 2005 - 305 - 55;
    expect(infos).toEqual([
      { what: 'ServerHello', offset: 0, length: shLen, version: 'TLS 1.3', cipher: 'TLS_AES_128_GCM_SHA256' },
      { what: 'ChangeCipherSpec', offset: shLen, length: 6 },
      { what: 'ApplicationData', offset: shLen + 6, length: 2005 },
    ]);
    expect(observer.applicationDataBytes).toBe(2350);
    expect(observer.applicationDataRecords).toBe(3);
    expect(observer.negotiatedVersion).toBe(0x0304);
  });

  it('reports a HelloRetryRequest, and in TLS 1.3 reads handshake records after its own CCS', () => {
    const hrr = serverHello({ random: Buffer.from('cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c', 'hex'), cipher: 0x1302, extensions: [serverVersionExt(0x0304)] });
    const { infos } = observe([record(CT.HANDSHAKE, hrr), ccs(), record(CT.HANDSHAKE, serverHello({ cipher: 0x1302, extensions: [serverVersionExt(0x0304)] }))]);
    expect(infos.map((i) => [i.what, i.version, i.cipher])).toEqual([
      ['HelloRetryRequest', 'TLS 1.3', 'TLS_AES_256_GCM_SHA384'],
      ['ChangeCipherSpec', undefined, undefined],
      ['ServerHello', 'TLS 1.3', 'TLS_AES_256_GCM_SHA384'],
    ]);
  });

  it('after setNegotiatedVersion(TLS 1.3), a second ClientHello after the compatibility CCS is read', () => {
    const ch2 = record(CT.HANDSHAKE, clientHello({ extensions: [sniExt('b.example'), clientVersionsExt(0x0304)] }));
    const alone = observe([ch13, ccs(), ch2]);
    expect(alone.infos.map((i) => i.what)).toEqual(['ClientHello', 'ChangeCipherSpec']);

    const told = observe([ch13, ccs()]);
    told.observer.setNegotiatedVersion(0x0304);
    told.observer.push(ch2);
    expect(told.infos.map((i) => [i.what, i.sni])).toEqual([
      ['ClientHello', 'imap.example.org'],
      ['ChangeCipherSpec', undefined],
      ['ClientHello', 'b.example'],
    ]);
    expect(told.observer.negotiatedVersion).toBe(0x0304);
  });
});

describe('TlsDirectionObserver: segmentation', () => {
  const flows = { client12, server12, client13, server13 };

  for (const [name, bytes] of Object.entries(flows)) {
    it(`${name}: the same infos for every single split point and byte by byte`, () => {
      const whole = observe([bytes]);
      for (let cut = 1; cut < bytes.length; cut++) {
        const split = observe(cutAt(bytes, [cut]));
        expect(split.infos).toEqual(whole.infos);
        expect(split.observer.applicationDataBytes).toBe(whole.observer.applicationDataBytes);
      }
      const bytewise = observe(Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1)));
      expect(bytewise.infos).toEqual(whole.infos);
    });
  }

  it('reads a ClientHello that spans two handshake records, with both records as its extent', () => {
    const msg = clientHello({ extensions: [sniExt('split.example'), alpnExt('smtp')] });
    const r1 = record(CT.HANDSHAKE, msg.subarray(0, 50), 0x0301);
    const r2 = record(CT.HANDSHAKE, msg.subarray(50), 0x0301);
    const { infos } = observe([Buffer.concat([r1, r2, ccs()])]);
    expect(brief(infos)).toEqual([
      { what: 'ClientHello', offset: 0, length: r1.length + r2.length, sni: 'split.example', alpn: ['smtp'], offeredVersions: ['TLS 1.2'] },
      { what: 'ChangeCipherSpec', offset: r1.length + r2.length, length: 6 },
    ]);
  });

  it('reads a handshake message header that is itself split over two records', () => {
    const msg = serverHello({ cipher: 0x009c });
    const { infos } = observe([record(CT.HANDSHAKE, msg.subarray(0, 2)), record(CT.HANDSHAKE, msg.subarray(2))]);
    expect(infos).toEqual([{ what: 'ServerHello', offset: 0, length: msg.length + 10, version: 'TLS 1.2', cipher: 'TLS_RSA_WITH_AES_128_GCM_SHA256' }]);
  });
});

describe('TlsDirectionObserver: alerts', () => {
  it('names a plaintext fatal alert answering a ClientHello', () => {
    const { infos } = observe([alert(2, 40)]);
    expect(infos).toEqual([{ what: 'Alert', offset: 0, length: 7, alertLevel: 'fatal', alert: 'handshake_failure' }]);
  });

  it('reads several alerts in one record, an alert split over two records, and unknown codes', () => {
    const { infos } = observe([
      Buffer.concat([
        record(CT.ALERT, Buffer.from([1, 112, 1, 0])),
        record(CT.ALERT, Buffer.from([2])),
        record(CT.ALERT, Buffer.from([70])),
        record(CT.ALERT, Buffer.from([9, 201])),
      ]),
    ]);
    expect(infos).toEqual([
      { what: 'Alert', offset: 0, length: 9, alertLevel: 'warning', alert: 'unrecognized_name' },
      { what: 'Alert', offset: 0, length: 9, alertLevel: 'warning', alert: 'close_notify' },
      { what: 'Alert', offset: 9, length: 12, alertLevel: 'fatal', alert: 'protocol_version' },
      { what: 'Alert', offset: 21, length: 7, alertLevel: '0x09', alert: '0xC9' },
    ]);
  });

  it('drops half an alert when another record type comes between', () => {
    const { infos } = observe([Buffer.concat([record(CT.ALERT, Buffer.from([2])), appData(5), record(CT.ALERT, Buffer.from([1, 0]))])]);
    expect(infos.map((i) => [i.what, i.alert])).toEqual([
      ['ApplicationData', undefined],
      ['Alert', 'close_notify'],
    ]);
  });

  it('in TLS 1.3 reads a plaintext alert even after the compatibility CCS', () => {
    const { infos } = observe([Buffer.concat([record(CT.HANDSHAKE, serverHello({ cipher: 0x1301, extensions: [serverVersionExt(0x0304)] })), ccs(), alert(2, 47)])]);
    expect(infos.at(-1)).toMatchObject({ what: 'Alert', alertLevel: 'fatal', alert: 'illegal_parameter' });
  });

  it('reports a heartbeat record', () => {
    const { infos } = observe([record(CT.HEARTBEAT, Buffer.from([1, 0x40, 0]))]);
    expect(infos).toEqual([{ what: 'Heartbeat', offset: 0, length: 8 }]);
  });
});

describe('TlsDirectionObserver: not TLS', () => {
  it('a cleartext SMTP greeting: NotTls at the first byte, broken, everything counted as unframed', () => {
    const { infos, observer } = observe([Buffer.from('220 smtp ESMTP\r\n')], 40);
    expect(infos).toEqual([{ what: 'NotTls', offset: 40, length: 1, problem: 'not a TLS record header: content type 50' }]);
    expect(observer.broken).toBe(true);
    expect(observer.inSync).toBe(false);
    expect(observer.unframedBytes).toBe(16);
    observer.push(Buffer.from('250 ok\r\n'));
    expect(infos).toHaveLength(1);
    expect(observer.unframedBytes).toBe(24);
  });

  it('an OpenVPN-like stream whose length prefix looks like a handshake record', () => {
    const { infos, observer } = observe([Buffer.from('160338a1b2c3d4e5f6a7b8', 'hex')]);
    expect(infos).toEqual([{ what: 'NotTls', offset: 0, length: 3, problem: 'not a TLS record header: version minor 56' }]);
    expect(observer.broken).toBe(true);
  });

  it('TLS that turns into garbage: the infos so far, then NotTls where the bad header is', () => {
    const { infos, observer } = observe([Buffer.concat([ch12, Buffer.from('QUIT\r\n')])]);
    expect(infos.map((i) => [i.what, i.offset])).toEqual([
      ['ClientHello', 0],
      ['NotTls', ch12.length],
    ]);
    expect(observer.unframedBytes).toBe(6);
  });

  it('a header announcing more than one record can hold is broken, not buffered', () => {
    const { infos, observer } = observe([Buffer.from([23, 3, 3, 0x48, 0x01]), Buffer.alloc(20000)]);
    expect(infos).toEqual([{ what: 'NotTls', offset: 0, length: 5, problem: 'not a TLS record header: record length 18433 over 18432' }]);
    expect(observer.applicationDataBytes).toBe(0);
    expect(observer.unframedBytes).toBe(20005);
  });

  it('a ClientHello too short for its fixed fields is reported as malformed', () => {
    const { infos } = observe([record(CT.HANDSHAKE, handshake(1, Buffer.from([3, 3, 0])))]);
    expect(infos).toEqual([{ what: 'ClientHello', offset: 0, length: 12, problem: 'malformed: fixed fields cut short' }]);
  });
});

describe('TlsDirectionObserver: gaps and bounds', () => {
  it('a gap inside an application data record keeps the place: the next alert is still read', () => {
    const data = appData(1000);
    const { infos, observer } = observe([data.subarray(0, 300)]);
    observer.gap(500);
    observer.push(Buffer.concat([data.subarray(800), alert(1, 0)]));
    expect(infos.map((i) => [i.what, i.offset, i.alert])).toEqual([
      ['ApplicationData', 0, undefined],
      ['Alert', 1005, 'close_notify'],
    ]);
    expect(observer.applicationDataBytes).toBe(500);
    expect(observer.inSync).toBe(true);
  });

  it('a gap across a record boundary loses the place: bytes are then only counted', () => {
    const { infos, observer } = observe([appData(100).subarray(0, 50)]);
    observer.gap(100);
    observer.push(alert(2, 40));
    expect(infos.map((i) => i.what)).toEqual(['ApplicationData']);
    expect(observer.inSync).toBe(false);
    expect(observer.broken).toBe(false);
    expect(observer.unframedBytes).toBe(7);
    expect(observer.offset).toBe(157);
  });

  it('a gap inside a ClientHello: reported with the problem, and the next records are still read', () => {
    const { infos, observer } = observe([ch12.subarray(0, 60)]);
    observer.gap(20);
    observer.push(Buffer.concat([ch12.subarray(80), ccs()]));
    expect(infos).toEqual([
      { what: 'ClientHello', offset: 0, length: ch12.length, problem: 'bytes missing from the capture' },
      { what: 'ChangeCipherSpec', offset: ch12.length, length: 6 },
    ]);
  });

  it('a gap that takes a handshake message header stops handshake parsing, not record tracking', () => {
    const twoMessages = record(CT.HANDSHAKE, Buffer.concat([handshake(16, Buffer.alloc(10)), serverHello()]));
    const { infos, observer } = observe([twoMessages.subarray(0, 5 + 14)]);
    observer.gap(2);
    observer.push(Buffer.concat([twoMessages.subarray(21), record(CT.HANDSHAKE, serverHello()), ccs()]));
    expect(infos.map((i) => i.what)).toEqual(['ChangeCipherSpec']);
    expect(observer.inSync).toBe(true);
  });

  it('reads the start of a ClientHello longer than one record can hold and says it was cut', () => {
    const big = clientHello({ extensions: [sniExt('big.example'), alpnExt('smtp'), Buffer.concat([Buffer.from([0, 21]), Buffer.from([0x4e, 0x20]), Buffer.alloc(20000)])] });
    const r1 = record(CT.HANDSHAKE, big.subarray(0, 16384));
    const r2 = record(CT.HANDSHAKE, big.subarray(16384));
    const { infos } = observe([r1, r2]);
    expect(infos).toHaveLength(1);
    expect(infos[0]).toMatchObject({
      what: 'ClientHello',
      offset: 0,
      length: r1.length + r2.length,
      sni: 'big.example',
      alpn: ['smtp'],
      problem: `${big.length - 4} bytes long, only the first 18432 read`,
    });
  });

  it('reports only the first Certificate message', () => {
    const cert = record(CT.HANDSHAKE, certificateMessage(certDer));
    const { infos } = observe([cert, cert]);
    expect(infos.map((i) => i.what)).toEqual(['Certificate']);
  });
});
