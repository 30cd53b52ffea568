import type { NextSendTimeInput } from '../activities/types.js';
import { lookups } from './activities-proxy.js';
import type { JourneyRun } from './journey-run.js';

/**
 * When a send may go (ms): at once for `window: any` without a frequency cap, which needs no
 * calendar and so no activity; otherwise the schedule lookup on the lead's clock and calendar.
 */
export async function sendTimeOf(run: JourneyRun, input: NextSendTimeInput): Promise<number> {
  if (run.cheap && input.window === 'any' && !input.cap) return Date.parse(input.notBefore);
  return Date.parse(await lookups.nextSendTime(input));
}
