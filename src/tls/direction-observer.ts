/**
 * Watches one direction of a TLS connection without decrypting it and reports what is visible in
 * the clear: the hellos (SNI, ALPN, versions, cipher suites), the first Certificate message of a
 * TLS ≤ 1.2 handshake, alerts, ChangeCipherSpec, and the start of each run of application data
 * (whose bytes are counted, not reported record by record).
 *
 * Handshake and alert contents are read until this direction's ChangeCipherSpec in TLS ≤ 1.2. In
 * TLS 1.3 every protected record travels as application_data, so handshake and alert records stay
 * plaintext and the ChangeCipherSpec is only for middlebox compatibility; the observer knows the
 * connection is TLS 1.3 once a ServerHello selecting it was seen in either direction (the other
 * direction's through setNegotiatedVersion, which TlsConnectionObserver does).
 *
 * Never throws on any input. Memory: a partial record header plus at most MAX_RECORD_FRAGMENT bytes
 * of one handshake message.
 */
import { parseCertificateMessage } from './certificate.js';
import { cipherSuiteName } from './cipher-suites.js';
import { HandshakeReader, type HandshakeMessage } from './handshake-reader.js';
import { parseClientHello, parseServerHello } from './hello.js';
import { alertDescriptionName, alertLevelName, isTls13, versionName } from './names.js';
import {
  ContentType,
  MAX_RECORD_FRAGMENT,
  RECORD_HEADER_LENGTH,
  TlsRecordFramer,
  type RecordHeader,
  type TlsRecordSink,
} from './record-framer.js';

const HS_CLIENT_HELLO = 1;
const HS_SERVER_HELLO = 2;
const HS_CERTIFICATE = 11;

export type TlsInfoKind =
  | 'ClientHello'
  | 'ServerHello'
  | 'HelloRetryRequest'
  | 'Certificate'
  | 'ChangeCipherSpec'
  | 'Alert'
  | 'Heartbeat'
  | 'ApplicationData'
  | 'NotTls';

/** One thing seen on the wire: a handshake message of interest, an alert, a run of application data, ... */
export interface TlsRecordInfo {
  what: TlsInfoKind;
  /** Stream offset of the first record that carried it (for NotTls: of the bad header). */
  offset: number;
  /** Bytes from `offset` to the end of the last record that carried it (ApplicationData: its first record). */
  length: number;
  /** ClientHello: server_name. */
  sni?: string;
  /** ClientHello: protocols offered by ALPN; ServerHello: the one selected. */
  alpn?: string[];
  /** ServerHello / HelloRetryRequest: the version selected (supported_versions in TLS 1.3), e.g. `TLS 1.3`. */
  version?: string;
  /** ClientHello: supported_versions without GREASE, or the legacy version alone without that extension. */
  offeredVersions?: string[];
  /** ServerHello / HelloRetryRequest: the cipher suite selected, e.g. `TLS_AES_128_GCM_SHA256`. */
  cipher?: string;
  /** ClientHello: the cipher suites offered, in order, without GREASE. */
  offeredCiphers?: string[];
  /** Alert: `warning` or `fatal` (absent when encrypted). */
  alertLevel?: string;
  /** Alert: description name, e.g. `handshake_failure` (absent when encrypted). */
  alert?: string;
  /** Alert / Heartbeat / ChangeCipherSpec (of a renegotiation): the record is encrypted, its content unreadable. */
  encrypted?: boolean;
  /** Certificate: subject commonName of the first certificate. */
  subjectCn?: string;
  /** Certificate: number of certificates in the chain. */
  certificates?: number;
  /** Something wrong with it (malformed, cut short, bytes missing from the capture), or why it is not TLS. */
  problem?: string;
}

export class TlsDirectionObserver {
  private readonly framer: TlsRecordFramer;
  private readonly handshake: HandshakeReader;
  /** The current record (valid between recordStart and the next recordStart). */
  private record: RecordHeader = { type: 0, version: 0, length: 0, offset: 0 };
  private recordEnd = 0;
  private ccsSeen = false;
  private tls13 = false;
  private selected: number | null = null;
  private certificateSeen = false;
  private handshakeLost = false;
  /** A partial alert (alerts may in theory be fragmented over records): level byte and its record. */
  private alertLevel = -1;
  private alertOffset = 0;
  /** Inside the current alert record a gap took bytes: the pairs are no longer aligned. */
  private alertSkip = false;
  private inAppDataRun = false;
  private appBytes = 0;
  private appRecords = 0;

