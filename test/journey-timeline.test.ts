import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { journeyQuery } from '../workflows/messages.js';
import { createTestWorker } from './helpers/temporal.js';
import { inBusinessHours, localTime, SHIPPED_JOURNEYS, testLead } from './helpers/leads.js';
import { timeSkippedWithSink } from './helpers/temporal.js';
import { TEST_SERVER_JOURNEY_OPTIONS } from '../workflows/journey-input.js';

const DAY = 86_400_000;

describe('the shipped funnel over 120 days (time-skipped)', () => {
  const servers = timeSkippedWithSink();

  it('sends each nurture e-mail once, weekly, inside business hours on the lead’s own clock', async () => {
    const { worker, taskQueue, mailer } = await createTestWorker(servers.env().nativeConnection, { journeysDir: SHIPPED_JOURNEYS, smtpUrl: servers.sink().url });
    const newYork = testLead({ timezone: 'America/New_York', locale: 'en' });
    const shanghai = testLead({ timezone: 'Asia/Shanghai', locale: 'zh-CN', name: '王芳' });
    const leads = [newYork, shanghai];

    const views = await worker.runUntil(async () => {
      const started = await servers.env().currentTimeMs();
      const handles = await Promise.all(
        leads.map((lead) =>
          servers.env().client.workflow.start('leadJourney', { workflowId: `lead:${lead.id}:${randomUUID()}`, taskQueue, args: [{ lead, options: TEST_SERVER_JOURNEY_OPTIONS }] }),
        ),
      );
      await servers.env().sleep(120 * DAY);
      const result = await Promise.all(handles.map((h) => h.query(journeyQuery)));
      return result.map((view) => ({ view, started }));
    });
    mailer.close();

    for (const [i, { view, started }] of views.entries()) {
      const zone = leads[i]!.timezone!;
      const sends = view.emails.map((e) => e.sentAt);
      expect(view.emails.map((e) => e.template)).toEqual(['nurture-welcome', 'nurture-how-it-works', 'nurture-case-study', 'nurture-checking-in', 'nurture-last-call']);
      // The welcome answers the lead's own request at once; the rest wait for business hours.
      expect(Date.parse(sends[0]!) - started).toBeLessThan(60_000);
      for (const sent of sends.slice(1)) expect(inBusinessHours(sent, zone), `${sent} in ${zone}: ${localTime(sent, zone).toISO()}`).toBe(true);
      for (let n = 1; n < sends.length; n++) {
        const gap = Date.parse(sends[n]!) - Date.parse(sends[n - 1]!);
        expect(gap).toBeGreaterThanOrEqual(7 * DAY);
        expect(gap).toBeLessThan(10 * DAY);
      }
      // Two weeks without activity raised one alert for the owner.
      expect(view.tasks.filter((t) => t.origin === 'stale')).toHaveLength(1);
      expect(view.sequence?.status).toBe('exited');
    }

    // What reached the SMTP server: one copy of each, to the right address, in the lead's language.
    await servers.sink().waitFor(10);
    expect([...servers.sink().countById().values()].every((n) => n === 1)).toBe(true);
    const toShanghai = servers.sink().messages.filter((m) => m.envelopeTo.includes(shanghai.email));
    expect(toShanghai).toHaveLength(5);
    expect(toShanghai.map((m) => m.parsed.messageId)).toEqual(views[1]!.view.emails.map((e) => e.messageId));
    expect(toShanghai[0]!.parsed.subject).toMatch(/[\u4e00-\u9fff]/);
    expect(toShanghai[0]!.parsed.html).toContain('王芳');
    const toNewYork = servers.sink().messages.filter((m) => m.envelopeTo.includes(newYork.email));
    expect(toNewYork[0]!.parsed.subject).toBe('Thanks for getting in touch, Ann');
    expect(toNewYork[0]!.parsed.text).toContain('Ann');
  });
});
