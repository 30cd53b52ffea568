import { z } from 'zod';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const weekdaySchema = z.enum(WEEKDAYS);
export type Weekday = z.infer<typeof weekdaySchema>;

export const clockTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day like 09:00');

const quietSchema = z
  .strictObject({ start: clockTimeSchema, end: clockTimeSchema })
  .refine((q) => q.start < q.end, { message: 'start must be before end', path: ['end'] });

/**
 * When marketing mail may reach a lead, in the lead's own time zone. Monday to Friday means working
 * days: public holidays of the lead's country are skipped, and in China the official make-up
 * working days (调休) count as working days.
 */
export const sendWindowSchema = z
  .strictObject({
    days: z.array(weekdaySchema).min(1, 'must name at least one day').default(['mon', 'tue', 'wed', 'thu', 'fri']),
    start: clockTimeSchema.default('09:00'),
    end: clockTimeSchema.default('18:00'),
    /** Hours inside the window when nothing goes out, e.g. a lunch break. */
    quiet: z.array(quietSchema).default([]),
    /** Skip the public holidays of the lead's country. */
    holidays: z.boolean().default(true),
  })
  .refine((w) => w.start < w.end, { message: 'start must be before end', path: ['end'] });

export type SendWindow = z.infer<typeof sendWindowSchema>;

/** `any` sends at once, e.g. the reply to a lead's own request. */
export const windowChoiceSchema = z.union([z.literal('any'), sendWindowSchema]);
export type WindowChoice = z.infer<typeof windowChoiceSchema>;

export const DEFAULT_SEND_WINDOW: SendWindow = { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '18:00', quiet: [], holidays: true };
