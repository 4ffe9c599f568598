import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * Table types. Conventions that keep one migration set portable across SQLite and PostgreSQL:
 * ids are text (UUIDs made by the app), timestamps are ISO-8601 UTC text (sortable as strings),
 * JSON is text. Resource tables (accounting data) are declared in `resources-schema.ts`.
 */
export interface PartnersTable {
  id: string;
  name: string;
  contact_email: string;
  created_at: string;
}

export type UserKind = 'staff' | 'partner' | 'company';
export type CompanyRole = 'owner' | 'admin' | 'bookkeeper' | 'employee';

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  kind: UserKind;
  partner_id: string | null;
  company_id: string | null;
  role: CompanyRole | null;
  created_at: string;
}

export interface CompaniesTable {
  id: string;
  name: string;
  legal_name: string | null;
  registration_number: string | null;
  country_code: string;
  currency: string;
  address: string | null; // JSON
  created_at: string;
  updated_at: string;
}

export type IntegrationStatus = 'pending' | 'approved' | 'rejected';

export interface IntegrationsTable {
  id: string; // Pleo's applicationId
  client_id: string;
  partner_id: string;
  name: string;
  slug: string;
  description: string;
  logo_url: string | null;
  brand_color: string | null;
  support_email: string;
  support_url: string | null;
  features: string; // JSON string[]
  requested_scopes: string; // JSON {scope, reason}[]
  approved_scopes: string | null; // JSON string[]
  status: IntegrationStatus;
  review_reason: string | null;
  reviewed_by: string | null;
  reviewed_at: string | null;
  connect_url: string;
  webhook_url: string | null;
  webhook_secret: string; // Standard Webhooks `whsec_…` signing secret (the platform must hold it to sign)
  created_at: string;
  updated_at: string;
}

export type InstallationStatus = 'PENDING_INTEGRATION' | 'ACTIVATED' | 'INACTIVE' | 'AUTHORIZED' | 'ERROR';
export type InstallationErrorCode = 'NOT_ENTITLED' | 'AUTH_ERROR' | 'INTEGRATION_ERROR';

export interface InstallationsTable {
  id: string;
  integration_id: string;
  company_id: string;
  status: InstallationStatus;
  error_code: InstallationErrorCode | null;
  metadata: string; // JSON object
  scopes: string; // JSON string[]: fixed at install from the integration's approved scopes
  installed_by: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface ApiKeysTable {
  id: string;
  installation_id: string;
  digest: string; // SHA-256 hex of the key: the only form stored
  hint: string; // `lk_live_…abcd`
  created_by: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  last_used_at: string | null;
}

/** The key-change log (written by triggers, see migration 005-key-changes); nodes poll it past their cursor. */
export interface KeyChangesTable {
  /** bigint: PostgreSQL returns it as a string. */
  seq: ColumnType<string | number, never, never>;
  kind: 'key' | 'installation' | 'integration';
  /** The key's digest, or the installation's / integration's id. */
  target: string;
  at_s: ColumnType<string | number, never, never>;
}

export interface KeyChangeCounterTable {
  id: number;
  seq: ColumnType<string | number, never, never>;
}

export interface AuditEventsTable {
  id: string;
  at: string;
  actor_type: 'user' | 'api_key' | 'system' | 'cli';
  actor_id: string | null;
  actor_label: string;
  company_id: string | null;
  integration_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  details: string; // JSON
}

export interface SessionsTable {
  id_digest: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  reauth_at: string | null;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookDeliveriesTable {
  id: string; // webhook-id
  integration_id: string;
  event_type: string;
  payload: string; // JSON
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: string;
  last_status_code: number | null;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
  /** Set for subscription events (`v1.*`): sent to that subscription's endpoint, signed with its secret. */
  subscription_id: string | null;
}

export interface CoreTables {
  partners: PartnersTable;
  users: UsersTable;
  companies: CompaniesTable;
  integrations: IntegrationsTable;
  installations: InstallationsTable;
  api_keys: ApiKeysTable;
  key_changes: KeyChangesTable;
  key_change_counter: KeyChangeCounterTable;
  audit_events: AuditEventsTable;
  sessions: SessionsTable;
  webhook_deliveries: WebhookDeliveriesTable;
}

import type { ResourceTables } from './resources-schema.ts';
import type { SubscriptionTables } from './subscriptions-schema.ts';
export type DB = CoreTables & ResourceTables & SubscriptionTables;

export type Partner = Selectable<PartnersTable>;
export type User = Selectable<UsersTable>;
export type Company = Selectable<CompaniesTable>;
export type Integration = Selectable<IntegrationsTable>;
export type Installation = Selectable<InstallationsTable>;
export type ApiKey = Selectable<ApiKeysTable>;
export type AuditEvent = Selectable<AuditEventsTable>;
export type NewAuditEvent = Insertable<AuditEventsTable>;
export type IntegrationUpdate = Updateable<IntegrationsTable>;
export type { Generated };
