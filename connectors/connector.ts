import type { ConnectorName, CrmRecordRef } from '../src/domain/crm.js';

/**
 * One interface for every CRM. A connector is a translator and an API client: it knows its
 * vendor's auth, shapes, limits and errors, and nothing of Temporal or of leadflow's journeys.
 */
export { CONNECTOR_NAMES, connectorNameSchema, crmRecordSchema, type ConnectorName, type CrmRecordRef } from '../src/domain/crm.js';

/** What a connector makes of an inbound delivery or a poll: one change per record. */
export interface CrmChange {
  record: CrmRecordRef;
  /** The vendor's event id, or a hash of what identifies the change: a redelivery has the same one. */
  eventId: string;
  /** The CRM's own stage value (a Zoho pick-list value, a HubSpot stage id, a Fxiaoke option value). */
  crmStage?: string;
  /** When the change happened in the CRM (ISO 8601); older changes than the one applied are ignored. */
  occurredAt?: string;
  /** What the CRM knows of the person, to enrol a lead leadflow has not seen. */
  lead?: { email?: string; name?: string; owner?: string };
  /** The deal's value from the CRM's amount field; without a currency the lead's own is kept. */
  deal?: { amount: number; currency?: string };
}

/** An inbound HTTP delivery, as received: the authenticity check runs on these exact bytes. */
export interface InboundRequest {
  method: string;
  /** The full URL as the sender called it, query included. */
  url: string;
  headers: Headers;
  body: Uint8Array;
}

export type Verification = { ok: true } | { ok: false; problem: string };

export interface TaskInput {
  /** Idempotency key of the task in leadflow. */
  key: string;
  title: string;
  notes?: string;
  /** ISO 8601 */
  dueAt: string;
  owner?: string;
}

export interface NoteInput {
  key: string;
  title: string;
  content: string;
}

export interface PushStageOptions {
  /** Write only if the record has not changed since (Zoho `If-Unmodified-Since`); else CrmConflictError. */
  unmodifiedSince?: string;
  /** Stable across retries of the same write, for vendors that take one. */
  idempotencyKey?: string;
}

/** A record's stage as the CRM holds it now: read just before a stage write, and by reconciliation. */
export interface CrmRecordState {
  id: string;
  /** The CRM's own stage value; absent when the record has none. */
  crmStage?: string;
  /** When the record last changed, any field (ISO 8601, UTC). */
  modifiedAt?: string;
  /**
   * When the stage itself last changed, where the CRM keeps that (HubSpot's property history);
   * otherwise absent, and `modifiedAt` stands in for it.
   */
  stageChangedAt?: string;
}

export interface Connector {
  readonly name: ConnectorName;
  /** The module used when a record names none. */
  readonly defaultModule: string;
  /** Authenticity on the raw bytes, before any parsing, comparing secrets in constant time. */
  verify(req: InboundRequest): Verification;
  /**
   * Turns a verified delivery into changes, one per record. May call the CRM (Zoho sends only
   * ids). Throws CrmInboundError for a malformed body.
   */
  parse(req: InboundRequest): Promise<CrmChange[]>;
  /** Sets the record's stage with the vendor's echo switches off (Zoho `trigger: []`, …). */
  pushStage(record: CrmRecordRef, crmStage: string, opts?: PushStageOptions): Promise<{ modifiedAt?: string }>;
  /**
   * The stage of these records now, in as few calls as the API allows. Records the CRM no longer
   * has are absent from the answer. Connectors that cannot read records (generic) lack it.
   */
  readStages?(records: CrmRecordRef[]): Promise<CrmRecordState[]>;
  createTask(record: CrmRecordRef, task: TaskInput): Promise<{ id: string }>;
  createNote(record: CrmRecordRef, note: NoteInput): Promise<{ id: string }>;
  /** Changes after the cursor, oldest first; for connectors that poll. The cursor is opaque. */
  poll?(cursor: string | undefined, limit: number): Promise<{ changes: CrmChange[]; cursor: string | undefined }>;
  /** What the credentials can see (pipelines, stages, fields): `leadflow connectors check`. */
  check(): Promise<Record<string, unknown>>;
}
