import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, pageIn, screenshot } from '../helpers/browser.js';
import { eventually } from '../helpers/eventually.js';
import { testLead } from '../helpers/leads.js';
import { startSurveySystem, type SurveySystem } from '../helpers/survey-system.js';

describe('the survey and unsubscribe pages in Chromium', () => {
  let sys: SurveySystem;
  let browser: Browser;
  beforeAll(async () => {
    [sys, browser] = await Promise.all([startSurveySystem(), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await sys?.close();
  });

  /** Enrols a customer and returns their survey mail's HTML once it arrives. */
  async function surveyMailFor(locale: string) {
    const lead = testLead({ stage: 'won', locale, name: locale.startsWith('zh') ? '王芳' : 'Ann Lee' });
    expect((await sys.api('/api/leads', lead)).status).toBe(202);
    const mail = await eventually(() => sys.sink.messages.find((m) => m.envelopeTo.includes(lead.email)));
    return { lead, html: String(mail.parsed.html) };
  }

  it('in Chinese: opens with the clicked score chosen, records nothing until the button, then thanks', async () => {
    const { lead, html } = await surveyMailFor('zh-CN');
    const page = await pageIn(browser, 'zh-CN');
    await page.goto(`${sys.publicUrl}${sys.scoreLinks(html)[2]}`);
    expect(await page.locator('h1').textContent()).toBe('您对我们满意吗？');
    expect(await page.locator('input[name=score]:checked').getAttribute('value')).toBe('2');
    expect(await screenshot(page, 'survey-page-zh-CN')).toSatisfy(existsSync);
    // The page has loaded (as a link scanner would load it): no answer on the journey.
    expect((await sys.view(lead.id)).surveys[0].answer).toBeUndefined();
    // The customer picks another score, writes a comment and presses the button.
    await page.locator('label.score', { hasText: /^8$/ }).click();
    await page.locator('textarea[name=comment]').fill('整体不错，上线培训可以更快一些');
    await page.locator('button[type=submit]').click();
    await page.waitForLoadState();
    expect(await page.locator('h1').textContent()).toBe('感谢您的反馈！');
    expect(await page.locator('p').first().textContent()).toContain('8');
    await screenshot(page, 'survey-thanks-zh-CN');
    await eventually(async () => ((await sys.view(lead.id)).surveys[0].answer?.score === 8 ? true : undefined));
    expect((await sys.view(lead.id)).surveys[0].answer.comment).toBe('整体不错，上线培训可以更快一些');
  });

  it('in English: the scale, and the one-click unsubscribe page from the same mail', async () => {
    const { html } = await surveyMailFor('en');
    const page = await pageIn(browser, 'en');
    await page.goto(`${sys.publicUrl}${sys.scoreLinks(html)[10]}`);
    expect(await page.locator('h1').textContent()).toBe('How did we do?');
    expect(await page.locator('input[name=score]').count()).toBe(11);
    expect(await page.locator('input[name=score]:checked').getAttribute('value')).toBe('10');
    await screenshot(page, 'survey-page-en');
    const unsubscribe = new RegExp(`href="${sys.publicUrl}(/u/[^"]+)"`).exec(html)![1]!;
    await page.goto(`${sys.publicUrl}${unsubscribe}`);
    await screenshot(page, 'unsubscribe-page-en');
    await page.locator('button[type=submit]').click();
    await page.waitForLoadState();
    expect(await page.locator('h1').textContent()).toBe('You are unsubscribed');
    await screenshot(page, 'unsubscribed-page-en');
  });
});
