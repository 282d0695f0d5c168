/** The ladder diagram: one arrow per event, the right way, labelled, timed, flagged, capped. */
import { describe, expect, it } from 'vitest';
import type { Violation } from '../../src/model/violation.js';
import { eventLabel, formatDelta, renderLadder } from '../../src/output/html/ladder.js';
import { DEFAULT_MAX_ARROWS, renderHtml } from '../../src/output/html/report.js';
import { captureSessions, handmadeSession, longSession, TEXTBOOK } from './report-sessions.js';

const opts = { maxArrows: 500, eventAnchor: (i: number) => `e${i}` };

/** The `<a data-event>` elements of an SVG: event index, classes, the first line's coordinates. */
function arrows(svg: string): { event: number; cls: string; x1?: number; x2?: number; href: string }[] {
  return [...svg.matchAll(/<a class="arrow ([^"]*)" href="#([^"]*)" data-event="(\d+)">([\s\S]*?)<\/a>/g)].map((m) => {
    const line = /<line x1="([\d.]+)" y1="[\d.]+" x2="([\d.]+)"/.exec(m[4]!);
    return { event: Number(m[3]), cls: m[1]!, href: m[2]!, x1: line ? Number(line[1]) : undefined, x2: line ? Number(line[2]) : undefined };
  });
}

const T0 = 1_700_000_000;

