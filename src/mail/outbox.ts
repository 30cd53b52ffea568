import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** What the outbox lists for each captured message; the full MIME message sits beside it as .eml. */
export interface OutboxEntry {
  id: string;
  key: string;
  messageId: string;
  to: string;
  subject: string;
  category: string;
  capturedAt: string;
}

async function readOptional(file: string): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch {
    return undefined;
  }
}

const safe = (id: string) => id.replace(/[^A-Za-z0-9_-]/g, '_');

/**
 * The built-in outbox of embedded mode: every message kept on disk under data/outbox, one file per
 * send key. Writing is exclusive (`wx`), so a retried send finds the file and does not add a copy.
 */
export function fileOutbox(dir: string) {
  return {
    dir,
    async put(entry: OutboxEntry, raw: Buffer, html: string): Promise<boolean> {
      await mkdir(dir, { recursive: true });
      const base = join(dir, safe(entry.id));
      try {
        await writeFile(`${base}.eml`, raw, { flag: 'wx' });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
        throw err;
      }
      await writeFile(`${base}.html`, html);
      await writeFile(`${base}.json`, JSON.stringify(entry, null, 2));
      return true;
    },
    async list(): Promise<OutboxEntry[]> {
      let files: string[];
      try {
        files = await readdir(dir);
      } catch {
        return [];
      }
      const entries = await Promise.all(files.filter((f) => f.endsWith('.json')).map(async (f) => JSON.parse(await readFile(join(dir, f), 'utf8')) as OutboxEntry));
      return entries.sort((a, b) => b.capturedAt.localeCompare(a.capturedAt));
    },
    raw: (id: string) => readOptional(join(dir, `${safe(id)}.eml`)),
    html: async (id: string) => (await readOptional(join(dir, `${safe(id)}.html`)))?.toString('utf8'),
  };
}

export type FileOutbox = ReturnType<typeof fileOutbox>;
