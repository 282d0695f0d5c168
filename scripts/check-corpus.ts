/**
 * npm run check:corpus [-- DIR] [--verbose]
 * Runs every capture of the corpus (default ../shared/captures) through mailwire and prints how
 * far it agrees with tshark: conversations (frames and bytes per direction) and the mail dialogues
 * (commands and reply codes/statuses). Differences are explained in docs/corpus.md.
 */
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { checkCapture, findCaptures, isKnownDifference, loadKnownDifferences, type CaptureCheck } from './lib/corpus.js';

const args = process.argv.slice(2);
const verbose = args.includes('--verbose') || args.includes('-v');
const dir = resolve(args.find((a) => !a.startsWith('-')) ?? new URL('../../shared/captures', import.meta.url).pathname);

if (!existsSync(dir)) {
  process.stderr.write(`check:corpus: ${dir} not found; give the corpus folder as an argument (npm run check:corpus -- DIR)\n`);
  process.exit(2);
}

const files = findCaptures(dir);
const results: CaptureCheck[] = [];
for (const f of files) results.push(await checkCapture(f));

const known = loadKnownDifferences();
let knownCount = 0;
let unexplained = 0;
let convT = 0;
let convA = 0;
const mail: Record<string, { tshark: number; matched: number; extra: number; streams: number; exact: number }> = {};
for (const r of results) {
  const name = relative(dir, r.file);
  const lines: string[] = [];
  if (r.error) lines.push(`  error: ${r.error}`);
  if (r.conv) {
    convT += r.conv.tshark;
    convA += r.conv.agree;
    for (const p of r.conv.problems) {
      const stream = Number(/^stream (\d+)/.exec(p)?.[1] ?? -1);
      const isKnown = isKnownDifference(known, name, 'conv', stream);
      if (isKnown) knownCount++;
      else unexplained++;
      lines.push(`  conv: ${p}${isKnown ? ' [known: docs/corpus.md]' : ''}`);
    }
  }
  for (const m of r.mail) {
    const t = (mail[m.protocol] ??= { tshark: 0, matched: 0, extra: 0, streams: 0, exact: 0 });
    t.tshark += m.tshark;
    t.matched += m.matched;
    t.extra += m.extra;
    t.streams++;
    if (m.matched === m.tshark && m.extra === 0) t.exact++;
    else {
      const isKnown = isKnownDifference(known, name, 'mail', m.stream);
      if (isKnown) knownCount++;
      else unexplained++;
      lines.push(`  ${m.protocol} stream ${m.stream}: ${m.matched}/${m.tshark} tshark items matched, ${m.extra} extra; ${m.sample}${isKnown ? ' [known: docs/corpus.md]' : ''}`);
    }
  }
  if (lines.length > 0) {
    process.stdout.write(`${name}\n`);
    if (verbose || r.error) process.stdout.write(`${lines.join('\n')}\n`);
    else process.stdout.write(`${lines.slice(0, 3).join('\n')}${lines.length > 3 ? `\n  … ${lines.length - 3} more (--verbose)` : ''}\n`);
  }
}

process.stdout.write(`\ndifferences: ${knownCount} known and explained in docs/corpus.md, ${unexplained} unexplained\n`);
const pct = (a: number, b: number): string => (b === 0 ? '100.0' : ((100 * a) / b).toFixed(1));
process.stdout.write(`\n${files.length} captures\n`);
process.stdout.write(`conversations: ${convA}/${convT} agree with tshark exactly (frames and bytes each way): ${pct(convA, convT)}%\n`);
for (const [p, t] of Object.entries(mail)) {
  process.stdout.write(
    `${p.toUpperCase()}: ${t.matched}/${t.tshark} of tshark's commands and replies matched in order (${pct(t.matched, t.tshark)}%), ${t.extra} items tshark does not show; ${t.exact}/${t.streams} streams identical\n`,
  );
}
