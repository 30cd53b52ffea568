/**
 * What kind of trouble an entry under a lead's `errors` is, so that `leadflow journeys doctor`
 * can say what to do about it without parsing messages. Entries of older runs have no kind.
 */
export const JOURNEY_ERROR_KINDS = {
  /** A signal the journey could not apply (bad shape, another lead's update). */
  rejectedInput: 'rejected-input',
  /** A CRM stage value the connection's stage map lacks. */
  unmappedStage: 'unmapped-stage',
  /** The funnel or a sequence could not be read from journeys/. */
  journeyFiles: 'journey-files',
  /** A write to a CRM (stage, task, note) that did not happen. */
  crmWrite: 'crm-write',
  /** Anything else a loop of the journey reported. */
  other: 'other',
} as const;

export type JourneyErrorKind = (typeof JOURNEY_ERROR_KINDS)[keyof typeof JOURNEY_ERROR_KINDS];
