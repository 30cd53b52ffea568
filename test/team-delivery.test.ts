import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { genericConnector } from '../connectors/generic/index.js';
import type { Lead } from '../src/domain/lead.js';
import { leadEventSignal } from '../workflows/messages.js';
import { testLead } from './helpers/leads.js';
import type { Connectors } from '../src/crm/configured.js';
import { timeSkippedTeam } from './helpers/team-system.js';
import { TEST_SERVER_JOURNEY_OPTIONS } from '../workflows/journey-input.js';

const DAY = 86_400_000;
const MINUTE = 60_000;
const SHANGHAI = 'Asia/Shanghai';
const text = (body: Record<string, unknown>) => JSON.stringify(body);
const notDigest = (m: { body: Record<string, unknown> }) => !text(m.body).includes('☀️');

describe('delivery to the team: limits, blocks, refusals and size (time-skipped)', () => {
  const t = timeSkippedTeam();
  const skipTo = (local: string) => t.skipTo(local);
  const enrol = (taskQueue: string, lead: Lead) => t.env().client.workflow.start('leadJourney', { workflowId: `lead:${lead.id}`, taskQueue, args: [{ lead, options: TEST_SERVER_JOURNEY_OPTIONS }] });
  const team = (funnel: string, extra: { env?: Record<string, string>; files?: Record<string, string>; connectors?: Connectors } = {}) => t.team({ 'funnel.yaml': funnel, ...extra.files }, extra);

  it('a burst of 50 stale alerts to one WeCom robot arrives complete, never more than 20 in a minute on the robot’s clock', async () => {
    const { worker, taskQueue, cleanUp } = await team('stages:\n  negotiating: { staleAfter: 1d }\n');
    await skipTo('2027-06-01T10:00');
    const leads = Array.from({ length: 50 }, (_, i) => testLead({ owner: 'zhang.min', name: `客户 ${i + 1}`, timezone: SHANGHAI, stage: 'negotiating' }));
    const before = t.fakes().wecom.messages.length;
    await worker.runUntil(async () => {
      await Promise.all(leads.map((lead) => enrol(taskQueue, lead)));
      await t.env().sleep(DAY + 10 * MINUTE);
    });
    await cleanUp(leads.map((l) => `lead:${l.id}`));
    const alerts = t.fakes().wecom.messages.slice(before).filter(notDigest);
    const leadOf = (m: { body: Record<string, unknown> }) => leads.find((l) => text(m.body).includes(`/dashboard/leads/${encodeURIComponent(l.id)})`))?.id;
    expect(alerts).toHaveLength(50);
    expect(new Set(alerts.map(leadOf)).size).toBe(50);
    expect(t.fakes().wecom.maxInWindow(MINUTE, 'wk-sales')).toBeLessThanOrEqual(20);
    expect(t.fakes().wecom.refusals.filter((r) => r.code === 45009)).toHaveLength(0);
    // Twenty a minute: fifty need more than two minutes of the robot's clock.
    expect(alerts.at(-1)!.at - alerts[0]!.at).toBeGreaterThan(2 * MINUTE);
  });

  it('a DingTalk robot blocked for 10 minutes (130101): the queue waits it out and delivers every message', async () => {
    const { worker, taskQueue, cleanUp } = await team('stages:\n  negotiating: {}\n');
    await skipTo('2027-06-08T10:00');
    const leads = Array.from({ length: 3 }, (_, i) => testLead({ owner: 'li.na', name: `Lead ${i}`, timezone: SHANGHAI, stage: 'negotiating' }));
    const now = await t.env().currentTimeMs();
    t.fakes().dingtalk.blockedUntil.set('dt-care', now + 10 * MINUTE);
    const before = t.fakes().dingtalk.messages.length;
    const refusedBefore = t.fakes().dingtalk.refusals.length;
    await worker.runUntil(async () => {
      const handles = await Promise.all(leads.map((lead) => enrol(taskQueue, lead)));
      await Promise.all(handles.map((h, i) => h.signal(leadEventSignal, { id: `reply-${leads[i]!.id}`, type: 'email.replied' })));
      await t.env().sleep(30 * MINUTE);
    });
    await cleanUp(leads.map((l) => `lead:${l.id}`));
    const delivered = t.fakes().dingtalk.messages.slice(before).filter(notDigest);
    expect(delivered).toHaveLength(3);
    for (const m of delivered) expect(m.at).toBeGreaterThanOrEqual(now + 10 * MINUTE);
    // One try met the block; the queue then waited instead of hammering the robot.
    expect(t.fakes().dingtalk.refusals.slice(refusedBefore).filter((r) => r.code === 130101)).toHaveLength(1);
  });

  it('a robot that refuses (a wrong signing secret, 310000): the owner gets the alert by e-mail, saying why', async () => {
    const { worker, taskQueue, cleanUp } = await team('stages:\n  negotiating: {}\n', { env: { DINGTALK_CARE_SECRET: 'SECnot-the-robots-secret' } });
    await skipTo('2027-06-15T10:00');
    const lead = testLead({ owner: 'li.na', name: 'Refused Lead', timezone: SHANGHAI, stage: 'negotiating' });
    const before = t.fakes().dingtalk.messages.length;
    await worker.runUntil(async () => {
      const handle = await enrol(taskQueue, lead);
      await handle.signal(leadEventSignal, { id: `reply-${lead.id}`, type: 'email.replied' });
      await t.env().sleep(10 * MINUTE);
    });
    await cleanUp([`lead:${lead.id}`]);
    expect(t.fakes().dingtalk.messages.slice(before).filter(notDigest)).toHaveLength(0);
    expect(t.fakes().dingtalk.refusals.at(-1)).toMatchObject({ code: 310000, reason: 'sign not match' });
    const mails = t.sink().messages.filter((m) => m.envelopeTo.includes('li.na@example.cn') && m.parsed.subject?.includes('Refused Lead'));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.parsed.subject).toBe('🔥 热线索：Refused Lead');
    expect(mails[0]!.parsed.text).toContain('310000');
    expect(mails[0]!.parsed.headers.get('x-leadflow-team')).toBe('lead.hot');
  });

  it('an alert over WeCom’s 4,096 bytes is shortened to fit, not refused', async () => {
    const { worker, taskQueue, cleanUp } = await team('stages:\n  won:\n    survey: { name: nps, kind: nps, after: 1h, lowScore: 6 }\n', {
      files: { 'templates/survey/en.html': '---\nsubject: "Survey"\n---\n<p>{% for s in survey.scores %}{{ s.score }}{% endfor %}</p>\n', 'templates/survey-reminder/en.html': '---\nsubject: "Reminder"\n---\n<p>x</p>\n' },
    });
    await skipTo('2027-06-22T10:00');
    const lead = testLead({ owner: 'zhang.min', name: '长评客户', timezone: SHANGHAI, stage: 'won' });
    const before = t.fakes().wecom.messages.length;
    await worker.runUntil(async () => {
      const handle = await enrol(taskQueue, lead);
      await t.env().sleep(2 * 3_600_000);
      await handle.signal(leadEventSignal, { id: `answer-${lead.id}`, type: 'survey.answered', data: { score: 2, comment: '服务很差'.repeat(500) } });
      await t.env().sleep(10 * MINUTE);
    });
    await cleanUp([`lead:${lead.id}`]);
    const [alert] = t.fakes().wecom.messages.slice(before).filter(notDigest);
    const content = (alert!.body.markdown as { content: string }).content;
    expect(Buffer.byteLength(content)).toBeLessThanOrEqual(4096);
    expect(Buffer.byteLength(content)).toBeGreaterThan(2000);
    expect(content).toContain('客户低分：长评客户');
    expect(content).toContain('…');
    expect(content).toContain('<@ZhangMin>');
  });

  it('a CRM write that failed for a day: the owner hears of it', async () => {
    const failing = createServer((_req, res) => res.writeHead(500).end('down'));
    await new Promise<void>((r) => failing.listen(0, '127.0.0.1', r));
    const outboundUrl = `http://127.0.0.1:${(failing.address() as AddressInfo).port}/hooks`;
    const connectors = new Map([['generic', genericConnector({ secrets: [`whsec_${Buffer.from('x'.repeat(24)).toString('base64')}`], outboundUrl })]]);
    const { worker, taskQueue, cleanUp } = await team('stages:\n  negotiating:\n    followUp: { every: 3d, task: "Call {{ lead.name }}" }\n', { connectors });
    await skipTo('2027-06-28T10:00');
    const lead = testLead({ owner: 'bob', name: 'Erin Fox', timezone: 'America/New_York', locale: 'en', stage: 'negotiating', crm: [{ connector: 'generic', id: 'rec-9' }] });
    const before = t.fakes().slack.messages.length;
    await worker.runUntil(async () => {
      await enrol(taskQueue, lead);
      await t.env().sleep(5 * DAY);
    });
    await cleanUp([`lead:${lead.id}`]);
    failing.close();
    const crm = t.fakes().slack.messages.slice(before).filter((m) => text(m.body).includes('CRM write failed'));
    // Told twice about the task, however long it fails: once it has failed for a while (still
    // trying), and once leadflow gives up on it (then a person must add it by hand).
    const bodies = crm.map((m) => text(m.body));
    expect(bodies).toHaveLength(2);
    expect(bodies.every((b) => b.includes('Erin Fox') && b.includes('task \\"Call Erin Fox\\" not written to the CRM'))).toBe(true);
    expect(bodies[0]).toContain('still trying');
    expect(bodies[1]).toContain('given up');
    expect(bodies[1]).toContain('add it there by hand');
  });
});
