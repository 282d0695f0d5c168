/**
 * The Markdown report: golden files for the textbook captures (after an intended change:
 * `UPDATE_GOLDENS=1 npx vitest run test/output/markdown.test.ts`, then read the diff), GitHub
 * anchors, call-outs placed after their event, escaping of hostile captures.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Violation } from '../../src/model/violation.js';
import { callout, codeBlock, escapeMarkdown, githubSlug, HeadingSlugger, renderMarkdown } from '../../src/output/markdown.js';
import { captureSessions, handmadeSession, hostileSession, TEXTBOOK } from './report-sessions.js';

const GOLDENS = fileURLToPath(new URL('./goldens/', import.meta.url));
const update = process.env.UPDATE_GOLDENS === '1';

/** Every heading's anchor, in document order, the way GitHub computes them from the rendered text. */
function headingAnchors(md: string): string[] {
  const slugger = new HeadingSlugger();
  let inFence = false;
  const anchors: string[] = [];
  for (const line of md.split('\n')) {
    if (/^`{3,}/.test(line)) inFence = !inFence;
    const m = !inFence && /^#{1,6} (.*)$/.exec(line);
    if (m) anchors.push(slugger.slug(m[1]!.replace(/\\(.)/g, '$1')));
  }
  return anchors;
}

function links(md: string): string[] {
  return [...md.matchAll(/\]\(#([^)]*)\)/g)].map((m) => m[1]!);
}

describe('golden Markdown reports of the textbook captures', () => {
  for (const name of TEXTBOOK) {
    it(name, async () => {
      const md = renderMarkdown(await captureSessions(`captures/${name}.pcap`), { source: `captures/${name}.pcap` });
      const golden = `${GOLDENS}${name}.md`;
      if (update) writeFileSync(golden, md);
      else if (!existsSync(golden)) throw new Error(`no golden ${name}.md: run UPDATE_GOLDENS=1 npx vitest run test/output/markdown.test.ts and review it`);
      expect(md).toBe(readFileSync(golden, 'utf8'));
    });
  }

  it('links only to headings that exist, in the contents, the tables and the call-outs', async () => {
    const sessions = (await Promise.all(TEXTBOOK.map((n) => captureSessions(`captures/${n}.pcap`)))).flat();
    const md = renderMarkdown(sessions);
    const anchors = new Set(headingAnchors(md));
    expect(links(md).length).toBeGreaterThan(sessions.length * 2);
    for (const link of links(md)) expect(anchors, link).toContain(link);
  });
});

describe('GitHub heading anchors', () => {
  it('lower-cases, drops punctuation and turns spaces into hyphens', () => {
    expect(githubSlug('Session 0: SMTP relay (between mail transfer agents)')).toBe('session-0-smtp-relay-between-mail-transfer-agents');
    expect(githubSlug('SMTP-BARE-LF')).toBe('smtp-bare-lf');
    expect(githubSlug('a_b  c.d/e')).toBe('a_b--cde');
    expect(githubSlug('Größe über 5 €')).toBe('größe-über-5-');
  });

  it('numbers repeated headings as github-slugger does', () => {
    const s = new HeadingSlugger();
    expect(['a', 'a', 'a-1', 'a', 'A'].map((t) => s.slug(t))).toEqual(['a', 'a-1', 'a-1-1', 'a-2', 'a-3']);
  });

  it('keeps two sessions with the same id apart', async () => {
    const one = (await captureSessions('captures/smtp-textbook.pcap'))[0]!;
    const md = renderMarkdown([one, { ...one }]);
    expect(md).toContain('(#session-0-smtp-relay-between-mail-transfer-agents)');
    expect(md).toContain('(#session-0-smtp-relay-between-mail-transfer-agents-1)');
    expect(headingAnchors(md)).toContain('session-0-smtp-relay-between-mail-transfer-agents-1');
  });

  it('a title equal to a section name does not steal its anchor', () => {
    const md = renderMarkdown([], { title: 'Summary' });
    expect(md).toContain('- [Summary](#summary-1)');
    expect(headingAnchors(md)).toEqual(['summary', 'contents', 'summary-1']);
  });
});

describe('call-outs', () => {
  const v = (event: number, severity: Violation['severity'], id = 'SMTP-BARE-LF'): Violation => ({ id, severity, rfc: 'RFC 5321 §2.3.8', message: `m${event}`, event });
  const session = handmadeSession(
    [
      { kind: 'reply', dir: 'S', ts: 1_700_000_000.1, offset: 0, length: 8, code: '220', lines: ['220 hi'] },
      { kind: 'command', dir: 'C', ts: 1_700_000_000.2, offset: 0, length: 6, verb: 'NOOP', args: '', line: 'NOOP' },
      { kind: 'reply', dir: 'S', ts: 1_700_000_000.3, offset: 8, length: 8, code: '250', lines: ['250 ok'] },
      { kind: 'command', dir: 'C', ts: 1_700_000_000.4, offset: 6, length: 6, verb: 'QUIT', args: '', line: 'QUIT' },
    ],
    [v(1, 'error'), v(1, 'warning', 'SMTP-UNKNOWN-COMMAND'), v(3, 'info', 'SMTP-SIZE-OVER-DECLARED'), v(-1, 'warning', 'SMTP-AFTER-QUIT')],
  );
  const md = renderMarkdown([session]);
  const body = md.slice(md.indexOf('## Session 7'), md.indexOf('## Violation catalogue'));

  it('split the transcript right after the event they concern, one per violation, worst kind per severity', () => {
    expect(body).toContain(
      [
        '```',
        'S: 220 hi',
        'C: NOOP',
        '```',
        '',
        '> [!CAUTION]',
        '> **[SMTP-BARE-LF](#smtp-bare-lf)** (error, RFC 5321 §2.3.8): m1',
        '',
        '> [!WARNING]',
        '> **[SMTP-UNKNOWN-COMMAND](#smtp-unknown-command)** (warning, RFC 5321 §2.3.8): m1',
        '',
        '```',
        'S: 250 ok',
        'C: QUIT',
        '```',
        '',
        '> [!NOTE]',
        '> **[SMTP-SIZE-OVER-DECLARED](#smtp-size-over-declared)** (info, RFC 5321 §2.3.8): m3',
        '',
        '> [!WARNING]',
        '> **[SMTP-AFTER-QUIT](#smtp-after-quit)** (warning, RFC 5321 §2.3.8): m-1',
      ].join('\n'),
    );
  });

  it('link to catalogue entries at the end of the document, with title, severity, RFC and description', () => {
    const catalogue = md.slice(md.indexOf('## Violation catalogue'));
    expect(catalogue).toContain('### SMTP-BARE-LF\n\n**Line ended by a bare LF** (error, RFC 5321 §2.3.8)\n\nSMTP lines end with CRLF');
    expect(catalogue.match(/^### /gm)).toHaveLength(4);
    expect(catalogue).toContain('Found 1 time, in session [7](#session-7-smtp-relay-between-mail-transfer-agents).');
  });

  it('an id the catalogue does not know still gets an entry', () => {
    const odd = renderMarkdown([handmadeSession([], [{ id: 'X-NEW', severity: 'info', rfc: 'RFC 1', message: 'new', event: -1 }])]);
    expect(odd).toContain('> [!NOTE]\n> **[X-NEW](#x-new)** (info, RFC 1): new');
    expect(odd).toContain('### X-NEW\n\n**X-NEW** (info, RFC 1)\n\nThis id is not in the catalogue');
  });

  it('are GitHub call-outs: a blockquote whose first line is the type', () => {
    expect(callout(v(0, 'warning'), 'smtp-bare-lf')).toEqual(['> [!WARNING]', '> **[SMTP-BARE-LF](#smtp-bare-lf)** (warning, RFC 5321 §2.3.8): m0']);
  });
});

