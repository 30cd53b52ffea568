import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { journeyQuery } from '../workflows/messages.js';
import { writeJourneys } from './helpers/journey-files.js';
import { testLead } from './helpers/leads.js';
import { createTestWorker, timeSkippedWithSink } from './helpers/temporal.js';
import { TEST_SERVER_JOURNEY_OPTIONS } from '../workflows/journey-input.js';

const DAY = 86_400_000;
const local = (iso: string, zone: string) => DateTime.fromISO(iso, { zone }).toFormat("ccc yyyy-LL-dd'T'HH:mm");

describe('owner tasks fall due on the owner’s working days (time-skipped, from February 2027)', () => {
  const servers = timeSkippedWithSink();

  it('moves follow-ups due over Spring Festival or a weekend to the next working day, per owner', async () => {
    const journeysDir = await writeJourneys({
      'funnel.yaml': 'stages:\n  negotiating:\n    followUp: { every: 2d, task: "Follow up with {{ lead.name }}" }\n',
      'team.yaml': 'defaults: { timezone: Asia/Shanghai, country: CN }\nowners:\n  bob: { name: Bob, timezone: America/New_York, country: US }\n',
    });
    const { worker, taskQueue, mailer } = await createTestWorker(servers.env().nativeConnection, { journeysDir, smtpUrl: servers.sink().url });
    // Enter negotiating on Wed 3 Feb 2027, 10:00 in Shanghai; follow-ups every 2 days, each due a day later.
    const start = DateTime.fromISO('2027-02-03T10:00', { zone: 'Asia/Shanghai' }).toMillis();
    await servers.env().sleep(start - (await servers.env().currentTimeMs()));
    const leads = [testLead({ owner: 'min', timezone: 'Asia/Shanghai', stage: 'negotiating' }), testLead({ owner: 'bob', timezone: 'Asia/Shanghai', stage: 'negotiating' })];
    const views = await worker.runUntil(async () => {
      const handles = await Promise.all(leads.map((lead) => servers.env().client.workflow.start('leadJourney', { workflowId: `lead:${lead.id}:${randomUUID()}`, taskQueue, args: [{ lead, options: TEST_SERVER_JOURNEY_OPTIONS }] })));
      await servers.env().sleep(14 * DAY + 3_600_000);
      return Promise.all(handles.map((h) => h.query(journeyQuery)));
    });
    mailer.close();
    const [min, bob] = views.map((v) => v.tasks.map((t) => [local(t.createdAt, 'Asia/Shanghai'), local(t.dueAt, t.owner === 'bob' ? 'America/New_York' : 'Asia/Shanghai')]));
    // Min works in China: 5–12 Feb is Spring Festival (estimated), 13–14 Feb a weekend.
    expect(min).toEqual([
      ['Fri 2027-02-05T10:00', 'Mon 2027-02-15T09:00'],
      ['Sun 2027-02-07T10:00', 'Mon 2027-02-15T09:00'],
      ['Tue 2027-02-09T10:00', 'Mon 2027-02-15T09:00'],
      ['Thu 2027-02-11T10:00', 'Mon 2027-02-15T09:00'],
      ['Sat 2027-02-13T10:00', 'Mon 2027-02-15T09:00'],
      ['Mon 2027-02-15T10:00', 'Tue 2027-02-16T10:00'],
      ['Wed 2027-02-17T10:00', 'Thu 2027-02-18T10:00'],
    ]);
    // Bob works in New York: weekends and Presidents' Day (Mon 15 Feb) are off; his clock shows the due times.
    expect(bob!.map(([, due]) => due)).toEqual([
      'Fri 2027-02-05T21:00',
      'Mon 2027-02-08T09:00',
      'Tue 2027-02-09T21:00',
      'Thu 2027-02-11T21:00',
      'Tue 2027-02-16T09:00', // due Sat 13 Feb
      'Tue 2027-02-16T09:00', // due Mon 15 Feb, Presidents' Day
      'Wed 2027-02-17T21:00',
    ]);
    expect(local(views[0]!.tasks[1]!.dueMovedFrom!, 'Asia/Shanghai')).toBe('Mon 2027-02-08T10:00');
  });
});
