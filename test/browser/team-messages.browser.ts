import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, pageIn, screenshot } from '../helpers/browser.js';
import { previewHtml } from './chat-preview/render.js';
import { sampleMessages } from './chat-preview/samples.js';

describe('team messages as each chat client shows them, drawn from the real payloads', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it.each(sampleMessages())('$name: the owner mentioned, the lead linked, no markup left showing', async (sample) => {
    const page = await pageIn(browser, sample.message.locale);
    await page.setContent(previewHtml(sample));
    const text = (await page.locator('body').innerText()).replace(/\s+/g, ' ');
    expect(text).toContain(sample.message.title.replace(/\s+/g, ' '));
    // Markdown that a client would have drawn never shows as characters.
    expect(text).not.toMatch(/\*\*|<font|<@|<at |\]\(http/);
    const mentioned = sample.message.mention && sample.service !== 'email' && !(sample.service === 'wecom' && !sample.message.mention.wecom);
    if (mentioned) expect(await page.locator('.mention').first().textContent()).toBe(`@${sample.message.mention!.name}`);
    const hrefs = await page.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(hrefs).toContain(sample.message.links[0]!.url);
    expect(await screenshot(page, `team-${sample.name}`)).toSatisfy(existsSync);
    await page.context().close();
  });
});
