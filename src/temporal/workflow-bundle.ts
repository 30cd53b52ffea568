import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BundleOptions, WorkerOptions } from '@temporalio/worker';

/** The workflows' entry module, which the worker bundles (webpack) into its sandbox. */
export const WORKFLOWS_PATH = fileURLToPath(new URL('../../workflows/index.ts', import.meta.url));

const DOMAIN_DIR = new URL('../domain/', import.meta.url);

/**
 * Modules the worker evaluates once and shares among all the journeys it runs: zod and every
 * module of `src/domain`.
 *
 * Why: the SDK's reusable V8 context gives each workflow its own copy of every module it does not
 * share, evaluated again when the journey starts and whenever it is replayed after leaving the
 * cache. The domain modules build leadflow's zod schemas at import: per journey, that was about
 * 1.6 MB of the 1.8 MB a cached journey held, and a third of the CPU of its start
 * (docs/benchmarks.md, the profile).
 *
 * What it asks of these modules: no workflow API at import, and no module state a journey could
 * change (the one cache there, journeyValidators, holds pure schemas). `src/domain` is pure by
 * design. The SDK deep-freezes what it shares, and zod writes into a schema on its first parse,
 * so a journey never parses with an exported schema: it uses journeyValidators
 * (src/domain/journey-validators.ts), built after the freeze; ESLint holds workflow code to it.
 */
export const SHARED_WORKFLOW_MODULES: readonly string[] = [
  'zod',
  ...readdirSync(DOMAIN_DIR)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .sort()
    .map((f) => fileURLToPath(new URL(f, DOMAIN_DIR))),
];

/** What `Worker.create` needs to bundle the workflows itself: the entry and the shared modules. */
export const WORKFLOW_SOURCE = {
  workflowsPath: WORKFLOWS_PATH,
  bundlerOptions: { preloadModules: [...SHARED_WORKFLOW_MODULES] },
} satisfies Pick<WorkerOptions, 'workflowsPath' | 'bundlerOptions'>;

/** What `bundleWorkflowCode` needs for a pre-built bundle that shares the same modules. */
export const WORKFLOW_BUNDLE_OPTIONS = {
  workflowsPath: WORKFLOWS_PATH,
  preloadModules: [...SHARED_WORKFLOW_MODULES],
} satisfies Pick<BundleOptions, 'workflowsPath' | 'preloadModules'>;
