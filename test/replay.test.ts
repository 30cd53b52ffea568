import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import { describe, expect, inject, it } from 'vitest';
import { PROJECT_ROOT } from '../src/temporal/binaries.js';
import { quietTemporal } from './helpers/temporal.js';

const dir = join(PROJECT_ROOT, 'test', 'fixtures', 'histories');
const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();

describe('recorded histories of released versions replay on today’s workflow code', () => {
  it('has histories to replay', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('%s replays without a determinism error', async (file) => {
    quietTemporal();
    const history = JSON.parse(await readFile(join(dir, file), 'utf8'));
    await expect(Worker.runReplayHistory({ workflowBundle: { codePath: inject('workflowBundlePath') } }, history, file)).resolves.toBeUndefined();
  });
});
