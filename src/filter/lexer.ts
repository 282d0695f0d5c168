/**
 * Filter text → tokens. Symbols are operators and brackets; everything else is a word (a field
 * name, a keyword such as `and` or `contains`, or a bare value such as `500`, `192.0.2.0/24`,
 * `+OK`, `warning`) or a double-quoted string. Which words are keywords is the parser's business,
 * so a value may be spelled like a keyword.
 */
import { FilterSyntaxError, columnOf } from './errors.js';

export type TokenKind =
  | 'word'
  | 'string'
  | 'and' // &&
  | 'or' // ||
  | 'not' // !
  | 'relop' // == != < <= > >=
  | 'tilde' // ~ (matches)
  | 'lparen'
  | 'rparen'
  | 'lbrace'
  | 'rbrace'
  | 'comma'
  | 'end';

export interface Token {
  kind: TokenKind;
  /** The token as written (for a string, with its quotes). */
  text: string;
  /** The value: a string's contents with escapes resolved; the text otherwise. */
  value: string;
  /** Offset of the first character in the expression. */
  pos: number;
}

/** Characters that end a word: whitespace and the symbols of the language. */
const DELIMITERS = new Set(['(', ')', '{', '}', ',', '!', '=', '<', '>', '&', '|', '~', '"', "'"]);

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\f' || ch === '\v';
}

/** Every token of `expr`, ending with one `end` token. Throws FilterSyntaxError. */
export function tokenize(expr: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, text: string, pos: number, value = text): void => {
    tokens.push({ kind, text, value, pos });
  };
  const fail = (message: string, pos: number): never => {
    throw new FilterSyntaxError(`${message} at column ${columnOf(expr, pos)}`, expr, pos);
  };
  while (i < expr.length) {
    const ch = expr[i]!;
    const next = expr[i + 1];
    if (isSpace(ch)) {
      i++;
      continue;
    }
    const start = i;
    switch (ch) {
      case '(':
        push('lparen', ch, i++);
        continue;
      case ')':
        push('rparen', ch, i++);
        continue;
      case '{':
        push('lbrace', ch, i++);
        continue;
      case '}':
        push('rbrace', ch, i++);
        continue;
      case ',':
        push('comma', ch, i++);
        continue;
      case '~':
        push('tilde', ch, i++);
        continue;
      case '&':
        if (next !== '&') fail("unexpected '&' (did you mean '&&'?)", i);
        push('and', '&&', i);
        i += 2;
        continue;
      case '|':
        if (next !== '|') fail("unexpected '|' (did you mean '||'?)", i);
        push('or', '||', i);
        i += 2;
        continue;
      case '=':
        if (next !== '=') fail("unexpected '=' (did you mean '=='?)", i);
        push('relop', '==', i);
        i += 2;
        continue;
      case '!':
        if (next === '=') {
          push('relop', '!=', i);
          i += 2;
        } else {
          push('not', '!', i++);
        }
        continue;
      case '<':
      case '>':
        if (next === '=') {
          push('relop', ch + '=', i);
          i += 2;
        } else {
          push('relop', ch, i++);
        }
        continue;
      case "'":
        fail('strings take double quotes, not single quotes', i);
        continue;
      case '"':
        i = readString(expr, i, tokens, fail);
        continue;
      default:
        while (i < expr.length && !isSpace(expr[i]!) && !DELIMITERS.has(expr[i]!)) i++;
        push('word', expr.slice(start, i), start);
    }
  }
  push('end', '', expr.length);
  return tokens;
}

/**
 * Reads the string starting at the quote at `start`, pushes its token and returns the offset after
 * it. `\"` and `\\` are the escapes; any other backslash stands for itself (so regular expressions
 * such as `"\d+"` can be written as they are).
 */
function readString(expr: string, start: number, tokens: Token[], fail: (m: string, pos: number) => never): number {
  let value = '';
  let i = start + 1;
  while (i < expr.length) {
    const ch = expr[i]!;
    if (ch === '"') {
      tokens.push({ kind: 'string', text: expr.slice(start, i + 1), value, pos: start });
      return i + 1;
    }
    if (ch === '\\' && (expr[i + 1] === '"' || expr[i + 1] === '\\')) {
      value += expr[i + 1];
      i += 2;
    } else {
      value += ch;
      i++;
    }
  }
  return fail('unterminated string (no closing \'"\') starting', start);
}
