import { DEFAULT_SEND_WINDOW } from '../src/domain/send-window.js';
import { nextSendTime, resolveWaitUntil } from '../src/schedule/local-time.js';
import type { NextSendTimeInput, WaitUntilInput } from './types.js';

/** Time-zone maths lives here, never in workflow code, so tz data updates cannot change a replay. */
export function scheduleActivities() {
  return {
    async nextSendTime({ notBefore, timezone, window }: NextSendTimeInput): Promise<string> {
      if (window === 'any') return notBefore;
      return nextSendTime(new Date(notBefore), timezone, window ?? DEFAULT_SEND_WINDOW).toISOString();
    },
    async resolveWaitUntil({ after, timezone, ...spec }: WaitUntilInput): Promise<string> {
      return resolveWaitUntil(new Date(after), timezone, spec).toISOString();
    },
  };
}
