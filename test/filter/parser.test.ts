import { describe, expect, it } from 'vitest';
import type { Expr, SetItem } from '../../src/filter/ast.js';
import { FilterSyntaxError } from '../../src/filter/errors.js';
import { MAX_DEPTH, parseFilter } from '../../src/filter/parser.js';

/** The tree as an s-expression, to compare shapes at a glance. */
function sexpr(e: Expr): string {
  const item = (i: SetItem) => (i.high ? `${i.low.text}..${i.high.text}` : i.low.text);
  switch (e.kind) {
    case 'or':
    case 'and':
      return `(${e.kind} ${e.items.map(sexpr).join(' ')})`;
    case 'not':
      return `(not ${sexpr(e.expr)})`;
    case 'exists':
      return e.field.name;
    case 'compare':
      return `(${e.op} ${e.field.name} ${e.value.quoted ? JSON.stringify(e.value.text) : e.value.text})`;
    case 'contains':
    case 'matches':
      return `(${e.kind} ${e.field.name} ${JSON.stringify(e.value.text)})`;
    case 'in':
      return `(${e.negated ? 'not-in' : 'in'} ${e.field.name} {${e.items.map(item).join(' ')}})`;
  }
}

const tree = (expr: string) => sexpr(parseFilter(expr));

function parseError(expr: string): FilterSyntaxError {
  try {
    parseFilter(expr);
  } catch (e) {
    if (e instanceof FilterSyntaxError) return e;
    throw e;
  }
  throw new Error(`no error for ${expr}`);
}

describe('parseFilter: precedence and grouping', () => {
  it.each([
    ['smtp', 'smtp'],
    ['a || b && c', '(or a (and b c))'],
    ['a && b || c', '(or (and a b) c)'],
    ['a && b && c || d || e', '(or (and a b c) d e)'],
    ['!a && b', '(and (not a) b)'],
    ['!a || !b && c', '(or (not a) (and (not b) c))'],
    ['!!a', '(not (not a))'],
    ['!(a || b) && c', '(and (not (or a b)) c)'],
    ['(a || b) && c', '(and (or a b) c)'],
    ['((a))', 'a'],
    ['a and b or not c', '(or (and a b) (not c))'],
    ['a AND b OR NOT c', '(or (and a b) (not c))'],
    ['!x == 1 && y', '(and (not (== x 1)) y)'],
  ])('%s → %s', (expr, shape) => {
    expect(tree(expr)).toBe(shape);
  });
});

describe('parseFilter: comparisons', () => {
  it.each([
    ['reply.code >= 500', '(>= reply.code 500)'],
    ['reply.code ge 500', '(>= reply.code 500)'],
    ['a eq 1 && b ne 2 && c lt 3 && d le 4 && e gt 5', '(and (== a 1) (!= b 2) (< c 3) (<= d 4) (> e 5))'],
    ['a EQ 1', '(== a 1)'],
    ['command == "AUTH"', '(== command "AUTH")'],
    ['reply.status == +OK', '(== reply.status +OK)'],
    ['from contains "example.org"', '(contains from "example.org")'],
    ['violation.id matches "SMARTHOST|SMUGGL"', '(matches violation.id "SMARTHOST|SMUGGL")'],
    ['subject ~ "^re:"', '(matches subject "^re:")'],
    ['subject contains foo', '(contains subject "foo")'],
    ['tcp.port in {25 465, 587}', '(in tcp.port {25 465 587})'],
    ['tcp.port in {25,}', '(in tcp.port {25})'],
    ['tcp.port in {4430..4434 10 .. 20}', '(in tcp.port {4430..4434 10..20})'],
    ['tcp.port not in {25}', '(not-in tcp.port {25})'],
    ['command in {"MAIL" RCPT}', '(in command {MAIL RCPT})'],
    ['command == not', '(== command not)'],
    ['command == in', '(== command in)'],
  ])('%s → %s', (expr, shape) => {
    expect(tree(expr)).toBe(shape);
  });

  it('records where each part is', () => {
    const e = parseFilter('x && reply.code >= "500"');
    expect(e).toMatchObject({
      kind: 'and',
      items: [
        { kind: 'exists', field: { name: 'x', pos: 0 } },
        { kind: 'compare', field: { name: 'reply.code', pos: 5 }, op: '>=', opPos: 16, value: { text: '500', quoted: true, pos: 19 } },
      ],
    });
  });
});

