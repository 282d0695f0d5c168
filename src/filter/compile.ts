/**
 * Syntax tree → predicate over sessions. Every field, operator and value is checked here, once;
 * the predicate it returns only reads field values and compares them with values already
 * converted (lower-cased text, numbers, address blocks, compiled regular expressions).
 *
 * A multi-valued field satisfies a comparison when any of its values does (`!=`: when any value
 * differs); a field without values satisfies none.
 */
import type { Session } from '../model/session.js';
import type { Expr, FieldNode, RelOp, SetItem, ValueNode } from './ast.js';
import { FilterSyntaxError, columnOf } from './errors.js';
import { FIELD_NAMES, fieldByName, type FieldDef } from './fields.js';
import { inBlock, type IpBlock } from './ip.js';
import { LiteralReader } from './literals.js';
import { suggestField } from './suggest.js';

export type Predicate = (s: Session) => boolean;

type NumberField = Extract<FieldDef, { type: 'number' | 'severity' }>;
type TextField = Extract<FieldDef, { type: 'text' }>;

/** What each type of field accepts, for error messages. */
const OPERATORS_OF: Record<FieldDef['type'], string> = {
  boolean: '== and != (with true or false)',
  number: '==, !=, <, <=, >, >= and in',
  severity: '==, !=, <, <=, >, >= and in',
  text: '==, !=, contains, matches and in',
  ip: '==, != and in',
};

const TYPE_NAME: Record<FieldDef['type'], string> = {
  boolean: 'boolean',
  number: 'number',
  severity: 'severity',
  text: 'text',
  ip: 'IP address',
};

/** Compiles the tree of `expression`. Throws FilterSyntaxError for unknown fields and values or operators that do not fit. */
export function compileExpr(tree: Expr, expression: string): Predicate {
  return new Compiler(expression).expr(tree);
}

class Compiler {
  private readonly literals: LiteralReader;

  constructor(private readonly expression: string) {
    this.literals = new LiteralReader(expression);
  }

  expr(e: Expr): Predicate {
    switch (e.kind) {
      case 'or':
        return anyOf(e.items.map((i) => this.expr(i)));
      case 'and':
        return allOf(e.items.map((i) => this.expr(i)));
      case 'not': {
        const inner = this.expr(e.expr);
        return (s) => !inner(s);
      }
      case 'exists': {
        const f = this.field(e.field);
        if (f.type === 'boolean') return f.test;
        return (s) => f.values(s).length > 0;
      }
      case 'compare':
        return this.compare(this.field(e.field), e.field, e.op, e.opText, e.opPos, e.value);
      case 'contains':
      case 'matches': {
        const f = this.field(e.field);
        if (f.type !== 'text') this.notFor(e.opText, f, e.field, e.opPos);
        return e.kind === 'contains' ? containsText(f, e.value.text) : matchesText(f, this.literals.regex(e.value));
      }
      case 'in': {
        const f = this.field(e.field);
        const member = this.member(f, e.field, e.opText, e.opPos, e.items);
        return e.negated ? (s) => !member(s) : member;
      }
    }
  }

  /** The field a name stands for; unknown names are an error suggesting the nearest one. */
  private field(node: FieldNode): FieldDef {
    const f = fieldByName(node.name);
    if (f) return f;
    const suggestion = suggestField(node.name, FIELD_NAMES);
    const hint = suggestion ? `; did you mean '${suggestion}'?` : ' (docs/filters.md lists the fields)';
    throw new FilterSyntaxError(`unknown field '${node.name}' at column ${this.column(node.pos)}${hint}`, this.expression, node.pos);
  }

  private compare(f: FieldDef, node: FieldNode, op: RelOp, opText: string, opPos: number, v: ValueNode): Predicate {
    const ordering = op !== '==' && op !== '!=';
    switch (f.type) {
      case 'boolean': {
        if (ordering) this.notFor(opText, f, node, opPos);
        const want = this.literals.boolean(v, node.name) === (op === '==');
        return (s) => f.test(s) === want;
      }
      case 'number':
        return compareNumbers(f, op, this.literals.number(v, node.name));
      case 'severity':
        return compareNumbers(f, op, this.literals.severity(v, node.name));
      case 'text':
        if (ordering) this.notFor(opText, f, node, opPos);
        return op === '==' ? textEquals(f, v.text) : textDiffers(f, v.text);
      case 'ip': {
        if (ordering) this.notFor(opText, f, node, opPos);
        const block = this.literals.ip(v, node.name);
        return op === '==' ? (s) => f.values(s).some((a) => inBlock(a, block)) : (s) => f.values(s).some((a) => !inBlock(a, block));
      }
    }
  }

