/**
 * npm run import:corpus — copies the licensed third-party captures (and tshark's view of them)
 * from ../shared/captures into test/fixtures/corpus/, so that the corpus test runs in a fresh
 * clone, and lists each file in captures/SOURCES.md. Captures from repositories without a licence
 * (wireshark-notes, chrissanders-packets, markofu-pcaps) are never copied; neither are captures
 * over MAX_BYTES (the big ones stay in `npm run check:corpus`).
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const MAX_BYTES = 420 * 1024;
const LICENSED: Record<string, string> = {
  zeek: 'BSD-3-Clause',
  'suricata-verify': 'MIT',
  ndpi: 'LGPL-3.0',
  arkime: 'Apache-2.0',
  pcapplusplus: 'Unlicense',
  peafowl: 'MIT',
};
const SIDECARS = ['.tshark-conv.json', '.tshark-mail.tsv', '.tshark-mail-decodeas.tsv'];

interface Entry {
  source: string;
  file: string;
  repo: string;
  path: string;
  size: number;
  gunzipped: boolean;
}

const root = new URL('..', import.meta.url).pathname;
const shared = process.argv[2] ?? join(root, '../shared/captures');
const dest = join(root, 'test/fixtures/corpus');
const manifest = JSON.parse(readFileSync(join(shared, 'manifest.json'), 'utf8')) as Entry[];

const rows: string[] = [];
for (const e of manifest) {
  const licence = LICENSED[e.source];
  if (!licence || e.size > MAX_BYTES) continue;
  const src = join(shared, e.file);
  const out = join(dest, e.file);
  mkdirSync(dirname(out), { recursive: true });
  copyFileSync(src, out);
  const stem = src.replace(/\.(pcapng|pcap|cap)$/, '');
  for (const s of SIDECARS) if (existsSync(stem + s)) copyFileSync(stem + s, out.replace(/\.(pcapng|pcap|cap)$/, '') + s);
  const note = e.gunzipped ? ' (stored gunzipped)' : '';
  rows.push(`| test/fixtures/corpus/${e.file} | ${e.repo} | ${e.path}${note} | ${licence} |`);
}

const sources = join(root, 'captures/SOURCES.md');
const begin = '<!-- corpus:begin -->';
const end = '<!-- corpus:end -->';
const block = `${begin}\n## Corpus fixtures (test/fixtures/corpus, copied by \`npm run import:corpus\`)\n\nEach with tshark's view of it beside it (\`*.tshark-conv.json\`, \`*.tshark-mail.tsv\`), made with TShark 4.0.17.\n\n| file | repository | original path | licence |\n|---|---|---|---|\n${rows.join('\n')}\n${end}`;
let text = existsSync(sources) ? readFileSync(sources, 'utf8') : '# Third-party captures in this repository\n';
const i = text.indexOf(begin);
const j = text.indexOf(end);
text = i >= 0 && j > i ? text.slice(0, i) + block + text.slice(j + end.length) : `${text.trimEnd()}\n\n${block}\n`;
writeFileSync(sources, text);
process.stdout.write(`copied ${rows.length} captures into ${basename(dest)}/\n`);
