import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';
import { ConfigError } from './config.js';

function capture(level = 'debug') {
  const lines: Record<string, any>[] = [];
  const logger = createLogger(level, { destination: { write: (line: string) => void lines.push(JSON.parse(line)) } });
  return { logger, lines };
}

describe('the logger', () => {
  it('keeps the name of an error, and hides the names and addresses of leads', () => {
    const { logger, lines } = capture();
    logger.error({ err: new ConfigError('PORT: bad'), lead: { name: 'Ann Lee', email: 'ann@example.com' }, headers: { authorization: 'Bearer secret' } }, 'failed');
    expect(lines[0]!.err.name).toBe('ConfigError');
    expect(lines[0]!.err.message).toBe('PORT: bad');
    expect(lines[0]!.lead).toEqual({ name: '[Redacted]', email: '[Redacted]' });
    expect(lines[0]!.headers.authorization).toBe('[Redacted]');
  });
});
