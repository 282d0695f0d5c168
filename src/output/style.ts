/** ANSI colours for terminal output, or none (piped output, --no-color). */

export interface Style {
  client(s: string): string;
  server(s: string): string;
  ok(s: string): string;
  warn(s: string): string;
  err(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

const wrap = (code: string) => (s: string) => `\x1b[${code}m${s}\x1b[0m`;

export const COLOR: Style = {
  client: wrap('36'),
  server: wrap('32'),
  ok: wrap('32'),
  warn: wrap('33'),
  err: wrap('31'),
  dim: wrap('2'),
  bold: wrap('1'),
};

const id = (s: string): string => s;
export const PLAIN: Style = { client: id, server: id, ok: id, warn: id, err: id, dim: id, bold: id };
