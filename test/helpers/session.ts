/**
 * Drives a protocol decoder through the real session layer from bytes, the way a capture would:
 * `new SessionHarness('smtp').s('220 hi\r\n').c('EHLO x\r\n')...end()` returns the Session.
 */
import type { Direction, FlowRecord } from '../../src/flow/types.js';
import type { Session } from '../../src/model/session.js';
import type { ProtocolName } from '../../src/model/violation.js';
import { DEFAULT_DECODER_OPTIONS, type DecoderOptions } from '../../src/protocols/decoder.js';
import { SessionBuilder } from '../../src/protocols/session-builder.js';
import { DECODERS } from '../../src/protocols/registry.js';

const PORTS: Record<ProtocolName, number> = { smtp: 25, pop3: 110, imap: 143 };

function dirStats() {
  return { packets: 0, bytes: 0, payload: 0, gaps: 0, gapBytes: 0, dropped: 0 };
}

export interface HarnessOptions {
  serverPort?: number;
  decoder?: Partial<DecoderOptions>;
}

export class SessionHarness {
  private readonly builder: SessionBuilder;
  private t = 1_700_000_000;
  private done: Session | null = null;

  constructor(protocol: ProtocolName, opts: HarnessOptions = {}) {
    const flow: FlowRecord = {
      id: 0,
      client: { ip: '192.0.2.10', port: 50000 },
      server: { ip: '192.0.2.25', port: opts.serverPort ?? PORTS[protocol] },
      clientFromSyn: true,
      handshake: true,
      start: this.t,
      last: this.t,
      end: null,
      c2s: dirStats(),
      s2c: dirStats(),
      anomalies: {},
    };
    this.builder = new SessionBuilder(
      flow,
      protocol,
      'port',
      false,
      { sessionEnd: (s) => (this.done = s) },
      {
        decoder: { ...DEFAULT_DECODER_OPTIONS, ...opts.decoder },
        portMap: new Map(),
        decoders: DECODERS,
        detectBytes: 16 * 1024,
      },
    );
  }

  /** Client sends bytes (0.01 s after the previous step unless `dt` is given). */
  c(data: string | Buffer, dt = 0.01): this {
    return this.send('C', data, dt);
  }

  /** Server sends bytes. */
  s(data: string | Buffer, dt = 0.01): this {
    return this.send('S', data, dt);
  }

  send(dir: Direction, data: string | Buffer, dt = 0.01): this {
    this.t += dt;
    this.builder.data(dir, typeof data === 'string' ? Buffer.from(data, 'latin1') : data, this.t);
    return this;
  }

  /** `length` bytes of `dir` are missing from the capture. */
  gap(dir: Direction, length: number, dt = 0.01): this {
    this.t += dt;
    this.builder.gap(dir, length, this.t);
    return this;
  }

  /** The session so far (without ending it). */
  get session(): Session {
    return this.builder.session;
  }

  end(reason: 'fin' | 'rst' | 'capture-end' = 'fin'): Session {
    this.t += 0.01;
    this.builder.end(this.t, reason);
    return this.done ?? this.builder.session;
  }
}

/** Ids of the violations in a session, in order. */
export function violationIds(s: Session): string[] {
  return s.violations.map((v) => v.id);
}
