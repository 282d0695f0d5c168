/** COMPRESS=DEFLATE (RFC 4978): after the tagged OK both directions are inflated and decoded. */
import { deflateRawSync, constants } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { MAX_INFLATE_RATIO } from '../../../src/protocols/imap/framer.js';
import { SyncFlushDeflater } from './deflate.js';
import { command, commands, data, ids, imap, notes, replies } from './helpers.js';

const PREAUTH = '* PREAUTH [CAPABILITY IMAP4rev1 COMPRESS=DEFLATE] welcome\r\n';
const MSG = 'Subject: compressed\r\n\r\n' + 'the same line again and again\r\n'.repeat(200);

describe('COMPRESS=DEFLATE', () => {
  it('decodes both directions after the tagged OK, the server\u2019s compressed bytes arriving with the OK included', () => {
    const c = new SyncFlushDeflater();
    const s = new SyncFlushDeflater();
    const sent = c.push('a1 SELECT INBOX\r\n');
    const s1 = s.push('* 1 EXISTS\r\n* OK [UIDVALIDITY 3] ok\r\na1 OK [READ-WRITE] done\r\n');
    const sess = imap()
      .s(PREAUTH)
      .c('z1 COMPRESS DEFLATE\r\n')
      .s(Buffer.concat([Buffer.from('z1 OK DEFLATE active\r\n'), s1.subarray(0, 5)]))
      .c(sent)
      .s(s1.subarray(5))
      .c(c.push('a2 FETCH 1 BODY[]\r\n'))
      .s(s.push(`* 1 FETCH (BODY[] {${MSG.length}}\r\n${MSG})\r\na2 OK done\r\n`))
      .end();
    expect(commands(sess).map((x) => x.verb)).toEqual(['COMPRESS', 'SELECT', 'FETCH']);
    expect(command(sess, 'a1').reply).toBeDefined();
    expect(command(sess, 'a2').reply).toBeDefined();
    expect(sess.messages[0]).toMatchObject({ via: 'imap-fetch', mailbox: 'INBOX', size: MSG.length, complete: true, headers: { subject: 'compressed' } });
    expect(sess.messages[0]!.content!.toString()).toBe(MSG);
    expect(ids(sess)).toEqual([]);
    // Offsets stay on the wire: each event points into the compressed bytes that carried it.
    const wireS = Buffer.byteLength(PREAUTH);
    const select = command(sess, 'a1');
    expect(select.offset).toBe(Buffer.byteLength('z1 COMPRESS DEFLATE\r\n'));
    const lastServer = replies(sess).at(-1)!;
    expect(lastServer.offset).toBeGreaterThan(wireS);
    expect(data(sess)[0]!.offset).toBeGreaterThan(wireS);
  });

  it('does nothing when the server refuses', () => {
    const sess = imap().s(PREAUTH).c('z1 COMPRESS DEFLATE\r\n').s('z1 NO [COMPRESSIONACTIVE] already\r\n').c('a1 NOOP\r\n').s('a1 OK done\r\n').end();
    expect(command(sess, 'a1').reply).toBeDefined();
  });

  it('stops inflating a decompression bomb and says so', () => {
    const bomb = deflateRawSync(Buffer.alloc(200 * 1024 * 1024), { finishFlush: constants.Z_SYNC_FLUSH });
    const sess = imap().s(PREAUTH).c('z1 COMPRESS DEFLATE\r\n').s('z1 OK go\r\n').s(bomb).s(bomb.subarray(0, 100)).end();
    expect(notes(sess).map((n) => n.text)).toEqual([expect.stringMatching(new RegExp(`inflates more than ${MAX_INFLATE_RATIO}-fold`))]);
  });

  it('cannot inflate past a gap, and says so', () => {
    const s = new SyncFlushDeflater();
    const sess = imap()
      .s(PREAUTH)
      .c('z1 COMPRESS DEFLATE\r\n')
      .s('z1 OK go\r\n')
      .gap('S', 100)
      .s(s.push('* 1 EXISTS\r\n'))
      .end();
    expect(notes(sess).map((n) => n.text)).toEqual(['100 compressed bytes are missing: the rest of this direction cannot be inflated']);
    expect(replies(sess)).toHaveLength(2);
  });
});
