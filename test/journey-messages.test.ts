import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { LeadEvent } from '../src/domain/events.js';
import { WEEKDAYS } from '../src/domain/send-window.js';
import { journeyQuery, leadEventSignal } from '../workflows/messages.js';
import { funnel, template, writeJourneys } from './helpers/journey-files.js';
import { testLead } from './helpers/leads.js';
import { createTestWorker, timeSkippedWithSink } from './helpers/temporal.js';
import { TEST_SERVER_JOURNEY_OPTIONS } from '../workflows/journey-input.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('journey messages (time-skipped)', () => {
  const servers = timeSkippedWithSink();

  // Journeys never end by themselves. Each test terminates its own: a workflow task left waiting
  // for a stopped worker would hold the test server's clock still for every later test.
  const started: WorkflowHandle[] = [];

  async function withWorker<T>(journeysDir: string, fn: (taskQueue: string, worker: Worker) => Promise<T>): Promise<T> {
    const { worker, taskQueue, mailer } = await createTestWorker(servers.env().nativeConnection, { journeysDir, smtpUrl: servers.sink().url });
    try {
      return await worker.runUntil(fn(taskQueue, worker));
    } finally {
      mailer.close();
      await Promise.all(started.splice(0).map((h) => h.terminate('test over')));
    }
  }

  async function start(taskQueue: string, lead = testLead({ timezone: 'UTC' }), options: object = TEST_SERVER_JOURNEY_OPTIONS) {
    const handle = await servers.env().client.workflow.start('leadJourney', { workflowId: `lead:${lead.id}:${randomUUID()}`, taskQueue, args: [{ lead, options }] });
    started.push(handle);
    return handle;
  }
  const event = (e: Partial<LeadEvent> & { type: string }): LeadEvent => ({ id: randomUUID(), ...e });
  const sentTo = (email: string) => servers.sink().messages.filter((m) => m.envelopeTo.includes(email));

  it('a reply that arrives while a send waits for its window ends the sequence: nothing goes out after it', async () => {
    // The second e-mail may go out on any day but those of the hour after the wait ends (two days
    // when that hour crosses midnight), so it is still pending when the test looks, an hour on.
    const now = await servers.env().currentTimeMs();
    const dayOf = (ms: number) => WEEKDAYS[DateTime.fromMillis(ms, { zone: 'UTC' }).weekday - 1];
    const blocked = new Set([dayOf(now + DAY), dayOf(now + DAY + HOUR)]);
    const days = WEEKDAYS.filter((d) => !blocked.has(d));
    const dir = await writeJourneys({
      'funnel.yaml': funnel(),
      'sequences/drip.yaml': `name: drip
steps:
  - send: hello
    window: any
  - wait: 1d
  - send: second
    window: { days: [${days.join(', ')}], start: "00:00", end: "23:59" }
  - send: third
    window: any
`,
      'templates/hello/en.html': template('Hello'),
      'templates/second/en.html': template('Second'),
      'templates/third/en.html': template('Third'),
    });
    const lead = testLead({ timezone: 'UTC' });
    const view = await withWorker(dir, async (taskQueue) => {
      const handle = await start(taskQueue, lead);
      await servers.env().sleep(DAY + HOUR);
      const pending = (await handle.query(journeyQuery)).next.find((n) => n.kind === 'email');
      expect(pending?.what).toBe('send second');
      // Deliver the reply one second before the send is due.
      await servers.env().sleep(Date.parse(pending!.at!) - (await servers.env().currentTimeMs()) - 1000);
      await handle.signal(leadEventSignal, event({ type: 'email.replied' }));
      await servers.env().sleep(7 * DAY);
      return handle.query(journeyQuery);
    });
    expect(view.emails.map((e) => e.template)).toEqual(['hello']);
    expect(view.sequence).toMatchObject({ status: 'exited', exitReason: 'email.replied' });
    expect(sentTo(lead.email).map((m) => m.parsed.subject)).toEqual(['Hello']);
  });

  it('one event delivered three times has one effect', async () => {
    const dir = await writeJourneys({
      'funnel.yaml': funnel(),
      'sequences/drip.yaml': 'name: drip\nsteps:\n  - send: hello\n    window: any\n',
      'templates/hello/en.html': template('Hello'),
    });
    const view = await withWorker(dir, async (taskQueue) => {
      const handle = await start(taskQueue);
      const toNegotiating = event({ type: 'stage.changed', stage: 'negotiating' });
      const pause = event({ type: 'journey.paused' });
      for (let i = 0; i < 3; i++) await handle.signal(leadEventSignal, toNegotiating);
      await handle.signal(leadEventSignal, pause);
      await handle.signal(leadEventSignal, event({ type: 'journey.resumed' }));
      // A late redelivery of the old pause must not pause the journey again.
      for (let i = 0; i < 2; i++) await handle.signal(leadEventSignal, pause);
      await servers.env().sleep(5 * DAY);
      return handle.query(journeyQuery);
    });
    expect(view.history.map((h) => h.to)).toEqual(['lead', 'negotiating']);
    expect(view.paused).toBe(false);
    // One follow-up cadence (every 2 days), not three.
    expect(view.tasks.filter((t) => t.origin === 'follow-up')).toHaveLength(2);
  });

  it('editing a journey file mid-flight changes nothing for leads already in the sequence', async () => {
    const files = (wait: string, version: string) => ({
      'funnel.yaml': funnel(),
      'sequences/drip.yaml': `name: drip\nsteps:\n  - send: hello\n    window: any\n  - wait: ${wait}\n  - send: second\n    window: any\n`,
      'templates/hello/en.html': template('Hello'),
      'templates/second/en.html': template(`Second ${version}`),
    });
    const dir = await writeJourneys(files('2d', 'v1'));
    const early = testLead({ timezone: 'UTC' });
    const late = testLead({ timezone: 'UTC' });
    const [earlyView, lateView] = await withWorker(dir, async (taskQueue) => {
      const first = await start(taskQueue, early);
      await servers.env().sleep(HOUR);
      await writeJourneys(files('5d', 'v2'), dir);
      const second = await start(taskQueue, late);
      await servers.env().sleep(8 * DAY);
      return Promise.all([first.query(journeyQuery), second.query(journeyQuery)]);
    });
    const gap = (v: typeof earlyView) => Date.parse(v.emails[1]!.sentAt) - Date.parse(v.emails[0]!.sentAt);
    expect(earlyView.emails[1]!.subject).toBe('Second v1');
    expect(Math.round(gap(earlyView) / HOUR)).toBe(48);
    expect(lateView.emails[1]!.subject).toBe('Second v2');
    expect(Math.round(gap(lateView) / HOUR)).toBe(120);
    expect(earlyView.sequence!.version).not.toBe(lateView.sequence!.version);
    expect(sentTo(early.email).map((m) => m.parsed.subject)).toEqual(['Hello', 'Second v1']);
  });

  it('continue-as-new with a tiny history limit keeps state, the dedupe set and pending timers', async () => {
    const dir = await writeJourneys({
      'funnel.yaml': funnel(),
      'sequences/drip.yaml': `name: drip
steps:
  - send: hello
    window: any
  - wait: 1d
  - send: second
    window: any
  - wait: 1d
  - send: third
    window: any
  - wait: 3d
  - send: fourth
    window: any
`,
      ...Object.fromEntries(['hello', 'second', 'third', 'fourth'].map((n) => [`templates/${n}/en.html`, template(n)])),
    });
    const lead = testLead({ timezone: 'UTC' });
    const view = await withWorker(dir, async (taskQueue) => {
      const handle = await start(taskQueue, lead, { ...TEST_SERVER_JOURNEY_OPTIONS, historyLimit: 20 });
      const pause = event({ type: 'journey.paused' });
      await handle.signal(leadEventSignal, pause);
      await handle.signal(leadEventSignal, event({ type: 'journey.resumed' }));
      await handle.signal(leadEventSignal, event({ type: 'attributes.updated', attributes: { plan: 'pro' } }));
      await servers.env().sleep(DAY + HOUR);
      await handle.signal(leadEventSignal, pause);
      await servers.env().sleep(6 * DAY);
      return handle.query(journeyQuery);
    });
    expect(view.runs).toBeGreaterThanOrEqual(3);
    expect(view.paused).toBe(false);
    expect(view.lead.attributes).toEqual({ plan: 'pro' });
    const at = view.emails.map((e) => Date.parse(e.sentAt));
    expect(view.emails.map((e) => e.template)).toEqual(['hello', 'second', 'third', 'fourth']);
    expect([at[1]! - at[0]!, at[2]! - at[1]!, at[3]! - at[2]!].map((ms) => Math.round(ms / HOUR))).toEqual([24, 24, 72]);
    expect([...servers.sink().countById().values()].every((n) => n === 1)).toBe(true);
    expect(sentTo(lead.email)).toHaveLength(4);
  });

  it('a frequency cap defers the mail over the cap instead of dropping it', async () => {
    const dir = await writeJourneys({
      'funnel.yaml': `frequencyCap: { max: 2, per: 7d }\n${funnel()}`,
      'sequences/drip.yaml': `name: drip\nsteps:\n${['one', 'two', 'three', 'four'].map((n) => `  - send: ${n}\n    window: any\n  - wait: 1d\n`).join('')}`,
      ...Object.fromEntries(['one', 'two', 'three', 'four'].map((n) => [`templates/${n}/en.html`, template(n)])),
    });
    const lead = testLead({ timezone: 'UTC' });
    const view = await withWorker(dir, async (taskQueue) => {
      const handle = await start(taskQueue, lead);
      await servers.env().sleep(12 * DAY);
      return handle.query(journeyQuery);
    });
    const at = view.emails.map((e) => Date.parse(e.sentAt));
    expect(view.emails.map((e) => e.template)).toEqual(['one', 'two', 'three', 'four']);
    expect(at.map((t) => Math.round((t - at[0]!) / HOUR))).toEqual([0, 24, 168, 192]);
  });
});
