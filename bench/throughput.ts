import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import { leadEventSignal, upsertLeadSignal } from '../workflows/messages.js';
import { mailTimesByRecipient, waitLateness } from './mail-times.js';
import { benchPost, percentile, pooled, type BenchTarget } from './system.js';

// Same-run ratios: each leadflow figure next to the raw limit of the part it stands on, measured
// in the same process against the same servers, so the machine's noise cancels out.

const CONCURRENCY = 10;
const WAIT_MS = 1_000;

export interface ThroughputFigures {
  enrolPerSecond: number;
  rawSignalWithStartPerSecond: number;
  eventsPerSecond: number;
  rawSignalPerSecond: number;
  mailsPerSecond: number;
  rawSmtpPerSecond: number;
  firstMailP50Ms: number;
  firstMailP99Ms: number;
  timerLatenessP50Ms: number;
  timerLatenessP99Ms: number;
}

/** Enrols `leads` leads (three mails each) and measures hand-off, e-mail steps, first-mail latency and timers. */
export async function measureThroughput(sys: BenchTarget, leads: number): Promise<ThroughputFigures> {
  const run = randomUUID().slice(0, 8);
  const ids = Array.from({ length: leads }, (_, i) => `b${run}-${i}`);
  const accepted = new Map<string, number>();
  const mailsBefore = sys.sink.messages.length;

  const started = performance.now();
  const enrolSeconds = await pooled(leads, CONCURRENCY, async (i) => {
    await benchPost(sys, '/api/leads', { id: ids[i], email: `${ids[i]}@example.com`, name: `Lead ${i}`, timezone: 'UTC' });
    accepted.set(`${ids[i]}@example.com`, Date.now());
  });
  const expected = mailsBefore + 3 * leads;
  await sys.sink.waitFor(expected, 30 * 60_000);
  const mailSeconds = (performance.now() - started) / 1000;

  // Per lead: the first mail after its 202, and how late each wait of 1 s ended (the gaps between its mails).
  const byLead = mailTimesByRecipient(sys.sink.messages.slice(mailsBefore));
  const first = [...byLead].map(([to, at]) => at[0]! - accepted.get(to)!);
  const lateness = waitLateness(byLead, WAIT_MS);

  const eventsSeconds = await pooled(leads, CONCURRENCY, (i) => benchPost(sys, `/api/leads/${ids[i]}/events`, { id: `e-${ids[i]}`, type: 'demo.booked' }));

  // The raw limits: the Temporal client straight to the same server (a task queue nobody polls, so
  // only the hand-off is measured), and pooled nodemailer straight to the same SMTP sink.
  const rawIds = ids.map((id) => `raw-${id}`);
  const rawStart = await pooled(leads, CONCURRENCY, (i) =>
    sys.client.workflow.signalWithStart('leadJourney', { workflowId: `lead:${rawIds[i]}`, taskQueue: `nobody-${run}`, args: [{ lead: { id: rawIds[i]!, email: `${rawIds[i]}@example.com` } }], signal: upsertLeadSignal, signalArgs: [{ id: rawIds[i]!, email: `${rawIds[i]}@example.com` }] }),
  );
  const rawSignal = await pooled(leads, CONCURRENCY, (i) => sys.client.workflow.getHandle(`lead:${rawIds[i]}`).signal(leadEventSignal, { id: `e-${i}`, type: 'demo.booked' }));
  const transport = nodemailer.createTransport({ url: sys.sink.url, pool: true, maxConnections: 5 } as never);
  const rawMails = 3 * leads;
  const rawSmtp = await pooled(rawMails, CONCURRENCY, (i) => transport.sendMail({ from: 'raw@bench.local', to: `raw-${i}@example.com`, subject: 'raw', html: '<p>Hello, this is a benchmark.</p>', text: 'Hello' }));
  transport.close();
  await Promise.all(rawIds.map((id) => sys.client.workflow.getHandle(`lead:${id}`).terminate('bench').catch(() => undefined)));

  return {
    enrolPerSecond: leads / enrolSeconds,
    rawSignalWithStartPerSecond: leads / rawStart,
    eventsPerSecond: leads / eventsSeconds,
    rawSignalPerSecond: leads / rawSignal,
    mailsPerSecond: (3 * leads) / mailSeconds,
    rawSmtpPerSecond: rawMails / rawSmtp,
    firstMailP50Ms: percentile(first, 50),
    firstMailP99Ms: percentile(first, 99),
    timerLatenessP50Ms: percentile(lateness, 50),
    timerLatenessP99Ms: percentile(lateness, 99),
  };
}