  /**
   * @param startOffset stream offset of the first byte that will be pushed
   * @param onInfo receives each TlsRecordInfo, in stream order
   */
  constructor(
    startOffset: number,
    private readonly onInfo: (info: TlsRecordInfo) => void,
  ) {
    const sink: TlsRecordSink = {
      recordStart: (h) => this.recordStart(h),
      recordData: (piece) => this.recordData(piece),
      recordGap: (length) => this.recordGap(length),
      recordEnd: () => {},
      invalidRecord: (offset, length, problem) =>
        this.emit({ what: 'NotTls', offset, length, problem: `not a TLS record header: ${problem}` }),
    };
    this.framer = new TlsRecordFramer(startOffset, sink);
    this.handshake = new HandshakeReader((t) => this.wantMessage(t), (m) => this.message(m), MAX_RECORD_FRAGMENT);
  }

  /** Feeds bytes of this direction in order; records and handshake messages may be cut anywhere. */
  push(bytes: Buffer): void {
    this.framer.push(bytes);
  }

  /**
   * `length` bytes of this direction are missing. Inside a record the observer keeps its place
   * (the record's length says where the next one starts); a gap across a record boundary loses it,
   * and from then on bytes are only counted (unframedBytes).
   */
  gap(length: number): void {
    this.framer.gap(length);
  }

  /**
   * The ServerHello of the other direction selected `version`. With TLS 1.3, the ChangeCipherSpec
   * of this direction does not start encryption of handshake records, so a second ClientHello after
   * a HelloRetryRequest is still read.
   */
  setNegotiatedVersion(version: number): void {
    this.selected = version;
    if (isTls13(version)) this.tls13 = true;
  }

  /** Stream offset of the next byte. */
  get offset(): number {
    return this.framer.offset;
  }

  /** Fragment bytes of application_data records seen (in TLS 1.3 this includes the encrypted handshake). */
  get applicationDataBytes(): number {
    return this.appBytes;
  }

  /** Number of application_data records seen. */
  get applicationDataRecords(): number {
    return this.appRecords;
  }

  /** Bytes that arrived after the observer stopped following records (a gap lost the place, or not TLS). */
  get unframedBytes(): number {
    return this.framer.unframedBytes;
  }

  /** The stream stopped looking like TLS (an invalid record header; a NotTls info says where). */
  get broken(): boolean {
    return this.framer.state === 'broken';
  }

  /** Still following the stream record by record (not broken, and no gap lost the place). */
  get inSync(): boolean {
    return this.framer.state === 'records';
  }

  /** The version a ServerHello selected (this direction's, or the peer's via setNegotiatedVersion), or null. */
  get negotiatedVersion(): number | null {
    return this.selected;
  }

  /** Handshake and alert records are encrypted from this direction's ChangeCipherSpec on, except in TLS 1.3. */
  private get encrypted(): boolean {
    return this.ccsSeen && !this.tls13;
  }

  private emit(info: TlsRecordInfo): void {
    this.inAppDataRun = info.what === 'ApplicationData';
    this.onInfo(info);
  }

  private recordStart(h: RecordHeader): void {
    if (h.type !== ContentType.ALERT || this.record.type !== ContentType.ALERT) this.alertLevel = -1;
    this.record = h;
    this.recordEnd = h.offset + RECORD_HEADER_LENGTH + h.length;
    this.alertSkip = false;
    switch (h.type) {
      case ContentType.CHANGE_CIPHER_SPEC:
        if (this.encrypted) this.emitRecord('ChangeCipherSpec', { encrypted: true }); // a renegotiation's
        else this.emitRecord('ChangeCipherSpec', h.length === 1 ? {} : { problem: `length ${h.length}, not 1` });
        if (!this.tls13) {
          this.ccsSeen = true;
          this.handshake.reset();
        }
        break;
      case ContentType.ALERT:
        if (this.encrypted) this.emitRecord('Alert', { encrypted: true });
        break;
      case ContentType.APPLICATION_DATA:
        this.appRecords++;
        if (!this.inAppDataRun) this.emitRecord('ApplicationData', {});
        break;
      case ContentType.HEARTBEAT:
        this.emitRecord('Heartbeat', this.encrypted ? { encrypted: true } : {});
        break;
    }
  }

