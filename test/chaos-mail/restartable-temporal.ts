import { startDevServer, type DevServer } from '../../src/temporal/dev-server.js';
import { freePort } from '../helpers/ports.js';
import type { RestartSignal } from './profiles.js';

/** One restart as it happened: when, how, and how long Temporal was away. */
export interface TemporalRestart {
  atMs: number;
  signal: RestartSignal;
  downMs: number;
}

/**
 * The Temporal dev server of `leadflow start` (src/temporal/dev-server.ts), on ports fixed for the
 * whole run and its state in one SQLite file, so that it can be stopped and started again and the
 * servers and workers find it where it was, every journey and timer with it.
 */
export async function startRestartableTemporal(opts: { dataDir: string; t0: number }) {
  const [port, uiPort] = [await freePort(), await freePort()];
  const settings = { dataDir: opts.dataDir, port, uiPort, namespace: 'default', env: process.env };
  let dev: DevServer = await startDevServer(settings);
  const restarts: TemporalRestart[] = [];
  return {
    address: dev.address,
    restarts,
    /** Stops the server (SIGKILL: no warning at all) and starts it again on the same port and file. */
    async restart(signal: RestartSignal): Promise<TemporalRestart> {
      const at = Date.now();
      await dev.stop({ kill: signal === 'SIGKILL' });
      dev = await startDevServer(settings);
      const restart = { atMs: at - opts.t0, signal, downMs: Date.now() - at };
      restarts.push(restart);
      return restart;
    },
    stop: () => dev.stop(),
  };
}

/** The run's Temporal, as the chaos holds it. */
export type RestartableTemporal = Awaited<ReturnType<typeof startRestartableTemporal>>;
