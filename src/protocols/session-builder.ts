/**
 * The session layer: one StreamConsumer per TCP connection (made by the StreamFactory this module
 * returns). It chooses the protocol (port, --map, or the server's greeting), sits the TLS layer
 * between the flow and the decoder (implicit TLS, STARTTLS), turns gaps and TCP anomalies into
 * events and violations, and hands each Session to the sinks as it grows and when it ends.
 */
import type { Direction, EndReason, FlowRecord, StreamConsumer, StreamFactory } from '../flow/types.js';
import { violationSpec } from '../model/catalogue.js';
import type { NewEvent, SessionEvent } from '../model/events.js';
import type { Message, Session } from '../model/session.js';
import type { ProtocolName } from '../model/violation.js';
import { sniffTls, TlsDirectionObserver, type TlsRecordInfo } from '../tls/observer.js';
import type { DecoderContext, DecoderFactory, DecoderOptions, ProtocolDecoder } from './decoder.js';
import { DEFAULT_DECODER_OPTIONS } from './decoder.js';
import { IMPLICIT_TLS_PORTS, protocolByBanner, protocolByPort, type PortMap } from './detect.js';
import { DECODERS } from './registry.js';

/** Receives sessions as they are decoded: the same interface serves captures, live capture and the proxy. */
export interface SessionSink {
  sessionStart?(s: Session): void;
  event?(s: Session, ev: SessionEvent): void;
  /**
   * The raw bytes of a direction as they arrive (before TLS or protocol decoding), at their stream
   * offset; gaps leave holes in the offsets. For sinks that keep the streams (archives, pcap
   * writers). `bytes` is only valid during the call: copy what you keep.
   */
  streamBytes?(s: Session, dir: Direction, offset: number, bytes: Buffer): void;
  sessionEnd(s: Session): void;
}

export interface SessionOptions {
  decoder: DecoderOptions;
  portMap: PortMap;
  decoders: Record<ProtocolName, DecoderFactory>;
  /** Bytes buffered per connection while deciding, on an unknown port, whether it is mail. */
  detectBytes: number;
}

export function createSessionFactory(sink: SessionSink, opts: Partial<SessionOptions> = {}): StreamFactory {
  const options: SessionOptions = {
    decoder: opts.decoder ?? DEFAULT_DECODER_OPTIONS,
    portMap: opts.portMap ?? new Map(),
    decoders: opts.decoders ?? DECODERS,
    detectBytes: opts.detectBytes ?? 16 * 1024,
  };
  return (flow) => {
    const byPort = protocolByPort(flow.client.port, flow.server.port, options.portMap);
    if (byPort) return new SessionBuilder(flow, byPort.protocol, byPort.detectedBy, !byPort.serverIsDst, sink, options);
    return new BannerDetector(flow, sink, options);
  };
}

type Route = 'decoder' | 'tls-pending' | 'tls' | 'ignore';

const PRINTABLE_CHECK_BYTES = 64;

/** Decodes one connection as one protocol. */
export class SessionBuilder implements StreamConsumer, DecoderContext {
  readonly session: Session;
  readonly options: DecoderOptions;
  private readonly decoder: ProtocolDecoder;
  private readonly route: Record<Direction, Route>;
  private readonly offset: Record<Direction, number> = { C: 0, S: 0 };
  /** Bytes lost while a direction waited for its first TLS record: the decoder hears of them if cleartext follows. */
  private readonly gapWhileTlsPending: Record<Direction, number> = { C: 0, S: 0 };
  private readonly tlsObservers: Partial<Record<Direction, TlsDirectionObserver>> = {};
  private readonly tlsSeen: Record<Direction, Set<string>> = { C: new Set(), S: new Set() };
  private readonly implicitTls: boolean;
  private ended = false;

  constructor(
    flow: FlowRecord,
    protocol: ProtocolName,
    detectedBy: Session['detectedBy'],
    /** True when the flow's client is really the server (no SYN, and the mail port is on the flow's client side). */
    private readonly swap: boolean,
    private readonly sink: SessionSink,
    opts: SessionOptions,
  ) {
    this.options = opts.decoder;
    this.session = {
      id: flow.id,
      protocol,
      detectedBy,
      client: swap ? flow.server : flow.client,
      server: swap ? flow.client : flow.server,
      start: flow.start,
      end: flow.start,
      endReason: null,
      tls: 'none',
      events: [],
      messages: [],
      violations: [],
      gaps: { c2s: 0, s2c: 0 },
      bytes: { c2s: 0, s2c: 0 },
    };
    this.implicitTls = IMPLICIT_TLS_PORTS.has(this.session.server.port) && detectedBy === 'port';
    const first: Route = this.implicitTls ? 'tls-pending' : 'decoder';
    this.route = { C: first, S: first };
    this.decoder = opts.decoders[protocol](this);
    sink.sessionStart?.(this.session);
  }

