/**
 * Tokens → syntax tree, by recursive descent with one function per rule of the grammar in
 * docs/filters.md:
 *
 *   filter     = or-expr END
 *   or-expr    = and-expr { ( "||" | "or" ) and-expr }
 *   and-expr   = unary { ( "&&" | "and" ) unary }
 *   unary      = ( "!" | "not" ) unary | primary
 *   primary    = "(" or-expr ")" | test
 *   test       = field [ comparison ]
 *   comparison = relop value | "contains" value | ( "matches" | "~" ) value | [ "not" ] "in" set
 *   set        = "{" item { [ "," ] item } "}"
 *   item       = value [ ".." value ]
 *   value      = string | word
 *
 * Only syntax is checked here; fields and value types are checked by the compiler.
 */
import type { Expr, FieldNode, RelOp, SetItem, ValueNode } from './ast.js';
import { FilterSyntaxError, columnOf } from './errors.js';
import { tokenize, type Token } from './lexer.js';

/** Deepest nesting of parentheses and negations accepted. */
export const MAX_DEPTH = 64;

const WORD_RELOPS: Record<string, RelOp> = { eq: '==', ne: '!=', lt: '<', le: '<=', gt: '>', ge: '>=' };
const KEYWORDS = new Set(['and', 'or', 'not', 'contains', 'matches', 'in', ...Object.keys(WORD_RELOPS)]);
const FIELD_NAME = /^[A-Za-z_][\w.-]*$/;

/** Parses a whole filter expression. Throws FilterSyntaxError. */
export function parseFilter(expr: string): Expr {
  return new Parser(expr, tokenize(expr)).filter();
}

class Parser {
  private at = 0;
  private depth = 0;

  constructor(
    private readonly expr: string,
    private readonly tokens: Token[],
  ) {}

  /** filter = or-expr END */
  filter(): Expr {
    if (this.peek().kind === 'end') this.fail("the filter is empty: expected a field, '!' or '('", this.peek(), false);
    const e = this.orExpr();
    if (this.peek().kind === 'rparen') this.fail("unexpected ')' with no '(' to close", this.peek(), false);
    this.expect('end', "expected '&&', '||' or the end of the filter");
    return e;
  }

  /** or-expr = and-expr { ( "||" | "or" ) and-expr } */
  private orExpr(): Expr {
    const items = [this.andExpr()];
    while (this.take('or', 'or')) items.push(this.andExpr());
    return items.length === 1 ? items[0]! : { kind: 'or', items };
  }

  /** and-expr = unary { ( "&&" | "and" ) unary } */
  private andExpr(): Expr {
    const items = [this.unary()];
    while (this.take('and', 'and')) items.push(this.unary());
    return items.length === 1 ? items[0]! : { kind: 'and', items };
  }

  /** unary = ( "!" | "not" ) unary | primary */
  private unary(): Expr {
    const t = this.peek();
    if (!this.take('not', 'not')) return this.primary();
    this.enter(t);
    const e: Expr = { kind: 'not', expr: this.unary() };
    this.depth--;
    return e;
  }

  /** primary = "(" or-expr ")" | test */
  private primary(): Expr {
    const open = this.peek();
    if (open.kind !== 'lparen') return this.test();
    this.at++;
    this.enter(open);
    const e = this.orExpr();
    const close = this.peek();
    if (close.kind !== 'rparen') this.fail("expected ')'", close, true, `; the '(' at column ${columnOf(this.expr, open.pos)} is still open`);
    this.at++;
    this.depth--;
    return e;
  }

  /** test = field [ comparison ] */
  private test(): Expr {
    const t = this.peek();
    if (t.kind !== 'word' || this.isKeyword(t) || !FIELD_NAME.test(t.value)) this.fail("expected a field, '!' or '('", t);
    this.at++;
    const field: FieldNode = { name: t.value, pos: t.pos };
    const next = this.peek();
    if (next.kind === 'string' || (next.kind === 'word' && !this.isKeyword(next))) {
      this.fail(`expected an operator ('==', 'contains', '&&', ...) after '${field.name}'`, next);
    }
    return this.comparison(field) ?? { kind: 'exists', field };
  }

