/**
 * The value a lookup table holds under `key` itself, never one inherited from `Object.prototype`.
 * Tables keyed by outside input (a CRM's stage value, an event type, a template or locale name)
 * must read through this: `map["constructor"]` on a plain object is a function, and a function
 * where a stage was expected once jammed a lead's journey for good.
 */
export function ownValue<V>(table: Readonly<Record<string, V>> | Readonly<Partial<Record<string, V>>>, key: string): V | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
