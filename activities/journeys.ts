import { ApplicationFailure } from '@temporalio/activity';
import type { FunnelSnapshot, SequenceSnapshot } from '../src/domain/journey-schema.js';
import { JourneyErrors } from '../src/journeys/journey-error.js';
import type { JourneyLibrary } from '../src/journeys/library.js';

/** A broken journey file will not fix itself on retry: fail at once, with the file's own words. */
async function orNonRetryable<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (err) {
    if (err instanceof JourneyErrors) throw ApplicationFailure.nonRetryable(err.message, 'JourneyError');
    throw err;
  }
}

export function journeyActivities(library: JourneyLibrary) {
  return {
    /** The funnel as it is now, with its hash: taken once per lead at enrolment. */
    async snapshotFunnel(): Promise<FunnelSnapshot> {
      return orNonRetryable(() => library.funnel());
    },
    /** A sequence and every template it sends, frozen for a lead entering it. */
    async snapshotSequence(name: string): Promise<SequenceSnapshot> {
      return orNonRetryable(() => library.sequence(name));
    },
  };
}
