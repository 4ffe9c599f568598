import type { Kysely } from 'kysely';
import type { ConnectorDB } from '../db/schema.ts';
import type { Vault } from './vault.ts';

export interface RewrapOptions {
  /** Rows per batch (one short transaction each). Default 100. */
  batchSize?: number;
  onProgress?: (p: { rewrapped: number; skipped: number; failed: number }) => void;
  signal?: AbortSignal;
}

export interface RewrapResult {
  /** Secrets moved to the current master key. */
  rewrapped: number;
  /** Secrets that changed while being moved (a concurrent write already used the current key). */
  skipped: number;
  /** Connection ids whose secret could not be decrypted (damaged, or its key is missing). */
  failed: string[];
  currentKeyId: string;
}

type Slot = { column: 'secret'; keyColumn: 'secret_key_id' } | { column: 'pending_secret'; keyColumn: 'pending_secret_key_id' };
const SLOTS: Slot[] = [
  { column: 'secret', keyColumn: 'secret_key_id' },
  { column: 'pending_secret', keyColumn: 'pending_secret_key_id' },
];

/**
 * Re-encrypts every stored secret that is not under the current master key, in keyset-paged
 * batches. Safe while requests are served: each row is updated with compare-and-set on its old
 * ciphertext, so a secret written concurrently (always under the current key) is left alone, and
 * readers can decrypt both the old and the new envelope as long as both keys are configured.
 * Terminates: it walks the ids once.
 */
export async function rewrapSecrets(db: Kysely<ConnectorDB>, vault: Vault, opts: RewrapOptions = {}): Promise<RewrapResult> {
  const batchSize = opts.batchSize ?? 100;
  const current = vault.currentKeyId;
  const result: RewrapResult = { rewrapped: 0, skipped: 0, failed: [], currentKeyId: current };
  let after = '';
  for (;;) {
    opts.signal?.throwIfAborted();
    const rows = await db
      .selectFrom('connections')
      .select(['id', 'tenant_id', 'secret', 'secret_key_id', 'pending_secret', 'pending_secret_key_id'])
      .where('id', '>', after)
      .where((eb) =>
        eb.or([
          eb.and([eb('secret', 'is not', null), eb.or([eb('secret_key_id', 'is', null), eb('secret_key_id', '!=', current)])]),
          eb.and([
            eb('pending_secret', 'is not', null),
            eb.or([eb('pending_secret_key_id', 'is', null), eb('pending_secret_key_id', '!=', current)]),
          ]),
        ]),
      )
      .orderBy('id')
      .limit(batchSize)
      .execute();
    if (rows.length === 0) break;
    after = rows[rows.length - 1]!.id;

    // Crypto outside the transaction; the transaction only holds the compare-and-set writes.
    const updates: { id: string; slot: Slot; old: string; next: string }[] = [];
    for (const row of rows) {
      for (const slot of SLOTS) {
        const old = row[slot.column];
        if (!old || row[slot.keyColumn] === current) continue;
        try {
          updates.push({ id: row.id, slot, old, next: vault.rewrap(old, { tenantId: row.tenant_id, connectionId: row.id }) });
        } catch {
          if (!result.failed.includes(row.id)) result.failed.push(row.id);
        }
      }
    }
    await db.transaction().execute(async (trx) => {
      for (const u of updates) {
        const res = await trx
          .updateTable('connections')
          .set({ [u.slot.column]: u.next, [u.slot.keyColumn]: current })
          .where('id', '=', u.id)
          .where(u.slot.column, '=', u.old)
          .executeTakeFirst();
        if (Number(res.numUpdatedRows) === 1) result.rewrapped++;
        else result.skipped++;
      }
    });
    opts.onProgress?.({ rewrapped: result.rewrapped, skipped: result.skipped, failed: result.failed.length });
  }
  return result;
}
