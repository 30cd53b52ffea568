import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Embedded mode's generated secrets, kept under data/ with owner-only permissions so that a
 * restart keeps the same API token and the same link-signing key.
 */
export async function embeddedSecret(dataDir: string, name: string, bytes = 32): Promise<{ value: string; created: boolean }> {
  const file = join(dataDir, 'secrets', name);
  try {
    return { value: (await readFile(file, 'utf8')).trim(), created: false };
  } catch {
    await mkdir(join(dataDir, 'secrets'), { recursive: true, mode: 0o700 });
    const value = randomBytes(bytes).toString('base64url');
    await writeFile(file, value, { mode: 0o600, flag: 'wx' }).catch(async (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST') throw err;
    });
    return { value: (await readFile(file, 'utf8')).trim(), created: true };
  }
}