describe('parseFilter: errors name what was expected and where', () => {
  it.each([
    ['', "the filter is empty: expected a field, '!' or '(' at column 1", 0],
    ['   ', "the filter is empty: expected a field, '!' or '(' at column 4", 3],
    ['reply.code == ', "expected a value after '==' at column 15, found the end of the filter", 14],
    ['reply.code ==  && smtp', "expected a value after '==' at column 16, found '&&'", 15],
    ['reply.code ge', "expected a value after 'ge' at column 14, found the end of the filter", 13],
    ['subject contains )', "expected a value after 'contains' at column 18, found ')'", 17],
    ['subject matches', "expected a value after 'matches' at column 16, found the end of the filter", 15],
    ['command AUTH', "expected an operator ('==', 'contains', '&&', ...) after 'command' at column 9, found 'AUTH'", 8],
    ['command "AUTH"', "expected an operator ('==', 'contains', '&&', ...) after 'command' at column 9, found \"AUTH\"", 8],
    ['(smtp', "expected ')' at column 6, found the end of the filter; the '(' at column 1 is still open", 5],
    ['((smtp) || pop3', "expected ')' at column 16, found the end of the filter; the '(' at column 1 is still open", 15],
    ['smtp)', "unexpected ')' with no '(' to close at column 5", 4],
    ['smtp pop3 ', "expected an operator ('==', 'contains', '&&', ...) after 'smtp' at column 6, found 'pop3'", 5],
    ['smtp !pop3', "expected '&&', '||' or the end of the filter at column 6, found '!'", 5],
    ['smtp not pop3', "expected '&&', '||' or the end of the filter at column 6, found 'not'", 5],
    ['smtp && && pop3', "expected a field, '!' or '(' at column 9, found '&&'", 8],
    ['smtp &&', "expected a field, '!' or '(' at column 8, found the end of the filter", 7],
    ['smtp and or', "expected a field, '!' or '(' at column 10, found 'or'", 9],
    ['!', "expected a field, '!' or '(' at column 2, found the end of the filter", 1],
    ['()', "expected a field, '!' or '(' at column 2, found ')'", 1],
    ['"smtp"', "expected a field, '!' or '(' at column 1, found \"smtp\"", 0],
    ['500 == reply.code', "expected a field, '!' or '(' at column 1, found '500'", 0],
    ['== 500', "expected a field, '!' or '(' at column 1, found '=='", 0],
    ['tcp.port in 25', "expected '{' after 'in' at column 13, found '25'", 12],
    ['tcp.port in {}', "expected a value in the set after 'in' at column 14, found '}'", 13],
    ['tcp.port in {25 110', "expected a value, ',' or '}' in the set at column 20, found the end of the filter", 19],
    ['tcp.port in {25 && 110}', "expected a value, ',' or '}' in the set at column 17, found '&&'", 16],
    ['tcp.port in {10 .. }', "expected a value after '..' at column 20, found '}'", 19],
    ['tcp.port not 25', "expected '&&', '||' or the end of the filter at column 10, found 'not'", 9],
  ])('%j', (expr, message, position) => {
    const e = parseError(expr);
    expect(e.message).toBe(message);
    expect(e.position).toBe(position);
  });

  it(`nesting is limited to ${MAX_DEPTH} parentheses and negations`, () => {
    expect(tree('('.repeat(MAX_DEPTH) + 'smtp' + ')'.repeat(MAX_DEPTH))).toBe('smtp');
    expect(tree('!'.repeat(MAX_DEPTH) + 'smtp')).toMatch(/^\(not /);
    const parens = parseError('('.repeat(MAX_DEPTH + 1) + 'smtp' + ')'.repeat(MAX_DEPTH + 1));
    expect(parens.message).toBe(`the filter is nested too deeply (more than ${MAX_DEPTH} parentheses and negations) at column ${MAX_DEPTH + 1}`);
    expect(parens.position).toBe(MAX_DEPTH);
    const nots = parseError('!('.repeat(40) + 'smtp' + ')'.repeat(40));
    expect(nots.position).toBe(MAX_DEPTH);
  });

  it('long chains of && and || are flat, not deep', () => {
    const e = parseFilter(Array.from({ length: 20_000 }, () => 'smtp').join(' && '));
    expect(e.kind === 'and' && e.items.length).toBe(20_000);
  });
});
