import { afterEach, describe, expect, it } from 'vitest';
import { startFxiaokeFake, fakeId, type FxiaokeFake, type FxiaokeFakeOptions } from '../../test/fakes/fxiaoke-fake.js';
import { CrmAuthError, CrmError, CrmQuotaError, CrmRateLimitError, CrmRecordError } from '../errors.js';
import { TOKEN_PATH } from './api-client.js';
import { fxiaokeConfigFromEnv } from './config.js';
import { nextShanghaiMidnight } from './error-codes.js';
import { fxiaokeConnector } from './index.js';

const UPDATE = '/cgi/crm/v2/data/update';
const opp = { connector: 'fxiaoke' as const, id: fakeId(1) };
// 2026-03-02 01:30 in Shanghai.
const START = Date.parse('2026-03-01T17:30:00Z');

let fake: FxiaokeFake;
afterEach(() => fake?.close());

/** A fake and a connector that share one clock the test moves. */
async function setup(fakeOpts: FxiaokeFakeOptions = {}, env: Record<string, string> = {}) {
  const clock = { t: START };
  const now = () => clock.t;
  fake = await startFxiaokeFake({ now, records: [{ _id: fakeId(1) }], ...fakeOpts });
  // A short window keeps any pause an error causes short.
  const config = fxiaokeConfigFromEnv(fake.env({ FXIAOKE_RATE_WINDOW_S: '0.05', ...env }))!;
  return { clock, connector: fxiaokeConnector(config, { now }) };
}

async function failure(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => expect.fail('expected a rejection'),
    (err: unknown) => err,
  );
}

describe('Fxiaoke corpAccessToken', () => {
  it('is fetched once for 20 concurrent calls, never concurrently', async () => {
    const { connector } = await setup({ tokenDelayMs: 30 });
    await Promise.all(Array.from({ length: 20 }, () => connector.pushStage(opp, '2')));
    expect(fake.state.calls[TOKEN_PATH]).toBe(1);
    expect(fake.state.tokenConcurrencyViolations).toBe(0);
    expect(connector.tokenRefreshes()).toBe(1);
    expect(fake.state.calls[UPDATE]).toBe(20);
  });

  it('is cached for ~6600 s, then replaced by the new token Fxiaoke issues', async () => {
    const { clock, connector } = await setup();
    await connector.pushStage(opp, '2');
    clock.t += 6_000_000;
    await connector.pushStage(opp, '3');
    expect(fake.state.calls[TOKEN_PATH]).toBe(1);
    clock.t += 600_000;
    await connector.pushStage(opp, '4');
    expect(fake.state.calls[TOKEN_PATH]).toBe(2);
    expect(fake.state.tokensIssued).toBe(2);
    expect(fake.state.records.get(opp.id)?.sales_stage).toBe('4');
  });

  it('is refreshed once and the call retried once when Fxiaoke says 20016', async () => {
    const { connector } = await setup();
    await connector.pushStage(opp, '2');
    fake.expireTokensNow();
    await connector.pushStage(opp, '3');
    expect(connector.tokenRefreshes()).toBe(2);
    expect(fake.state.calls[UPDATE]).toBe(3);
    expect(fake.state.records.get(opp.id)?.sales_stage).toBe('3');
  });

  it('does not loop when the retried call gets 20016 again', async () => {
    const { connector } = await setup();
    fake.failNext(2, 20016);
    const err = await failure(connector.pushStage(opp, '2'));
    expect(err).toBeInstanceOf(CrmError);
    expect((err as CrmError).retryable).toBe(true);
    expect(fake.state.calls[UPDATE]).toBe(2);
    expect(connector.tokenRefreshes()).toBe(2);
  });

  it('turns refused credentials into an auth error that names the variables', async () => {
    const { connector } = await setup({}, { FXIAOKE_APP_SECRET: 'wrong' });
    const err = await failure(connector.pushStage(opp, '2'));
    expect(err).toBeInstanceOf(CrmAuthError);
    expect((err as Error).message).toMatch(/FXIAOKE_APP_SECRET/);
    expect(fake.state.calls[UPDATE]).toBeUndefined();
  });
});

