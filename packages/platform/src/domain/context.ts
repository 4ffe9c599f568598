import type { Kysely, Transaction } from 'kysely';
import type { KeyChanges } from '../auth/key-changes.ts';
import type { PlatformConfig } from '../config.ts';
import type { DB } from '../db/schema.ts';

/** Who did something, and from where. Recorded in audit events; never holds a key. */
export interface Actor {
  type: 'user' | 'api_key' | 'system' | 'cli';
  id: string | null;
  label: string;
  ip?: string | null;
}

export const SYSTEM_ACTOR: Actor = { type: 'system', id: null, label: 'system' };
export const CLI_ACTOR: Actor = { type: 'cli', id: null, label: 'latchkey cli' };

export type Executor = Kysely<DB> | Transaction<DB>;

/**
 * Called after a transaction that revoked or re-timed keys, or changed an installation or integration,
 * commits: evicts them from this node's cache at once and broadcasts them through Redis when configured.
 * Other nodes do not depend on it — the database logs every such change by itself (key_changes) and each
 * node polls that log — so this is only the fast path. E.g. a kill switch: `invalidateKeys({ integrations: [id] })`.
 */
export type KeyInvalidation = (changes: KeyChanges) => void;

export interface DomainContext {
  db: Kysely<DB>;
  config: PlatformConfig;
  invalidateKeys: KeyInvalidation;
  /** Called after a transaction that wrote webhook events commits (delivers them without waiting for the poll). */
  notifyOutbox: () => void;
}
