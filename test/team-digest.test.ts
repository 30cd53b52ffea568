import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { journeyLibrary } from '../src/journeys/library.js';
import { createLogger } from '../src/logger.js';
import { startTeamWorkflows } from '../src/runtime/team-workflows.js';
import type { Lead } from '../src/domain/lead.js';
import { leadEventSignal } from '../workflows/messages.js';
import { testLead } from './helpers/leads.js';
import { timeSkippedTeam } from './helpers/team-system.js';
import { TEST_SERVER_JOURNEY_OPTIONS } from '../workflows/journey-input.js';

const DAY = 86_400_000;
const SHANGHAI = 'Asia/Shanghai';
const NEW_YORK = 'America/New_York';
const onClock = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).toFormat("ccc yyyy-LL-dd'T'HH:mm");
const markdownOf = (body: Record<string, unknown>) => (body.markdown as { content?: string } | undefined)?.content ?? '';

// 张敏 works in China: 劳动节 2027 is 1–5 May (the statutory estimate), and this team's calendar
// file adds Saturday 8 May as a make-up working day (调休). Bob works in New York: no holiday that week.
const CALENDAR = 'year: 2027\nextends: true\nworkdays:\n  - { date: 2027-05-08, day: sat, name: 劳动节调休 }\n';
const FUNNEL = `stages:
  lead: {}
  quoted: { staleAfter: 2d }
  negotiating:
    followUp: { every: 3d, task: "跟进 {{ lead.name }} 的合同" }
  won: {}
`;

describe('the daily digest over a time-skipped week across a holiday', () => {
  const t = timeSkippedTeam();

  it('one digest per working day at 09:00 on each owner’s clock, none on holidays or weekends, a make-up Saturday included; never twice', async () => {
    const { worker, taskQueue, journeysDir, activities, cleanUp } = await t.team({ 'funnel.yaml': FUNNEL, 'calendars/CN-2027.yaml': CALENDAR });
    const env = t.env();
    const fakes = t.fakes();
    await t.skipTo('2027-04-30T10:00');
    const lead = (o: Partial<Lead>) => testLead({ owner: 'zhang.min', timezone: SHANGHAI, ...o });
    const acme = lead({ name: '赵强', attributes: { company: 'Acme' }, stage: 'negotiating' });
    const beta = lead({ name: '钱坤', stage: 'quoted' });
    const gamma = lead({ name: '孙丽', stage: 'lead' });
    const delta = lead({ name: '李明', stage: 'negotiating' });
    const leads = [acme, beta, gamma, delta];
    const wecomBefore = fakes.wecom.messages.length;
    const slackBefore = fakes.slack.messages.length;
    await worker.runUntil(async () => {
      await startTeamWorkflows(env.client, taskQueue, journeyLibrary(journeysDir), createLogger('silent'));
      const handles = await Promise.all(leads.map((l) => env.client.workflow.start('leadJourney', { workflowId: `lead:${l.id}`, taskQueue, args: [{ lead: l, options: TEST_SERVER_JOURNEY_OPTIONS }] })));
      const [, , g, d] = handles;
      await t.skipTo('2027-05-04T15:00');
      await d!.signal(leadEventSignal, { id: `won-${delta.id}`, type: 'stage.changed', stage: 'won' });
      await t.skipTo('2027-05-05T20:00');
      await g!.signal(leadEventSignal, { id: `reply-${gamma.id}`, type: 'email.replied' });
      await t.skipTo('2027-05-10T12:00');
      // Asked again for a date it has done (a retry, a second worker): nothing more goes out.
      await activities.sendOwnerDigest({ owner: 'bob', date: '2027-05-07', at: new Date(await env.currentTimeMs()).toISOString() });
      await env.sleep(60_000);
    });
    await cleanUp(leads.map((l) => `lead:${l.id}`));

    const minDigests = fakes.wecom.messages.slice(wecomBefore).filter((m) => markdownOf(m.body).includes('今日简报'));
    expect(minDigests.map((m) => onClock(m.at, SHANGHAI))).toEqual(['Thu 2027-05-06T09:00', 'Fri 2027-05-07T09:00', 'Sat 2027-05-08T09:00', 'Mon 2027-05-10T09:00']);
    const bobDigests = fakes.slack.messages.slice(slackBefore).filter((m) => JSON.stringify(m.body).includes('Daily digest'));
    expect(bobDigests.map((m) => onClock(m.at, NEW_YORK))).toEqual(['Fri 2027-04-30T09:00', 'Mon 2027-05-03T09:00', 'Tue 2027-05-04T09:00', 'Wed 2027-05-05T09:00', 'Thu 2027-05-06T09:00', 'Fri 2027-05-07T09:00']);
    expect(bobDigests.every((m) => m.notified.includes('U024BE7LH'))).toBe(true);

    // Thursday's digest, the first after the holiday: what is due, what went quiet, who is hot, who won.
    const thursday = markdownOf(minDigests[0]!.body);
    expect(minDigests[0]!.notified).toEqual(['ZhangMin']);
    expect(thursday).toContain('今日跟进（1）');
    expect(thursday).toContain('赵强（Acme） · 跟进 赵强 的合同 · 09:00');
    expect(thursday).toContain('停滞商机（1）');
    expect(thursday).toContain('钱坤 · 已报价');
    expect(thursday).toContain('热线索（1）');
    expect(thursday).toContain('孙丽 · 回复了邮件');
    expect(thursday).toMatch(/赢单（4月30日 周五 以来）（1）[\s\S]*李明/);
    // Friday's: the win and the reply were Thursday's news; the stale deal is still quiet.
    const friday = markdownOf(minDigests[1]!.body);
    expect(friday).not.toContain('李明');
    expect(friday).not.toContain('热线索（');
    expect(friday).toContain('钱坤');
  }, 400_000); // a simulated fortnight of queues and digests: slow on a busy 2-core machine, never a timing assertion
});
