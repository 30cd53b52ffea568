// Every patch of the lead journey, in one place. A journey records one marker per patch it meets
// (two history events each, with the SDK's TemporalChangeVersion upsert), and a continue-as-new
// meets them all again; so a run started on code that has them all records one marker instead
// (JOURNEY_BASELINE_PATCH), keeps that in its state, and asks no single patch after.

/** Inbound signals validated before they are applied (issue 8). */
export const INBOUND_VALIDATION_PATCH = 'inbound-validation';
/** CRM echoes recognised by value and landing time. */
export const CRM_ECHO_PATCH = 'crm-echo-by-write-time';
/** Per-record CRM sync loops outside the stage's scope, and the outbox for tasks and notes. */
export const CRM_CONVERGE_PATCH = 'crm-sync-converges';
/** Birthday and holiday care, and surveys after a deal. */
export const CARE_AND_SURVEYS_PATCH = 'care-and-surveys-v1';
/** The event log every funnel number is read from. */
export const INSIGHT_LOG_PATCH = 'insight-log-v1';
/** Alerts to the lead's owner in chat. */
export const TEAM_ALERTS_PATCH = 'team-alerts-v1';
/** No schedule call for `window: any`, one search-attribute write per task and only of changed values. */
export const CHEAPER_STEPS_PATCH = 'cheaper-steps-v1';

/**
 * The send as a local activity: one marker in history instead of an activity's three events and a
 * second workflow task (issue 11). In the second baseline (BASELINE_V2_PATCHES); journeys on the
 * first baseline ask for it by its own marker.
 */
export const LOCAL_SEND_PATCH = 'local-send-v1';

/**
 * An enrolment's funnel and first sequence in one local call, and every later sequence snapshot
 * as a local activity (issue 11).
 */
export const CHEAPER_START_PATCH = 'cheaper-start-v1';

/** The patches a journey with `state.baseline` has, without a marker of each. Never remove one; add new patches after, not here. */
export const BASELINE_PATCHES: readonly string[] = [INBOUND_VALIDATION_PATCH, CRM_ECHO_PATCH, CRM_CONVERGE_PATCH, CARE_AND_SURVEYS_PATCH, INSIGHT_LOG_PATCH, TEAM_ALERTS_PATCH, CHEAPER_STEPS_PATCH];

/** The one marker that stands for all of BASELINE_PATCHES, met at the start of a run without `state.baseline`. */
export const JOURNEY_BASELINE_PATCH = 'journey-baseline-v1';

/**
 * The second baseline: `state.baseline` 2 has BASELINE_PATCHES and these. Frozen like the first;
 * a patch added after it is asked for by its own marker until a third baseline takes it in.
 */
export const BASELINE_V2_PATCHES: readonly string[] = [LOCAL_SEND_PATCH, CHEAPER_START_PATCH];

/** The marker of the second baseline, met at the start of a run whose state is below it. */
export const JOURNEY_BASELINE_V2_PATCH = 'journey-baseline-v2';

/** Each baseline's patches, by `state.baseline` level (index 0 is level 1). */
export const BASELINES: readonly (readonly string[])[] = [BASELINE_PATCHES, BASELINE_V2_PATCHES];
