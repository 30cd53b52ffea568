import { afterEach, describe, expect, it } from 'vitest';
import { startHubspotFake, type HubspotFake, type HubspotFakeOptions } from '../../test/fakes/hubspot-fake.js';
import type { CrmRecordRef } from '../connector.js';
import { CrmAuthError, CrmError, CrmQuotaError, CrmRateLimitError, CrmRecordError } from '../errors.js';
import { hubspotConfigSchema, type HubspotConfigInput } from './config.js';
import { hubspotConnector } from './index.js';

const PATCH_DEAL = 'PATCH /crm/v3/objects/deals/{dealId}';
const NOW = Date.parse('2026-03-02T09:30:00Z');
let fake: HubspotFake;

async function setup(fakeOpts: HubspotFakeOptions = {}, config: Partial<HubspotConfigInput> = {}) {
  fake = await startHubspotFake(fakeOpts);
  const connector = hubspotConnector(
    hubspotConfigSchema.parse({ accessToken: fake.token, clientSecret: fake.clientSecret, baseUrl: fake.baseUrl, ...config }),
    { now: () => NOW },
  );
  return { connector, deal: (id: string): CrmRecordRef => ({ connector: 'hubspot', id, module: 'deals' }) };
}

afterEach(async () => {
  await fake.close();
});