  // ---- StreamConsumer -------------------------------------------------------------------------

  data(flowDir: Direction, bytes: Buffer, ts: number): void {
    const dir = this.dir(flowDir);
    this.session.end = ts;
    const start = this.offset[dir];
    this.offset[dir] += bytes.length;
    this.countBytes(dir, bytes.length);
    this.sink.streamBytes?.(this.session, dir, start, bytes);
    this.deliver(dir, bytes, ts, start);
  }

  gap(flowDir: Direction, length: number, ts: number): void {
    const dir = this.dir(flowDir);
    this.session.end = ts;
    const start = this.offset[dir];
    this.offset[dir] += length;
    this.countBytes(dir, length);
    if (dir === 'C') this.session.gaps.c2s += length;
    else this.session.gaps.s2c += length;
    if (this.route[dir] === 'decoder') this.decoder.beforeGap?.(dir, length, ts);
    this.emit({ kind: 'gap', ts, dir, offset: start, length });
    const route = this.route[dir];
    if (route === 'decoder') this.decoder.gap(dir, length, ts);
    else if (route === 'tls') this.tlsObservers[dir]!.gap(length);
    else if (route === 'tls-pending') this.gapWhileTlsPending[dir] += length;
  }

  anomaly(flowDir: Direction, kind: string, message: string, ts: number): void {
    if (kind !== 'overlap-mismatch') return;
    const dir = this.dir(flowDir);
    const idx = this.emit({ kind: 'note', ts, dir, offset: this.offset[dir], length: 0, text: `TCP: ${message}` });
    this.violation('TCP-OVERLAP-MISMATCH', idx, message);
  }

  end(ts: number, reason: EndReason): void {
    if (this.ended) return;
    this.ended = true;
    this.session.end = Math.max(this.session.end, ts);
    this.session.endReason = reason;
    if (this.session.tlsInfo) {
      this.session.tlsInfo.encryptedBytes = {
        c2s: this.tlsObservers.C?.applicationDataBytes ?? 0,
        s2c: this.tlsObservers.S?.applicationDataBytes ?? 0,
      };
    }
    this.decoder.end(ts, reason);
    this.sink.sessionEnd(this.session);
  }

  // ---- DecoderContext -------------------------------------------------------------------------

  get eventCount(): number {
    return this.session.events.length;
  }

  emit(ev: NewEvent): number {
    const index = this.session.events.length;
    const full = { ...ev, index } as SessionEvent;
    this.session.events.push(full);
    this.sink.event?.(this.session, full);
    return index;
  }

  event(index: number): SessionEvent {
    const ev = this.session.events[index];
    if (!ev) throw new RangeError(`no event ${index}`);
    return ev;
  }

  violation(id: string, event: number, message: string): void {
    const spec = violationSpec(id);
    this.session.violations.push({ id, severity: spec.severity, rfc: spec.rfc, message, event });
  }

  addMessage(m: Omit<Message, 'index'>): number {
    const index = this.session.messages.length;
    this.session.messages.push({ ...m, index });
    return index;
  }

  message(index: number): Message {
    const m = this.session.messages[index];
    if (!m) throw new RangeError(`no message ${index}`);
    return m;
  }

  startTls(event: number): void {
    if (this.session.tls === 'none') {
      this.session.tls = 'starttls';
      this.session.tlsInfo = { startEvent: event, decrypted: false };
    }
    this.route.C = 'tls-pending';
    this.route.S = 'tls-pending';
  }

  // ---- routing --------------------------------------------------------------------------------

  private countBytes(dir: Direction, n: number): void {
    if (dir === 'C') this.session.bytes.c2s += n;
    else this.session.bytes.s2c += n;
  }

  private dir(flowDir: Direction): Direction {
    if (!this.swap) return flowDir;
    return flowDir === 'C' ? 'S' : 'C';
  }

