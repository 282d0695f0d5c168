import { describe, expect, it } from 'vitest';
import { FilterSyntaxError } from '../../src/filter/errors.js';
import { tokenize } from '../../src/filter/lexer.js';

const kinds = (expr: string) => tokenize(expr).map((t) => t.kind);
const words = (expr: string) => tokenize(expr).filter((t) => t.kind === 'word').map((t) => t.value);

function lexError(expr: string): FilterSyntaxError {
  try {
    tokenize(expr);
  } catch (e) {
    if (e instanceof FilterSyntaxError) return e;
    throw e;
  }
  throw new Error(`no error for ${expr}`);
}

describe('tokenize', () => {
  it('symbols, with their positions', () => {
    const tokens = tokenize('(a&&b)||!c{1,2}~');
    expect(tokens.map((t) => [t.kind, t.text, t.pos])).toEqual([
      ['lparen', '(', 0],
      ['word', 'a', 1],
      ['and', '&&', 2],
      ['word', 'b', 4],
      ['rparen', ')', 5],
      ['or', '||', 6],
      ['not', '!', 8],
      ['word', 'c', 9],
      ['lbrace', '{', 10],
      ['word', '1', 11],
      ['comma', ',', 12],
      ['word', '2', 13],
      ['rbrace', '}', 14],
      ['tilde', '~', 15],
      ['end', '', 16],
    ]);
  });

  it('the six comparison symbols, longest first', () => {
    expect(tokenize('== != < <= > >=').filter((t) => t.kind === 'relop').map((t) => t.text)).toEqual(['==', '!=', '<', '<=', '>', '>=']);
    expect(tokenize('a>=1').map((t) => t.text)).toEqual(['a', '>=', '1', '']);
    expect(tokenize('a!=1').map((t) => t.text)).toEqual(['a', '!=', '1', '']);
  });

  it('bare values are single words: addresses, CIDR blocks, status words, ranges, mail addresses', () => {
    expect(words('ip.addr == 192.0.2.0/24')).toEqual(['ip.addr', '192.0.2.0/24']);
    expect(words('ip.addr == 2001:db8::1')).toEqual(['ip.addr', '2001:db8::1']);
    expect(words('reply.status in {+OK -ERR}')).toEqual(['reply.status', 'in', '+OK', '-ERR']);
    expect(words('tcp.port in {4430..4434}')).toEqual(['tcp.port', 'in', '4430..4434']);
    expect(words('from == bob@example.org')).toEqual(['from', 'bob@example.org']);
    expect(words('subject contains Grüße')).toEqual(['subject', 'contains', 'Grüße']);
  });

  it('whitespace of every kind separates tokens and is otherwise ignored', () => {
    expect(kinds(' \t smtp\r\n&&\fpop3\v ')).toEqual(['word', 'and', 'word', 'end']);
    expect(tokenize('   ').map((t) => [t.kind, t.pos])).toEqual([['end', 3]]);
  });

  it('strings: \\" and \\\\ are escapes, any other backslash stands for itself', () => {
    const [s] = tokenize(String.raw`"say \"hi\" \\ \d+"`);
    expect(s).toMatchObject({ kind: 'string', value: String.raw`say "hi" \ \d+`, pos: 0 });
    expect(s!.text).toBe(String.raw`"say \"hi\" \\ \d+"`);
    expect(tokenize('""')[0]).toMatchObject({ kind: 'string', value: '' });
    expect(tokenize('"a&&b (c)"')[0]!.value).toBe('a&&b (c)');
  });

  it('a string ends words next to it', () => {
    expect(kinds('a"b"c')).toEqual(['word', 'string', 'word', 'end']);
  });

  it.each([
    ['smtp & pop3', "unexpected '&' (did you mean '&&'?) at column 6", 5],
    ['smtp | pop3', "unexpected '|' (did you mean '||'?) at column 6", 5],
    ['tcp.port = 25', "unexpected '=' (did you mean '=='?) at column 10", 9],
    ["subject == 'x'", 'strings take double quotes, not single quotes at column 12', 11],
    ['subject == "abc', 'unterminated string (no closing \'"\') starting at column 12', 11],
    ['subject == "abc\\"', 'unterminated string (no closing \'"\') starting at column 12', 11],
    ['smtp &', "unexpected '&' (did you mean '&&'?) at column 6", 5],
  ])('%s: %s', (expr, message, position) => {
    const e = lexError(expr);
    expect(e.message).toBe(message);
    expect(e.position).toBe(position);
    expect(e.expression).toBe(expr);
  });

  it('columns count characters, not UTF-16 units', () => {
    const e = lexError('subject == "😀" & x');
    expect(e.position).toBe(16); // the emoji is two UTF-16 units
    expect(e.message).toBe("unexpected '&' (did you mean '&&'?) at column 16");
  });
});

describe('FilterSyntaxError', () => {
  it('pointer(): the expression, then a caret under the position', () => {
    expect(lexError('smtp & pop3').pointer()).toBe('smtp & pop3\n     ^');
  });

  it('pointer() keeps the caret aligned: control characters show as spaces, astral characters count once', () => {
    expect(lexError('smtp\t& x').pointer()).toBe('smtp & x\n     ^');
    expect(lexError('"😀" & x').pointer()).toBe('"😀" & x\n    ^');
  });

  it('is an Error with its own name and column', () => {
    const e = lexError('a = b');
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('FilterSyntaxError');
    expect(e.column).toBe(3);
  });
});