describe('HubSpot connector against the fake', () => {
  it('writes a stage as PATCH {properties:{dealstage, pipeline}} and returns updatedAt', async () => {
    const { connector, deal } = await setup();
    const d = fake.addDeal();
    const out = await connector.pushStage(deal(d.id), 'qualifiedtobuy', { unmodifiedSince: '2000-01-01T00:00:00Z' });
    expect(fake.state.requests.at(-1)).toMatchObject({ endpoint: PATCH_DEAL, status: 200, body: { properties: { dealstage: 'qualifiedtobuy', pipeline: 'default' } } });
    expect(Object.keys((fake.state.requests.at(-1)!.body as { properties: object }).properties)).toEqual(['dealstage', 'pipeline']);
    expect(out).toEqual({ modifiedAt: fake.state.deals.get(d.id)!.updatedAt });
    expect(fake.state.deals.get(d.id)!.properties.dealstage).toBe('qualifiedtobuy');
    // No conditional write exists: one PATCH, no read first, even with unmodifiedSince.
    expect(fake.state.requests).toHaveLength(1);
  });

  it('writes the configured pipeline with the stage', async () => {
    const { connector, deal } = await setup({}, { pipeline: 'renewals' });
    fake.state.pipelines.push({ ...fake.state.pipelines[0]!, id: 'renewals', stages: [{ ...fake.state.pipelines[0]!.stages[0]!, id: 'r1' }] });
    const d = fake.addDeal();
    await connector.pushStage(deal(d.id), 'r1');
    expect(fake.state.deals.get(d.id)!.properties).toMatchObject({ dealstage: 'r1', pipeline: 'renewals' });
  });

  it('reads a 400 VALIDATION_ERROR as a record error and leaves the deal as it was', async () => {
    const { connector, deal } = await setup();
    const d = fake.addDeal();
    const err = await connector.pushStage(deal(d.id), 'Closed Won').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CrmRecordError);
    expect(err).toMatchObject({ code: 'VALIDATION_ERROR', retryable: false });
    expect((err as Error).message).toMatch(/INVALID_OPTION|allowed options/);
    expect(fake.state.deals.get(d.id)!.properties.dealstage).toBe('appointmentscheduled');
  });

  it('reads 404 as NOT_FOUND and 401 as an auth error', async () => {
    const { connector, deal } = await setup();
    await expect(connector.pushStage(deal('999'), 'closedwon')).rejects.toMatchObject({ name: 'CrmRecordError', code: 'NOT_FOUND' });
    const wrongToken = hubspotConnector(hubspotConfigSchema.parse({ accessToken: 'pat-na1-revoked', baseUrl: fake.baseUrl }));
    const err = await wrongToken.pushStage(deal('999'), 'closedwon').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CrmAuthError);
    expect((err as Error).message).not.toContain('pat-na1-revoked');
  });

  it('refuses records that are not HubSpot deals without calling HubSpot', async () => {
    const { connector } = await setup();
    await expect(connector.pushStage({ connector: 'hubspot', id: '1', module: 'contacts' }, 'x')).rejects.toMatchObject({ code: 'UNSUPPORTED_MODULE' });
    await expect(connector.pushStage({ connector: 'zoho', id: '1' }, 'x')).rejects.toMatchObject({ code: 'WRONG_CONNECTOR' });
    expect(fake.state.requests).toHaveLength(0);
  });

  it('turns HubSpot’s 429 into a rate-limit error waiting the rolling window', async () => {
    const { connector, deal } = await setup({ rateLimit: { max: 2, windowMs: 10_000 } });
    const d = fake.addDeal();
    await connector.pushStage(deal(d.id), 'qualifiedtobuy');
    await connector.pushStage(deal(d.id), 'presentationscheduled');
    const err = await connector.pushStage(deal(d.id), 'closedwon').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CrmRateLimitError);
    expect(err).toMatchObject({ retryAfterMs: 10_000, retryable: true });
    expect((err as Error).message).toMatch(/ten_secondly_rolling/);
    expect(fake.state.requests.at(-1)!.status).toBe(429);
  });

  it('prefers Retry-After when HubSpot sends one', async () => {
    const { connector, deal } = await setup({ rateLimit: { max: 1, windowMs: 10_000, retryAfterS: 3 } });
    const d = fake.addDeal();
    await connector.pushStage(deal(d.id), 'qualifiedtobuy');
    await expect(connector.pushStage(deal(d.id), 'closedwon')).rejects.toMatchObject({ name: 'CrmRateLimitError', retryAfterMs: 3_000 });
  });

  it('reads the DAILY policy as a quota, not worth retrying in seconds', async () => {
    const { connector, deal } = await setup({ dailyRemaining: 0 });
    const err = await connector.pushStage(deal('1'), 'closedwon').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CrmQuotaError);
    expect(err).toMatchObject({ retryable: false });
  });

  it('reads 5xx as retryable, and the call after it succeeds', async () => {
    const { connector, deal } = await setup();
    const d = fake.addDeal();
    fake.failNext(1, { status: 503 });
    const err = await connector.pushStage(deal(d.id), 'closedwon').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CrmError);
    expect(err).not.toBeInstanceOf(CrmRecordError);
    expect(err).toMatchObject({ retryable: true });
    await connector.pushStage(deal(d.id), 'closedwon');
    expect(fake.count(PATCH_DEAL)).toBe(2);
  });

  it('creates a task associated with the deal (task→deal type 216)', async () => {
    const { connector, deal } = await setup();
    const d = fake.addDeal();
    const { id } = await connector.createTask(deal(d.id), { key: 't1', title: 'Call back', notes: 'Asked for <pricing>\nafter 3pm', dueAt: '2026-03-03T10:00:00+01:00', owner: '4711' });
    const task = fake.state.tasks.get(id)!;
    expect(task.properties).toMatchObject({
      hs_task_subject: 'Call back', hs_task_body: 'Asked for &lt;pricing&gt;<br>after 3pm', hs_timestamp: '2026-03-03T09:00:00.000Z',
      hs_task_status: 'NOT_STARTED', hubspot_owner_id: '4711',
    });
    expect(task.associations).toEqual([{ to: { id: d.id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 216 }] }]);
    expect(fake.count('POST /crm/v3/objects/tasks')).toBe(1);
  });

  it('keeps an owner that is not a HubSpot owner id in the task body', async () => {
    const { connector, deal } = await setup();
    const d = fake.addDeal();
    const { id } = await connector.createTask(deal(d.id), { key: 't2', title: 'Send deck', dueAt: '2026-03-03T10:00:00Z', owner: 'ana@example.com' });
    expect(fake.state.tasks.get(id)!.properties.hubspot_owner_id).toBeUndefined();
    expect(fake.state.tasks.get(id)!.properties.hs_task_body).toContain('ana@example.com');
  });

  it('creates a note associated with the deal (note→deal type 214)', async () => {
    const { connector, deal } = await setup();
    const d = fake.addDeal();
    const { id } = await connector.createNote(deal(d.id), { key: 'n1', title: 'Survey', content: 'Score 9 & "happy"' });
    const note = fake.state.notes.get(id)!;
    expect(note.properties.hs_note_body).toBe('<p><strong>Survey</strong></p><p>Score 9 &amp; &quot;happy&quot;</p>');
    expect(note.properties.hs_timestamp).toBe(new Date(NOW).toISOString());
    expect(note.associations).toEqual([{ to: { id: d.id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 214 }] }]);
  });

  it('reads an association to a missing deal as a record error', async () => {
    const { connector, deal } = await setup();
    await expect(connector.createNote(deal('424242'), { key: 'n2', title: 't', content: 'c' })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    expect(fake.state.notes.size).toBe(0);
  });

  it('lists the deal pipelines and how their stages meet the stage map', async () => {
    const { connector } = await setup();
    const report = await connector.check();
    expect(report).toMatchObject({ pipeline: 'default', pipelineFound: true, unmappedStages: [], unknownMappedStages: [] });
    const [pipeline] = report.pipelines as { id: string; stages: { id: string; label: string; displayOrder: number; metadata: Record<string, string>; funnelStage: string }[] }[];
    expect(pipeline!.id).toBe('default');
    expect(pipeline!.stages.map((s) => s.id)).toEqual(['appointmentscheduled', 'qualifiedtobuy', 'presentationscheduled', 'decisionmakerboughtin', 'contractsent', 'closedwon', 'closedlost']);
    expect(pipeline!.stages[5]).toEqual({ id: 'closedwon', label: 'Closed Won', displayOrder: 5, metadata: { isClosed: 'true', probability: '1.0' }, funnelStage: 'won' });
  });

  it('says when the configured pipeline does not exist', async () => {
    const { connector } = await setup({}, { pipeline: 'nope' });
    await expect(connector.check()).resolves.toMatchObject({ pipelineFound: false, unknownMappedStages: expect.arrayContaining(['closedwon']) });
  });

  it('sees a move made in HubSpot’s UI as a signed, verified, parsed change', async () => {
    const { connector } = await setup();
    const d = fake.addDeal();
    const realClock = hubspotConnector(hubspotConfigSchema.parse({ accessToken: fake.token, clientSecret: fake.clientSecret, baseUrl: fake.baseUrl }));
    const delivery = fake.signedWebhook([fake.moveDealInUi(d.id, 'contractsent')], { url: 'https://leadflow.example.com/webhooks/hubspot' });
    expect(realClock.verify(delivery)).toEqual({ ok: true });
    const [change] = await connector.parse(delivery);
    expect(change).toMatchObject({ record: { id: d.id, module: 'deals' }, crmStage: 'contractsent', occurredAt: fake.state.deals.get(d.id)!.updatedAt });
    expect(connector.stages.toFunnel(change!.crmStage!)).toBe('negotiating');
  });
});