describe('Fxiaoke errorCodes (HTTP 200)', () => {
  it('30004 and 14001 are rate limits that ask to wait a window', async () => {
    const { connector } = await setup();
    fake.failNext(1, 30004);
    const err = await failure(connector.pushStage(opp, '2'));
    expect(err).toBeInstanceOf(CrmRateLimitError);
    expect((err as CrmRateLimitError).retryAfterMs).toBe(50);
    expect((err as CrmRateLimitError).retryable).toBe(true);
    fake.failNext(1, 14001);
    expect(await failure(connector.pushStage(opp, '2'))).toBeInstanceOf(CrmRateLimitError);
  });

  it('a hard per-window limit on the fake surfaces as CrmRateLimitError', async () => {
    const { connector } = await setup();
    fake.setRateLimit({ max: 2, windowMs: 60_000 });
    await connector.pushStage(opp, '2');
    await connector.pushStage(opp, '3');
    expect(await failure(connector.pushStage(opp, '4'))).toBeInstanceOf(CrmRateLimitError);
    expect(fake.state.records.get(opp.id)?.sales_stage).toBe('3');
  });

  it('30002 is a quota error that resets at the next midnight in Shanghai', async () => {
    const { connector } = await setup();
    fake.failNext(1, 30002);
    const err = await failure(connector.pushStage(opp, '2'));
    expect(err).toBeInstanceOf(CrmQuotaError);
    expect((err as CrmQuotaError).retryable).toBe(false);
    expect((err as CrmQuotaError).resetsAt?.toISOString()).toBe('2026-03-02T16:00:00.000Z');
  });

  it('the next Shanghai midnight is computed in UTC+8 at the edges of the day', () => {
    expect(nextShanghaiMidnight(Date.parse('2026-03-01T15:59:59.999Z')).toISOString()).toBe('2026-03-01T16:00:00.000Z');
    expect(nextShanghaiMidnight(Date.parse('2026-03-01T16:00:00.000Z')).toISOString()).toBe('2026-03-02T16:00:00.000Z');
    expect(nextShanghaiMidnight(Date.parse('2026-12-31T23:00:00Z')).toISOString()).toBe('2027-01-01T16:00:00.000Z');
  });

  it('30003 is a quota error with no reset: buy Open API quota', async () => {
    const { connector } = await setup();
    fake.failNext(1, 30003);
    const err = await failure(connector.pushStage(opp, '2'));
    expect(err).toBeInstanceOf(CrmQuotaError);
    expect((err as CrmQuotaError).resetsAt).toBeUndefined();
    expect((err as Error).message).toMatch(/buy an Open API call pack/);
  });

  it('-1 and -2 are retryable; so is an HTTP 5xx', async () => {
    const { connector } = await setup();
    for (const code of [-1, -2]) {
      fake.failNext(1, code);
      const err = await failure(connector.pushStage(opp, '2'));
      expect(err).toBeInstanceOf(CrmError);
      expect(err).not.toBeInstanceOf(CrmRateLimitError);
      expect((err as CrmError).retryable).toBe(true);
    }
    fake.failHttpNext(1, 502);
    const err = await failure(connector.pushStage(opp, '2'));
    expect((err as CrmError).retryable).toBe(true);
  });

  it('permission codes are auth errors; anything else is a record error with its code', async () => {
    const { connector } = await setup();
    for (const code of [20017, 15003, 20014, 20020, 20023]) {
      fake.failNext(1, code);
      expect(await failure(connector.pushStage(opp, '2'))).toBeInstanceOf(CrmAuthError);
    }
    fake.failNext(1, 320001401);
    const err = await failure(connector.pushStage(opp, '2'));
    expect(err).toBeInstanceOf(CrmRecordError);
    expect((err as CrmRecordError).code).toBe('320001401');
  });

  it('a host that is not an API gateway is named', async () => {
    const { connector } = await setup();
    fake.failHttpNext(1, 404);
    const err = await failure(connector.pushStage(opp, '2'));
    expect((err as Error).message).toMatch(/FXIAOKE_BASE_URL/);
  });
});
