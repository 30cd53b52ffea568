import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Db } from '../../src/store/db.js';
import { openDb } from '../../src/store/open-store.js';

export interface TestDatabase {
  name: 'pglite' | 'postgres';
  open(): Promise<Db>;
}

/**
 * Every database the store's tests run on: embedded PGlite always, and the real PostgreSQL server
 * at DATABASE_URL when it is set (CI sets it). Each open gets a schema of its own.
 */
export function testDatabases(): TestDatabase[] {
  const list: TestDatabase[] = [{ name: 'pglite', open: () => openDb({}) }];
  const url = process.env.DATABASE_URL;
  if (url) {
    list.push({
      name: 'postgres',
      async open() {
        const schema = `test_${randomUUID().replaceAll('-', '')}`;
        const admin = new pg.Client({ connectionString: url });
        await admin.connect();
        await admin.query(`create schema ${schema}`);
        await admin.end();
        const withSchema = new URL(url);
        withSchema.searchParams.set('options', `-c search_path=${schema}`);
        return openDb({ databaseUrl: withSchema.toString() });
      },
    });
  }
  return list;
}
