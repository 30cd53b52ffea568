import pg from 'pg';

/** A database created for one run, its URL, and how to drop it. */
export interface OwnDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * Creates `name` on the PostgreSQL server of `postgres` (a URL whose user may create databases)
 * and returns its URL: the chaos runs, the cluster test and the cluster benchmark each keep their
 * leadflow store apart from every other run on the same server.
 */
export async function ownDatabase(postgres: string, name: string): Promise<OwnDatabase> {
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: postgres });
    await client.connect();
    await client.query(sql).finally(() => client.end());
  };
  await admin(`create database ${name}`);
  const url = new URL(postgres);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}
