import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './helpers/eventually.js';
import { json } from './helpers/http.js';
import { insightJourneys } from './helpers/insight-journeys.js';
import { testDatabases } from './helpers/databases.js';
import { insightStore } from '../src/store/insight-store.js';
import { rebuildInsight } from '../src/insight/rebuild.js';
import { testLead } from './helpers/leads.js';
import { startSurveySystem, type SurveySystem } from './helpers/survey-system.js';

interface Fact {
  type: string;
  stage?: string;
  source?: string;
  reason?: string;
  sequence?: string;
  version?: string;
  step?: string;
  data?: { template?: string };
}

describe('the event log end to end: a journey on Temporal logs its facts, and the API reads them', () => {
  let sys: SurveySystem;
  beforeAll(async () => {
    sys = await startSurveySystem({ files: insightJourneys(new Date()) });
  });
  afterAll(async () => {
    await sys?.close();
  });

  it('logs enrolment, sends with their step and reason, an open, stage moves and CRM writes; the timeline, step stats, scorecard and funnel show them', async () => {
    const { api, sink, hs, app } = sys;
    const deal = hs.addDeal({ dealstage: 'appointmentscheduled', pipeline: 'default' });
    const lead = testLead({ owner: 'zhang.min', source: 'webinar', deal: { amount: 12000, currency: 'CNY' }, crm: [{ connector: 'hubspot', id: deal.id }] });
    expect((await api('/api/leads', lead)).status).toBe(202);
    const mails = await eventually(() => {
      const mine = sink.messages.filter((m) => m.envelopeTo.includes(lead.email));
      return mine.length === 2 ? mine : undefined;
    });
    // The lead opens the welcome mail (its tracking pixel), then the deal moves on and is won.
    const pixel = /src="http:\/\/127\.0\.0\.1:\d+(\/t\/o\/[^"]+)"/.exec(String(mails[0]!.parsed.html))![1]!;
    expect((await app.request(pixel)).status).toBe(200);
    await eventually(async () => ((await json(await api(`/api/leads/${lead.id}`))).recentEvents.some((e: { type: string }) => e.type === 'email.opened') ? true : undefined));
    expect((await api(`/api/leads/${lead.id}/events`, { id: 'move-1', type: 'stage.changed', stage: 'qualified' })).status).toBe(202);
    await eventually(async () => ((await json(await api(`/api/leads/${lead.id}`))).stage === 'qualified' ? true : undefined));
    // The CRM's amount changed before the win (no currency: the lead's CNY stays).
    expect((await api(`/api/leads/${lead.id}/events`, { id: 'amount-1', type: 'deal.updated', source: 'hubspot', data: { deal: { amount: 15000 } } })).status).toBe(202);
    expect((await api(`/api/leads/${lead.id}/events`, { id: 'move-2', type: 'stage.changed', stage: 'won' })).status).toBe(202);

    const timeline = await eventually(async () => {
      const res = await api(`/api/leads/${lead.id}/timeline`);
      const body = res.status === 200 ? await json(res) : undefined;
      const facts = body?.facts as Fact[] | undefined;
      return facts?.some((f) => f.type === 'stage.changed' && f.stage === 'won') && facts.filter((f) => f.type === 'crm.write').length >= 3 ? facts : undefined;
    });
    const types = timeline.map((f) => f.type);
    expect(types[0]).toBe('stage.changed');
    expect(timeline[0]).toMatchObject({ stage: 'lead', source: 'enrolment', reason: 'enrolled in lead', owner: 'zhang.min', leadSource: 'webinar', amount: 12000, currency: 'CNY' });
    const sends = timeline.filter((f) => f.type === 'email.sent');
    expect(sends.map((s) => [s.sequence, s.step, s.data?.template])).toEqual([['nurture', 'welcome', 'hello'], ['nurture', 'follow-up', 'second']]);
    expect(sends[0]!.version).toMatch(/^[0-9a-f]{12}$/);
    expect(sends[1]!.reason).toMatch(/^sent when due: \w{3} \d{4}-\d\d-\d\d \d\d:\d\d \(America\/New_York\)$/);
    expect(timeline.find((f) => f.type === 'email.opened')).toMatchObject({ source: 'pixel', step: 'welcome', sequence: 'nurture' });
    expect(timeline.filter((f) => f.type === 'stage.changed').map((f) => [f.stage, f.source])).toEqual([['lead', 'enrolment'], ['qualified', 'api'], ['won', 'api']]);
    expect(timeline.filter((f) => f.type === 'crm.write').map((f) => f.reason).join('\n')).toMatch(/stage qualified → hubspot record \d+: written/);

    const stats = await json(await api('/api/sequences/nurture/stats?within=1d'));
    expect(stats.steps.map((s: Record<string, unknown>) => [s.step, s.sent, s.opened, s.clicked, s.movedOn])).toEqual([['welcome', 1, 1, 0, 1], ['follow-up', 1, 0, 0, 1]]);
    const csv = await (await api('/api/sequences/nurture/stats?format=csv')).text();
    expect(csv).toContain('version,step,template,sent,delivered,opened,clicked,replied,unsubscribed,bounced,movedOn');

    const card = await json(await api('/api/owners/zhang.min'));
    expect(card).toMatchObject({ owner: 'zhang.min', name: '张敏', wins: 1, wonValue: 15000, lost: 0, conversion: 1, openDeals: 0, target: { amount: 48000, customers: 4, conversion: 0.5 }, attainment: { amount: 0.3125, customers: 0.25, conversion: 2 } });
    expect((await api('/api/owners/nobody')).status).toBe(404);
    const funnel = await json(await api('/api/funnel?owner=zhang.min'));
    expect(funnel).toMatchObject({ leads: 1, won: 1, winRate: 1, averageWonValue: 15000, currency: 'CNY' });
    expect(funnel.stages.find((s: { stage: string }) => s.stage === 'contacted').entered).toBe(1);
    const list = await json(await api(`/api/leads?search=${encodeURIComponent(lead.email)}`));
    expect(list.leads).toEqual([expect.objectContaining({ id: lead.id, stage: 'won', owner: 'zhang.min', deal: { amount: 15000, currency: 'CNY' } })]);

    // Prometheus: the same story in counters, with no lead id, address or name in any label.
    const metrics = await (await app.request('/metrics')).text();
    const value = (series: string) => Number(new RegExp(`^${series.replace(/[{}]/g, '\\$&')} (\\S+)$`, 'm').exec(metrics)?.[1] ?? NaN);
    expect(value('leadflow_emails_total{outcome="sent",category="marketing"}')).toBeGreaterThanOrEqual(2);
    expect(value('leadflow_journeys{stage="won"}')).toBeGreaterThanOrEqual(1);
    expect(value('leadflow_handoff_seconds_count{route="/api/leads",status="202"}')).toBeGreaterThanOrEqual(1);
    expect(value('leadflow_activity_seconds_count{activity="sendEmail",result="ok"}')).toBeGreaterThanOrEqual(2);
    expect(value('leadflow_crm_calls_total{connector="hubspot",kind="stage",status="written"}')).toBeGreaterThanOrEqual(1);
    expect(value(`leadflow_task_queue_backlog{task_queue="${sys.taskQueue}",kind="activity"}`)).toBeGreaterThanOrEqual(0);
    expect(metrics).not.toContain(lead.id);
    expect(metrics).not.toContain(lead.email);

    // Rebuilt from Temporal's history into an empty log, the same facts come back under the same keys.
    const fresh = await testDatabases()[0]!.open();
    const rebuilt = await eventually(async () => {
      const report = await rebuildInsight({ client: sys.client, store: insightStore(fresh), query: `WorkflowId = 'lead:${lead.id}'` });
      return report.journeys === 1 ? report : undefined;
    });
    const keys = (facts: { key: string; type: string }[]) => facts.filter((f) => f.type !== 'crm.write').map((f) => f.key).sort();
    expect(rebuilt.added).toBeGreaterThanOrEqual(6);
    expect(keys(await insightStore(fresh).timeline(lead.id))).toEqual(keys(timeline as unknown as { key: string; type: string }[]));
    await fresh.close();
  });
});
