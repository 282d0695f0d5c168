import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sniffTls } from '../../src/tls/sniff.js';
import { clientHello, record } from './tls-builders.js';

const fixture = (name: string) =>
  Buffer.from(readFileSync(new URL(`../fixtures/tls/${name}`, import.meta.url), 'utf8').trim(), 'hex');

describe('sniffTls', () => {
  it('recognises a ClientHello record, with the 0x0301 and 0x0303 record versions', () => {
    expect(sniffTls(record(22, clientHello(), 0x0301))).toBe(true);
    expect(sniffTls(record(22, clientHello(), 0x0303))).toBe(true);
    expect(sniffTls(fixture('smtps-clienthello.hex'))).toBe(true);
  });

  it('recognises an alert, a ChangeCipherSpec and application data as a start', () => {
    expect(sniffTls(Buffer.from([21, 3, 3, 0, 2, 2, 40]))).toBe(true);
    expect(sniffTls(Buffer.from([20, 3, 1]))).toBe(true);
    expect(sniffTls(Buffer.from([23, 3, 4]))).toBe(true);
    expect(sniffTls(Buffer.from([22, 3, 0]))).toBe(true);
  });

  it('answers null while fewer than 3 bytes leave the question open', () => {
    expect(sniffTls(Buffer.alloc(0))).toBeNull();
    expect(sniffTls(Buffer.from([22]))).toBeNull();
    expect(sniffTls(Buffer.from([22, 3]))).toBeNull();
  });

  it('says false as soon as one byte rules TLS out', () => {
    expect(sniffTls(Buffer.from('2'))).toBe(false);
    expect(sniffTls(Buffer.from([22, 2]))).toBe(false);
    expect(sniffTls(Buffer.from([22, 3, 5]))).toBe(false);
    expect(sniffTls(Buffer.from([19, 3, 1]))).toBe(false);
    expect(sniffTls(Buffer.from([24, 3, 3]))).toBe(false); // heartbeat: never the first record
  });

  it('rejects a header announcing a record longer than the record layer allows', () => {
    expect(sniffTls(Buffer.from([22, 3, 1, 0x48, 0x01]))).toBe(false); // 18433
    expect(sniffTls(Buffer.from([22, 3, 1, 0x48, 0x00]))).toBe(true); // 18432
  });

  it('rejects cleartext mail greetings and commands', () => {
    expect(sniffTls(Buffer.from('220 smtp ESMTP\r\n'))).toBe(false);
    expect(sniffTls(Buffer.from('+OK POP3 ready\r\n'))).toBe(false);
    expect(sniffTls(Buffer.from('* OK IMAP4rev1\r\n'))).toBe(false);
    expect(sniffTls(fixture('smtps-server-banner.hex'))).toBe(false);
  });

  it('rejects an OpenVPN-over-TCP stream (2-byte length, then P_CONTROL_HARD_RESET_CLIENT_V2)', () => {
    // length 0x000e, opcode 7 << 3 | key id 0, session id ...
    expect(sniffTls(Buffer.from('000e38a1b2c3d4e5f6a7b8000000000000', 'hex'))).toBe(false);
    // a 5635-byte OpenVPN packet: the length looks like a handshake record, the opcode byte does not
    expect(sniffTls(Buffer.from('160338a1b2c3d4e5f6a7b8', 'hex'))).toBe(false);
  });
});
