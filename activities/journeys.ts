import { ApplicationFailure } from '@temporalio/activity';
import type { FunnelSnapshot, SequenceSnapshot } from '../src/domain/journey-schema.js';
import { ownValue } from '../src/domain/own-key.js';
import type { Stage } from '../src/domain/stages.js';
import type { StartSnapshot } from './types.js';
import { JourneyErrors } from '../src/journeys/journey-error.js';
import type { JourneyLibrary } from '../src/journeys/library.js';
import type { SnapshotStore } from '../src/store/snapshot-store.js';

/** A broken journey file will not fix itself on retry: fail at once, with the file's own words. */
export async function orNonRetryable<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (err) {
    if (err instanceof JourneyErrors) throw ApplicationFailure.nonRetryable(err.message, 'JourneyError');
    throw err;
  }
}

export function journeyActivities(library: JourneyLibrary, snapshots: SnapshotStore) {
  /** Templates stored by content hash and left out of what the workflow keeps: sends load them by that hash. */
  const storedSequence = async (name: string): Promise<SequenceSnapshot> => {
    const snapshot = await library.sequence(name);
    await snapshots.put(snapshot);
    return { ...snapshot, templates: {}, shared: { layouts: {}, partials: {} }, stored: true };
  };
  return {
    /** The funnel as it is now, with its hash: taken once per lead at enrolment. */
    async snapshotFunnel(): Promise<FunnelSnapshot> {
      return orNonRetryable(() => library.funnel());
    },
    /**
     * A sequence, frozen for a lead entering it. Its templates are stored by content hash and
     * left out of what the workflow keeps: sends load them by that hash.
     */
    async snapshotSequence(name: string): Promise<SequenceSnapshot> {
      return orNonRetryable(() => storedSequence(name));
    },
    /**
     * An enrolment's lookups in one call (CHEAPER_START_PATCH): the funnel, and the sequence of the
     * stage the lead enters, so a journey starts with one marker instead of two activities. A
     * broken sequence file comes back as `sequenceError`, since the funnel itself is good and the
     * journey says which file is wrong; a broken funnel fails the call.
     */
    async snapshotStart(stage: Stage): Promise<StartSnapshot> {
      const funnel = await orNonRetryable(() => library.funnel());
      const name = ownValue(funnel.definition.stages, stage)?.sequence;
      if (!name) return { funnel };
      try {
        return { funnel, sequence: await storedSequence(name) };
      } catch (err) {
        if (err instanceof JourneyErrors) return { funnel, sequenceError: { name, message: err.message } };
        throw err;
      }
    },
  };
}
