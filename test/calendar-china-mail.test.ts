import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import chineseDays from 'chinese-days';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, datesBetween, isWeekend } from '../src/domain/calendar-file.js';
import { DEFAULT_SEND_WINDOW } from '../src/domain/send-window.js';
import { captureMailer } from '../src/mail/capture.js';
import { linkTokens } from '../src/links/tokens.js';
import { buildActivities } from '../src/runtime/activity-setup.js';
import { CN_2027_ESTIMATED_DAYS_OFF } from './fixtures/cn-2027-estimate.js';
import { funnel, writeJourneys } from './helpers/journey-files.js';
import { TEST_SECRET, testDb } from './helpers/temporal.js';

const ZONE = 'Asia/Shanghai';
const estimated2027 = new Set(CN_2027_ESTIMATED_DAYS_OFF);

/** Whether an office in China works on a date: chinese-days for 2025–2026, the rules for 2027. */
const worksOn = (date: string) => (date < '2027-01-01' ? chineseDays.isWorkday(date) : !estimated2027.has(date) && !isWeekend(date));

describe('marketing mail in China over every day of 2025–2027 (default window, the real activity)', () => {
  let activities: ReturnType<typeof buildActivities>;
  let journeysDir: string;
  const mailer = captureMailer();

  beforeAll(async () => {
    journeysDir = await writeJourneys({ 'funnel.yaml': funnel() });
    activities = buildActivities({ journeysDir, db: await testDb(), mailer, mailFrom: 'x <x@leadflow.test>', publicUrl: 'http://leadflow.test', tokens: linkTokens(TEST_SECRET) });
  });
  afterAll(() => mailer.close());

  const sendDay = async (date: string) => {
    const notBefore = DateTime.fromISO(`${date}T00:00`, { zone: ZONE }).toUTC().toISO()!;
    const at = DateTime.fromISO(await activities.nextSendTime({ notBefore, timezone: ZONE, window: DEFAULT_SEND_WINDOW }), { zone: ZONE });
    return at.toFormat("yyyy-LL-dd'T'HH:mm");
  };

  it('sends on the first working day at 09:00: never on a holiday, always on make-up working days', async () => {
    for (const date of datesBetween('2025-01-01', '2027-12-31')) {
      let expected = date;
      while (!worksOn(expected)) expected = addDays(expected, 1);
      expect(await sendDay(date), `mail asked for on ${date}`).toBe(`${expected}T09:00`);
    }
  });

  it('follows journeys/calendars/CN-2027.yaml as soon as it is added, without a code change or a restart', async () => {
    expect(await sendDay('2027-02-20')).toBe('2027-02-22T09:00'); // a Saturday, by the estimate
    expect(await sendDay('2027-02-04')).toBe('2027-02-04T09:00');
    // A schedule as a notice might set it (test data): 春节 4–11 Feb, Sat 20 Feb worked.
    await writeJourneys({ 'calendars/CN-2027.yaml': 'year: 2027\nholidays:\n  - { name: 春节, from: 2027-02-04, to: 2027-02-11 }\nworkdays:\n  - { date: 2027-02-20, day: sat }\n' }, journeysDir);
    expect(await sendDay('2027-02-20')).toBe('2027-02-20T09:00');
    expect(await sendDay('2027-02-04')).toBe('2027-02-12T09:00');
    await rm(join(journeysDir, 'calendars', 'CN-2027.yaml'));
    expect(await sendDay('2027-02-20')).toBe('2027-02-22T09:00');
  });
});
