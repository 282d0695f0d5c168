/**
 * A DEFLATE stream as an IMAP peer with COMPRESS=DEFLATE writes it: each push is compressed and
 * ended with a sync flush, continuing the same stream (the window of what came before is the
 * dictionary), so that the pushes concatenated form one raw DEFLATE stream.
 */
import { constants, deflateRawSync } from 'node:zlib';

export class SyncFlushDeflater {
  private history = Buffer.alloc(0);

  push(text: string | Buffer): Buffer {
    const input = typeof text === 'string' ? Buffer.from(text, 'latin1') : text;
    const out = deflateRawSync(input, {
      finishFlush: constants.Z_SYNC_FLUSH,
      ...(this.history.length ? { dictionary: this.history } : {}),
    });
    const all = Buffer.concat([this.history, input]);
    this.history = Buffer.from(all.subarray(Math.max(0, all.length - 32768)));
    return out;
  }
}
