import { ownValue } from '../domain/own-key.js';
import { JOURNEY_ERROR_KINDS, type JourneyErrorKind } from '../../workflows/error-kinds.js';

/** What an operator should do about each kind of error a journey records. */
const ADVICE: Record<JourneyErrorKind, string> = {
  [JOURNEY_ERROR_KINDS.rejectedInput]: 'a sender signalled something the journey cannot apply; the message names the field. Fix the sender; nothing else is needed, the journey carries on.',
  [JOURNEY_ERROR_KINDS.unmappedStage]: 'add the CRM value to journeys/connectors/<connector>.yaml (`leadflow connectors check <connector>` lists the values), then redeploy; the next change of the record applies.',
  [JOURNEY_ERROR_KINDS.journeyFiles]: 'fix the journey files (`leadflow journeys validate` names each problem) and redeploy the workers.',
  [JOURNEY_ERROR_KINDS.crmWrite]: 'check the connector (`leadflow connectors check <connector>`): its credentials, limits and stage map.',
  [JOURNEY_ERROR_KINDS.other]: 'read the message; the journey carries on meanwhile.',
};

/** Advice for a journey error; entries recorded before kinds existed get the general advice. */
export function adviceFor(kind: string | undefined): string {
  return ownValue(ADVICE, kind ?? '') ?? ADVICE[JOURNEY_ERROR_KINDS.other];
}

/** A workflow whose task fails on every attempt has stopped; Temporal retries by itself once fixed. */
export const FAILING_TASK_ADVICE =
  'the worker fails this workflow task on every attempt, so the workflow is stopped where it is. Deploy a fixed (or the previous) worker: Temporal retries the task by itself and the workflow resumes, nothing lost. Details: `temporal workflow describe --workflow-id <id>`.';

/** A journey that does not answer its query while Temporal answers: no worker polls its task queue, or one is overloaded. */
export const SILENT_ADVICE = 'no worker answered for it in time: check that `leadflow worker` runs on this task queue.';
