/**
 * The IMAP decoder (RFC 9051, RFC 3501 and the extensions on the wire: LITERAL+/LITERAL-, IDLE,
 * SASL-IR, STARTTLS, COMPRESS=DEFLATE, ...). A sans-I/O state machine fed both directions in
 * capture order. Each direction is framed into lines and literals (framer.ts), assembled into
 * whole commands and responses across their literals (side.ts), and parsed by a grammar named
 * after the RFC's ABNF (syntax/). The client side (client.ts) and server side (server.ts) share
 * the connection's state (connection.ts): commands in flight by tag, state, capabilities, the
 * selected mailbox.
 *
 * Events: a command event per command (`UID FETCH` as a two-word verb), a reply event per response
 * line (untagged `*`, continuation `+`, tagged), a data event per literal (message content and
 * literal arguments, streamed, with a bounded preview), an auth event per SASL answer, notes when
 * bytes are skipped. Commands and responses that span literals are emitted at their first line
 * and completed in place (lines, length, detail) as the rest arrives.
 */
import type { Direction } from '../../flow/types.js';
import type { DecoderContext, DecoderFactory, ProtocolDecoder } from '../decoder.js';
import { ClientSide } from './client.js';
import { ImapConnection, type PendingCommand } from './connection.js';
import { Framer } from './framer.js';
import { ServerSide, type ServerActions } from './server.js';

export const createImapDecoder: DecoderFactory = (ctx) => new ImapDecoder(ctx);

class ImapDecoder implements ProtocolDecoder, ServerActions {
  readonly protocol = 'imap' as const;
  private readonly conn = new ImapConnection();
  private readonly client: ClientSide;
  private readonly server: ServerSide;
  private readonly framers: Record<Direction, Framer>;

  constructor(private readonly ctx: DecoderContext) {
    this.client = new ClientSide(ctx, this.conn);
    this.server = new ServerSide(ctx, this.conn, this);
    this.framers = { C: new Framer(this.client), S: new Framer(this.server) };
    this.client.attach(this.framers.C);
  }

  feed(dir: Direction, bytes: Buffer, ts: number): void {
    if (bytes.length === 0) return;
    this.conn.seen[dir] = true;
    this.framers[dir].feed(bytes, ts);
  }

  gap(dir: Direction, length: number, ts: number): void {
    this.framers[dir].gap(length, ts);
  }

  end(ts: number): void {
    for (const dir of ['C', 'S'] as const) {
      this.framers[dir].end(ts);
      (dir === 'C' ? this.client : this.server).end();
    }
  }

  resumeCleartext(dir: Direction): void {
    this.conn.encrypted = false;
    this.framers[dir].resume();
  }

  // ---- ServerActions ----------------------------------------------------------------------------

  startTls(event: number): void {
    const c = this.framers.C;
    const s = this.framers.S;
    const sentAfter = this.client.startTlsEnd === null ? 0 : c.offset + c.buffered - this.client.startTlsEnd;
    this.client.startTlsEnd = null;
    if (sentAfter > 0) {
      this.ctx.violation(
        'IMAP-STARTTLS-INJECTION',
        event,
        `the client sent ${sentAfter} bytes after STARTTLS before the server's answer; they are outside the TLS session`,
      );
    }
    if (s.buffered > 0) {
      this.ctx.violation(
        'IMAP-STARTTLS-INJECTION',
        event,
        `the server sent ${s.buffered} bytes after accepting STARTTLS, before the TLS handshake`,
      );
    }
    c.stopForTls();
    s.stopAfterBuffered();
    this.conn.encrypted = true;
    // RFC 9051 §6.2.1: capabilities learnt before TLS are discarded.
    this.conn.caps = null;
    this.ctx.startTls(event);
  }

  startCompression(ts: number): void {
    this.framers.S.startInflate(ts);
    this.framers.C.startInflate(ts);
  }

  literalRefused(p: PendingCommand): void {
    this.client.literalRefused(p);
  }
}
