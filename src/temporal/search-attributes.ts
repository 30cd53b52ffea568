import type { Connection } from '@temporalio/client';
import proto from '@temporalio/proto';

const { temporal } = proto;
import { LEAD_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes.js';

const INDEXED: Record<string, proto.temporal.api.enums.v1.IndexedValueType> = {
  KEYWORD: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  DATETIME: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
};

/**
 * Registers the search attributes lead journeys write, adding only the missing ones. On a cluster
 * where this is not allowed (Temporal Cloud), the operator must add them; we say which.
 */
export async function ensureSearchAttributes(connection: Connection, namespace: string): Promise<string[]> {
  const existing = await connection.operatorService.listSearchAttributes({ namespace });
  const known = { ...existing.customAttributes, ...existing.systemAttributes };
  const missing = LEAD_SEARCH_ATTRIBUTES.filter((key) => !(key.name in known));
  if (!missing.length) return [];
  try {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((key) => [key.name, INDEXED[key.type]!])),
    });
  } catch (err) {
    const names = missing.map((k) => `${k.name}=${k.type}`).join(', ');
    throw new Error(`could not register search attributes (${names}) in namespace ${namespace}: ${(err as Error).message}`, { cause: err });
  }
  return missing.map((k) => k.name);
}
