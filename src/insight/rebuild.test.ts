import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../temporal/binaries.js';
import { factsFromHistory } from './rebuild.js';

const fixture = async (name: string) => historyFromJSON(JSON.parse(await readFile(join(PROJECT_ROOT, 'test', 'fixtures', 'histories', name), 'utf8')));

describe('the event log rebuilt from a history recorded before the log existed (v0.3.0)', () => {
  it('finds the enrolment, every mail sent with its sequence version and step, the tasks and the events signalled', async () => {
    const history = await fixture('lead-journey-v0.3.0-nurture.json');
    const { facts, lead } = factsFromHistory(history);
    const byType = (t: string) => facts.filter((f) => f.type === t);
    expect(byType('stage.changed')).toEqual([expect.objectContaining({ stage: 'lead', fromStage: null, source: 'enrolment' })]);
    const sends = byType('email.sent');
    expect(sends).toHaveLength(5);
    for (const s of sends) {
      expect(s.key).toBe(`${s.sendKey}/sent`);
      expect(s).toMatchObject({ sequence: 'lead-nurture', version: expect.stringMatching(/^[0-9a-f]{12}$/) });
    }
    expect(new Set(facts.map((f) => f.key)).size).toBe(facts.length);
    expect(byType('task.created')).toHaveLength(2);
    // The stage change it was signalled is applied by the next run, whose start state carries it.
    expect(facts.filter((f) => f.key.includes('/event/')).map((f) => f.type)).toEqual(['email.opened', 'journey.paused', 'journey.resumed', 'attributes.updated']);
    expect(lead).toMatchObject({ id: facts[0]!.leadId, stage: 'lead' });
  });
});

describe('the event log rebuilt from a history whose sends are local activities (v0.6.0)', () => {
  it('finds every mail from the local-activity markers, with the same keys a full-activity history gives', async () => {
    const sendsOf = async (name: string) => factsFromHistory(await fixture(name)).facts.filter((f) => f.type === 'email.sent');
    const local = await sendsOf('lead-journey-v0.6.0-nurture.json');
    const full = await sendsOf('lead-journey-v0.5.0-nurture.json');
    // Both recordings play the same script: the same five steps of the same sequence version.
    expect(local.map((f) => f.key)).toEqual(full.map((f) => f.key));
    // Who it was for comes from the send's receipt: the lead and its owner at the time of the send.
    for (const s of local) expect(s).toMatchObject({ leadId: 'replay-1', owner: 'zhang', source: 'journey', stage: 'lead', data: { subject: expect.any(String), locale: 'zh-CN' } });
  });
});
