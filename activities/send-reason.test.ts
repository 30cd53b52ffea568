import { describe, expect, it } from 'vitest';
import { calendarRegistry } from '../src/calendar/work-calendar.js';
import { DEFAULT_SEND_WINDOW } from '../src/domain/send-window.js';
import { explainSend } from './send-reason.js';

const calendars = calendarRegistry();
const shanghai = { timezone: 'Asia/Shanghai', window: DEFAULT_SEND_WINDOW, country: 'CN' };

describe('why a send went out when it did', () => {
  it('names the send window for a step due at night, and a public holiday for one due on Spring Festival', async () => {
    // Due Tue 2026-12-01 22:00 in Shanghai, sent at 09:00 the next morning.
    expect(await explainSend(calendars, { ...shanghai, dueAt: '2026-12-01T14:00:00Z' }, '2026-12-02T01:00:00Z')).toBe(
      'due Tue 2026-12-01 22:00, sent Wed 2026-12-02 09:00 (Asia/Shanghai): held by outside the send window (mon,tue,wed,thu,fri 09:00–18:00)',
    );
    // Due Tue 2026-02-17 10:00, the first day of the Spring Festival holiday (15–23 February 2026).
    expect(await explainSend(calendars, { ...shanghai, dueAt: '2026-02-17T02:00:00Z' }, '2026-02-24T01:00:00Z')).toBe(
      'due Tue 2026-02-17 10:00, sent Tue 2026-02-24 09:00 (Asia/Shanghai): held by public holiday on 2026-02-17',
    );
  });

  it('says when it was sent on time, and blames the cap for a wait inside an open window', async () => {
    expect(await explainSend(calendars, { ...shanghai, dueAt: '2026-12-01T02:00:00Z' }, '2026-12-01T02:00:20Z')).toBe('sent when due: Tue 2026-12-01 10:00 (Asia/Shanghai)');
    expect(await explainSend(calendars, { ...shanghai, dueAt: '2026-12-01T02:00:00Z', cap: { max: 3, perMs: 7 * 86_400_000 } }, '2026-12-03T02:00:00Z')).toBe(
      'due Tue 2026-12-01 10:00, sent Thu 2026-12-03 10:00 (Asia/Shanghai): held by frequency cap (3 per 7d) or a pause',
    );
  });
});
