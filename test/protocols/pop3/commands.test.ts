import { describe, expect, it } from 'vitest';
import { COMMANDS, messageNumber, parseCommandLine } from '../../../src/protocols/pop3/commands.js';

describe('parseCommandLine', () => {
  it('splits keyword and arguments, upper-casing the verb', () => {
    expect(parseCommandLine('retr 1')).toEqual({ verb: 'RETR', keyword: 'retr', argText: '1', args: ['1'] });
    expect(parseCommandLine('TOP 1 10')).toEqual({ verb: 'TOP', keyword: 'TOP', argText: '1 10', args: ['1', '10'] });
    expect(parseCommandLine('QUIT')).toEqual({ verb: 'QUIT', keyword: 'QUIT', argText: '', args: [] });
    expect(parseCommandLine('')).toEqual({ verb: '', keyword: '', argText: '', args: [] });
  });

  it('keeps the whole rest of a PASS line as one argument', () => {
    expect(parseCommandLine('PASS my pass phrase').args).toEqual(['my pass phrase']);
  });
});

describe('the command table', () => {
  it('knows which +OK answers are multi-line from the command alone', () => {
    const multi = (verb: string, args: number): boolean => COMMANDS[verb]!.multiline(args);
    expect([multi('LIST', 0), multi('LIST', 1), multi('UIDL', 0), multi('UIDL', 1)]).toEqual([true, false, true, false]);
    expect([multi('RETR', 1), multi('TOP', 2), multi('CAPA', 0), multi('AUTH', 0), multi('AUTH', 1)]).toEqual([true, true, true, true, false]);
    expect([multi('STAT', 0), multi('DELE', 1), multi('STLS', 0), multi('QUIT', 0)]).toEqual([false, false, false, false]);
  });

  it('knows the states of RFC 1939', () => {
    expect(COMMANDS.USER!.states).toEqual(['AUTHORIZATION']);
    expect(COMMANDS.RETR!.states).toEqual(['TRANSACTION']);
    expect(COMMANDS.QUIT!.states).toEqual(['AUTHORIZATION', 'TRANSACTION']);
  });

  it('messageNumber accepts decimal numbers from 1', () => {
    expect(messageNumber('12')).toBe(12);
    expect([messageNumber('0'), messageNumber('-1'), messageNumber('1.5'), messageNumber(undefined), messageNumber('9'.repeat(20))]).toEqual([null, null, null, null, null]);
  });
});
