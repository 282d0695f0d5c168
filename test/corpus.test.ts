/**
 * Agreement with tshark on the real captures copied into test/fixtures/corpus (see
 * captures/SOURCES.md): every conversation's frames and bytes each way, and every mail stream's
 * commands and reply codes/statuses in order. The only disagreements allowed are the ones listed
 * in test/fixtures/corpus/known-differences/*.json (one file per protocol), each explained in docs/corpus.md; a listed
 * difference that no longer occurs fails too, so the list cannot go stale.
 */
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCapture, findCaptures, isKnownDifference, loadKnownDifferences, type CaptureCheck } from '../scripts/lib/corpus.js';

const DIR = new URL('./fixtures/corpus/', import.meta.url).pathname;

const known = loadKnownDifferences();
const isKnown = (file: string, kind: 'conv' | 'mail', stream: number): boolean => isKnownDifference(known, file, kind, stream);

const files = findCaptures(DIR);
const results = new Map<string, CaptureCheck>();

describe('agreement with tshark on the corpus fixtures', () => {
  it('reads every capture without an error', async () => {
    expect(files.length).toBeGreaterThan(100);
    for (const f of files) {
      const r = await checkCapture(f);
      results.set(relative(DIR, f), r);
      expect(r.error, relative(DIR, f)).toBeUndefined();
    }
  }, 120_000);

  it('agrees on every conversation, frames and bytes each way (known differences aside)', () => {
    let total = 0;
    let agree = 0;
    const unexpected: string[] = [];
    for (const [file, r] of results) {
      if (!r.conv) continue;
      total += r.conv.tshark;
      agree += r.conv.agree;
      for (const p of r.conv.problems) {
        const stream = Number(/^stream (\d+)/.exec(p)?.[1] ?? -1);
        if (!isKnown(file, 'conv', stream)) unexpected.push(`${file}: ${p}`);
      }
    }
    console.log(`conversations: ${agree}/${total} agree with tshark exactly (${((100 * agree) / total).toFixed(1)}%)`);
    expect(unexpected).toEqual([]);
  });

  it('agrees on every mail stream: commands and reply codes/statuses in order (known differences aside)', () => {
    const unexpected: string[] = [];
    const perProto: Record<string, { tshark: number; matched: number; extra: number }> = {};
    for (const [file, r] of results) {
      for (const m of r.mail) {
        const t = (perProto[m.protocol] ??= { tshark: 0, matched: 0, extra: 0 });
        t.tshark += m.tshark;
        t.matched += m.matched;
        t.extra += m.extra;
        const exact = m.matched === m.tshark && m.extra === 0;
        if (!exact && !isKnown(file, 'mail', m.stream)) {
          unexpected.push(`${file} ${m.protocol} stream ${m.stream}: ${m.matched}/${m.tshark} matched, ${m.extra} extra; ${m.sample}`);
        }
      }
    }
    for (const [p, t] of Object.entries(perProto)) {
      console.log(`${p}: ${t.matched}/${t.tshark} of tshark's items matched in order (${((100 * t.matched) / t.tshark).toFixed(1)}%), ${t.extra} items tshark does not show`);
    }
    expect(unexpected).toEqual([]);
  });

  it('lists no known difference that has gone away', () => {
    // Entries for captures that are only in ../shared/captures (not copied here) are checked by npm run check:corpus.
    const stale = known.filter((k) => {
      const r = results.get(k.file);
      if (!r) return false;
      if (k.kind === 'conv') return !r.conv?.problems.some((p) => p.startsWith(`stream ${k.stream}:`) || p.startsWith(`stream ${k.stream} `));
      const m = r.mail.find((x) => x.stream === k.stream);
      return !m || (m.matched === m.tshark && m.extra === 0);
    });
    expect(stale).toEqual([]);
  });
});
