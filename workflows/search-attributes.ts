import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Indexed on every lead's workflow so the Temporal UI and `workflow list` can filter leads. */
export const LeadStage = defineSearchAttributeKey('LeadStage', SearchAttributeType.KEYWORD);
export const LeadSource = defineSearchAttributeKey('LeadSource', SearchAttributeType.KEYWORD);
export const LeadOwner = defineSearchAttributeKey('LeadOwner', SearchAttributeType.KEYWORD);
export const LeadNextActionAt = defineSearchAttributeKey('LeadNextActionAt', SearchAttributeType.DATETIME);

export const LEAD_SEARCH_ATTRIBUTES = [LeadStage, LeadSource, LeadOwner, LeadNextActionAt];
