import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('configuration', () => {
  it('has embedded defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ PORT: 3000, HOST: '127.0.0.1', TEMPORAL_NAMESPACE: 'default', TEMPORAL_TASK_QUEUE: 'leadflow', publicUrl: 'http://127.0.0.1:3000' });
    expect(c.TEMPORAL_ADDRESS).toBeUndefined();
  });

  it('fails fast naming each bad variable', () => {
    expect(() => loadConfig({ PORT: 'eighty', TEMPORAL_ADDRESS: 'temporal', LEADFLOW_API_TOKEN: 'short' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'eighty', TEMPORAL_ADDRESS: 'temporal', LEADFLOW_API_TOKEN: 'short' });
    } catch (err) {
      expect((err as Error).message).toMatch(/PORT: /);
      expect((err as Error).message).toMatch(/TEMPORAL_ADDRESS: must be host:port/);
      expect((err as Error).message).toMatch(/LEADFLOW_API_TOKEN: must be at least 16 characters/);
    }
  });
});
