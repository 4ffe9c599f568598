import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

/**
 * What a committed write made stale in the key caches: keys by digest, or every key of an installation
 * or an integration. The database records the same facts by itself (triggers, migration 005-key-changes)
 * for every node's poll; a `KeyChanges` value is the fast path — this node's own eviction after commit,
 * and the Redis broadcast.
 */
export interface KeyChanges {
  digests?: readonly string[];
  installations?: readonly string[];
  integrations?: readonly string[];
}

/** One row of the key-change log, `seq` as a number (PostgreSQL returns bigint as a string). */
export interface KeyChangeRow {
  seq: number;
  kind: 'key' | 'installation' | 'integration';
  target: string;
}

/** The log's position now: every change up to it is committed and visible to later reads. */
export async function keyChangeCursor(db: Kysely<DB>): Promise<number> {
  const row = await db.selectFrom('key_change_counter').select('seq').where('id', '=', 1).executeTakeFirst();
  return Number(row?.seq ?? 0);
}

/** Changes after `cursor`, in sequence order, at most `limit`. */
export async function keyChangesAfter(db: Kysely<DB>, cursor: number, limit: number): Promise<KeyChangeRow[]> {
  const rows = await db
    .selectFrom('key_changes')
    .select(['seq', 'kind', 'target'])
    .where('seq', '>', cursor)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ seq: Number(r.seq), kind: r.kind, target: r.target }));
}

/** Drops log rows older than `olderThanS` seconds (database time); a node that still needed them notices the hole. */
export async function pruneKeyChanges(db: Kysely<DB>, nowMs: number, olderThanS: number): Promise<void> {
  await db
    .deleteFrom('key_changes')
    .where('at_s', '<', Math.floor(nowMs / 1000) - olderThanS)
    .execute();
}

/** Groups log rows into one `KeyChanges`. */
export function toKeyChanges(rows: readonly KeyChangeRow[]): KeyChanges {
  const digests: string[] = [];
  const installations: string[] = [];
  const integrations: string[] = [];
  for (const r of rows) (r.kind === 'key' ? digests : r.kind === 'installation' ? installations : integrations).push(r.target);
  return { digests, installations, integrations };
}
