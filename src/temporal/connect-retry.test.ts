import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { connectWithRetry } from './connect-retry.js';

const logger = createLogger('silent');
const refused = () => Object.assign(new Error('tcp connect error: Connection refused'), { code: 'ECONNREFUSED' });

describe('connectWithRetry', () => {
  it('waits for a Temporal that comes back, as a worker started mid-restart must', async () => {
    let tries = 0;
    const connection = await connectWithRetry(async () => {
      tries += 1;
      if (tries < 3) throw refused();
      return 'connected';
    }, { address: '127.0.0.1:7233', logger });
    expect(connection).toBe('connected');
    expect(tries).toBe(3);
  });

  it('gives up with the last error once the time is up, so a wrong address still fails', async () => {
    let tries = 0;
    await expect(connectWithRetry(async () => {
      tries += 1;
      throw refused();
    }, { address: '127.0.0.1:1', logger, timeoutMs: 600 })).rejects.toThrow(/Connection refused/);
    expect(tries).toBeGreaterThan(1);
  });
});