  private deliver(dir: Direction, bytes: Buffer, ts: number, offset: number): void {
    switch (this.route[dir]) {
      case 'decoder':
        this.decoder.feed(dir, bytes, ts);
        return;
      case 'tls':
        this.tlsObservers[dir]!.push(bytes);
        return;
      case 'ignore':
        return;
      case 'tls-pending':
        this.decideTls(dir, bytes, ts, offset);
        return;
    }
  }

  /** First bytes of a direction where TLS is expected: TLS, the protocol in cleartext, or neither. */
  private decideTls(dir: Direction, bytes: Buffer, ts: number, offset: number): void {
    const isTls = sniffTls(bytes);
    if (isTls === null && bytes.length < 3) {
      // Too short to tell (a 1–2 byte segment): treat as TLS only if it starts like a record.
      if (bytes[0] !== 0x16 && bytes[0] !== 0x15) return this.cleartextWhereTlsExpected(dir, bytes, ts, offset);
    }
    if (isTls !== false) {
      this.route[dir] = 'tls';
      if (this.implicitTls && this.session.tls === 'none') {
        this.session.tls = 'implicit';
        this.session.tlsInfo = { startEvent: this.eventCount, decrypted: false };
      }
      const obs = new TlsDirectionObserver(offset, (info) => this.tlsInfo(dir, info, ts));
      this.tlsObservers[dir] = obs;
      obs.push(bytes);
      return;
    }
    this.cleartextWhereTlsExpected(dir, bytes, ts, offset);
  }

  private cleartextWhereTlsExpected(dir: Direction, bytes: Buffer, ts: number, offset: number): void {
    const who = dir === 'C' ? 'client' : 'server';
    if (this.implicitTls && this.session.tls === 'none') {
      const text = looksLikeText(bytes);
      const idx = this.emit({
        kind: 'note',
        ts,
        dir,
        offset,
        length: 0,
        text: text
          ? `port ${this.session.server.port} expects TLS from the first byte, but the ${who} speaks cleartext`
          : `port ${this.session.server.port} expects TLS, but the ${who} sends neither TLS nor ${this.session.protocol.toUpperCase()}; not decoded`,
      });
      this.violation('TLS-NOT-TLS-ON-IMPLICIT-PORT', idx, `${who} bytes start with ${hexPrefix(bytes)}`);
      this.route[dir] = text ? 'decoder' : 'ignore';
      if (text) {
        this.tellDecoderOfPendingGap(dir, ts);
        this.decoder.feed(dir, bytes, ts);
      }
      return;
    }
    const idx = this.emit({
      kind: 'note',
      ts,
      dir,
      offset,
      length: 0,
      text: `no TLS handshake: the ${who} goes on in cleartext after the upgrade`,
    });
    this.violation('TLS-CLEARTEXT-AFTER-UPGRADE', idx, `${who} sent ${JSON.stringify(previewText(bytes))} instead of a TLS record`);
    this.route[dir] = 'decoder';
    this.decoder.resumeCleartext(dir, ts);
    this.tellDecoderOfPendingGap(dir, ts);
    this.decoder.feed(dir, bytes, ts);
  }

  /** A gap while TLS was expected (its event is already in the session) moves the decoder's stream offset too. */
  private tellDecoderOfPendingGap(dir: Direction, ts: number): void {
    const missed = this.gapWhileTlsPending[dir];
    if (missed === 0) return;
    this.gapWhileTlsPending[dir] = 0;
    this.decoder.gap(dir, missed, ts);
  }

