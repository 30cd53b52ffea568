import { ApplicationFailure } from '@temporalio/activity';
import type { FunnelSnapshot, SequenceSnapshot } from '../src/domain/journey-schema.js';
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
      const snapshot = await orNonRetryable(() => library.sequence(name));
      await snapshots.put(snapshot);
      return { ...snapshot, templates: {}, shared: { layouts: {}, partials: {} }, stored: true };
    },
  };
}
