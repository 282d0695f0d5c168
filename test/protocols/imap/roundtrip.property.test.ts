import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../src/protocols/imap/syntax/command.js';
import { parseResponse } from '../../../src/protocols/imap/syntax/response.js';
import { serializeCommand, serializeResponse } from '../../../src/protocols/imap/syntax/serialize.js';
import { command, response, withoutRefs, writerChoice } from './arbitraries.js';
import { frame } from './helpers.js';

describe('IMAP grammar round trip', () => {
  it('parse(serialise(response)) == response', () => {
    fc.assert(
      fc.property(response(300), writerChoice, (r, choice) => {
        const bytes = serializeResponse(r, choice);
        const parsed = parseResponse(frame(bytes));
        if (parsed.status !== 'ok') throw new Error(`${JSON.stringify(parsed)}\n${bytes.toString('latin1')}`);
        expect(parsed.value).toEqual(JSON.parse(JSON.stringify(r)));
        expect(parsed.quirks).toEqual([]);
      }),
      { numRuns: 3000 },
    );
  });

  it('parse(serialise(command)) == command, with synchronising and non-synchronising literals', () => {
    fc.assert(
      fc.property(command(300), writerChoice, fc.boolean(), (c, choice, nonSync) => {
        const bytes = serializeCommand(c, { ...choice, nonSync });
        const parsed = parseCommand(frame(bytes));
        if (parsed.status !== 'ok') throw new Error(`${JSON.stringify(parsed)}\n${bytes.toString('latin1')}`);
        expect(withoutRefs(parsed.value)).toEqual(JSON.parse(JSON.stringify(c)));
      }),
      { numRuns: 3000 },
    );
  });
});