  private tlsInfo(dir: Direction, info: TlsRecordInfo, ts: number): void {
    const seen = this.tlsSeen[dir];
    if (info.what === 'ApplicationData') {
      // One event for the first encrypted record each way; the bytes are counted, not listed.
      if (seen.has('ApplicationData')) return;
    } else if (info.what === 'NotTls') {
      if (seen.has('NotTls')) return;
      seen.add('NotTls');
      this.emit({ kind: 'note', ts, dir, offset: info.offset, length: info.length, text: `TLS stream lost: ${info.problem ?? 'bytes that are not TLS records'}; the rest is counted, not decoded` });
      return;
    }
    seen.add(info.what);
    const ev: NewEvent = { kind: 'tls', ts, dir, offset: info.offset, length: info.length, what: info.what === 'ApplicationData' ? 'encrypted application data' : info.what };
    if (info.sni !== undefined) ev.sni = info.sni;
    if (info.version !== undefined) ev.version = info.version;
    if (info.cipher !== undefined) ev.cipher = info.cipher;
    if (info.alpn !== undefined) ev.alpn = info.alpn;
    if (info.alert !== undefined) ev.alert = `${info.alertLevel ?? ''} ${info.alert}`.trim();
    this.emit(ev);
    if ((info.what === 'ServerHello' || info.what === 'HelloRetryRequest') && dir === 'S') {
      const server = this.tlsObservers.S;
      if (server?.negotiatedVersion != null) this.tlsObservers.C?.setNegotiatedVersion(server.negotiatedVersion);
    }
    const tls = this.session.tlsInfo;
    if (!tls) return;
    if (info.what === 'ClientHello' && info.sni !== undefined) tls.sni = info.sni;
    if (info.what === 'ServerHello') {
      if (info.version !== undefined) tls.version = info.version;
      if (info.cipher !== undefined) tls.cipher = info.cipher;
    }
  }
}

/**
 * A connection on a port that is not known to carry mail: holds its first bytes until the server's
 * greeting says which protocol it is (or that it is not mail), then replays them into a session.
 */
class BannerDetector implements StreamConsumer {
  private readonly held: { dir: Direction; bytes?: Buffer; gap?: number; ts: number }[] = [];
  private heldBytes = 0;
  private readonly firstLine: Record<Direction, Buffer> = { C: Buffer.alloc(0), S: Buffer.alloc(0) };
  private target: StreamConsumer | null = null;
  private givenUp = false;

  constructor(
    private readonly flow: FlowRecord,
    private readonly sink: SessionSink,
    private readonly opts: SessionOptions,
  ) {}

  data(dir: Direction, bytes: Buffer, ts: number): void {
    if (this.target) return this.target.data(dir, bytes, ts);
    if (this.givenUp) return;
    this.held.push({ dir, bytes: Buffer.from(bytes), ts });
    this.heldBytes += bytes.length;
    if (!this.firstLine[dir].includes(0x0a) && this.firstLine[dir].length < 1024) {
      this.firstLine[dir] = Buffer.concat([this.firstLine[dir], bytes.subarray(0, 1024)]);
    }
    this.decide();
  }

  gap(dir: Direction, length: number, ts: number): void {
    if (this.target) return this.target.gap(dir, length, ts);
    if (this.givenUp) return;
    this.held.push({ dir, gap: length, ts });
  }

  anomaly(dir: Direction, kind: string, message: string, ts: number): void {
    this.target?.anomaly?.(dir, kind, message, ts);
  }

  end(ts: number, reason: EndReason): void {
    if (!this.target && !this.givenUp) this.decide(true);
    this.target?.end(ts, reason);
  }

  private decide(atEnd = false): void {
    const line = (dir: Direction): string | null => {
      const b = this.firstLine[dir];
      const lf = b.indexOf(0x0a);
      if (lf < 0) return atEnd && b.length > 0 ? b.toString('latin1') : null;
      return b.subarray(0, lf).toString('latin1').replace(/\r$/, '');
    };
    const serverLine = line('S');
    const clientLine = line('C');
    let proto = protocolByBanner(serverLine, clientLine);
    if (proto === undefined && (atEnd || this.heldBytes > this.opts.detectBytes)) proto = null;
    if (proto === undefined) return;
    if (proto === null) {
      this.givenUp = true;
      this.held.length = 0;
      return;
    }
    const builder = new SessionBuilder(this.flow, proto, 'banner', false, this.sink, this.opts);
    this.target = builder;
    for (const h of this.held) {
      if (h.bytes) builder.data(h.dir, h.bytes, h.ts);
      else builder.gap(h.dir, h.gap!, h.ts);
    }
    this.held.length = 0;
  }
}

function looksLikeText(bytes: Buffer): boolean {
  const n = Math.min(bytes.length, PRINTABLE_CHECK_BYTES);
  if (n === 0) return false;
  let ok = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if ((b >= 0x20 && b < 0x7f) || b === 0x0d || b === 0x0a || b === 0x09) ok++;
  }
  return ok / n >= 0.95;
}

function hexPrefix(bytes: Buffer): string {
  return [...bytes.subarray(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
}

function previewText(bytes: Buffer): string {
  const s = bytes.subarray(0, 40).toString('latin1');
  return bytes.length > 40 ? `${s}…` : s;
}
