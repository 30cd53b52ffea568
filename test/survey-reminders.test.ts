import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { SURVEY_ANSWERED } from '../src/domain/survey.js';
import { journeyQuery, leadEventSignal } from '../workflows/messages.js';
import { SHIPPED_JOURNEYS, testLead } from './helpers/leads.js';
import { createTestWorker, timeSkippedWithSink } from './helpers/temporal.js';
import { TEST_SERVER_JOURNEY_OPTIONS } from '../workflows/journey-input.js';

const DAY = 86_400_000;

describe('survey reminders (time-skipped, the shipped funnel: after 7d, reminder 4d)', () => {
  const servers = timeSkippedWithSink();

  it('sends one reminder without an answer, and none after an answer, an unsubscribe or a bounce', async () => {
    const env = servers.env();
    const { worker, taskQueue, mailer } = await createTestWorker(env.nativeConnection, { journeysDir: SHIPPED_JOURNEYS, smtpUrl: servers.sink().url });
    const zone = 'Asia/Shanghai';
    await env.sleep(DateTime.fromISO('2027-03-01T10:00', { zone }).toMillis() - (await env.currentTimeMs())); // a Monday
    const leads = ['silent', 'answers', 'unsubscribes', 'bounces'].map((name) => testLead({ name, timezone: zone, locale: 'en', stage: 'won' }));
    const views = await worker.runUntil(async () => {
      const handles = await Promise.all(leads.map((lead) => env.client.workflow.start('leadJourney', { workflowId: `lead:${lead.id}:${randomUUID()}`, taskQueue, args: [{ lead, options: TEST_SERVER_JOURNEY_OPTIONS }] })));
      // An answer before the survey went out has nothing to answer.
      await handles[1]!.signal(leadEventSignal, { id: 'early', type: SURVEY_ANSWERED, data: { score: 10 } });
      await env.sleep(9 * DAY);
      await handles[1]!.signal(leadEventSignal, { id: 'a1', type: SURVEY_ANSWERED, data: { score: 8, comment: 'fine' } });
      await handles[2]!.signal(leadEventSignal, { id: 'u1', type: 'unsubscribed' });
      await handles[3]!.signal(leadEventSignal, { id: 'b1', type: 'email.bounced' });
      await env.sleep(30 * DAY);
      const result = await Promise.all(handles.map((h) => h.query(journeyQuery)));
      await Promise.all(handles.map((h) => h.terminate('test over')));
      return result;
    });
    mailer.close();
    const surveyMail = (i: number) => views[i]!.emails.filter((e) => e.survey).map((e) => `${e.template} ${DateTime.fromISO(e.sentAt, { zone }).toFormat("ccc yyyy-LL-dd'T'HH:mm")}`);
    expect(surveyMail(0)).toEqual(['survey Mon 2027-03-08T10:00', 'survey-reminder Fri 2027-03-12T10:00']);
    for (const i of [1, 2, 3]) expect(surveyMail(i), leads[i]!.name).toEqual(['survey Mon 2027-03-08T10:00']);
    expect(views[1]!.surveys[0]).toMatchObject({ answers: 1, answer: { score: 8, comment: 'fine' } });
    expect(views[1]!.ignored.map((n) => n.reason)).toContain('survey answer for a survey that this lead was not sent');
    expect(views[1]!.tasks.filter((t) => t.origin === 'survey')).toHaveLength(0); // 8 is above lowScore 6
  });
});
