import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { json } from './helpers/http.js';
import { freePort } from './helpers/ports.js';
import { eventually } from './helpers/eventually.js';

/** Polls until `check` returns a value, for state that a worker settles asynchronously. */

describe('`leadflow start`: the whole system on embedded defaults', () => {
  it('runs a lead through the funnel and has every journey where it was after a restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'leadflow-start-'));
    const env = {
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      TEMPORAL_DEV_PORT: String(await freePort()),
      TEMPORAL_UI_PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
      // The embedded defaults, whatever the machine's environment says.
      DATABASE_URL: '',
      TEMPORAL_ADDRESS: '',
      SMTP_URL: '',
    };
    const first = runCli(['start'], env);
    const [, base] = await first.waitForOutput(/API\s+(http:\/\/\S+)\/api/);
    const [, token] = await first.waitForOutput(/API token\s+(\S+)/);
    const api = (path: string, body?: unknown) =>
      fetch(`${base}${path}`, {
        method: body ? 'POST' : 'GET',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
        body: body ? JSON.stringify(body) : undefined,
      });

    const enrol = await api('/api/leads', { id: 'zoho-5001', email: 'li.wei@example.com', name: '李伟', locale: 'zh-CN', timezone: 'Asia/Shanghai', owner: 'zhang' });
    expect(enrol.status).toBe(202);
    const outbox = await eventually(async () => {
      const list = (await json(await api('/outbox'))) as { subject: string; to: string }[];
      return list.length ? list : undefined;
    });
    expect(outbox).toEqual([expect.objectContaining({ to: 'li.wei@example.com', subject: expect.stringMatching(/leadflow/) })]);

    const nurturing = await eventually(async () => {
      const view = await json(await api('/api/leads/zoho-5001'));
      return view.next?.length ? view : undefined;
    });
    expect(nurturing.stage).toBe('lead');
    expect(nurturing.sequence.name).toBe('lead-nurture');
    expect(nurturing.next[0]).toMatchObject({ kind: 'wait', what: 'wait 7d, then send nurture-how-it-works' });
    expect(Date.parse(nurturing.nextActionAt) - Date.now()).toBeGreaterThan(6.9 * 86_400_000);

    expect((await api('/api/leads/zoho-5001/events', { id: 'crm-evt-1', type: 'stage.changed', stage: 'negotiating' })).status).toBe(202);
    const negotiating = await eventually(async () => {
      const view = await json(await api('/api/leads/zoho-5001'));
      return view.stage === 'negotiating' && view.next?.some((n: { kind: string }) => n.kind === 'follow-up') ? view : undefined;
    });
    expect(negotiating.sequence).toBeUndefined();
    const followUp = negotiating.next.find((n: { kind: string }) => n.kind === 'follow-up');
    expect(Date.parse(followUp.at) - Date.parse(negotiating.stageEnteredAt)).toBe(2 * 86_400_000);

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const second = runCli(['start'], env);
    try {
      await second.waitForOutput(/leadflow is running/);
      expect(second.output()).toContain(token);
      const after = await eventually(async () => json(await api('/api/leads/zoho-5001')));
      expect(after.stage).toBe('negotiating');
      expect(after.history.map((h: { to: string }) => h.to)).toEqual(['lead', 'negotiating']);
      expect(after.emails).toHaveLength(1);
      expect(after.next.find((n: { kind: string }) => n.kind === 'follow-up').at).toBe(followUp.at);
      expect(await json(await api('/outbox'))).toHaveLength(1);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  });
});
