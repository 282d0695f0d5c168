/**
 * Display filters (`-Y`): a small language over sessions in the spirit of Wireshark's display
 * filters, e.g. `smtp && reply.code >= 500` or `violation.id matches "SMUGGL"`. docs/filters.md
 * describes the grammar, the fields and the operators.
 *
 * `compileFilter` parses and checks the expression once (lexer → parser → syntax tree →
 * compiled predicate); `matches` then only reads the session.
 */
import type { Session } from '../model/session.js';
import { compileExpr } from './compile.js';
import { parseFilter } from './parser.js';

export { FilterSyntaxError } from './errors.js';
export { FIELDS, type FieldDef, type FieldType } from './fields.js';

/** A compiled filter. */
export interface SessionFilter {
  /** The expression as given. */
  readonly source: string;
  /** Whether the session passes the filter. Never throws. */
  matches(s: Session): boolean;
}

/**
 * Compiles a filter expression. Throws FilterSyntaxError (and nothing else, whatever the input)
 * naming what was expected and where.
 */
export function compileFilter(expr: string): SessionFilter {
  const predicate = compileExpr(parseFilter(expr), expr);
  return { source: expr, matches: predicate };
}