describe('ladder', () => {
  it('draws exactly one arrow per event, in order, each linking to its transcript line', async () => {
    for (const name of TEXTBOOK) {
      const [s] = await captureSessions(`captures/${name}.pcap`);
      const drawn = arrows(renderLadder(s!, opts));
      expect(drawn.map((a) => a.event)).toEqual(s!.events.map((e) => e.index));
      expect(drawn.map((a) => a.href)).toEqual(s!.events.map((e) => `e${e.index}`));
      expect(renderLadder(s!, opts).match(/data-event=/g)).toHaveLength(s!.events.length);
    }
  });

  it('points commands, auth and client data at the server, replies and server data at the client; notes are boxes', () => {
    const s = handmadeSession([
      { kind: 'reply', dir: 'S', ts: T0 + 0.1, offset: 0, length: 8, code: '220', lines: ['220 hi'] },
      { kind: 'command', dir: 'C', ts: T0 + 0.2, offset: 0, length: 6, verb: 'AUTH', args: 'LOGIN', line: 'AUTH LOGIN' },
      { kind: 'auth', dir: 'C', ts: T0 + 0.3, offset: 6, length: 6, line: 'Ym9i', decoded: 'username: bob' },
      { kind: 'data', dir: 'C', ts: T0 + 0.4, offset: 12, length: 9, size: 9, preview: 'Subject: x', previewTruncated: false, what: 'DATA' },
      { kind: 'gap', dir: 'S', ts: T0 + 0.5, offset: 8, length: 100 },
      { kind: 'tls', dir: 'C', ts: T0 + 0.6, offset: 21, length: 300, what: 'ClientHello', sni: 'mx.example' },
      { kind: 'note', dir: 'S', ts: T0 + 0.7, offset: 108, length: 0, text: 'resynchronised' },
      { kind: 'reply', dir: 'S', ts: T0 + 0.8, offset: 108, length: 8, code: '554', lines: ['554 no'] },
      { kind: 'reply', dir: 'S', ts: T0 + 0.9, offset: 116, length: 8, code: '451', lines: ['451 later'] },
    ]);
    const drawn = arrows(renderLadder(s, opts));
    expect(drawn.map((a) => a.cls)).toEqual([
      'k-reply dir-s',
      'k-command dir-c',
      'k-auth dir-c',
      'k-data dir-c',
      'k-gap dir-s',
      'k-tls dir-c',
      'k-note dir-s',
      'k-reply k-fail dir-s',
      'k-reply k-temp dir-s',
    ]);
    for (const a of drawn) {
      if (a.cls.includes('k-note')) expect(a.x1).toBeUndefined();
      else if (a.cls.includes('dir-c')) expect(a.x1!).toBeLessThan(a.x2!);
      else expect(a.x1!).toBeGreaterThan(a.x2!);
    }
    expect(s.events.map((e) => eventLabel(s, e))).toEqual([
      '220 hi',
      'AUTH LOGIN',
      'Ym9i (username: bob)',
      'DATA: 9 octets',
      '100 bytes missing from the capture',
      'TLS ClientHello, SNI mx.example',
      'resynchronised',
      '554 no',
      '451 later',
    ]);
  });

  it('shows the time since the previous event, and nothing when it is zero', () => {
    const s = handmadeSession([
      { kind: 'reply', dir: 'S', ts: T0 + 0.0004, offset: 0, length: 8, code: '220', lines: ['220 hi'] },
      { kind: 'command', dir: 'C', ts: T0 + 1.5, offset: 0, length: 6, verb: 'NOOP', args: '', line: 'NOOP' },
      { kind: 'reply', dir: 'S', ts: T0 + 1.5, offset: 8, length: 8, code: '250', lines: ['250 ok'] },
    ]);
    const svg = renderLadder(s, opts);
    expect([...svg.matchAll(/<text class="delta"[^>]*>([^<]*)</g)].map((m) => m[1])).toEqual(['+0.40 ms', '+1.50 s']);
    expect([0.0004, 0.0042, 0.012, 0.5, 1.5, 61, 7200].map(formatDelta)).toEqual(['+0.40 ms', '+4.2 ms', '+12 ms', '+500 ms', '+1.50 s', '+1.0 min', '+120.0 min']);
  });

  it('marks violations on their arrow with the worst severity, listing them in the tooltip', () => {
    const v = (event: number, severity: Violation['severity'], id: string): Violation => ({ id, severity, rfc: 'RFC', message: `${id} here`, event });
    const s = handmadeSession(
      [
        { kind: 'command', dir: 'C', ts: T0 + 0.1, offset: 0, length: 6, verb: 'NOOP', args: '', line: 'NOOP' },
        { kind: 'reply', dir: 'S', ts: T0 + 0.2, offset: 0, length: 8, code: '250', lines: ['250 ok'] },
      ],
      [v(0, 'warning', 'A'), v(0, 'error', 'B'), v(1, 'info', 'C')],
    );
    const svg = renderLadder(s, opts);
    const drawn = arrows(svg);
    expect(drawn.map((a) => a.cls)).toEqual(['k-command dir-c flagged sev-error', 'k-reply dir-s flagged sev-info']);
    expect(svg).toContain('A (warning): A here\nB (error): B here</title>');
    expect(svg.match(/<g class="badge sev-error">/g)).toHaveLength(1);
    expect(svg.match(/<g class="badge sev-info">/g)).toHaveLength(1);
  });

  it('truncates long labels and keeps the whole text in the tooltip', () => {
    const long = `MAIL FROM:<${'x'.repeat(200)}@example.org>`;
    const s = handmadeSession([{ kind: 'command', dir: 'C', ts: T0, offset: 0, length: 230, verb: 'MAIL', args: '', line: long }]);
    const svg = renderLadder(s, opts);
    const label = /<text class="label"[^>]*>([^<]*)<\/text>/.exec(svg)![1]!;
    expect(label.endsWith('…')).toBe(true);
    expect(label.length).toBeLessThan(80);
    expect(long.startsWith(label.slice(0, -1).replace(/&lt;/g, '<'))).toBe(true);
    expect(svg).toContain(`<title>#0 at 0.000 s: ${long.replace(/</g, '&lt;').replace(/>/g, '&gt;')}</title>`);
  });

  it('shades the encrypted part from the first TLS event', () => {
    const s = handmadeSession([
      { kind: 'command', dir: 'C', ts: T0, offset: 0, length: 10, verb: 'STARTTLS', args: '', line: 'STARTTLS' },
      { kind: 'reply', dir: 'S', ts: T0, offset: 0, length: 10, code: '220', lines: ['220 go'] },
      { kind: 'tls', dir: 'C', ts: T0, offset: 10, length: 300, what: 'ClientHello' },
    ]);
    s.tls = 'starttls';
    s.tlsInfo = { startEvent: 1, decrypted: false };
    expect(renderLadder(s, opts)).toContain('<rect class="tls-zone" x="210" y="124"');
  });

  it(`stops at maxArrows (default ${DEFAULT_MAX_ARROWS}) with a note, while the transcript keeps every event`, () => {
    const s = longSession(300);
    expect(s.events).toHaveLength(601);
    const svg = renderLadder(s, opts);
    expect(arrows(svg).map((a) => a.event)).toEqual([...Array(500).keys()]);
    expect(svg).toContain('101 more events not drawn (the ladder stops at 500); the transcript below has them all');
    const html = renderHtml([s]);
    expect(html.match(/data-event=/g)).toHaveLength(500);
    expect(html).toContain('<h3>Ladder (first 500 of 601 events)</h3>');
    expect(html.match(/<div class="ev [^"]*" id="session-7-e\d+">|<div class="ev [^"]*" id="session-0-e\d+">/g)).toHaveLength(601);
    expect(renderHtml([s], { maxArrows: 10 }).match(/data-event=/g)).toHaveLength(10);
  });
});
