import type { TeamMessage } from '../message.js';
import { truncateBytes } from './bytes.js';

/** Keeps the first `keep` section entries, in order, and counts the rest as `more`. */
function keepItems(message: TeamMessage, keep: number): TeamMessage {
  let left = keep;
  return {
    ...message,
    sections: message.sections.map((s) => {
      const kept = s.items.slice(0, Math.max(0, left));
      left -= kept.length;
      return { ...s, items: kept, more: s.more + s.items.length - kept.length };
    }),
  };
}

const itemCount = (m: TeamMessage) => m.sections.reduce((n, s) => n + s.items.length, 0);

/**
 * The message as large as `fits` allows: a message over a service's limit is shortened, never
 * refused. Digest entries go first (the last ones, each section then saying how many are left
 * out), then the text and the reason are cut, then the fields, and last the title.
 */
export function shrinkToFit(message: TeamMessage, fits: (m: TeamMessage) => boolean): TeamMessage {
  if (fits(message)) return message;
  const total = itemCount(message);
  if (total > 0) {
    let [lo, hi] = [0, total - 1];
    // The largest number of entries that fits; 0 entries may still not fit.
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (fits(keepItems(message, mid))) lo = mid;
      else hi = mid - 1;
    }
    message = keepItems(message, lo);
    if (fits(message)) return message;
  }
  for (const budget of [2000, 1000, 500, 250, 120]) {
    message = { ...message, text: truncateBytes(message.text, budget), why: message.why && truncateBytes(message.why, Math.min(budget, 300)) };
    if (fits(message)) return message;
  }
  message = { ...message, fields: message.fields.slice(0, 2).map((f) => ({ label: f.label, value: truncateBytes(f.value, 100) })), sections: message.sections.filter((s) => s.more > 0).map((s) => ({ ...s, items: [] })) };
  if (fits(message)) return message;
  return { ...message, fields: [], sections: [], title: truncateBytes(message.title, 120), text: truncateBytes(message.text, 60), why: undefined };
}
