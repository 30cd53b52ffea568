import { afterAll, describe, expect, it } from 'vitest';
import { funnel, template, writeJourneys } from '../test/helpers/journey-files.js';
import { journeyLibrary } from '../src/journeys/library.js';
import { openDb } from '../src/store/open-store.js';
import { snapshotStore } from '../src/store/snapshot-store.js';
import type { Db } from '../src/store/db.js';
import { journeyActivities } from './journeys.js';

describe('sequence snapshots', () => {
  let db: Db;
  afterAll(async () => {
    await db?.close();
  });

  it('keep the templates out of the journey, in the store under the version’s hash', async () => {
    db = await openDb({});
    const dir = await writeJourneys({ 'funnel.yaml': funnel(), 'sequences/drip.yaml': 'name: drip\nsteps:\n  - send: hello\n', 'templates/hello/en.html': template('Hi there') });
    const snapshots = snapshotStore(db);
    const { snapshotSequence } = journeyActivities(journeyLibrary(dir), snapshots);
    const snapshot = await snapshotSequence('drip');
    expect(snapshot).toMatchObject({ name: 'drip', stored: true, templates: {} });
    expect(JSON.stringify(snapshot)).not.toContain('Hi there');
    expect((await snapshots.templates(snapshot.hash))!.templates.hello!.en!.subject).toBe('Hi there');
    // Editing the file makes a new version; the old one stays as it was.
    await writeJourneys({ 'templates/hello/en.html': template('Changed') }, dir);
    const next = await snapshotSequence('drip');
    expect(next.hash).not.toBe(snapshot.hash);
    expect((await snapshots.templates(snapshot.hash))!.templates.hello!.en!.subject).toBe('Hi there');
  });
});
