// The journey's record of what it told the lead's owner: plain data, carried across continue-as-new.

/** What the journey has told the team so far: cursors over its events and errors, and cooldowns. */
export interface TeamAlertState {
  /** Nothing before this (workflow ms) is alerted: journeys that predate alerts start from their upgrade. */
  since: number;
  /** Events up to this instant are handled, and these ids at exactly it. */
  eventsUpTo: number;
  eventIdsAtCursor: string[];
  /** CRM-write errors up to this instant are handled, and this many at exactly it. */
  errorsUpTo: number;
  errorsAtCursor: number;
  /** The last hot alert per event type (and `score`), for the cooldown. */
  hotAlerted: Record<string, number>;
  /** The stage visit (its stageEnteredAt) whose won or lost alert went out. */
  stageAlertedFor?: number;
}
