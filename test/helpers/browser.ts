import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../src/temporal/binaries.js';

/** Where screenshots are kept, as the test run's output (not committed). */
export const SCREENSHOTS = join(PROJECT_ROOT, 'test-output', 'screenshots');

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Debian's Chromium, headless, with the flags this closed network needs (no background
 * connections it would try and fail at); Playwright gives each launch an empty profile.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (CI does), or set CHROMIUM_PATH`);
  await mkdir(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A page that speaks a language, as a customer's browser would. */
export async function pageIn(browser: Browser, locale: string): Promise<Page> {
  const context = await browser.newContext({ locale, extraHTTPHeaders: { 'accept-language': locale } });
  return context.newPage();
}

export async function screenshot(page: Page, name: string): Promise<string> {
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
