import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insightStore } from '../../src/store/insight-store.js';
import { launchChromium, pageIn, screenshot } from '../helpers/browser.js';
import { eventually } from '../helpers/eventually.js';
import { factsOf, generateLeads } from '../helpers/funnel-data.js';
import { json } from '../helpers/http.js';
import { insightJourneys } from '../helpers/insight-journeys.js';
import { testLead } from '../helpers/leads.js';
import { leadDashboardUrl, ownerDashboardUrl } from '../../src/team/format.js';
import { SURVEY_API_TOKEN, startSurveySystem, type SurveySystem } from '../helpers/survey-system.js';

const DAY = 86_400_000;

describe('the dashboard in Chromium', () => {
  let sys: SurveySystem;
  let browser: Browser;
  let page: Page;
  const lead = testLead({ owner: 'zhang.min', source: 'webinar', name: '王芳', deal: { amount: 30000, currency: 'CNY' } });

  beforeAll(async () => {
    [sys, browser] = await Promise.all([startSurveySystem({ files: insightJourneys(new Date()) }), launchChromium()]);
    // A month of leads that walked the funnel, as their journeys would have logged them, and one real journey.
    const store = insightStore(sys.db);
    for (const l of generateLeads({ count: 120, seed: 7, start: Date.now() - 40 * DAY, spanDays: 30, asOf: Date.now(), prefix: 'demo-' })) {
      const { facts, summary } = factsOf(l);
      await store.record(facts, summary);
    }
    expect((await sys.api('/api/leads', lead)).status).toBe(202);
    await eventually(async () => ((await json(await sys.api(`/api/leads/${lead.id}/timeline`))).facts?.filter((f: { type: string }) => f.type === 'email.sent').length === 2 ? true : undefined));
    expect((await sys.api(`/api/leads/${lead.id}/events`, { id: 'won-1', type: 'stage.changed', stage: 'won' })).status).toBe(202);
    await eventually(async () => ((await json(await sys.api(`/api/leads?search=${lead.id}`))).leads[0]?.stage === 'won' ? true : undefined));
    page = await pageIn(browser, 'zh-CN');
  });
  afterAll(async () => {
    await browser?.close();
    await sys?.close();
  });

  const ready = () => page.waitForSelector('main[data-ready=true]');

  it('asks for the token in Chinese, refuses a wrong one, and lets the right one in', async () => {
    await page.goto(`${sys.publicUrl}/dashboard`);
    expect(await page.locator('h1').textContent()).toBe('leadflow 数据看板');
    await page.fill('input[name=secret]', 'not-the-token');
    await page.click('button[type=submit]');
    expect(await page.locator('.error').textContent()).toBe('输入的既不是 API 令牌，也不是运维密码。');
    await page.fill('input[name=secret]', SURVEY_API_TOKEN);
    await page.click('button[type=submit]');
    await ready();
    expect(await page.locator('header nav a.active').textContent()).toBe('销售漏斗');
  });

  it('draws the funnel with the API’s numbers, and the key figures', async () => {
    const funnel = await json(await sys.api('/api/funnel'));
    const drawn = await page.evaluate(() => {
      const option = (globalThis as any).echarts.getInstanceByDom((globalThis as any).document.getElementById('funnel-chart')).getOption();
      return option.series[0].data.map((d: { name: string; value: number }) => [d.name, d.value]);
    });
    const zh = ['线索', '已联系', '需求确认', '已报价', '谈判中', '赢单'];
    expect(drawn).toEqual(funnel.stages.map((s: { entered: number }, i: number) => [zh[i], s.entered]));
    expect(funnel.stages[0].entered).toBe(121);
    expect(await page.locator('[data-kpi=winRate] strong').textContent()).toBe(`${(funnel.winRate * 100).toFixed(1)}%`);
    expect(await page.locator('[data-kpi=leads] strong').textContent()).toBe('121');
    const firstRow = await page.locator('#stage-table tbody tr').first().locator('td').allTextContents();
    expect(firstRow.slice(0, 3)).toEqual(['线索', String(funnel.stages[0].now), '121']);
    expect(await screenshot(page, 'dashboard-funnel-zh-CN')).toSatisfy(existsSync);
  });

  it('switches to English and stays there', async () => {
    await page.click('#language');
    await ready();
    expect(await page.locator('header nav a.active').textContent()).toBe('Funnel');
    expect(await page.locator('[data-kpi=winRate] span').textContent()).toBe('Win rate');
    await page.reload();
    await ready();
    expect(await page.locator('header nav a').first().textContent()).toBe('Funnel');
    await screenshot(page, 'dashboard-funnel-en');
  });

  it('finds a lead and opens its timeline, with the reason of each fact', async () => {
    await page.goto(`${sys.publicUrl}/dashboard#leads`);
    await ready();
    await page.fill('input[name=search]', '王芳');
    await page.click('.filters button[type=submit]');
    await page.waitForSelector(`tr[data-lead="${lead.id}"]`);
    expect(await page.locator('#lead-table tbody tr').count()).toBe(1);
    await page.click(`tr[data-lead="${lead.id}"]`);
    await page.waitForSelector('#timeline table');
    const rows = await page.locator('#timeline tbody tr').allTextContents();
    expect(rows[0]).toContain('enrolled in lead');
    expect(rows.some((r) => r.includes('email.sent') && r.includes('nurture@') && r.includes('welcome') && r.includes('sent when due'))).toBe(true);
    expect(rows.at(-1)).toMatch(/stage\.changed.*Won.*api/);
    await screenshot(page, 'dashboard-lead-timeline-en');
  });

  it('opens a lead’s timeline and an owner’s funnel from the links team messages carry', async () => {
    await page.goto(leadDashboardUrl(sys.publicUrl, lead.id));
    await ready();
    await page.waitForSelector('#timeline table');
    expect(await page.locator('#timeline h2').textContent()).toContain(lead.id);
    await page.goto(ownerDashboardUrl(sys.publicUrl, 'zhang.min'));
    await ready();
    expect(await page.inputValue('input[name=owner]')).toBe('zhang.min');
  });

  it('shows a rep’s scorecard against the target, and the sequence step stats', async () => {
    await page.goto(`${sys.publicUrl}/dashboard#reps`);
    await ready();
    const card = page.locator('article[data-owner="zhang.min"]');
    expect(await card.locator('h2').textContent()).toBe('张敏 (zhang.min)');
    const owner = await json(await sys.api('/api/owners/zhang.min'));
    expect(await card.locator('.line').first().textContent()).toBe(`Won value${owner.wonValue.toLocaleString('en', { maximumFractionDigits: 0 })} CNY / 48,000 CNY · ${(owner.attainment.amount * 100).toFixed(1)}%`);
    await screenshot(page, 'dashboard-reps-en');
    await page.goto(`${sys.publicUrl}/dashboard#sequences?name=nurture`);
    await ready();
    expect(await page.locator('#steps-table tbody tr').count()).toBe(2);
    await screenshot(page, 'dashboard-sequences-en');
  });

  it('keeps its data behind the login', async () => {
    const stranger = await pageIn(browser, 'en');
    const res = await stranger.goto(`${sys.publicUrl}/api/funnel`);
    expect(res?.status()).toBe(401);
    await stranger.goto(`${sys.publicUrl}/dashboard`);
    expect(await stranger.locator('h1').textContent()).toBe('leadflow dashboard');
  });
});
