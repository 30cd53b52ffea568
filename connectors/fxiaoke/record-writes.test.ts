import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_PARAM_ERROR, fakeId, startFxiaokeFake, type FxiaokeFake } from '../../test/fakes/fxiaoke-fake.js';
import { CrmRecordError } from '../errors.js';
import { httpJson } from '../shared/http.js';
import { TOKEN_PATH } from './api-client.js';
import { fxiaokeConfigFromEnv } from './config.js';
import { fxiaokeConnector, type FxiaokeConnector } from './index.js';

const opp = { connector: 'fxiaoke' as const, id: fakeId(7) };
let fake: FxiaokeFake;
let connector: FxiaokeConnector;

beforeEach(async () => {
  fake = await startFxiaokeFake({ records: [{ _id: fakeId(7), sales_stage: '1' }] });
  connector = fxiaokeConnector(fxiaokeConfigFromEnv(fake.env())!);
});
afterEach(() => fake.close());

describe('Fxiaoke pushStage', () => {
  it('sends the documented update shape with both flow triggers off', async () => {
    expect(await connector.pushStage(opp, '4')).toEqual({});
    expect(fake.state.records.get(opp.id)?.sales_stage).toBe('4');
    expect(fake.state.updates).toEqual([
      { _id: opp.id, object_data: { dataObjectApiName: 'NewOpportunityObj', _id: opp.id, sales_stage: '4' }, triggerWorkFlow: false, triggerApprovalFlow: false },
    ]);
    expect(fake.state.workflowsFired).toBe(0);
    expect(fake.state.approvalsStarted).toBe(0);
  });

  it('ignores unmodifiedSince, which Fxiaoke cannot honour', async () => {
    await connector.pushStage(opp, '5', { unmodifiedSince: '2020-01-01T00:00:00Z' });
    expect(fake.state.records.get(opp.id)?.sales_stage).toBe('5');
  });

  it('is refused when given a label instead of an option value', async () => {
    const err = await connector.pushStage(opp, '赢单').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CrmRecordError);
    expect((err as CrmRecordError).code).toBe(String(FAKE_PARAM_ERROR));
  });

  it('the fake refuses the community `data.data._id` shape, so the test above means something', async () => {
    const token = (await httpJson(`${fake.baseUrl}${TOKEN_PATH}`, { method: 'POST', body: fake.credentials })).json as { corpAccessToken: string; corpId: string };
    const res = await httpJson(`${fake.baseUrl}/cgi/crm/v2/data/update`, {
      method: 'POST',
      body: { ...token, currentOpenUserId: fake.credentials.userId, data: { dataObjectApiName: 'NewOpportunityObj', data: { _id: opp.id, sales_stage: '4' } } },
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ errorCode: FAKE_PARAM_ERROR });
    expect(fake.state.records.get(opp.id)?.sales_stage).toBe('1');
  });
});

describe('Fxiaoke tasks and notes', () => {
  it('a task becomes an ActiveRecordObj linked to the opportunity', async () => {
    const task = { key: 'lead-1:follow-up:1', title: 'Call back', notes: 'Ask about the budget', dueAt: '2026-03-05T02:00:00.000Z' };
    const { id } = await connector.createTask(opp, task);
    expect(fake.state.followUps).toHaveLength(1);
    const created = fake.state.followUps[0]!;
    expect(id).toBe(created.dataId);
    expect(created).toMatchObject({ triggerWorkFlow: false, triggerApprovalFlow: false });
    expect(created.object_data).toEqual({
      dataObjectApiName: 'ActiveRecordObj',
      active_record_content: 'Call back\nAsk about the budget\n(due 2026-03-05T02:00:00.000Z)',
      related_object_data: [{ describe_api_name: 'NewOpportunityObj', id: opp.id }],
    });
  });

  it('a note is an ActiveRecordObj with its title and content', async () => {
    const { id } = await connector.createNote(opp, { key: 'n1', title: 'Stage moved', content: 'leadflow moved the lead to negotiating' });
    expect(fake.state.followUps.map((f) => [f.dataId, f.object_data.active_record_content])).toEqual([[id, 'Stage moved\nleadflow moved the lead to negotiating']]);
  });

  it('a record that does not exist is a record error', async () => {
    const err = await connector.createNote({ connector: 'fxiaoke', id: fakeId(99) }, { key: 'n', title: 't', content: 'c' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CrmRecordError);
  });
});
