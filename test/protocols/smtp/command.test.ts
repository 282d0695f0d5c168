import { describe, expect, it } from 'vitest';
import { commandSyntaxProblem, endsPipelineGroup, isKnownVerb, looksLikeCommand, parseBdatArgs, splitCommand } from '../../../src/protocols/smtp/command.js';
import { capabilityForCommand, capabilityForParam, pathLineLimit } from '../../../src/protocols/smtp/extensions.js';

describe('splitCommand', () => {
  it('upper-cases the verb and keeps the arguments as sent', () => {
    expect(splitCommand('mail FROM:<a@b> size=1')).toEqual({ verb: 'MAIL', args: 'FROM:<a@b> size=1' });
    expect(splitCommand('QUIT')).toEqual({ verb: 'QUIT', args: '' });
    expect(splitCommand('')).toEqual({ verb: '', args: '' });
    expect(splitCommand('NOOP  two spaces')).toEqual({ verb: 'NOOP', args: ' two spaces' });
  });
});

describe('isKnownVerb and endsPipelineGroup', () => {
  it('knows RFC 5321, extension and private X- verbs', () => {
    for (const v of ['EHLO', 'LHLO', 'BDAT', 'STARTTLS', 'AUTH', 'ETRN', 'XCLIENT', 'XFORWARD']) expect(isKnownVerb(v), v).toBe(true);
    for (const v of ['', 'X', 'HELLO,', 'GET', 'X.Y', 'SUBJECT:']) expect(isKnownVerb(v), v).toBe(false);
  });

  it('lists the commands after which the client must wait', () => {
    expect(['EHLO', 'DATA', 'NOOP', 'QUIT', 'AUTH', 'STARTTLS'].every(endsPipelineGroup)).toBe(true);
    expect(['MAIL', 'RCPT', 'RSET', 'BDAT'].some(endsPipelineGroup)).toBe(false);
  });
});

describe('looksLikeCommand', () => {
  it('accepts command lines with plausible arguments', () => {
    for (const l of ['MAIL FROM:<a@b>', 'rcpt to:<x>', 'QUIT', 'RSET ', 'EHLO host', 'BDAT 10 LAST', 'AUTH PLAIN', 'VRFY bob']) expect(looksLikeCommand(l), l).toBe(true);
  });

  it('rejects message text that starts with a verb-like word', () => {
    for (const l of ['Data: tomorrow', 'Help me', 'Quit smoking', 'From: alice', 'MAIL me later', 'EHLO there friend', '']) expect(looksLikeCommand(l), l).toBe(false);
  });
});

describe('commandSyntaxProblem', () => {
  it('finds missing and superfluous arguments', () => {
    expect(commandSyntaxProblem('EHLO', '')).toBe('EHLO without a domain or address literal');
    expect(commandSyntaxProblem('DATA', 'now')).toBe('DATA takes no arguments, got "now"');
    expect(commandSyntaxProblem('VRFY', ' ')).toBe('VRFY without an argument');
    expect(commandSyntaxProblem('AUTH', '')).toBe('AUTH without a mechanism');
    expect(commandSyntaxProblem('RSET', '  ')).toBeNull();
    expect(commandSyntaxProblem('HELO', '[192.0.2.1]')).toBeNull();
    expect(commandSyntaxProblem('FOO', 'x')).toBeNull();
  });
});

describe('parseBdatArgs', () => {
  it('reads a size and LAST', () => {
    expect(parseBdatArgs('86 LAST')).toEqual({ size: 86, last: true });
    expect(parseBdatArgs('0 last')).toEqual({ size: 0, last: true });
    expect(parseBdatArgs('1000')).toEqual({ size: 1000, last: false });
  });

  it('explains what is wrong with bad arguments', () => {
    expect(parseBdatArgs('')).toBe('BDAT without a chunk size');
    expect(parseBdatArgs('-1')).toBe('BDAT chunk size "-1" is not a decimal number');
    expect(parseBdatArgs('1e3')).toBe('BDAT chunk size "1e3" is not a decimal number');
    expect(parseBdatArgs('99999999999999999999')).toBe('BDAT chunk size 99999999999999999999 is too large to be real');
    expect(parseBdatArgs('5 X')).toBe('BDAT chunk size followed by "X" instead of LAST');
    expect(parseBdatArgs('5 LAST now')).toBe('BDAT chunk size followed by "LAST now" instead of LAST');
  });
});

describe('extension bookkeeping', () => {
  it('maps parameters and commands to the EHLO keyword they need', () => {
    expect(capabilityForParam('BODY', '8BITMIME')).toBe('8BITMIME');
    expect(capabilityForParam('BODY', 'binarymime')).toBe('BINARYMIME');
    expect(capabilityForParam('NOTIFY', 'NEVER')).toBe('DSN');
    expect(capabilityForParam('SMTPUTF8', true)).toBe('SMTPUTF8');
    expect(capabilityForParam('MT-PRIORITY', '3')).toBe('MT-PRIORITY');
    expect(capabilityForCommand('BDAT')).toBe('CHUNKING');
    expect(capabilityForCommand('MAIL')).toBeUndefined();
  });

  it('raises the MAIL/RCPT line limit by the allowances of the parameters present', () => {
    expect(pathLineLimit({})).toBe(512);
    expect(pathLineLimit({ SIZE: '1' })).toBe(538);
    expect(pathLineLimit({ RET: 'HDRS', ENVID: 'x' })).toBe(612);
    expect(pathLineLimit({ NOTIFY: 'NEVER', ORCPT: 'x', AUTH: '<>' })).toBe(1512);
  });
});
