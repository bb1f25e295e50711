// Table types for Kysely. Integers are 64-bit in both databases and arrive as JS numbers
// (the Postgres dialect parses int8); blobs arrive as Buffers and leave the store as Uint8Arrays.

import type { Generated } from 'kysely';

export interface DefinitionsTable {
  /** Always 1: there is one current document. */
  id: number;
  document: string;
  applied_at_ms: number;
}

export interface PushTokensTable {
  client_id: string;
  token_hash: string;
}

export interface RollupsTable {
  sli_id: string;
  minute_ms: number;
  good: number;
  total: number;
  sketch: Buffer | null;
}

/** One row per committed ingest: its id is the ingest log sequence shared by its rollups. */
export interface IngestBatchesTable {
  seq: Generated<number>;
  client_id: string;
  received_at_ms: number;
}

export interface IngestLogTable {
  seq: number;
  sli_id: string;
  minute_ms: number;
  good: number;
  total: number;
  sketch: Buffer | null;
}

export interface IdempotencyKeysTable {
  client_id: string;
  key: string;
  received_at_ms: number;
  response: string;
}

export interface ObjectiveStatesTable {
  objective_key: string;
  state: string;
  updated_at_ms: number;
}

export interface TransitionsTable {
  id: Generated<number>;
  objective_key: string;
  at_ms: number;
  from_status: string;
  to_status: string;
  reason: string;
  /** When the objective left ok, for the episode this transition belongs to (0003). */
  episode_start_ms: number | null;
}

export interface WindowSnapshotsTable {
  objective_key: string;
  definition_hash: string;
  seq: number;
  taken_at_ms: number;
  data: Buffer;
}

export interface OutboxTable {
  seq: Generated<number>;
  id: string;
  dedup_key: string;
  incident_key: string;
  endpoint_id: string;
  address: string | null;
  audience: string;
  priority: number;
  role: string | null;
  person_id: string | null;
  contact_name: string | null;
  message: string;
  created_at_ms: number;
  status: string;
  attempts: number;
  next_attempt_at_ms: number;
  last_error: string | null;
  delivered_at_ms: number | null;
  acked_at_ms: number | null;
  acked_by: string | null;
}

export interface DeliveryAttemptsTable {
  notification_id: string;
  attempt: number;
  started_at_ms: number;
  duration_ms: number;
  ok: number;
  status: number | null;
  reason: string | null;
}

export interface IncidentsTable {
  id: string;
  service_id: string;
  status: string;
  detected_at_ms: number;
  version: number;
  doc: string;
}

export interface IncidentKeysTable {
  incident_key: string;
  incident_id: string;
}

export interface IncidentClientsTable {
  incident_id: string;
  client_id: string;
}

export interface WatchesTable {
  id: string;
  objective_key: string;
  client_id: string;
  status: string;
  opened_at_ms: number;
  version: number;
  doc: string;
}

export interface TimelineTable {
  id: Generated<number>;
  subject: string;
  at_ms: number;
  kind: string;
  actor: string;
  text: string;
  data: string | null;
}

export interface ClientReportsTable {
  id: string;
  client_id: string;
  incident_id: string | null;
  at_ms: number;
  source: string;
  text: string;
}

export interface CreditsTable {
  key: string;
  sla_id: string;
  client_id: string;
  period: string;
  issued_at_ms: number;
  amount_minor: number;
  currency: string | null;
  statement: string;
}

export interface ProtocolStateTable {
  name: string;
  value: number;
}

export interface StoreDatabase {
  incidents: IncidentsTable;
  incident_keys: IncidentKeysTable;
  incident_clients: IncidentClientsTable;
  watches: WatchesTable;
  timeline: TimelineTable;
  client_reports: ClientReportsTable;
  credits: CreditsTable;
  protocol_state: ProtocolStateTable;
  outbox: OutboxTable;
  delivery_attempts: DeliveryAttemptsTable;
  definitions: DefinitionsTable;
  push_tokens: PushTokensTable;
  rollups: RollupsTable;
  ingest_batches: IngestBatchesTable;
  ingest_log: IngestLogTable;
  idempotency_keys: IdempotencyKeysTable;
  objective_states: ObjectiveStatesTable;
  transitions: TransitionsTable;
  window_snapshots: WindowSnapshotsTable;
}
