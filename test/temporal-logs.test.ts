import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { SHIPPED_JOURNEYS } from './helpers/leads.js';

describe('Temporal’s own logs go through leadflow’s logger', () => {
  it('journeys simulate prints the timeline and nothing of the SDK core', async () => {
    const run = runCli(['journeys', 'simulate', '--dir', SHIPPED_JOURNEYS, '--days', '2', '--no-events'], {});
    expect(await run.exited).toBe(0);
    const out = run.output();
    expect(out).toContain('Journey of a lead in Asia/Shanghai (zh-CN) over 2 days');
    expect(out).not.toMatch(/temporalio_sdk_core|Temporal Server 1\.16\.0 or newer/);
    // The first line is the timeline's, not a log line.
    expect(out.trimStart().startsWith('Journey of a lead')).toBe(true);
  });
});