  /** comparison = relop value | "contains" value | ( "matches" | "~" ) value | [ "not" ] "in" set */
  private comparison(field: FieldNode): Expr | null {
    const t = this.peek();
    const word = t.kind === 'word' ? t.value.toLowerCase() : '';
    if (t.kind === 'relop' || WORD_RELOPS[word]) {
      this.at++;
      const op = t.kind === 'relop' ? (t.text as RelOp) : WORD_RELOPS[word]!;
      return { kind: 'compare', field, op, opText: t.text, opPos: t.pos, value: this.value(t) };
    }
    if (word === 'contains' || word === 'matches' || t.kind === 'tilde') {
      this.at++;
      return { kind: word === 'contains' ? 'contains' : 'matches', field, opText: t.text, opPos: t.pos, value: this.value(t) };
    }
    const negated = word === 'not';
    const inToken = negated ? this.tokens[this.at + 1]! : t;
    if (inToken.kind !== 'word' || inToken.value.toLowerCase() !== 'in') return null;
    this.at += negated ? 2 : 1;
    const opText = negated ? `${t.text} ${inToken.text}` : inToken.text;
    return { kind: 'in', field, opText, opPos: t.pos, negated, items: this.set(inToken) };
  }

  /** set = "{" item { [ "," ] item } "}" */
  private set(inToken: Token): SetItem[] {
    this.expect('lbrace', "expected '{' after 'in'");
    const items: SetItem[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind === 'rbrace' && items.length > 0) break;
      if (t.kind !== 'word' && t.kind !== 'string') {
        this.fail(items.length === 0 ? `expected a value in the set after '${inToken.text}'` : "expected a value, ',' or '}' in the set", t);
      }
      items.push(this.item());
      if (this.peek().kind === 'comma') this.at++;
    }
    this.at++;
    return items;
  }

  /** item = value [ ".." value ] */
  private item(): SetItem {
    const low = this.value(null);
    const dots = this.peek();
    if (dots.kind !== 'word' || dots.value !== '..') return { low };
    this.at++;
    return { low, high: this.value(dots) };
  }

  /** value = string | word. `after` is the operator it follows, for the error message. */
  private value(after: Token | null): ValueNode {
    const t = this.peek();
    if (t.kind !== 'word' && t.kind !== 'string') this.fail(after ? `expected a value after '${after.text}'` : 'expected a value', t);
    this.at++;
    return { text: t.value, quoted: t.kind === 'string', pos: t.pos };
  }

  // ---- helpers --------------------------------------------------------------------------------

  private peek(): Token {
    return this.tokens[this.at]!;
  }

  /** Consumes the next token if it is of `kind` or is the keyword `word`. */
  private take(kind: Token['kind'], word: string): boolean {
    const t = this.peek();
    if (t.kind !== kind && !(t.kind === 'word' && t.value.toLowerCase() === word)) return false;
    this.at++;
    return true;
  }

  private expect(kind: Token['kind'], expected: string): void {
    const t = this.peek();
    if (t.kind !== kind) this.fail(expected, t);
    this.at++;
  }

  private isKeyword(t: Token): boolean {
    return t.kind === 'word' && KEYWORDS.has(t.value.toLowerCase());
  }

  /** One level deeper (a '(' or a negation at `t`); too deep is an error there. */
  private enter(t: Token): void {
    if (++this.depth > MAX_DEPTH) {
      this.fail(`the filter is nested too deeply (more than ${MAX_DEPTH} parentheses and negations)`, t, false);
    }
  }

  /** Throws the error for `t`: "<expected> at column N[, found <t>]<note>". */
  private fail(expected: string, t: Token, sayFound = true, note = ''): never {
    const where = `${expected} at column ${columnOf(this.expr, t.pos)}`;
    throw new FilterSyntaxError(`${sayFound ? `${where}, found ${describe(t)}` : where}${note}`, this.expr, t.pos);
  }
}

/** A token for a message: the end, a string as written, or a quoted word or symbol, shortened when long. */
function describe(t: Token): string {
  if (t.kind === 'end') return 'the end of the filter';
  const text = t.text.length > 40 ? `${t.text.slice(0, 37)}...` : t.text;
  return t.kind === 'string' ? text : `'${text}'`;
}
