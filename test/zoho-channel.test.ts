import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { zohoActivitiesForTest } from './helpers/zoho-channel-activities.js';
import { startZohoFake } from './fakes/zoho-fake.js';
import { timeSkippingEnv } from './helpers/temporal.js';
import { zohoChannelQuery, type zohoChannelUpkeep } from '../workflows/zoho-channel.js';

const DAY = 86_400_000;

describe('Zoho channel upkeep (time-skipped)', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await timeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('renews the notification channel before it expires, across a month', async () => {
    // One clock for the fake Zoho and the connector: the workflow's own (skipped) time.
    let clock = await env.currentTimeMs();
    const zoho = await startZohoFake({ now: () => clock });
    const renewals: { at: number; expiresAt: number; mode: string }[] = [];
    const activities = zohoActivitiesForTest(zoho, () => clock, (t) => (clock = t), renewals);
    const taskQueue = `zoho-${randomUUID()}`;
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: { codePath: inject('workflowBundlePath') }, activities });
    try {
      const start = await env.currentTimeMs();
      const status = await worker.runUntil(async () => {
        const handle = await env.client.workflow.start<typeof zohoChannelUpkeep>('zohoChannelUpkeep', { workflowId: `zoho-channel-${randomUUID()}`, taskQueue, args: [{ channelId: '1000000068001' }] });
        await env.sleep(31 * DAY);
        const s = await handle.query(zohoChannelQuery);
        await handle.terminate('test over');
        return s;
      });
      expect(renewals[0]!.mode).toBe('subscribe');
      expect(renewals.slice(1).every((r) => r.mode === 'renew')).toBe(true);
      // Never a moment without a channel: each renewal lands before the previous expiry, with a week's life.
      for (let i = 1; i < renewals.length; i++) {
        expect(renewals[i]!.at).toBeLessThan(renewals[i - 1]!.expiresAt);
        expect(renewals[i]!.expiresAt - renewals[i]!.at).toBeGreaterThan(6 * DAY);
      }
      expect(renewals.length).toBeGreaterThanOrEqual(5);
      expect(renewals.at(-1)!.expiresAt).toBeGreaterThan(start + 31 * DAY);
      expect(zoho.count('POST /crm/v8/actions/watch')).toBe(1);
      expect(zoho.count('PUT /crm/v8/actions/watch')).toBe(renewals.length - 1);
      expect(Date.parse(zoho.state.channels.get('1000000068001')!.channel_expiry)).toBe(renewals.at(-1)!.expiresAt);
      expect(status.renewals).toBe(renewals.length);
    } finally {
      await zoho.close();
    }
  });
});
