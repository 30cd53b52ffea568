import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarRegistry } from '../src/calendar/work-calendar.js';
import { MOMENTS } from '../src/domain/alert-rules.js';
import { journeyLibrary } from '../src/journeys/library.js';
import { smtpMailer } from '../src/mail/mailer.js';
import type { TeamMessage } from '../src/notify/message.js';
import { teamStore } from '../src/store/team-store.js';
import { deliverNotification, DeliveryBusyError } from '../src/team/deliver.js';
import type { TeamDeps } from '../src/team/team-deps.js';
import { startWecomFake } from './fakes/chat/wecom-fake.js';
import { writeJourneys } from './helpers/journey-files.js';
import { startSmtpSink, type SmtpSink } from './helpers/smtp-sink.js';
import { MAIL_FROM, testDb } from './helpers/temporal.js';

const message: TeamMessage = { kind: MOMENTS.hot, locale: 'en', tone: 'warning', title: 'Hot lead: Ann', text: 'Ann replied', fields: [], sections: [], links: [], moreLabel: 'and {n} more' };

describe('the team ledger: one message per key, whatever retries', () => {
  let fake: Awaited<ReturnType<typeof startWecomFake>>;
  let sink: SmtpSink;
  let deps: TeamDeps;
  beforeAll(async () => {
    [fake, sink] = await Promise.all([startWecomFake(['k1']), startSmtpSink()]);
    const dir = await writeJourneys({ 'funnel.yaml': 'stages:\n  lead: {}\n', 'team.yaml': 'destinations:\n  room: { service: wecom, key: ROOM_KEY }\nowners:\n  ann: { notify: [room] }\n' });
    deps = { library: journeyLibrary(dir), calendars: calendarRegistry(), teamStore: teamStore(await testDb()), env: { ROOM_KEY: fake.address('k1') }, publicUrl: 'http://leadflow.test', mailer: smtpMailer(sink.url), mailFrom: MAIL_FROM };
  });
  afterAll(async () => {
    deps.mailer.close();
    await Promise.all([fake.close(), sink.close()]);
  });

  const enqueue = (key: string) => deps.teamStore.enqueue({ key, momentKey: key.split('>')[0]!, owner: 'ann', destination: 'room', service: 'wecom', message, deliverAt: new Date(), urgent: false });

  it('a delivery repeated after the robot took the message (a lost activity result, a retry) sends nothing more', async () => {
    const key = `lead-1/hot/e-${Date.now()}>room`;
    await enqueue(key);
    expect(await deliverNotification(deps, key)).toEqual({ outcome: 'sent' });
    expect(await deliverNotification(deps, key)).toEqual({ outcome: 'sent-before' });
    await enqueue(key);
    expect(await deliverNotification(deps, key)).toEqual({ outcome: 'sent-before' });
    expect(fake.messages.filter((m) => JSON.stringify(m.body).includes('Hot lead: Ann'))).toHaveLength(1);
    expect((await deps.teamStore.notification(key))!).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('a second attempt while the first holds its claim waits for the lease instead of sending alongside it', async () => {
    const key = `lead-2/hot/e-${Date.now()}>room`;
    await enqueue(key);
    expect('claimed' in (await deps.teamStore.claim(key))).toBe(true);
    await expect(deliverNotification(deps, key)).rejects.toBeInstanceOf(DeliveryBusyError);
    expect(fake.messages.filter((m) => JSON.stringify(m.body).includes(key.split('>')[0]!))).toHaveLength(0);
  });

  it('a variable that is not set is a refusal with its name, never the secret', async () => {
    const key = `lead-3/hot/e-${Date.now()}>room`;
    await enqueue(key);
    const outcome = await deliverNotification({ ...deps, env: {} }, key);
    expect(outcome).toEqual({ outcome: 'rejected', error: 'ROOM_KEY is not set (destination room in team.yaml)' });
  });
});
