import { describe, expect, it } from 'vitest';
import { expectedStreams } from '../../src/synth/index.js';

describe('expectedStreams', () => {
  it('concatenates each side’s steps in order, strings as UTF-8 and buffers as they are', () => {
    const streams = expectedStreams({
      steps: [
        { from: 'S', data: '220 ok\r\n' },
        { from: 'C', data: 'EHLO é\r\n' },
        { from: 'C', data: Buffer.from([0xff, 0x00]) },
        { from: 'S', data: '' },
        { from: 'S', data: '250 ok\r\n' },
      ],
    });
    expect(streams.C).toEqual(Buffer.concat([Buffer.from('EHLO \xc3\xa9\r\n', 'latin1'), Buffer.from([0xff, 0x00])]));
    expect(streams.S.toString()).toBe('220 ok\r\n250 ok\r\n');
  });

  it('gives empty streams for a silent connection', () => {
    expect(expectedStreams({ steps: [] })).toEqual({ C: Buffer.alloc(0), S: Buffer.alloc(0) });
  });
});
