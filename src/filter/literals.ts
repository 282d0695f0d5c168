/**
 * Values as written → typed values for the field they are compared with. A value that does not
 * fit its field's type is a FilterSyntaxError pointing at the value.
 */
import type { ValueNode } from './ast.js';
import { FilterSyntaxError, columnOf } from './errors.js';
import { parseIpBlock, type IpBlock } from './ip.js';
import { SEVERITY_RANK, type Severity } from '../model/violation.js';

/** Decimal (with optional fraction and exponent) or 0x hexadecimal. */
const NUMBER = /^(?:[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?|0x[\da-f]+)$/i;

/** Reports values of the wrong type in `expression`, naming the field. */
export class LiteralReader {
  constructor(private readonly expression: string) {}

  number(v: ValueNode, field: string): number {
    const n = NUMBER.test(v.text) ? Number(v.text) : NaN;
    if (!Number.isFinite(n)) this.fail(`expected a number for '${field}'`, v);
    return n;
  }

  /** A severity name, as its rank. */
  severity(v: ValueNode, field: string): number {
    const name = v.text.toLowerCase();
    if (!Object.hasOwn(SEVERITY_RANK, name)) this.fail(`expected a severity (info, warning or error) for '${field}'`, v);
    return SEVERITY_RANK[name as Severity];
  }

  boolean(v: ValueNode, field: string): boolean {
    const word = v.text.toLowerCase();
    if (word === 'true' || word === '1') return true;
    if (word === 'false' || word === '0') return false;
    return this.fail(`expected true or false for '${field}'`, v);
  }

  ip(v: ValueNode, field: string): IpBlock {
    return parseIpBlock(v.text) ?? this.fail(`expected an IP address or CIDR block (192.0.2.0/24) for '${field}'`, v);
  }

  /** A case-insensitive JavaScript regular expression. */
  regex(v: ValueNode): RegExp {
    try {
      return new RegExp(v.text, 'i');
    } catch (e) {
      const reason = e instanceof Error ? e.message.replace(/^.*: /, '') : 'not a valid pattern';
      return this.fail(`invalid regular expression (${reason})`, v, false);
    }
  }

  /** Throws "<expected> at column N[, found <value>]" pointing at `v`. */
  fail(expected: string, v: ValueNode, sayFound = true): never {
    const where = `${expected} at column ${columnOf(this.expression, v.pos)}`;
    throw new FilterSyntaxError(sayFound ? `${where}, found ${shown(v)}` : where, this.expression, v.pos);
  }
}

/** A value for a message: a string in double quotes, a word in single quotes, shortened when long. */
function shown(v: ValueNode): string {
  const text = v.text.length > 40 ? `${v.text.slice(0, 37)}...` : v.text;
  return v.quoted ? JSON.stringify(text) : `'${text}'`;
}
