import { defineQuery, defineSignal } from '@temporalio/workflow';

// Message definitions of the team's workflows, shared with the activities that feed them.

/** The workflow type and id of a destination's queue: one per robot (or owner's inbox), whoever it serves. */
export const TEAM_NOTIFY_QUEUE = 'teamNotifyQueue';
export const teamQueueWorkflowId = (destination: string) => `team-notify:${destination}`;

/** The workflow type and id of an owner's daily digest. */
export const OWNER_DIGEST = 'ownerDigest';
export const ownerDigestWorkflowId = (owner: string) => `owner-digest:${owner}`;

/** At most `max` messages in any `windowMs` (the vendor's limit for one robot). */
export interface QueueRateWindow {
  max: number;
  windowMs: number;
}

/** A message waiting in a destination's queue; its content is in the store under `key`. */
export interface QueuedNotification {
  key: string;
  /** Not before this (epoch ms): the end of the owner's quiet hours, or at once. */
  deliverAt: number;
  urgent: boolean;
}

export interface NotifyQueueInput {
  destination: string;
  limits: QueueRateWindow[];
  /** Carried across continue-as-new. */
  pending?: QueuedNotification[];
  /** Keys delivered lately, so a repeated hand-off is not queued again. */
  recent?: string[];
  /** When the last messages were sent (epoch ms), newest last, for the rate windows. */
  sentAt?: number[];
  /** The vendor said wait (a 10-minute DingTalk block): nothing goes out before this. */
  blockedUntil?: number;
  /** How long a delivery may go without a heartbeat before another worker takes it over. */
  heartbeatTimeout?: string;
}

/** Hands one message to a destination's queue; the latest limits travel with it. */
export const enqueueNotificationSignal = defineSignal<[{ item: QueuedNotification; limits: QueueRateWindow[] }]>('enqueueNotification');

/** What a queue holds: for the CLI and tests. */
export const notifyQueueQuery = defineQuery<{ destination: string; pending: QueuedNotification[]; delivered: number; blockedUntil?: number }>('notifyQueue');

export interface OwnerDigestInput {
  owner: string;
  /** The local date of the last digest sent (`2027-05-06`): never a second one for it. */
  lastDate?: string;
  /** When it went out (epoch ms): the next digest's hot leads and wins count from here. */
  lastSentAt?: number;
}
