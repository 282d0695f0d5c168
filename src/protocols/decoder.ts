/**
 * The contract between the session layer and a protocol decoder. Decoders are sans-I/O state
 * machines (like h11): fed bytes per direction in capture order, they emit events through the
 * context. They never touch files, sockets, timers or the terminal, so the same decoder serves a
 * capture, a live interface and the proxy, and every test drives one by feeding it bytes.
 */
import type { Direction, EndReason } from '../flow/types.js';
import type { NewEvent, SessionEvent } from '../model/events.js';
import type { Message } from '../model/session.js';
import type { ProtocolName } from '../model/violation.js';

export interface DecoderOptions {
  /** Show AUTH/PASS/LOGIN secrets in clear (default false: masked as `********`). */
  showSecrets: boolean;
  /** Bytes of message/literal content kept per data event for display (DataEvent.preview). */
  previewBytes: number;
  /** Messages up to this size keep their content in Message.content (for .eml export). */
  keepMessageBytes: number;
}

export const DEFAULT_DECODER_OPTIONS: DecoderOptions = {
  showSecrets: false,
  previewBytes: 2048,
  keepMessageBytes: 32 * 1024 * 1024,
};

/** What a decoder can do to the session it decodes. */
export interface DecoderContext {
  readonly options: DecoderOptions;
  /** Appends an event; returns its index in session.events. */
  emit(ev: NewEvent): number;
  /** An event already emitted (to pair a command with its reply, and so on). */
  event(index: number): SessionEvent;
  /** Number of events so far (the index the next emitted event will get). */
  readonly eventCount: number;
  /**
   * Records a violation of catalogue entry `id` at event `event` (-1: the session as a whole).
   * `message` names the evidence in one line. Severity and RFC come from the catalogue.
   */
  violation(id: string, event: number, message: string): void;
  /** Adds a message carried in the session; returns its index. */
  addMessage(m: Omit<Message, 'index'>): number;
  message(index: number): Message;
  /**
   * The decoder saw a STARTTLS/STLS accepted by the server at event `event`: from the next byte
   * on, both directions are handed to the TLS layer instead of the decoder. If a direction then
   * turns out not to carry TLS, the TLS layer gives those bytes back through `feed` after calling
   * `resumeCleartext`.
   */
  startTls(event: number): void;
}

export interface ProtocolDecoder {
  readonly protocol: ProtocolName;
  /** Bytes of one direction, in stream order. */
  feed(dir: Direction, bytes: Buffer, ts: number): void;
  /**
   * Optional: `length` bytes of this direction are about to be reported missing. Called before the
   * session emits the gap event, so that a decoder can first emit what precedes the hole (content
   * it was still collecting, a half-received reply) and event offsets stay in order.
   */
  beforeGap?(dir: Direction, length: number, ts: number): void;
  /** `length` bytes of this direction are missing from the capture (the session has emitted the gap event). */
  gap(dir: Direction, length: number, ts: number): void;
  /**
   * The connection ended: flush and report what was left open. `reason` tells a real close
   * (`fin`, `rst`) from a capture that simply stopped (`capture-end`, `timeout`, `limit`).
   */
  end(ts: number, reason?: EndReason): void;
  /** After startTls(): this direction goes on in cleartext, so decoding resumes on it. */
  resumeCleartext(dir: Direction, ts: number): void;
}

export type DecoderFactory = (ctx: DecoderContext) => ProtocolDecoder;
