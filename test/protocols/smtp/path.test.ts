import { describe, expect, it } from 'vitest';
import { mailboxProblem, parsePathArgument } from '../../../src/protocols/smtp/path.js';

describe('parsePathArgument', () => {
  it('parses a plain path with parameters', () => {
    expect(parsePathArgument('FROM:<alice@example.com> SIZE=100 BODY=8BITMIME SMTPUTF8', 'FROM')).toEqual({
      mailbox: 'alice@example.com',
      params: { SIZE: '100', BODY: '8BITMIME', SMTPUTF8: true },
      spaceAfterColon: false,
      problems: [],
    });
  });

  it('is case-insensitive for the keyword and parameter names, not for the mailbox', () => {
    const p = parsePathArgument('to:<Bob@Example.ORG> notify=never', 'TO');
    expect([p.mailbox, p.params, p.problems]).toEqual(['Bob@Example.ORG', { NOTIFY: 'never' }, []]);
  });

  it('accepts the null reverse path, a source route and <Postmaster>', () => {
    expect(parsePathArgument('FROM:<>', 'FROM')).toEqual({ mailbox: '', params: {}, spaceAfterColon: false, problems: [] });
    const routed = parsePathArgument('TO:<@a.example,@b.example:u@c.example>', 'TO');
    expect([routed.mailbox, routed.route, routed.problems]).toEqual(['u@c.example', ['a.example', 'b.example'], []]);
    expect(parsePathArgument('TO:<postmaster>', 'TO').problems).toEqual([]);
  });

  it('handles a quoted local part containing > and spaces', () => {
    const p = parsePathArgument('FROM:<"odd > name"@example.com> SIZE=1', 'FROM');
    expect([p.mailbox, p.params, p.problems]).toEqual(['"odd > name"@example.com', { SIZE: '1' }, []]);
  });

  it('notes a space after the colon but still reads the path', () => {
    const p = parsePathArgument('FROM: <a@example.com> ', 'FROM');
    expect([p.mailbox, p.spaceAfterColon, p.problems]).toEqual(['a@example.com', true, []]);
  });

  it('lists grammar problems', () => {
    expect(parsePathArgument('FROM:a@example.com SIZE=5', 'FROM')).toEqual({
      mailbox: 'a@example.com',
      params: { SIZE: '5' },
      spaceAfterColon: false,
      problems: ['path "a@example.com" is not enclosed in angle brackets'],
    });
    expect(parsePathArgument('FROM :<a@example.com>', 'FROM').problems).toEqual(['space before the colon after FROM']);
    expect(parsePathArgument('<a@example.com>', 'FROM').problems[0]).toBe('expected "FROM:" after the verb');
    expect(parsePathArgument('FROM<a@example.com>', 'FROM').problems).toEqual(['missing colon after FROM']);
    expect(parsePathArgument('TO:<a@example.com', 'TO').problems).toEqual(['path has no closing ">"']);
    expect(parsePathArgument('TO:<>', 'TO').problems).toEqual(['the null path <> is not a valid recipient']);
    expect(parsePathArgument('TO:', 'TO').problems).toEqual(['no path']);
    expect(parsePathArgument('TO:<@a.example;u@c.example>', 'TO').problems).toEqual(['source route without ":" before the mailbox']);
    expect(parsePathArgument('TO:<u@c.example> SIZE= =x', 'TO').problems).toEqual(['parameter SIZE= has an empty value', 'parameter "=x" has no valid keyword']);
  });
});

describe('mailboxProblem', () => {
  it('accepts dot-strings, quoted strings, address literals and U-labels', () => {
    for (const m of ['a.b+c@example.com', '"john smith"@example.com', 'x@[192.0.2.1]', 'x@[IPv6:2001:db8::1]', 'jösé@exämple.com', "o'hara@example.ie"]) {
      expect(mailboxProblem(m), m).toBeNull();
    }
  });

  it('names what is wrong', () => {
    expect(mailboxProblem('nobody')).toBe('mailbox "nobody" has no "@domain"');
    expect(mailboxProblem('@example.com')).toBe('mailbox "@example.com" has an empty local part');
    expect(mailboxProblem('a..b@example.com')).toBe('local part "a..b" is neither a dot-string nor a quoted string');
    expect(mailboxProblem('a@-example.com')).toBe('domain "-example.com" is not a valid domain name');
    expect(mailboxProblem('a@exa_mple.com')).toBe('domain "exa_mple.com" is not a valid domain name');
    expect(mailboxProblem('a@[1.2.3.4')).toBe('bad address literal "[1.2.3.4"');
  });
});
