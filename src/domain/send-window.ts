import { z } from 'zod';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const weekdaySchema = z.enum(WEEKDAYS);
export type Weekday = z.infer<typeof weekdaySchema>;

export const clockTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day like 09:00');

/** The end of a span of hours: a time of day, or `24:00` for midnight at the end of the day. */
export const endTimeSchema = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be a time of day like 18:00, or 24:00');

/** Hours of the wall clock, `start` included and `end` excluded; an end before the start runs past midnight. */
const distinct = (h: { start: string; end: string }) => h.start !== h.end;

const quietSchema = z.strictObject({ start: clockTimeSchema, end: endTimeSchema }).refine(distinct, { message: 'must differ from start', path: ['end'] });

/**
 * When marketing mail may reach a lead, in the lead's own time zone. The hours run from `start`
 * (included) to `end` (excluded); `end` may be `24:00`, and an end before the start runs past
 * midnight into the next morning (`22:00`–`06:00` opens on each allowed day's evening). Public
 * holidays of the lead's country and region are skipped; a window that takes the whole working
 * week (Monday to Friday, with or without weekend days) also opens on official make-up working
 * days (调休).
 */
export const sendWindowSchema = z
  .strictObject({
    days: z.array(weekdaySchema).min(1, 'must name at least one day').default(['mon', 'tue', 'wed', 'thu', 'fri']),
    start: clockTimeSchema.default('09:00'),
    end: endTimeSchema.default('18:00'),
    /** Hours inside the window when nothing goes out, e.g. a lunch break. */
    quiet: z.array(quietSchema).default([]),
    /** Skip the public holidays of the lead's country. */
    holidays: z.boolean().default(true),
  })
  .refine(distinct, { message: 'must differ from start', path: ['end'] })
  .refine((w) => opensAtAll(w), { message: 'the quiet hours cover the whole window: it would never open', path: ['quiet'] });

const minuteOfDay = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
const covers = (h: { start: string; end: string }, minute: number) => {
  const [s, e] = [minuteOfDay(h.start), minuteOfDay(h.end)];
  return s < e ? minute >= s && minute < e : minute >= s || minute < e;
};

/** Some minute of the day is inside the hours and outside every quiet span. */
export function opensAtAll(w: { start: string; end: string; quiet: { start: string; end: string }[] }): boolean {
  for (let minute = 0; minute < 1440; minute++) if (covers(w, minute) && !w.quiet.some((q) => covers(q, minute))) return true;
  return false;
}

export type SendWindow = z.infer<typeof sendWindowSchema>;

/** `any` sends at once, e.g. the reply to a lead's own request. */
export const windowChoiceSchema = z.union([z.literal('any'), sendWindowSchema]);
export type WindowChoice = z.infer<typeof windowChoiceSchema>;

export const DEFAULT_SEND_WINDOW: SendWindow = { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '18:00', quiet: [], holidays: true };
