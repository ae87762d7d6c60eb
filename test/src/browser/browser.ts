import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

/**
 * A real Chromium for the browser tests, launched through playwright-core (no browser download:
 * `npm test` finds Debian's `chromium`, installing it when missing, and passes its path in
 * `LIANXIN_CHROMIUM`). Pages are zh-CN in Shanghai time, at a desktop or a phone size.
 */

/** The Chromium `npm test` found or installed. */
export function chromiumExecutable(): string {
  const executable = process.env.LIANXIN_CHROMIUM;
  if (!executable) throw new Error('LIANXIN_CHROMIUM is not set: run the browser tests with `npm test` (it installs Chromium when missing).');
  return executable;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumExecutable(),
    // Chromium's sandbox refuses to run as root (the test machines here run as root).
    args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
    timeout: 60_000,
  });
}

const people: BrowserContextOptions = { locale: 'zh-CN', timezoneId: 'Asia/Shanghai', reducedMotion: 'reduce' };

/** A staff member at their desk. */
export const desktop: BrowserContextOptions = { ...people, viewport: { width: 1280, height: 800 } };

/** A member out on a visit, or a resident, on a phone (an iPhone 14-sized screen). */
export const phone: BrowserContextOptions = {
  ...people,
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};

export type Screen = 'desktop' | 'phone';

/**
 * A browser context (one person's cookies and storage) at `screen`'s size. Errors the pages
 * throw or log, and requests refused or failed, are kept (`pageErrors`) for the test to check.
 */
export async function newPerson(browser: Browser, screen: Screen): Promise<BrowserContext> {
  const context = await browser.newContext(screen === 'phone' ? phone : desktop);
  context.setDefaultTimeout(20_000);
  context.on('page', watch);
  return context;
}

const errors = new WeakMap<Page, string[]>();

function watch(page: Page): void {
  const seen: string[] = [];
  errors.set(page, seen);
  page.on('pageerror', (error) => seen.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // A refused request is kept below with its address; the console's line for it has none.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) seen.push(`console: ${message.text()}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) seen.push(`HTTP ${response.status()} ${response.request().method()} ${response.url()}`);
  });
  page.on('requestfailed', (request) => {
    // A request the page itself gave up (an AbortController, a navigation away) is not a failure.
    const reason = request.failure()?.errorText ?? 'unknown';
    if (reason !== 'net::ERR_ABORTED') seen.push(`request failed: ${request.method()} ${request.url()} (${reason})`);
  });
}

/** What `page` threw or logged as errors so far, and every request refused (4xx, 5xx) or failed. */
export function pageErrors(page: Page): readonly string[] {
  return errors.get(page) ?? [];
}

/**
 * What the pages of `contexts` showed when a step failed: each one's address and errors, and a
 * screenshot of it in the run's log folder (`npm test` keeps it in `.data/test-logs/<run>/browser/`
 * after a failed run). Answers the lines to add to the failure.
 */
export async function keepEvidence(contexts: readonly BrowserContext[], label: string): Promise<string> {
  const dir = path.join(process.env.LIANXIN_TEST_LOG_DIR ?? os.tmpdir(), 'browser');
  mkdirSync(dir, { recursive: true });
  const lines: string[] = [];
  const pages = contexts.flatMap((context) => context.pages());
  for (const [i, page] of pages.entries()) {
    const file = path.join(dir, `${label.replace(/[^\p{L}\p{N}-]+/gu, '-').slice(0, 60)}-${Date.now()}-${i}.png`);
    const shot = await page.screenshot({ path: file, fullPage: true, timeout: 5_000 }).then(() => file, () => 'no screenshot');
    lines.push(`page ${i}: ${page.url()} (${shot})`, ...pageErrors(page).map((line) => `  ${line}`));
  }
  return lines.join('\n');
}

/** An `it` whose failure carries the evidence of the browser contexts `contexts()` answers. */
export function step(name: string, contexts: () => readonly BrowserContext[], body: () => Promise<void>, timeout?: number): void {
  it(
    name,
    async () => {
      try {
        await body();
      } catch (error) {
        const evidence = await keepEvidence(contexts(), name).catch(() => '');
        if (error instanceof Error && evidence) error.message += `\n\nWhat the browser showed:\n${evidence}`;
        throw error;
      }
    },
    timeout,
  );
}