  /** `field in {…}`: any value of the field is a member of the set. */
  private member(f: FieldDef, node: FieldNode, opText: string, opPos: number, items: SetItem[]): Predicate {
    switch (f.type) {
      case 'boolean':
        return this.notFor(opText, f, node, opPos);
      case 'number':
      case 'severity': {
        const ranges = items.map((item) => this.range(f, node.name, item));
        return (s) => f.values(s).some((x) => ranges.some(([lo, hi]) => x >= lo && x <= hi));
      }
      case 'text': {
        const set = new Set(items.map((item) => this.single(f, node.name, item).text).map((t) => (f.anyCase ? t.toLowerCase() : t)));
        return f.anyCase ? (s) => f.values(s).some((x) => set.has(x.toLowerCase())) : (s) => f.values(s).some((x) => set.has(x));
      }
      case 'ip': {
        const blocks: IpBlock[] = items.map((item) => this.literals.ip(this.single(f, node.name, item), node.name));
        return (s) => f.values(s).some((a) => blocks.some((b) => inBlock(a, b)));
      }
    }
  }

  /** A set member of a number or severity field as [low, high]: one value, `lo..hi` in one word, or `lo .. hi`. */
  private range(f: NumberField, name: string, item: SetItem): [number, number] {
    const read = (v: ValueNode): number => (f.type === 'number' ? this.literals.number(v, name) : this.literals.severity(v, name));
    let low = item.low;
    let high = item.high;
    const dots = item.low.text.indexOf('..');
    if (!high && !item.low.quoted && dots > 0) {
      low = { ...item.low, text: item.low.text.slice(0, dots) };
      high = { ...item.low, text: item.low.text.slice(dots + 2), pos: item.low.pos + dots + 2 };
    }
    const lo = read(low);
    if (!high) return [lo, lo];
    const hi = read(high);
    if (hi < lo) this.literals.fail('the range is empty (its low end must come first)', item.low, false);
    return [lo, hi];
  }

  /** A set member of a field without ranges. */
  private single(f: FieldDef, name: string, item: SetItem): ValueNode {
    if (item.high) this.literals.fail(`a range does not apply to the ${TYPE_NAME[f.type]} field '${name}'`, item.low, false);
    return item.low;
  }

  private notFor(op: string, f: FieldDef, node: FieldNode, opPos: number): never {
    throw new FilterSyntaxError(
      `'${op}' does not apply to the ${TYPE_NAME[f.type]} field '${node.name}' at column ${this.column(opPos)}; it takes ${OPERATORS_OF[f.type]}`,
      this.expression,
      opPos,
    );
  }

  private column(pos: number): number {
    return columnOf(this.expression, pos);
  }
}

function anyOf(preds: Predicate[]): Predicate {
  return (s) => {
    for (const p of preds) if (p(s)) return true;
    return false;
  };
}

function allOf(preds: Predicate[]): Predicate {
  return (s) => {
    for (const p of preds) if (!p(s)) return false;
    return true;
  };
}

function compareNumbers(f: NumberField, op: RelOp, n: number): Predicate {
  switch (op) {
    case '==':
      return (s) => f.values(s).some((x) => x === n);
    case '!=':
      return (s) => f.values(s).some((x) => x !== n);
    case '<':
      return (s) => f.values(s).some((x) => x < n);
    case '<=':
      return (s) => f.values(s).some((x) => x <= n);
    case '>':
      return (s) => f.values(s).some((x) => x > n);
    case '>=':
      return (s) => f.values(s).some((x) => x >= n);
  }
}

function textEquals(f: TextField, text: string): Predicate {
  if (!f.anyCase) return (s) => f.values(s).some((x) => x === text);
  const lower = text.toLowerCase();
  return (s) => f.values(s).some((x) => x.toLowerCase() === lower);
}

function textDiffers(f: TextField, text: string): Predicate {
  if (!f.anyCase) return (s) => f.values(s).some((x) => x !== text);
  const lower = text.toLowerCase();
  return (s) => f.values(s).some((x) => x.toLowerCase() !== lower);
}

function containsText(f: TextField, text: string): Predicate {
  const lower = text.toLowerCase();
  return (s) => f.values(s).some((x) => x.toLowerCase().includes(lower));
}

function matchesText(f: TextField, re: RegExp): Predicate {
  return (s) => f.values(s).some((x) => re.test(x));
}
