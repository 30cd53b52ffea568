// The workflow bundle's entry point: every workflow type the worker runs.
export { leadJourney } from './lead-journey.js';
export { crmPoller } from './crm-poller.js';
export { zohoChannelUpkeep } from './zoho-channel.js';
export { crmReconcile, crmReconciler } from './crm-reconciler.js';
export { teamNotifyQueue } from './notify-queue.js';
export { ownerDigest } from './owner-digest.js';
