import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { journeyQuery, leadEventSignal } from '../workflows/messages.js';
import { testLead } from './helpers/leads.js';
import { CHEN_JIE_OPEN_ID, timeSkippedTeam } from './helpers/team-system.js';
import type { Lead } from '../src/domain/lead.js';
import { TEST_SERVER_JOURNEY_OPTIONS } from '../workflows/journey-input.js';

const DAY = 86_400_000;
const SHANGHAI = 'Asia/Shanghai';
const onClock = (ms: number, zone = SHANGHAI) => DateTime.fromMillis(ms, { zone }).toFormat("ccc yyyy-LL-dd'T'HH:mm");
const contentOf = (body: Record<string, unknown>) => JSON.stringify(body);

describe('the sales team in the loop: alerts in WeCom, DingTalk, Feishu and Slack (time-skipped)', () => {
  const t = timeSkippedTeam();
  const skipTo = (local: string) => t.skipTo(local);
  const system = (funnel: string) => t.team({ 'funnel.yaml': funnel });
  const enrol = (taskQueue: string, lead: Lead) => t.env().client.workflow.start('leadJourney', { workflowId: `lead:${lead.id}`, taskQueue, args: [{ lead, options: TEST_SERVER_JOURNEY_OPTIONS }] });
  /** Alerts about a lead; the morning digest, which lists it too, is another test's matter. */
  const aboutLead = (lead: Lead) => (m: { body: Record<string, unknown> }) => contentOf(m.body).includes(encodeURIComponent(lead.id)) && !contentOf(m.body).includes('☀️');

  it('a lead gone quiet in negotiating: one WeCom message that mentions its owner, held from 03:00 to 08:00 on the owner’s clock; an urgent one goes at 03:00', async () => {
    const funnel = `stages:
  negotiating: { staleAfter: 10d }
  quoted:
    staleAfter: 10d
    alerts: { task.stale: { urgent: true } }
`;
    const { worker, taskQueue, cleanUp } = await system(funnel);
    // Enrolled Sun 21 Feb 2027 03:00 in Shanghai: both go stale on Wed 3 March at 03:00.
    await skipTo('2027-02-21T03:00');
    const quiet = testLead({ owner: 'zhang.min', name: '李伟', timezone: SHANGHAI, stage: 'negotiating', attributes: { company: '华信科技' }, crm: [{ connector: 'generic', id: 'deal-77' }] });
    const urgent = testLead({ owner: 'zhang.min', name: '王芳', timezone: SHANGHAI, stage: 'quoted' });
    await worker.runUntil(async () => {
      await Promise.all([enrol(taskQueue, quiet), enrol(taskQueue, urgent)]);
      await t.env().sleep(12 * DAY);
    });
    await cleanUp([`lead:${quiet.id}`, `lead:${urgent.id}`]);
    const forQuiet = t.fakes().wecom.messages.filter(aboutLead(quiet));
    const forUrgent = t.fakes().wecom.messages.filter(aboutLead(urgent));
    expect(forQuiet).toHaveLength(1);
    expect(forUrgent).toHaveLength(1);
    expect(onClock(forQuiet[0]!.at)).toBe('Wed 2027-03-03T08:00');
    expect(onClock(forUrgent[0]!.at)).toBe('Wed 2027-03-03T03:00');
    const [message] = forQuiet;
    expect(message!.notified).toEqual(['ZhangMin']);
    expect(message!.body.msgtype).toBe('markdown');
    const content = (message!.body.markdown as { content: string }).content;
    expect(content).toContain('商机停滞：李伟（华信科技）');
    expect(content).toContain('李伟（华信科技） 在「谈判中」阶段已 10 天没有任何动静');
    expect(content).toContain('谈判中');
    expect(content).toContain(`[在看板中查看](http://leadflow.test/dashboard/leads/${encodeURIComponent(quiet.id)})`);
    expect(content).toContain('[CRM](https://crm.example.com/deals/deal-77)');
    expect(content).toContain('<@ZhangMin>');
    expect(t.fakes().wecom.refusals).toHaveLength(0);
  });

  it('a low survey score: a DingTalk message with a valid signature that @-mentions the owner by mobile', async () => {
    const funnel = `stages:
  won:
    survey: { name: post-purchase, kind: nps, after: 1d, lowScore: 6 }
`;
    const files = { 'templates/survey/en.html': '---\nsubject: "How did we do?"\n---\n{% for s in survey.scores %}<a href="{{ s.url }}">{{ s.score }}</a>{% endfor %}\n', 'templates/survey-reminder/en.html': '---\nsubject: "Still there?"\n---\n<p>x</p>\n' };
    const { worker, taskQueue, cleanUp } = await t.team({ 'funnel.yaml': funnel, ...files });
    await skipTo('2027-04-06T10:00');
    const lead = testLead({ owner: 'li.na', name: 'Zhao Lei', timezone: SHANGHAI, stage: 'won' });
    const view = await worker.runUntil(async () => {
      const handle = await enrol(taskQueue, lead);
      await t.env().sleep(2 * DAY);
      await handle.signal(leadEventSignal, { id: `answer-${randomUUID()}`, type: 'survey.answered', data: { score: 3, comment: 'Onboarding took too long' } });
      await t.env().sleep(DAY);
      return handle.query(journeyQuery);
    });
    await cleanUp([`lead:${lead.id}`]);
    expect(view.tasks.map((t) => t.origin)).toEqual(['survey']);
    expect(view.tasks[0]!.alerted).toEqual(['care-ding']);
    const messages = t.fakes().dingtalk.messages.filter(aboutLead(lead));
    expect(messages).toHaveLength(1);
    // The fake posts a message only under a signature it verified itself.
    expect(t.fakes().dingtalk.refusals).toHaveLength(0);
    expect(messages[0]!.notified).toEqual(['13800000001']);
    const markdown = messages[0]!.body.markdown as { title: string; text: string };
    expect(markdown.title).toContain('客户低分：Zhao Lei');
    expect(markdown.text).toContain('Onboarding took too long');
    expect(markdown.text).toContain('@13800000001');
  });

  it('a won deal goes to Feishu as a signed card mentioning the owner; a reply to Slack mentioning Bob, once within the cooldown', async () => {
    const { worker, taskQueue, cleanUp } = await system('stages:\n  negotiating: {}\n  won: {}\n');
    await skipTo('2027-05-11T10:00');
    const winner = testLead({ owner: 'chen.jie', name: '孙悦', timezone: SHANGHAI, stage: 'negotiating' });
    const replier = testLead({ owner: 'bob', name: 'Dana Cole', timezone: 'America/Chicago', locale: 'en', stage: 'negotiating' });
    await worker.runUntil(async () => {
      const [w, r] = await Promise.all([enrol(taskQueue, winner), enrol(taskQueue, replier)]);
      await t.env().sleep(60_000);
      await w.signal(leadEventSignal, { id: `won-${randomUUID()}`, type: 'stage.changed', stage: 'won' });
      await r.signal(leadEventSignal, { id: `reply-1-${randomUUID()}`, type: 'email.replied' });
      await t.env().sleep(3_600_000);
      await r.signal(leadEventSignal, { id: `reply-2-${randomUUID()}`, type: 'email.replied' });
      await t.env().sleep(DAY / 2);
    });
    await cleanUp([`lead:${winner.id}`, `lead:${replier.id}`]);
    const won = t.fakes().feishu.messages.filter(aboutLead(winner));
    expect(won).toHaveLength(1);
    expect(t.fakes().feishu.refusals).toHaveLength(0);
    expect(won[0]!.notified).toEqual([CHEN_JIE_OPEN_ID]);
    const card = won[0]!.body.card as { header: { title: { content: string }; template: string } };
    expect(card.header.title.content).toBe('🎉 赢单：孙悦');
    expect(card.header.template).toBe('green');
    const hot = t.fakes().slack.messages.filter(aboutLead(replier));
    expect(hot).toHaveLength(1);
    expect(hot[0]!.notified).toEqual(['U024BE7LH']);
    expect(JSON.stringify(hot[0]!.body.blocks)).toContain('Dana Cole replied to an e-mail');
  });
});
