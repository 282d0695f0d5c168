/** The syntax tree of a filter, as the parser builds it: untyped, every node with its position. */

/** A value as written: a bare word or a double-quoted string. */
export interface ValueNode {
  /** The value (a string's contents, escapes resolved). */
  text: string;
  quoted: boolean;
  /** Offset in the expression. */
  pos: number;
}

/** A field name as written. */
export interface FieldNode {
  name: string;
  pos: number;
}

/** Comparison operators, keyword spellings already mapped to their symbols. */
export type RelOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

/** One member of a set: a value, or a range `low..high` written with spaces around `..`. */
export interface SetItem {
  low: ValueNode;
  high?: ValueNode;
}

/** Comparisons keep the operator as written (`opText`, e.g. `ge` or `~`) and its offset (`opPos`) for messages. */
export type Expr =
  | { kind: 'or'; items: Expr[] }
  | { kind: 'and'; items: Expr[] }
  | { kind: 'not'; expr: Expr }
  /** A bare field: true when it has a value (a boolean field: when it is true). */
  | { kind: 'exists'; field: FieldNode }
  | { kind: 'compare'; field: FieldNode; op: RelOp; opText: string; opPos: number; value: ValueNode }
  | { kind: 'contains' | 'matches'; field: FieldNode; opText: string; opPos: number; value: ValueNode }
  | { kind: 'in'; field: FieldNode; opText: string; opPos: number; negated: boolean; items: SetItem[] };