describe('escaping', () => {
  it('backslash-escapes inline markup, HTML, pipes, mentions and makes controls visible', () => {
    expect(escapeMarkdown('a|b <img src=x> *x* _y_ `z` [l](u) @bob #1 $x$ ~s~ &amp; \\')).toBe(
      'a\\|b \\<img src=x\\> \\*x\\* \\_y\\_ \\`z\\` \\[l\\](u) \\@bob \\#1 \\$x\\$ \\~s\\~ \\&amp; \\\\',
    );
    expect(escapeMarkdown('a\rb\nc\x1b[0m\x00')).toBe('a\\<CR\\>b\\<LF\\>c\\\\x1b\\[0m\\<NUL\\>');
  });

  it('fences code with more backticks than any run inside', () => {
    expect(codeBlock(['a'])).toEqual(['```', 'a', '```']);
    expect(codeBlock(['x ````` y', '```'])).toEqual(['``````', 'x ````` y', '```', '``````']);
  });

  it('a hostile capture cannot close a code block, inject HTML or break a table', () => {
    const md = renderMarkdown([hostileSession()], { title: '<b>t</b> | x' });
    expect(md).toContain('# \\<b\\>t\\</b\\> \\| x\n');
    // Outside code blocks no raw "<" survives.
    const outside = md.split(/^(`{3,})\n[\s\S]*?^\1$/m).join('');
    expect(outside).not.toMatch(/(^|[^\\])</);
    expect(md).toContain('(warning, RFC 5321 §2.2.2, §4.2.4): unknown command "X\\<SCRIPT\\>"');
    // The code block holding ``` is fenced with four backticks; the bare CR and the escape are visible.
    expect(md).toMatch(/^````\nS: 220 mx <script>alert\(1\)<\/script> ESMTP\n[^`]*C: X<SCRIPT> \|pipe\| `tick` ```\n````$/m);
    expect(md).toContain('C: | \\x1b[31mred<CR>```');
    // Every fence opened is closed: the fences pair up.
    const fences = md.split('\n').filter((l) => /^`{3,}$/.test(l));
    expect(fences.length % 2).toBe(0);
    for (let i = 0; i < fences.length; i += 2) expect(fences[i + 1]).toBe(fences[i]);
  });
});

describe('options', () => {
  it('limits message bodies to dataLines, or shows them whole with fullData, and adds explanations', async () => {
    const sessions = await captureSessions('captures/smtp-textbook.pcap');
    const short = renderMarkdown(sessions, { dataLines: 2 });
    expect(short).toContain('C: | From: Bob Example <bob@example.org>\nC: | To: Alice Example <alice@example.com>\nC: | [... 8+ more lines; message 1: 276 octets; --full-data shows all]');
    expect(renderMarkdown(sessions, { fullData: true })).toContain('C: | Bob\n');
    expect(renderMarkdown(sessions, { explain: true })).toMatch(/C: MAIL FROM:<bob@example.org>\n {6}~ MAIL FROM starts a mail transaction/);
  });

  it('says so when there are no sessions', () => {
    expect(renderMarkdown([])).toBe('# mailwire report\n\n## Contents\n\n- [Summary](#summary)\n\n## Summary\n\nNo SMTP, POP3 or IMAP sessions found.\n');
  });
});
