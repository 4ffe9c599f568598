import type { Generated } from 'kysely';
import type { ConnectionState } from '../connections/states.ts';

/**
 * The connector's own tables. Ids are text (UUIDs), timestamps ISO-8601 text, lists JSON text:
 * the same column types work on SQLite and PostgreSQL.
 */

/** The states and their allowed moves: connections/states.ts. */

export type ReportedInstallationStatus = 'ACTIVATED' | 'INACTIVE';

export interface TenantsTable {
  id: string;
  name: string;
  created_at: string;
}

export interface TenantUsersTable {
  id: string;
  tenant_id: string;
  email: string;
  /** `scrypt$N$r$p$salt$hash` (base64 parts). */
  password_hash: string;
  created_at: string;
}

export interface ConnectionsTable {
  id: string;
  tenant_id: string;
  platform_base_url: string;
  state: ConnectionState;
  company_id: string | null;
  company_name: string | null;
  installation_id: string | null;
  application_name: string | null;
  /** Display mask only (`lk_live_…abcd`). */
  key_hint: string | null;
  /** Vault envelope of the working key, bound to (tenant_id, id). */
  secret: string | null;
  /** Master-key id the secret is wrapped under (also inside the envelope); lets `rewrap` find old rows. */
  secret_key_id: string | null;
  /** A validated replacement key between "stored" and "activated"; promoted to `secret` atomically. */
  pending_secret: string | null;
  pending_secret_key_id: string | null;
  /** JSON array of the scopes the key was granted at its last check. */
  scopes: Generated<string>;
  /** What the connector last told the platform with PUT /v1/installations/me (null = nothing reported). */
  reported_status: ReportedInstallationStatus | null;
  reported_error_code: string | null;
  last_checked_at: string | null;
  last_success_at: string | null;
  last_error_class: string | null;
  last_error_message: string | null;
  /** Transient failures, each counted at most once per hour; reset on success. */
  failure_count: Generated<number>;
  /** Consecutive failed checks (every attempt); drives the check backoff. Reset on success. */
  failure_streak: Generated<number>;
  last_failure_counted_at: string | null;
  /** When the scheduled monitor should look at this connection next (backoff + lease). */
  next_check_at: string | null;
  connected_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface ConnectionEventsTable {
  /** UUIDv7: sorts in creation order. */
  id: string;
  connection_id: string;
  tenant_id: string;
  from_state: string | null;
  to_state: string;
  /** Short machine reason: `connected`, `key_replaced`, `invalid_key`, `webhook`, … */
  reason: string;
  message: string | null;
  created_at: string;
}

/** One row per master key ever used: a check value proves the configured key bytes are the right ones. */
export interface VaultKeysTable {
  key_id: string;
  check_value: string;
  created_at: string;
}

export interface ConnectorDB {
  tenants: TenantsTable;
  tenant_users: TenantUsersTable;
  connections: ConnectionsTable;
  connection_events: ConnectionEventsTable;
  vault_keys: VaultKeysTable;
}
