import { z } from 'zod';

/** The generic connector: any system that can sign a webhook the Standard Webhooks way. */
export const genericConfigSchema = z.object({
  /** One or more `whsec_…` secrets, space-separated, so a secret can be rotated without downtime. */
  secrets: z.array(z.string().startsWith('whsec_', 'must be a Standard Webhooks secret (whsec_…)')).min(1),
  /** Where leadflow posts stage changes, tasks and notes, signed with the first secret. Unset: inbound only. */
  outboundUrl: z.url().optional(),
});
export type GenericConfig = z.infer<typeof genericConfigSchema>;

export function genericConfigFromEnv(env: Record<string, string | undefined>): GenericConfig | undefined {
  if (!env.WEBHOOK_SECRET) return undefined;
  const parsed = genericConfigSchema.safeParse({ secrets: env.WEBHOOK_SECRET.trim().split(/\s+/), outboundUrl: env.WEBHOOK_OUTBOUND_URL || undefined });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${issue.path[0] === 'outboundUrl' ? 'WEBHOOK_OUTBOUND_URL' : 'WEBHOOK_SECRET'}: ${issue.message}`);
  }
  return parsed.data;
}
