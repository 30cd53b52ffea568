import type { Lead } from '../src/domain/lead.js';
import { STAGE_LABELS, type Stage } from '../src/domain/stages.js';

/** What templates see: `{{ lead.first_name }}`, `{{ attributes.company }}`, `{{ stage.label }}`. */
export function templateContext(lead: Lead, stage: Stage, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const firstName = lead.name?.trim().split(/\s+/)[0];
  return {
    lead: { ...lead, first_name: firstName },
    attributes: lead.attributes ?? {},
    owner: lead.owner,
    stage: { id: stage, label: STAGE_LABELS[stage] },
    ...extra,
  };
}
