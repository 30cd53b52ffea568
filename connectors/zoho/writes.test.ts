import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startZohoFake, type ZohoFake } from '../../test/fakes/zoho-fake.js';
import { CrmConflictError, CrmError, CrmRateLimitError, CrmRecordError } from '../errors.js';
import { zohoConfigFromEnv } from './config.js';
import { zohoConnector, type ZohoConnector } from './index.js';

let zoho: ZohoFake;
let connector: ZohoConnector;
beforeEach(async () => {
  zoho = await startZohoFake();
  connector = zohoConnector(zohoConfigFromEnv(zoho.env())!);
});
afterEach(() => zoho.close());

const record = (id: string) => ({ connector: 'zoho' as const, id });

describe('Zoho writes', () => {
  it('sets Stage with workflows, approvals, blueprints and cadences off, and returns Modified_Time in UTC', async () => {
    const deal = zoho.addDeal();
    const { modifiedAt } = await connector.pushStage(record(deal.id), 'Proposal/Price Quote');
    const write = zoho.state.writes.at(-1)!;
    expect(write).toMatchObject({ method: 'PUT', path: '/crm/v8/Deals' });
    expect(write.body).toEqual({ data: [{ id: deal.id, Stage: 'Proposal/Price Quote' }], trigger: [], skip_feature_execution: [{ name: 'cadences' }] });
    expect(zoho.state.triggers).toEqual([[]]);
    const stored = zoho.state.deals.get(deal.id)!;
    expect(stored.Modified_Time).toMatch(/\+05:30$/);
    expect(modifiedAt).toBe(new Date(stored.Modified_Time).toISOString());
  });

  it('reports a refused record as CrmRecordError with Zoho’s code and details', async () => {
    const deal = zoho.addDeal();
    const unknownStage = connector.pushStage(record(deal.id), 'Made Up Stage');
    await expect(unknownStage).rejects.toBeInstanceOf(CrmRecordError);
    await expect(unknownStage).rejects.toMatchObject({ code: 'INVALID_DATA', retryable: false, details: { api_name: 'Stage' } });
    await expect(connector.pushStage(record('3652397999999999999'), 'Closed Won')).rejects.toMatchObject({ code: 'INVALID_DATA', details: { api_name: 'id' } });
    zoho.state.locked.add(deal.id);
    await expect(connector.pushStage(record(deal.id), 'Closed Won')).rejects.toMatchObject({ name: 'CrmRecordError', code: 'RECORD_LOCKED' });
    expect(zoho.state.deals.get(deal.id)!.Stage).toBe('Qualification');
  });

  it('refuses to overwrite a change made after If-Unmodified-Since (412 ALREADY_MODIFIED)', async () => {
    const deal = zoho.addDeal({ Modified_Time: '2024-01-15T15:26:49+05:30' });
    const seen = new Date(deal.Modified_Time).toISOString();
    zoho.changeStageInUi(deal.id, 'Closed Lost');
    const stale = connector.pushStage(record(deal.id), 'Closed Won', { unmodifiedSince: seen });
    await expect(stale).rejects.toBeInstanceOf(CrmConflictError);
    await expect(stale).rejects.toMatchObject({ retryable: false });
    expect(zoho.state.deals.get(deal.id)!.Stage).toBe('Closed Lost');
    expect(zoho.state.writes.at(-1)!.headers['if-unmodified-since']).toBe('2024-01-15T09:56:49+00:00');

    const current = new Date(zoho.state.deals.get(deal.id)!.Modified_Time).toISOString();
    await expect(connector.pushStage(record(deal.id), 'Closed Won', { unmodifiedSince: current })).resolves.toEqual({ modifiedAt: expect.any(String) });
    expect(zoho.state.deals.get(deal.id)!.Stage).toBe('Closed Won');
  });

  it('turns 429 into CrmRateLimitError with Zoho’s Retry-After', async () => {
    zoho.failNext(1, { status: 429, retryAfter: 2 });
    const limited = connector.pushStage(record(zoho.addDeal().id), 'Closed Won');
    await expect(limited).rejects.toBeInstanceOf(CrmRateLimitError);
    await expect(limited).rejects.toMatchObject({ retryAfterMs: 2000, retryable: true, message: expect.stringContaining('TOO_MANY_REQUESTS') });
  });

  it('estimates the wait when a 429 has no Retry-After', async () => {
    zoho.failNext(1, { status: 429 });
    await expect(connector.createNote(record(zoho.addDeal().id), { key: 'n1', title: 't', content: 'c' })).rejects.toMatchObject({ name: 'CrmRateLimitError', retryAfterMs: 10_000 });
  });

  it('turns 5xx into a retryable CrmError, and the next call goes through', async () => {
    const deal = zoho.addDeal();
    zoho.failNext(1, { status: 500 });
    const failed = connector.pushStage(record(deal.id), 'Closed Won');
    await expect(failed).rejects.toBeInstanceOf(CrmError);
    await expect(failed).rejects.toMatchObject({ retryable: true });
    await expect(failed).rejects.not.toBeInstanceOf(CrmRateLimitError);
    await connector.pushStage(record(deal.id), 'Closed Won');
    expect(zoho.state.deals.get(deal.id)!.Stage).toBe('Closed Won');
  });

  it('creates a task linked to the deal, due on the date the caller wrote', async () => {
    const deal = zoho.addDeal();
    const { id } = await connector.createTask(record(deal.id), { key: 'call-1', title: 'Call Jason', notes: 'about the renewal', dueAt: '2025-01-31T09:00:00+05:30' });
    expect(zoho.state.tasks).toEqual([
      { id, parentId: deal.id, Subject: 'Call Jason', Due_Date: '2025-01-31', Status: 'Not Started', What_Id: { id: deal.id }, $se_module: 'Deals', Description: 'about the renewal' },
    ]);
    expect(zoho.state.writes.at(-1)!.body.trigger).toEqual([]);
    await expect(connector.createTask(record('3652397999999999999'), { key: 'k', title: 'x', dueAt: '2025-01-31' })).rejects.toMatchObject({ name: 'CrmRecordError', code: 'INVALID_DATA' });
  });

  it('refuses a record of another connector without calling Zoho', async () => {
    await expect(connector.pushStage({ connector: 'hubspot', id: '1' }, 'Closed Won')).rejects.toMatchObject({ name: 'CrmError', retryable: false });
    expect(zoho.count('PUT /crm/v8/Deals')).toBe(0);
  });

  it('creates a note on the deal', async () => {
    const deal = zoho.addDeal();
    const { id } = await connector.createNote(record(deal.id), { key: 'n1', title: 'Quote sent', content: 'v2 with the discount' });
    expect(zoho.state.notes).toEqual([{ id, parentId: deal.id, Note_Title: 'Quote sent', Note_Content: 'v2 with the discount', Parent_Id: { module: { api_name: 'Deals' }, id: deal.id } }]);
    expect(zoho.count('POST /crm/v8/Notes')).toBe(1);
  });
});
