/**
 * Properties: no input makes compileFilter throw anything but a FilterSyntaxError that points
 * inside the expression; and combining tests with &&, ||, ! and parentheses means what boolean
 * logic says, with the usual precedence, whichever spelling is used.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileFilter, FilterSyntaxError, type SessionFilter } from '../../src/filter/index.js';
import type { Session } from '../../src/model/session.js';
import { imapSession, pop3Session, smtpGapSession, smtpSession, smtpStarttlsSession } from './sessions.js';

const SESSIONS: Session[] = [smtpSession(), pop3Session(), imapSession(), smtpStarttlsSession(), smtpGapSession()];

/**
 * Compiles, or checks the error is a well-formed FilterSyntaxError; anything else is rethrown.
 * (Plain checks rather than expect(): this runs thousands of times.)
 */
function compileOrExplain(expr: string): SessionFilter | null {
  try {
    return compileFilter(expr);
  } catch (e) {
    if (!(e instanceof FilterSyntaxError)) throw e;
    const problems = [
      e.expression !== expr && 'expression differs',
      (e.position < 0 || e.position > expr.length) && `position ${e.position} outside the expression`,
      !e.message.includes(`at column ${e.column}`) && 'message does not name the column',
      e.message.includes('\n') && 'message is not one line',
      e.pointer().split('\n').length !== 2 && 'pointer is not two lines',
    ].filter(Boolean);
    if (problems.length > 0) throw new Error(`${JSON.stringify(expr)}: ${problems.join(', ')} (${e.message})`);
    return null;
  }
}

/** Pieces of filters, so that random sequences get past the lexer and into the parser and compiler. */
const PIECES = [
  'smtp', 'pop3', 'imap', 'ip.addr', 'tcp.port', 'command', 'reply.code', 'severity', 'subject', 'from', 'mailbox',
  'violation.id', 'tls', 'tls.mode', 'violations', 'foo.bar', '==', '!=', '<', '<=', '>', '>=', 'eq', 'ge', 'contains',
  'matches', '~', 'in', 'not', 'and', 'or', '&&', '||', '!', '(', ')', '{', '}', ',', '..', '"', '"x"', '"(["', '"\\"',
  '500', '4..2', '1..9', '0x1f', '-1', '+OK', 'warning', 'error', '192.0.2.0/24', '::1', '10.0.0.1/40', 'true', '=',
  '&', '|', "'", '\\', '😀', '\t', '',
];

describe('compileFilter on arbitrary input', () => {
  it('arbitrary strings compile or give a FilterSyntaxError pointing inside them', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (expr) => {
        compileOrExplain(expr);
      }),
      { numRuns: 2000 },
    );
  });

  it('random sequences of filter pieces compile or give a FilterSyntaxError; compiled ones evaluate to booleans', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 12 }), fc.constantFrom(' ', ''), (pieces, sep) => {
        const f = compileOrExplain(pieces.join(sep));
        if (f) for (const s of SESSIONS) if (typeof f.matches(s) !== 'boolean') throw new Error('not a boolean');
      }),
      { numRuns: 3000 },
    );
  });

  it('deep nesting is an error, not a stack overflow; long flat chains compile and run', () => {
    for (const expr of ['('.repeat(100_000) + 'smtp' + ')'.repeat(100_000), '!'.repeat(100_000) + 'smtp', 'not '.repeat(50_000) + 'smtp']) {
      expect(compileOrExplain(expr)).toBeNull();
    }
    const chain = compileFilter(Array.from({ length: 50_000 }, (_, i) => (i % 2 ? 'smtp' : 'tcp.port > 0')).join(' && '));
    expect(SESSIONS.map((s) => chain.matches(s))).toEqual([true, false, false, true, true]);
  });
});

/** Simple tests whose truth on each session comes from compiling them alone (checked in compile.test.ts). */
const ATOMS = ['smtp', 'pop3', 'tls', 'violation', 'reply.code >= 500', 'mailbox == INBOX', 'auth', 'gap', 'command == QUIT'];

type Tree = { atom: number } | { not: Tree } | { and: [Tree, Tree] } | { or: [Tree, Tree] };

const tree: fc.Arbitrary<Tree> = fc.letrec<{ t: Tree }>((tie) => ({
  t: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ atom: fc.nat(ATOMS.length - 1) }),
    fc.record({ not: tie('t') }),
    fc.record({ and: fc.tuple(tie('t'), tie('t')) }),
    fc.record({ or: fc.tuple(tie('t'), tie('t')) }),
  ),
})).t;

function evaluate(t: Tree, truth: boolean[]): boolean {
  if ('atom' in t) return truth[t.atom]!;
  if ('not' in t) return !evaluate(t.not, truth);
  if ('and' in t) return evaluate(t.and[0], truth) && evaluate(t.and[1], truth);
  return evaluate(t.or[0], truth) || evaluate(t.or[1], truth);
}

/** The tree as filter text, fully parenthesised, with the spelling of each operator chosen by `words`. */
function print(t: Tree, words: boolean): string {
  if ('atom' in t) return ATOMS[t.atom]!;
  if ('not' in t) return words ? `not (${print(t.not, words)})` : `!(${print(t.not, words)})`;
  const [a, b] = 'and' in t ? t.and : t.or;
  const op = 'and' in t ? (words ? ' and ' : '&&') : words ? ' or ' : '||';
  return `(${print(a, words)})${op}(${print(b, words)})`;
}

describe('logic', () => {
  const truths = SESSIONS.map((s) => ATOMS.map((a) => compileFilter(a).matches(s)));

  it('a parenthesised expression means what its tree means, with symbols or words', () => {
    fc.assert(
      fc.property(tree, fc.boolean(), (t, words) => {
        const f = compileFilter(print(t, words));
        SESSIONS.forEach((s, i) => expect(f.matches(s)).toBe(evaluate(t, truths[i]!)));
      }),
      { numRuns: 500 },
    );
  });

  it('without parentheses, ! binds tightest, then &&, then ||', () => {
    const term = fc.record({ negated: fc.boolean(), atom: fc.nat(ATOMS.length - 1) });
    fc.assert(
      fc.property(fc.array(fc.array(term, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 }), (groups) => {
        const text = groups.map((g) => g.map((x) => `${x.negated ? '!' : ''}${ATOMS[x.atom]}`).join(' && ')).join(' || ');
        const f = compileFilter(text);
        SESSIONS.forEach((s, i) => {
          const expected = groups.some((g) => g.every((x) => truths[i]![x.atom] !== x.negated));
          expect(f.matches(s)).toBe(expected);
        });
      }),
      { numRuns: 500 },
    );
  });
});
