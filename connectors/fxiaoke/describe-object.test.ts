import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFxiaokeFake, type FxiaokeFake } from '../../test/fakes/fxiaoke-fake.js';
import { fxiaokeConfigFromEnv } from './config.js';
import { fxiaokeConnector } from './index.js';

let fake: FxiaokeFake;
beforeEach(async () => {
  fake = await startFxiaokeFake();
});
afterEach(() => fake.close());

describe('Fxiaoke check', () => {
  it('lists the stage options with labels and an inbound block to start the stage map from', async () => {
    const connector = fxiaokeConnector(fxiaokeConfigFromEnv(fake.env())!);
    const report = await connector.check();
    expect(report).toMatchObject({ connector: 'fxiaoke', object: 'NewOpportunityObj', objectLabel: '商机2.0', stageField: 'sales_stage', stageFieldLabel: '商机阶段' });
    expect(report.fields).toEqual(['_id', 'name', 'sales_stage', 'last_modified_time']);
    expect((report.stageOptions as unknown[])[4]).toEqual({ value: '5', label: '赢单', mapsTo: null });
    // Nothing is mapped by default: the suggestions stay commented out for a person to check.
    expect(report.stageMapYaml).toContain('  # "5": won   # 赢单 (suggested from the label: check, then uncomment)');
    expect(report.problems).toEqual(['stage values without a funnel stage (changes to them are rejected): 1, 2, 3, 4, 5, 6, 7']);
  });

  it('shows the connection’s own map, and no problem once every value is mapped', async () => {
    const inbound = { '1': 'contacted', '2': 'qualified', '3': 'quoted', '4': 'negotiating', '5': 'won', '6': 'lost', '7': 'lost' } as const;
    const connector = fxiaokeConnector(fxiaokeConfigFromEnv(fake.env())!, { stages: { inbound } });
    const report = await connector.check();
    expect(report.problems).toEqual([]);
    expect(report.stageMapYaml).toContain('  "6": lost   # 输单');
    expect(connector.stages.toFunnel('7')).toBe('lost');
    expect(connector.stages.toCrm('lost')).toBe('6');
    expect(connector.defaultModule).toBe('NewOpportunityObj');
    expect(connector.name).toBe('fxiaoke');
  });

  it('says so when the stage field does not exist', async () => {
    const connector = fxiaokeConnector(fxiaokeConfigFromEnv(fake.env({ FXIAOKE_STAGE_FIELD: 'stage__c' }))!);
    const report = await connector.check();
    expect(report.problems).toEqual(['NewOpportunityObj has no field stage__c: set FXIAOKE_STAGE_FIELD to one of the fields listed']);
  });
});
