/** docs/filters.md is checked against the code: the field table, the examples and the error messages. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIELDS, compileFilter, FilterSyntaxError, type FieldDef } from '../../src/filter/index.js';

const DOC = readFileSync(new URL('../../docs/filters.md', import.meta.url), 'utf8');

/** The text of the section under `heading`, up to the next heading of the same or a higher level. */
function section(heading: string): string {
  const start = DOC.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`no section ${heading}`);
  const level = heading.split(' ')[0]!;
  const rest = DOC.slice(start + heading.length + 2);
  const next = rest.search(new RegExp(`\\n#{1,${level.length}} `));
  return next < 0 ? rest : rest.slice(0, next);
}

/** Rows of the Markdown tables in `text`, cells trimmed, header and separator rows left out. */
function tableRows(text: string): string[][] {
  const rows = text.split('\n').filter((l) => l.startsWith('|'));
  return rows
    .map((l) => l.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim()))
    .filter((cells, i) => i > 0 && !cells.every((c) => /^-+$/.test(c)));
}

function typeOf(f: FieldDef): string {
  if (f.type === 'text') return f.anyCase ? 'text, any case' : 'text';
  return f.type === 'ip' ? 'IP address' : f.type;
}

describe('docs/filters.md', () => {
  it('the field table is the field list of the code, with types and meanings', () => {
    const documented = tableRows(section('## Fields'));
    const expected = FIELDS.map((f) => [f.names.map((n) => `\`${n}\``).join(', '), typeOf(f), f.description]);
    expect(documented).toEqual(expected);
  });

  it('every example filter compiles', () => {
    const fromTable = tableRows(section('## More examples')).map((cells) => cells[0]!.replace(/^`|`$/g, '').replaceAll('\\|', '|'));
    const fromCommands = [...DOC.matchAll(/-Y '([^']+)'/g)].map((m) => m[1]!);
    expect(fromTable.length).toBeGreaterThan(10);
    expect(fromCommands.length).toBeGreaterThanOrEqual(5);
    for (const expr of [...fromTable, ...fromCommands]) expect(() => compileFilter(expr), expr).not.toThrow();
  });

  it('the error examples are the errors the code gives', () => {
    const block = /```text\n([\s\S]*?)```/.exec(section('## Errors'))![1]!;
    const lines = block.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(10);
    for (let i = 0; i < lines.length; i += 2) {
      const expr = lines[i]!;
      const message = lines[i + 1]!.replace(/^ {2}→ /, '');
      let error: unknown = null;
      try {
        compileFilter(expr);
      } catch (e) {
        error = e;
      }
      expect(error, expr).toBeInstanceOf(FilterSyntaxError);
      expect((error as FilterSyntaxError).message, expr).toBe(message);
    }
  });
});
