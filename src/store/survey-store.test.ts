import { afterAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../../test/helpers/databases.js';
import type { Db } from './db.js';
import { surveyStore } from './survey-store.js';

describe.each(testDatabases())('survey results on $name', ({ open }) => {
  let shared: Promise<Db> | undefined;
  const store = async () => surveyStore(await (shared ??= open()));
  afterAll(async () => {
    await (await shared)?.close();
  });

  it('computes NPS over the surveys sent in a period, each answered survey once with its latest score', async () => {
    const s = await store();
    // 10 surveys sent in March: answers 10, 9, 9, 8, 7, 6, 0 (one customer changed 3 → 9), 3 unanswered.
    const scores = [10, 9, 9, 8, 7, 6, 0];
    for (let i = 0; i < 10; i++) await s.recordSent({ instance: `nps-${i}`, survey: 'nps-test', leadId: `l${i}`, kind: 'nps', sentAt: new Date(Date.UTC(2027, 2, 1 + i)) });
    for (const [i, score] of scores.entries()) await s.recordAnswer({ instance: `nps-${i}`, score: i === 1 ? 3 : score, answeredAt: new Date(Date.UTC(2027, 2, 12)), answerNumber: 1 });
    await s.recordAnswer({ instance: 'nps-1', score: 9, answeredAt: new Date(Date.UTC(2027, 2, 13)), answerNumber: 2 });
    await s.recordAnswer({ instance: 'nps-1', score: 3, answeredAt: new Date(Date.UTC(2027, 2, 13)), answerNumber: 1 }); // a late retry of the first answer
    await s.recordSent({ instance: 'nps-april', survey: 'nps-test', leadId: 'l-apr', kind: 'nps', sentAt: new Date(Date.UTC(2027, 3, 2)) });
    const march = await s.results('nps-test', { from: new Date('2027-03-01'), to: new Date('2027-04-01') });
    // promoters 3 (10, 9, 9), passives 2 (8, 7), detractors 2 (6, 0): NPS = (3 − 2) / 7 = 14.3
    expect(march).toMatchObject({ sent: 10, answered: 7, responseRate: 0.7, promoters: 3, passives: 2, detractors: 2, nps: 14.3 });
    expect(await s.results('nps-test')).toMatchObject({ sent: 11, answered: 7, responseRate: 0.6364 });
  });

  it('computes CSAT as the average and the share of 4 and 5', async () => {
    const s = await store();
    for (const [i, score] of [5, 4, 4, 2].entries()) {
      await s.recordSent({ instance: `csat-${i}`, survey: 'csat-test', leadId: `c${i}`, kind: 'csat', sentAt: new Date('2027-05-01') });
      await s.recordAnswer({ instance: `csat-${i}`, score, answeredAt: new Date('2027-05-02'), answerNumber: 1 });
    }
    expect(await s.results('csat-test')).toMatchObject({ kind: 'csat', sent: 4, answered: 4, average: 3.75, satisfiedShare: 0.75 });
    expect(await s.results('no-such-survey')).toMatchObject({ sent: 0, answered: 0, responseRate: 0 });
  });
});