  /** An info about the current record as a whole. */
  private emitRecord(what: TlsInfoKind, extra: Pick<TlsRecordInfo, 'encrypted' | 'problem'>): void {
    this.emit({ what, offset: this.record.offset, length: this.recordEnd - this.record.offset, ...extra });
  }

  private recordData(piece: Buffer): void {
    switch (this.record.type) {
      case ContentType.APPLICATION_DATA:
        this.appBytes += piece.length;
        break;
      case ContentType.HANDSHAKE:
        if (!this.encrypted && !this.handshakeLost) this.handshake.push(piece, this.record.offset);
        break;
      case ContentType.ALERT:
        if (!this.encrypted && !this.alertSkip) this.alertBytes(piece);
        break;
    }
  }

  private recordGap(length: number): void {
    switch (this.record.type) {
      case ContentType.HANDSHAKE:
        if (!this.encrypted && !this.handshakeLost && !this.handshake.skip(length)) this.handshakeLost = true;
        break;
      case ContentType.ALERT:
        this.alertSkip = true;
        this.alertLevel = -1;
        break;
    }
  }

  private alertBytes(piece: Buffer): void {
    for (const b of piece) {
      if (this.alertLevel < 0) {
        this.alertLevel = b;
        this.alertOffset = this.record.offset;
        continue;
      }
      this.emit({
        what: 'Alert',
        offset: this.alertOffset,
        length: this.recordEnd - this.alertOffset,
        alertLevel: alertLevelName(this.alertLevel),
        alert: alertDescriptionName(b),
      });
      this.alertLevel = -1;
    }
  }

  private wantMessage(type: number): boolean {
    return type === HS_CLIENT_HELLO || type === HS_SERVER_HELLO || (type === HS_CERTIFICATE && !this.certificateSeen);
  }

  private message(m: HandshakeMessage): void {
    const where = { offset: m.recordOffset, length: this.recordEnd - m.recordOffset };
    const problem = m.damaged
      ? 'bytes missing from the capture'
      : m.body.length < m.length
        ? `${m.length} bytes long, only the first ${m.body.length} read`
        : undefined;
    switch (m.type) {
      case HS_CLIENT_HELLO:
        this.clientHello(m, where, problem);
        break;
      case HS_SERVER_HELLO:
        this.serverHello(m, where, problem);
        break;
      case HS_CERTIFICATE: {
        this.certificateSeen = true;
        if (m.damaged) {
          this.emit({ what: 'Certificate', ...where, problem });
          break;
        }
        const c = parseCertificateMessage(m.body, problem === undefined);
        this.emit({
          what: 'Certificate',
          ...where,
          ...(c.subjectCn !== undefined && { subjectCn: c.subjectCn }),
          ...(c.count !== undefined && { certificates: c.count }),
          ...withProblem(problem ?? c.problem),
        });
        break;
      }
    }
  }

  private clientHello(m: HandshakeMessage, where: { offset: number; length: number }, problem: string | undefined): void {
    const ch = m.damaged ? null : parseClientHello(m.body);
    if (ch === null) {
      this.emit({ what: 'ClientHello', ...where, problem: problem ?? 'malformed: fixed fields cut short' });
      return;
    }
    this.emit({
      what: 'ClientHello',
      ...where,
      ...(ch.sni !== undefined && { sni: ch.sni }),
      ...(ch.alpn !== undefined && { alpn: ch.alpn }),
      offeredVersions: ch.offeredVersions.map(versionName),
      offeredCiphers: ch.cipherSuites.map(cipherSuiteName),
      ...withProblem(problem ?? ch.problem),
    });
  }

  private serverHello(m: HandshakeMessage, where: { offset: number; length: number }, problem: string | undefined): void {
    const sh = m.damaged ? null : parseServerHello(m.body);
    if (sh === null) {
      this.emit({ what: 'ServerHello', ...where, problem: problem ?? 'malformed: fixed fields cut short' });
      return;
    }
    this.setNegotiatedVersion(sh.version);
    this.emit({
      what: sh.helloRetryRequest ? 'HelloRetryRequest' : 'ServerHello',
      ...where,
      version: versionName(sh.version),
      cipher: cipherSuiteName(sh.cipherSuite),
      ...(sh.alpn !== undefined && { alpn: [sh.alpn] }),
      ...withProblem(problem ?? sh.problem),
    });
  }
}

function withProblem(problem: string | undefined): { problem?: string } {
  return problem === undefined ? {} : { problem };
}
