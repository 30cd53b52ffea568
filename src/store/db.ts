import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/**
 * The Postgres dialect behind one small interface: a real server through `pg` when DATABASE_URL is
 * set, otherwise PGlite (Postgres compiled to WASM) in-process, kept under DATA_DIR.
 */
export interface Db {
  readonly kind: 'postgres' | 'pglite';
  query<R extends object = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  /** Runs `fn` in one transaction on one connection; rolls back if it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export type Queryable = Pick<Db, 'query'>;

export function postgresDb(url: string, max = 20): Db {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle client losing its server must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  return {
    kind: 'postgres',
    async query(sql, params) {
      return (await pool.query(sql, params)).rows;
    },
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await fn({ query: async (sql, params) => (await client.query(sql, params)).rows });
        await client.query('commit');
        return result;
      } catch (err) {
        await client.query('rollback').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** `dir` undefined keeps the database in memory (simulations, tests). */
export async function pgliteDb(dir?: string): Promise<Db> {
  if (dir) await mkdir(dir, { recursive: true });
  const db = await PGlite.create(dir);
  return {
    kind: 'pglite',
    async query(sql, params) {
      return (await db.query(sql, params)).rows as never[];
    },
    transaction: (fn) => db.transaction((tx) => fn({ query: async (sql, params) => (await tx.query(sql, params)).rows as never[] })),
    close: () => db.close(),
  };
}
