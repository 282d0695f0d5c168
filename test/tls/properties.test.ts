import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TlsDirectionObserver, type TlsRecordInfo } from '../../src/tls/observer.js';
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
  record,
  serverHello,
  serverVersionExt,
  sniExt,
} from './tls-builders.js';

/** What a test feeds an observer: bytes or a gap. */
type Step = { bytes: Buffer } | { gap: number };

function run(steps: Step[], start = 0): { infos: TlsRecordInfo[]; observer: TlsDirectionObserver } {
  const infos: TlsRecordInfo[] = [];
  const observer = new TlsDirectionObserver(start, (i) => infos.push(i));
  for (const s of steps) {
    if ('gap' in s) observer.gap(s.gap);
    else observer.push(s.bytes);
  }
  return { infos, observer };
}

const sni = fc.stringMatching(/^[a-z0-9][a-z0-9.-]{0,40}$/);
const alpn = fc.array(fc.constantFrom('smtp', 'imap', 'pop3', 'h2', 'http/1.1'), { minLength: 1, maxLength: 3 });
const versions = fc.subarray([0x0a0a, 0x0304, 0x0303, 0x0302, 0x0301], { minLength: 1 });
const ciphers = fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 1, maxLength: 30 });

/** A ClientHello record with random fields, and what the observer should report from it. */
const clientHelloRecord = fc.record({ sni, alpn, versions, ciphers }).map((f) => ({
  bytes: record(CT.HANDSHAKE, clientHello({ ciphers: f.ciphers, extensions: [sniExt(f.sni), alpnExt(...f.alpn), clientVersionsExt(...f.versions)] }), 0x0301),
  sni: f.sni,
  alpn: f.alpn,
}));

/** Any record the generator knows, as bytes (some of them change the observer's state: CCS). */
const anyRecord: fc.Arbitrary<Buffer> = fc.oneof(
  clientHelloRecord.map((r) => r.bytes),
  fc.record({ cipher: fc.integer({ min: 0, max: 0xffff }), v13: fc.boolean() }).map(({ cipher, v13 }) =>
    record(CT.HANDSHAKE, serverHello({ cipher, extensions: v13 ? [serverVersionExt(0x0304)] : [] })),
  ),
  fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 0, max: 255 })).map(([l, d]) => alert(l, d)),
  fc.constant(ccs()),
  fc.tuple(fc.integer({ min: 0, max: 3000 }), fc.nat(255)).map(([n, seed]) => appData(n, seed)),
  fc.uint8Array({ minLength: 0, maxLength: 300 }).map((der) => record(CT.HANDSHAKE, certificateMessage(Buffer.from(der)))),
  // one handshake message over two records
  fc.tuple(clientHelloRecord, fc.nat()).map(([r, k]) => {
    const msg = r.bytes.subarray(5);
    const cut = 1 + (k % (msg.length - 1));
    return Buffer.concat([record(CT.HANDSHAKE, msg.subarray(0, cut)), record(CT.HANDSHAKE, msg.subarray(cut))]);
  }),
);

const stream = fc.array(anyRecord, { minLength: 1, maxLength: 8 }).map((rs) => Buffer.concat(rs));

/** Cut positions for a buffer of length n, from arbitrary numbers. */
const cuts = fc.array(fc.nat(), { maxLength: 12 });
const positions = (n: number, raw: number[]) => [...new Set(raw.map((r) => r % (n + 1)))].sort((a, b) => a - b);

describe('TlsDirectionObserver properties', () => {
  it('arbitrary bytes in arbitrary chunks, with gaps, never throw and keep the offset exact', () => {
    const step: fc.Arbitrary<Step> = fc.oneof(
      { weight: 5, arbitrary: fc.uint8Array({ maxLength: 200 }).map((b) => ({ bytes: Buffer.from(b) })) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 5000 }).map((gap) => ({ gap })) },
    );
    fc.assert(
      fc.property(fc.nat(1_000_000), fc.array(step, { maxLength: 20 }), (start, steps) => {
        const { observer, infos } = run(steps, start);
        const total = steps.reduce((s, x) => s + ('gap' in x ? x.gap : x.bytes.length), 0);
        expect(observer.offset).toBe(start + total);
        for (const i of infos) expect(i.offset).toBeGreaterThanOrEqual(start);
      }),
      { numRuns: 500 },
    );
  });

  it('valid records cut at arbitrary points give the same infos as unsegmented', () => {
    fc.assert(
      fc.property(stream, cuts, (bytes, raw) => {
        const whole = run([{ bytes }]);
        const split = run(cutAt(bytes, positions(bytes.length, raw)).map((b) => ({ bytes: b })));
        expect(split.infos).toEqual(whole.infos);
        expect(split.observer.applicationDataBytes).toBe(whole.observer.applicationDataBytes);
        expect(whole.observer.broken).toBe(false);
        expect(whole.infos.some((i) => i.what === 'NotTls')).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('damaged records (random byte changes) never throw, and segmentation still does not matter', () => {
    const mutations = fc.array(fc.tuple(fc.nat(), fc.nat(255)), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(stream, mutations, cuts, (clean, muts, raw) => {
        const bytes = Buffer.from(clean);
        for (const [pos, value] of muts) bytes[pos % bytes.length] = value;
        const whole = run([{ bytes }]);
        const split = run(cutAt(bytes, positions(bytes.length, raw)).map((b) => ({ bytes: b })));
        expect(split.infos).toEqual(whole.infos);
      }),
      { numRuns: 500 },
    );
  });

  it('every ClientHello in a stream without CCS is reported with its SNI and ALPN', () => {
    fc.assert(
      fc.property(fc.array(clientHelloRecord, { minLength: 1, maxLength: 4 }), fc.nat(2000), (hellos, dataLen) => {
        const bytes = Buffer.concat(hellos.flatMap((h) => [h.bytes, appData(dataLen)]));
        const { infos, observer } = run([{ bytes }]);
        const reported = infos.filter((i) => i.what === 'ClientHello');
        expect(reported.map((i) => [i.sni, i.alpn, i.problem])).toEqual(hellos.map((h) => [h.sni, h.alpn, undefined]));
        expect(observer.applicationDataBytes).toBe(hellos.length * dataLen);
      }),
      { numRuns: 200 },
    );
  });
});
