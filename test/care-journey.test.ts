import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { journeyQuery } from '../workflows/messages.js';
import { SHIPPED_JOURNEYS, testLead } from './helpers/leads.js';
import { createTestWorker, timeSkippedWithSink } from './helpers/temporal.js';
import { TEST_SERVER_JOURNEY_OPTIONS } from '../workflows/journey-input.js';

const DAY = 86_400_000;

describe('customer care over three years (time-skipped, the shipped care.yaml)', () => {
  const servers = timeSkippedWithSink();

  it('sends every birthday and holiday greeting once, on the right local day at 10:00', async () => {
    const env = servers.env();
    const sink = servers.sink();
    const { worker, taskQueue, mailer } = await createTestWorker(env.nativeConnection, { journeysDir: SHIPPED_JOURNEYS, smtpUrl: sink.url });
    const start = DateTime.fromISO('2027-01-10T12:00', { zone: 'Asia/Shanghai' }).toMillis();
    await env.sleep(start - (await env.currentTimeMs()));
    // Born in the leap fifth month (闰五月初八): 2028 has that leap month, 2027 and 2029 do not.
    const shanghai = testLead({ timezone: 'Asia/Shanghai', locale: 'zh-CN', name: '王芳', stage: 'won', birthday: { calendar: 'chinese', month: 5, day: 8, leap: true } });
    const losAngeles = testLead({ timezone: 'America/Los_Angeles', locale: 'en', stage: 'won', birthday: '2000-02-29' });
    const views = await worker.runUntil(async () => {
      const handles = await Promise.all([shanghai, losAngeles].map((lead) => env.client.workflow.start('leadJourney', { workflowId: `lead:${lead.id}:${randomUUID()}`, taskQueue, args: [{ lead, options: TEST_SERVER_JOURNEY_OPTIONS }] })));
      await env.sleep(3 * 365 * DAY);
      const result = await Promise.all(handles.map((h) => h.query(journeyQuery)));
      await Promise.all(handles.map((h) => h.terminate('test over')));
      return result;
    });
    mailer.close();
    const care = (i: number, zone: string) =>
      views[i]!.emails.filter((e) => e.occasion).map((e) => `${e.occasion} ${DateTime.fromISO(e.sentAt, { zone }).toFormat("yyyy-LL-dd'T'HH:mm")}`);
    // Lunar dates cross-checked with date-chinese, an implementation independent of leadflow's.
    expect(care(0, 'Asia/Shanghai')).toEqual([
      'spring-festival 2027-02-06T10:00',
      'birthday 2027-06-12T10:00', // 五月初八 (no leap month in 2027)
      'mid-autumn 2027-09-15T10:00',
      'new-year 2028-01-01T10:00',
      'spring-festival 2028-01-26T10:00',
      'birthday 2028-06-30T10:00', // 闰五月初八
      'mid-autumn 2028-10-03T10:00',
      'new-year 2029-01-01T10:00',
      'spring-festival 2029-02-13T10:00',
      'birthday 2029-06-19T10:00',
      'mid-autumn 2029-09-22T10:00',
      'new-year 2030-01-01T10:00',
    ]);
    expect(care(1, 'America/Los_Angeles')).toEqual([
      'birthday 2027-02-28T10:00', // 29 February in a common year
      'new-year 2028-01-01T10:00',
      'birthday 2028-02-29T10:00',
      'new-year 2029-01-01T10:00',
      'birthday 2029-02-28T10:00',
      'new-year 2030-01-01T10:00',
    ]);
    // What reached the SMTP server: each once, in the customer's language.
    const byLead = (email: string) => sink.messages.filter((m) => m.envelopeTo.includes(email) && /X-Leadflow-Category: relationship/i.test(m.raw.toString()));
    const shanghaiMail = byLead(shanghai.email).filter((m) => !m.parsed.subject?.includes('推荐') && !m.parsed.subject?.includes('打个分'));
    expect(shanghaiMail.map((m) => m.parsed.subject)).toContain('王芳，生日快乐！');
    expect(new Set(sink.messages.map((m) => m.parsed.messageId)).size).toBe(sink.messages.length);
    expect(byLead(losAngeles.email).filter((m) => /birthday/i.test(m.parsed.subject ?? ''))).toHaveLength(3);
    // Care mail carries the one-click unsubscribe, and no 「广告」 prefix: greetings are not ads.
    expect(shanghaiMail.every((m) => /List-Unsubscribe-Post/i.test(m.raw.toString()) && !m.parsed.subject?.startsWith('「广告」'))).toBe(true);
  });
});
