import { describe, expect, it } from 'vitest';
import type { Direction } from '../../src/flow/types.js';
import { TlsConnectionObserver, type TlsRecordInfo } from '../../src/tls/observer.js';
import { appData, ccs, clientHello, clientVersionsExt, CT, HRR_RANDOM, record, serverHello, serverVersionExt, sniExt } from './tls-builders.js';

function connection(clientOffset = 0, serverOffset = 0) {
  const log: [Direction, TlsRecordInfo][] = [];
  const conn = new TlsConnectionObserver(clientOffset, serverOffset, (dir, info) => log.push([dir, info]));
  return { conn, log };
}

const ch = (sni: string) => record(CT.HANDSHAKE, clientHello({ extensions: [sniExt(sni), clientVersionsExt(0x0304, 0x0303)] }), 0x0301);

describe('TlsConnectionObserver', () => {
  it('TLS 1.3 with a HelloRetryRequest: the second ClientHello after the client’s compatibility CCS is read', () => {
    const { conn, log } = connection(31, 120);
    conn.push('C', ch('first.example'));
    conn.push('C', ccs());
    conn.push('S', record(CT.HANDSHAKE, serverHello({ random: HRR_RANDOM, cipher: 0x1301, extensions: [serverVersionExt(0x0304)] })));
    conn.push('C', ch('second.example'));
    conn.push('S', Buffer.concat([record(CT.HANDSHAKE, serverHello({ cipher: 0x1301, extensions: [serverVersionExt(0x0304)] })), appData(100)]));
    conn.push('C', appData(60));
    expect(log.map(([d, i]) => [d, i.what, i.sni ?? i.version])).toEqual([
      ['C', 'ClientHello', 'first.example'],
      ['C', 'ChangeCipherSpec', undefined],
      ['S', 'HelloRetryRequest', 'TLS 1.3'],
      ['C', 'ClientHello', 'second.example'],
      ['S', 'ServerHello', 'TLS 1.3'],
      ['S', 'ApplicationData', undefined],
      ['C', 'ApplicationData', undefined],
    ]);
    expect(log[0]![1].offset).toBe(31);
    expect(log[2]![1].offset).toBe(120);
    expect(conn.client.negotiatedVersion).toBe(0x0304);
    expect(conn.client.applicationDataBytes).toBe(60);
    expect(conn.server.applicationDataBytes).toBe(100);
  });

  it('TLS 1.2: the client’s Finished after its CCS stays unread even if it looks like a ClientHello', () => {
    const { conn, log } = connection();
    conn.push('C', ch('a.example'));
    conn.push('S', record(CT.HANDSHAKE, serverHello({ cipher: 0xc02f })));
    conn.push('C', Buffer.concat([ccs(), ch('fake.example')]));
    expect(log.map(([d, i]) => [d, i.what])).toEqual([
      ['C', 'ClientHello'],
      ['S', 'ServerHello'],
      ['C', 'ChangeCipherSpec'],
    ]);
    expect(conn.client.negotiatedVersion).toBe(0x0303);
  });

  it('passes gaps to the right direction', () => {
    const { conn } = connection();
    conn.push('S', appData(100).subarray(0, 10));
    conn.gap('S', 500);
    expect(conn.server.inSync).toBe(false);
    expect(conn.client.inSync).toBe(true);
    expect(conn.server.offset).toBe(510);
  });
});
