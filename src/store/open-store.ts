import { join } from 'node:path';
import { pgliteDb, postgresDb, type Db } from './db.js';
import { migrate } from './migrations.js';

/** The configured database, migrated: PostgreSQL at DATABASE_URL, else PGlite under DATA_DIR/pglite. */
export async function openDb(opts: { databaseUrl?: string; dataDir?: string }): Promise<Db> {
  const db = opts.databaseUrl ? postgresDb(opts.databaseUrl) : await pgliteDb(opts.dataDir ? join(opts.dataDir, 'pglite') : undefined);
  try {
    await migrate(db);
  } catch (err) {
    await db.close();
    const where = opts.databaseUrl ? 'DATABASE_URL' : `the embedded database in ${opts.dataDir ?? 'memory'}`;
    throw new Error(`cannot prepare ${where}: ${(err as Error).message}`, { cause: err });
  }
  return db;
}
