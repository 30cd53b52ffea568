import { z } from 'zod';

/**
 * Builds the deal schema anew, for journeyValidators (src/domain/journey-validators.ts). Amounts
 * in different currencies are never added together: the funnel reports one currency at a time.
 */
export const buildDealSchema = () =>
  z.strictObject({
    amount: z.number().finite().min(0, 'must not be negative').max(1e15, 'must be at most 10^15'),
    currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as CNY or USD'),
  });
/** A deal's value, as the CRM or the API gives it: an amount and its ISO 4217 currency. */
export const dealSchema = buildDealSchema();
/** A deal's value: an amount and its currency. */
export type Deal = z.infer<typeof dealSchema>;
