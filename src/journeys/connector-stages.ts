import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { stageMapSchema, type StageMapConfig } from '../../connectors/shared/stage-map.js';
import type { JourneyError } from './journey-error.js';
import { readYaml } from './yaml-file.js';

/**
 * A connection's own stage values, in `journeys/connectors/<connector>.yaml`:
 *   inbound:  { "<CRM value>": <funnel stage>, … }
 *   outbound: { <funnel stage>: "<CRM value>", … }
 * They extend and override the connector's defaults value by value.
 */
const fileSchema = stageMapSchema.partial();

export async function connectorStageFiles(journeysDir: string): Promise<{ maps: Record<string, Partial<StageMapConfig>>; errors: JourneyError[] }> {
  const dir = join(journeysDir, 'connectors');
  const maps: Record<string, Partial<StageMapConfig>> = {};
  const errors: JourneyError[] = [];
  let files: string[] = [];
  try {
    files = (await readdir(dir)).filter((f) => f.endsWith('.yaml')).sort();
  } catch {
    return { maps, errors };
  }
  for (const file of files) {
    const read = await readYaml(join(dir, file), `connectors/${file}`, fileSchema);
    errors.push(...read.errors);
    if (read.value) maps[file.slice(0, -5)] = read.value;
  }
  return { maps, errors };
}
