/**
 * System test: the HTML report of shipped captures in a real headless browser (Debian's Chromium
 * at /usr/bin/chromium, driven by playwright-core; no browser is downloaded). It renders without
 * console errors, requests nothing but the page itself, draws one ladder arrow per event, opens a
 * message body on click, and a hostile capture adds no element. The page is kept as a screenshot
 * in test-artifacts/html-report.png. Fails, not skips, without Chromium (`apt-get install chromium`).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../src/model/session.js';
import { renderHtml } from '../../src/output/html/report.js';
import { captureSessions, hostileSession } from '../output/report-sessions.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
const CAPTURES = ['captures/smtp-textbook.pcap', 'captures/pop3-textbook.pcap', 'captures/imap-textbook.pcap', 'captures/real/smtp-starttls.pcap'];

const MISSING = `${CHROMIUM} is missing: install Debian's Chromium (apt-get install -y chromium) to run the HTML report's browser test`;

let dir: string;
let context: BrowserContext | undefined;

/** What happened while a page loaded: console errors, uncaught errors, requests, failed requests. */
interface PageLog {
  errors: string[];
  requests: string[];
  failed: string[];
  dialogs: string[];
}

async function open(file: string): Promise<{ page: Page; log: PageLog }> {
  if (!context) throw new Error(MISSING);
  const page = await context.newPage();
  const log: PageLog = { errors: [], requests: [], failed: [], dialogs: [] };
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') log.errors.push(m.text());
  });
  page.on('pageerror', (e) => log.errors.push(e.message));
  page.on('request', (r) => log.requests.push(r.url()));
  page.on('requestfailed', (r) => log.failed.push(r.url()));
  page.on('dialog', (d) => {
    log.dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, log };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mailwire-html-'));
  if (!existsSync(CHROMIUM)) return;
  context = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

afterAll(async () => {
  await context?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it(`finds Debian's Chromium at ${CHROMIUM}`, () => {
  expect(existsSync(CHROMIUM), MISSING).toBe(true);
});

describe('HTML report in Chromium', () => {
  let sessions: Session[];
  let file: string;

  beforeAll(async () => {
    sessions = (await Promise.all(CAPTURES.map((c) => captureSessions(c)))).flat();
    file = join(dir, 'report.html');
    writeFileSync(file, renderHtml(sessions, { title: 'mailwire report: shipped captures', source: CAPTURES.join(', ') }));
  });

  it('renders with no console errors and loads nothing but the page', async () => {
    const { page, log } = await open(file);
    expect(log.errors).toEqual([]);
    expect(log.failed).toEqual([]);
    expect(log.requests).toEqual([pathToFileURL(file).href]);
    expect(await page.title()).toBe('mailwire report: shipped captures');
    expect(await page.locator('section.session').count()).toBe(sessions.length);
    expect(await page.locator('script, img, iframe, object, embed, link').count()).toBe(0);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'html-report.png'), fullPage: true });
    await page.close();
  });

  it('draws exactly one arrow per event in each session ladder, in event order', async () => {
    const { page } = await open(file);
    const ladders = page.locator('section.session svg.ladder');
    expect(await ladders.count()).toBe(sessions.length);
    for (const [i, s] of sessions.entries()) {
      const drawn = await ladders.nth(i).locator('[data-event]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-event'))));
      expect(drawn).toEqual(s.events.map((e) => e.index));
      // Every arrow is really drawn: its line (or a note's box) has a size on the page.
      const shapes = ladders.nth(i).locator('[data-event] > line, [data-event] > rect.note-box');
      expect(await shapes.count()).toBe(s.events.length);
      const sizes = await shapes.evaluateAll((els) => els.map((e) => (e as unknown as { getBBox(): { width: number } }).getBBox().width));
      for (const w of sizes) expect(w).toBeGreaterThan(0);
    }
    await page.close();
  });

  it('opens a message body on click and jumps from an arrow to its transcript line', async () => {
    const { page } = await open(file);
    const details = page.locator('details.content').first();
    expect(await details.evaluate((d) => (d as unknown as { open: boolean }).open)).toBe(false);
    expect(await details.locator('pre').isVisible()).toBe(false);
    await details.locator('summary').click();
    expect(await details.evaluate((d) => (d as unknown as { open: boolean }).open)).toBe(true);
    expect(await details.locator('pre').isVisible()).toBe(true);
    expect(await details.locator('pre').innerText()).toContain('From: Bob Example <bob@example.org>');

    await page.locator('section.session').first().locator('[data-event="3"]').click();
    await page.waitForURL(/#session-0-e3$/);
    expect(await page.locator('.ev:target').innerText()).toContain('MAIL FROM:<bob@example.org>');
    await page.close();
  });
});

describe('HTML report of a hostile capture in Chromium', () => {
  it('shows the markup as text and runs nothing', async () => {
    const session = hostileSession();
    const file = join(dir, 'hostile.html');
    writeFileSync(file, renderHtml([session], { title: '<script>alert(0)</script>' }));
    const { page, log } = await open(file);
    expect(log.dialogs).toEqual([]);
    expect(log.errors).toEqual([]);
    expect(log.requests).toEqual([pathToFileURL(file).href]);
    expect(await page.locator('script, img, iframe, object, embed, link').count()).toBe(0);
    expect(await page.locator('[onerror], [onload], [onclick]').count()).toBe(0);
    expect(await page.locator('h1').innerText()).toBe('<script>alert(0)</script>');
    expect(await page.locator('.transcript').innerText()).toContain('EHLO "><img src=x onerror=alert(1)>');
    expect(await page.locator('svg.ladder [data-event]').count()).toBe(session.events.length);
    await page.close();
  });
});
