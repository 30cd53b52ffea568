import { planDigest, type DigestPlan } from '../src/team/digest-plan.js';
import { sendDigest, type SendDigestInput } from '../src/team/digest-send.js';
import type { TeamDeps } from '../src/team/team-deps.js';

export function digestActivities(deps: TeamDeps) {
  return {
    /** The owner's next digest date and instant on their own calendar and clock (calendar maths: never in workflow code). */
    async planOwnerDigest(input: { owner: string; after: string; lastDate?: string }): Promise<DigestPlan | null> {
      return planDigest(deps, input);
    },
    /** The digest of one date, built from the team ledger and the leads' journeys, handed to the owner's destinations once. */
    async sendOwnerDigest(input: SendDigestInput): Promise<{ destinations: string[]; entries: number }> {
      return sendDigest(deps, input);
    },
  };
}
