/**
 * RFC 5322 messages of any size for the synthetic mail capture: a few headers, a short text part
 * and a base64 attachment whose lines are cut from one pre-built pool, so making a multi-megabyte
 * message costs one copy and no per-byte work.
 */
import { makePrng, type Prng } from '../../src/synth/prng.js';

/** A base64 body line: 76 characters and CRLF (RFC 2045's limit). */
const LINE = 78;
/** Lines in the pool: about 8 MiB, more than the largest message the mix asks for. */
const POOL_LINES = 108_000;
const ALPHABET = Buffer.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 'latin1');

/** Makes messages of a requested size; deterministic for a given seed. */
export class MessageSource {
  /** The largest message this source can make, in bytes. */
  static readonly MAX_BYTES = (POOL_LINES - 1) * LINE;

  private readonly pool: Buffer;
  private count = 0;

  constructor(private readonly random: Prng) {
    this.pool = base64Pool(makePrng(Math.floor(random() * 0x1_0000_0000)));
  }

  /**
   * A message of about `bytes` bytes (never less than its headers, never more than MAX_BYTES),
   * CRLF line ends, no line starting with a dot (so it needs no dot-stuffing).
   */
  next(bytes: number, from: string, to: string): Buffer {
    const n = ++this.count;
    const boundary = `=_mw_${n.toString(36)}`;
    const head = Buffer.from(
      [
        `Return-Path: <${from}>`,
        `Received: from client.example.net (client.example.net [198.51.100.7])\r\n\tby mx.example.org with ESMTPS id ${n.toString(16)}; Tue, 14 Nov 2023 22:13:20 +0000`,
        `Message-ID: <${n}.${Math.floor(this.random() * 1e9)}@example.net>`,
        'Date: Tue, 14 Nov 2023 22:13:20 +0000',
        `From: Sender ${n} <${from}>`,
        `To: <${to}>`,
        `Subject: Quarterly figures, part ${n}`,
        'MIME-Version: 1.0',
        `Content-Type: multipart/mixed; boundary="${boundary}"`,
        '',
        `--${boundary}`,
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Hello,',
        'please find the figures attached.',
        '',
        `--${boundary}`,
        'Content-Type: application/pdf; name="figures.pdf"',
        'Content-Transfer-Encoding: base64',
        'Content-Disposition: attachment; filename="figures.pdf"',
        '',
        '',
      ].join('\r\n'),
      'latin1',
    );
    const tail = Buffer.from(`--${boundary}--\r\n`, 'latin1');
    const room = Math.min(bytes, MessageSource.MAX_BYTES) - head.length - tail.length;
    const lines = Math.max(1, Math.floor(room / LINE));
    const first = Math.floor(this.random() * (POOL_LINES - lines));
    return Buffer.concat([head, this.pool.subarray(first * LINE, (first + lines) * LINE), tail]);
  }
}

/** POOL_LINES lines of random base64 text. */
function base64Pool(random: Prng): Buffer {
  const pool = Buffer.allocUnsafe(POOL_LINES * LINE);
  for (let line = 0; line < POOL_LINES; line++) {
    const at = line * LINE;
    for (let i = 0; i < LINE - 2; i += 4) {
      const word = Math.floor(random() * 0x100_0000);
      pool[at + i] = ALPHABET[word >>> 18]!;
      pool[at + i + 1] = ALPHABET[(word >>> 12) & 63]!;
      pool[at + i + 2] = ALPHABET[(word >>> 6) & 63]!;
      pool[at + i + 3] = ALPHABET[word & 63]!;
    }
    pool[at + LINE - 2] = 0x0d;
    pool[at + LINE - 1] = 0x0a;
  }
  return pool;
}
