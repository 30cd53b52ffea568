import { z } from 'zod';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const weekdaySchema = z.enum(WEEKDAYS);
export type Weekday = z.infer<typeof weekdaySchema>;

export const clockTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day like 09:00');

/** When marketing mail may reach a lead, in the lead's own time zone. */
export const sendWindowSchema = z
  .object({
    days: z.array(weekdaySchema).min(1, 'must name at least one day').default(['mon', 'tue', 'wed', 'thu', 'fri']),
    start: clockTimeSchema.default('09:00'),
    end: clockTimeSchema.default('18:00'),
  })
  .refine((w) => w.start < w.end, { message: 'start must be before end', path: ['end'] });

export type SendWindow = z.infer<typeof sendWindowSchema>;

/** `any` sends at once, e.g. the reply to a lead's own request. */
export const windowChoiceSchema = z.union([z.literal('any'), sendWindowSchema]);
export type WindowChoice = z.infer<typeof windowChoiceSchema>;

export const DEFAULT_SEND_WINDOW: SendWindow = { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '18:00' };
