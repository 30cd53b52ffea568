import { describe, expect, it } from 'vitest';
import { rateLimiter } from './rate-limit.js';

describe('the send rate limiter', () => {
  it('lets a burst through, then spaces the rest at the configured rate, in order', async () => {
    const limiter = rateLimiter(20, 2);
    const started = Date.now();
    const order: number[] = [];
    await Promise.all([0, 1, 2, 3, 4, 5].map((i) => limiter.acquire().then(() => order.push(i))));
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    // 2 immediately, 4 more at 20/s: at least 150 ms in all (four 50 ms gaps, less timer slack).
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  });
});
