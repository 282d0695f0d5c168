/** The one error a filter expression can raise: what was expected, and where. */
import { UserError } from '../errors.js';

/** 1-based column of the UTF-16 offset `position` in `expression`, counted in code points. */
export function columnOf(expression: string, position: number): number {
  let column = 1;
  for (const _ of expression.slice(0, position)) column++;
  return column;
}

/**
 * A filter that cannot be compiled: bad syntax, an unknown field, a value of the wrong type, an
 * invalid regular expression. `message` is one line naming the column; `position` is the 0-based
 * offset (UTF-16 units) into `expression`. A `UserError`, so the CLI reports it and exits with 2.
 */
export class FilterSyntaxError extends UserError {
  constructor(
    message: string,
    readonly expression: string,
    readonly position: number,
  ) {
    super(message);
    this.name = 'FilterSyntaxError';
  }

  /** 1-based column of `position`, counted in characters (code points). */
  get column(): number {
    return columnOf(this.expression, this.position);
  }

  /** Two lines: the expression (control characters shown as spaces), then a caret under the position. */
  pointer(): string {
    const shown = this.expression.replace(/[\u0000-\u001f\u007f]/g, ' ');
    return `${shown}\n${' '.repeat(this.column - 1)}^`;
  }
}
