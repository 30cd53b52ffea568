import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMailChaos, mailChaosFigures, type RestartFigures } from './figures.js';
import { enrolAll } from './enrol.js';
import { chosenRun, killPauses, MAILS_PER_LEAD } from './profiles.js';
import { mailVerdict } from './verdict.js';
import { startMailChaosWorld, WORKERS, type MailChaosWorld } from './world.js';

// `npm run chaos` runs the scenario; CHAOS_PROFILE=short is CI's, CHAOS_SEED another run.
const { profile, seed } = chosenRun(process.env);
const POSTGRES = process.env.DATABASE_URL;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe(`every e-mail arrives, and only RFC 1047's window doubles one (mail chaos, seed ${seed}, ${profile.name})`, () => {
  let world: MailChaosWorld;

  beforeAll(async () => {
    if (!POSTGRES) throw new Error('DATABASE_URL must name a PostgreSQL server (bash .ci/postgres.sh starts one)');
    world = await startMailChaosWorld({ postgres: POSTGRES, mailRatePerWorker: profile.mailRatePerWorker });
  });
  afterAll(async () => {
    await world?.close();
  });

  it(`${profile.leads} leads × 3 e-mails through SIGKILLed workers and ${profile.restarts.length} Temporal restart(s)`, async () => {
    const { sink, workers, temporal, ledger, t0 } = world;
    const expected = profile.leads * MAILS_PER_LEAD;
    const deadline = Date.now() + profile.deadlineS * 1000;
    const leads = new Map(Array.from({ length: profile.leads }, (_, i) => [`mail-chaos-${seed}-${i}`, `mail-chaos-${seed}-${i}@example.com`]));
    const arrivedIds = () => new Set(sink.messages.map((m) => m.parsed.messageId)).size;
    let done = false;

    // Kills, every few seconds, until most of the mail is out.
    const pause = killPauses(profile, seed);
    const killing = (async () => {
      while (!done && arrivedIds() < profile.killUntilShare * expected && Date.now() < deadline) {
        await sleep(pause());
        if (!done) workers.killOne();
      }
    })();

    // Temporal restarts, each once its share of the mail has arrived.
    const restarts: RestartFigures[] = [];
    const restarting = (async () => {
      for (const planned of profile.restarts) {
        while (!done && arrivedIds() < planned.atShare * expected && Date.now() < deadline) await sleep(200);
        if (done || Date.now() >= deadline) return;
        const r = await temporal.restart(planned.signal);
        // Sends already past Temporal may reach the sink while it is away: count from its return.
        const before = sink.messages.length;
        const started = t0 + r.atMs;
        let serverReadyAfterMs = -1;
        while (Date.now() < deadline && serverReadyAfterMs < 0) {
          const ready = await world.api('/readyz').then((res) => res.status === 200, () => false);
          if (ready) serverReadyAfterMs = Date.now() - started;
          else await sleep(200);
        }
        while (sink.messages.length === before && !done && Date.now() < deadline) await sleep(100);
        restarts.push({ ...r, serverReadyAfterMs, mailFlowingAfterMs: Date.now() - started });
      }
    })();

    const enrolled = await enrolAll({ api: world.api, leads, deadline });

    // Done when the ledger says every mail was sent and every one of them reached the sink.
    while (Date.now() < deadline) {
      if (arrivedIds() >= expected && (await ledger.sentCount()) >= expected) break;
      await sleep(1000);
    }
    done = true;
    await Promise.all([killing, restarting]);
    // Copies of a send retried at the very end still reach the sink in this pause.
    await sleep(3000);

    const verdict = mailVerdict({ messages: sink.messages, ledger: await ledger.rows(), leads, kills: workers.kills, t0 });
    const figures = mailChaosFigures(
      {
        seed,
        profile: profile.name,
        leads: leads.size,
        workers: WORKERS,
        enrolSeconds: enrolled.seconds,
        enrolRetries: enrolled.retries,
        kills: workers.kills.length,
        killsSkipped: workers.skipped(),
        workerStarts: workers.starts(),
        workerExitsUnasked: workers.unaskedExits.length,
        temporalRestarts: restarts,
        wallSeconds: Math.round((Date.now() - t0) / 1000),
      },
      verdict,
    );
    console.log(`\n${JSON.stringify(figures)}\n\n${formatMailChaos(figures, profile)}\n`);
    for (const d of verdict.duplicates.filter((x) => !x.classified)) console.log('unclassified duplicate', JSON.stringify(d));
    for (const e of workers.unaskedExits.slice(0, 3)) console.log(`worker exited by itself at ${e.atMs} ms (code ${e.code}):\n${e.tail}`);

    expect(verdict.leadsShort.slice(0, 10)).toEqual([]);
    expect(verdict.missing.slice(0, 10)).toEqual([]);
    expect(verdict.unexpected.slice(0, 10)).toEqual([]);
    expect(figures.mailsArrived).toBe(expected);
    expect(verdict.duplicates.filter((d) => !d.classified)).toEqual([]);
    expect(restarts).toHaveLength(profile.restarts.length);
    for (const r of restarts) expect(r.serverReadyAfterMs).toBeGreaterThanOrEqual(0);
    expect(world.server.child.exitCode, world.server.output().slice(-3000)).toBeNull();
  });
});
