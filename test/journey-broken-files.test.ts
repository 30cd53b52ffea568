import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leadWorkflowId } from '../src/domain/lead.js';
import { journeyQuery } from '../workflows/messages.js';
import { JOURNEY_ERROR_KINDS } from '../workflows/error-kinds.js';
import { startDevWorker, type DevWorker } from './helpers/dev-worker.js';
import { eventually } from './helpers/eventually.js';
import { template } from './helpers/journey-files.js';
import { testLead } from './helpers/leads.js';

/** A good first stage, and a later stage whose sequence sends a template nobody wrote. */
const FILES = {
  'funnel.yaml': 'stages:\n  lead:\n    sequence: drip\n  contacted:\n    sequence: broken\n',
  'sequences/drip.yaml': 'name: drip\nsteps:\n  - send: hello\n    window: any\n  - wait: 30d\n',
  'sequences/broken.yaml': 'name: broken\nsteps:\n  - send: no-such-template\n    window: any\n',
  'templates/hello/en.html': template('Hello'),
};

describe('a broken sequence file, met at enrolment or at a later stage', () => {
  let w: DevWorker;
  beforeAll(async () => {
    w = await startDevWorker(FILES);
  });
  afterAll(async () => {
    await w?.close();
  });

  const fileErrors = async (leadId: string) =>
    eventually(async () => {
      const view = await w.client.workflow.getHandle(leadWorkflowId(leadId)).query(journeyQuery);
      const errors = view.errors.filter((e) => e.kind === JOURNEY_ERROR_KINDS.journeyFiles);
      return errors.length ? { view, errors } : undefined;
    });

  // Snapshots as local activities (production) and as full activities (journeys from before the
  // patch, and the time-skipping server): Temporal words their failures differently.
  it.each([{ localActivities: true }, { localActivities: false }])('says in the file\'s own words what is wrong, whichever way the journey reached it (%o)', async (options) => {
    const mailsBefore = w.sink.messages.length;
    const later = testLead({ id: `broken-later-${randomUUID()}` });
    await w.client.workflow.start('leadJourney', { workflowId: leadWorkflowId(later.id), taskQueue: w.taskQueue, args: [{ lead: later, options }] });
    await w.sink.waitFor(mailsBefore + 1);
    await w.client.workflow.getHandle(leadWorkflowId(later.id)).signal('leadEvent', { id: 'to-contacted', type: 'stage.changed', stage: 'contacted' });
    const atEnrolment = testLead({ id: `broken-enrol-${randomUUID()}`, stage: 'contacted' });
    await w.client.workflow.start('leadJourney', { workflowId: leadWorkflowId(atEnrolment.id), taskQueue: w.taskQueue, args: [{ lead: atEnrolment, options }] });

    const [viaStage, viaEnrolment] = await Promise.all([fileErrors(later.id), fileErrors(atEnrolment.id)]);
    for (const { view, errors } of [viaStage, viaEnrolment]) {
      expect(view.stage).toBe('contacted');
      expect(errors[0]!.message).toMatch(/^cannot start sequence broken: .*no-such-template/);
      expect(errors[0]!.message).not.toMatch(/Activity task failed/);
    }
    // The same words either way: the marketer reads one message for one broken file.
    expect(viaStage.errors[0]!.message).toBe(viaEnrolment.errors[0]!.message);
    // The lead's first mail went, and nothing was sent for the broken sequence.
    expect(w.sink.messages).toHaveLength(mailsBefore + 1);
  });
});
