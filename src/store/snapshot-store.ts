import type { SequenceSnapshot } from '../domain/journey-schema.js';
import type { Db } from './db.js';

type Templates = Pick<SequenceSnapshot, 'templates' | 'shared'>;

/**
 * The templates of every sequence version, by content hash. A journey carries only the sequence's
 * steps and hash; sends load the templates from here, so histories stay small and a version
 * never changes once stored.
 */
export function snapshotStore(db: Db) {
  const cache = new Map<string, Templates>();
  return {
    async put(snapshot: Pick<SequenceSnapshot, 'name' | 'hash' | 'templates' | 'shared'>): Promise<void> {
      const content: Templates = { templates: snapshot.templates, shared: snapshot.shared };
      await db.query('insert into sequence_snapshots (hash, name, content) values ($1, $2, $3) on conflict (hash) do nothing', [snapshot.hash, snapshot.name, JSON.stringify(content)]);
    },
    async templates(hash: string): Promise<Templates | undefined> {
      const hit = cache.get(hash);
      if (hit) return hit;
      const [row] = await db.query<{ content: Templates | string }>('select content from sequence_snapshots where hash = $1', [hash]);
      if (!row) return undefined;
      const content = typeof row.content === 'string' ? (JSON.parse(row.content) as Templates) : row.content;
      if (cache.size > 200) cache.clear();
      cache.set(hash, content);
      return content;
    },
  };
}

export type SnapshotStore = ReturnType<typeof snapshotStore>;
