import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration.js';

describe('durations', () => {
  it('reads the one way leadflow writes them', () => {
    expect(parseDuration('3d')).toBe(3 * 86_400_000);
    expect(parseDuration('2h')).toBe(7_200_000);
    expect(parseDuration('30m')).toBe(1_800_000);
    expect(parseDuration('1w')).toBe(7 * 86_400_000);
    expect(parseDuration('1d12h')).toBe(36 * 3_600_000);
  });

  it.each(['', '3', 'd3', '3 days', '1h1d', '2d2d', '0d', '-1d', '1.5d'])('rejects %j with a hint', (text) => {
    expect(() => parseDuration(text)).toThrow(/duration|zero|largest/);
  });

  it('formats back in days, not weeks', () => {
    expect(formatDuration(10 * 86_400_000)).toBe('10d');
    expect(formatDuration(parseDuration('1d12h'))).toBe('1d12h');
  });
});
