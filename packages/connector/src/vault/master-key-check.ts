import type { Kysely } from 'kysely';
import type { ConnectorDB } from '../db/schema.ts';
import { type Vault, VaultError } from './vault.ts';

/**
 * The start-up check of the master keys against the database: each configured key must be the one
 * the stored secrets were encrypted with (a check value per key id proves it), and every key id the
 * secrets use must be configured.
 */

const CHECK_PLAINTEXT = 'latchkey-vault-check-v1';
const checkContext = (keyId: string) => ({ tenantId: '__vault_check__', connectionId: keyId });

function checkMatches(vault: Vault, keyId: string, check: string): boolean {
  try {
    return vault.decrypt(check, checkContext(keyId)) === CHECK_PLAINTEXT;
  } catch {
    return false;
  }
}

/** Does the database hold any encrypted secret yet? */
export async function hasStoredSecrets(db: Kysely<ConnectorDB>): Promise<boolean> {
  const row = await db
    .selectFrom('connections')
    .select('id')
    .where((eb) => eb.or([eb('secret', 'is not', null), eb('pending_secret', 'is not', null)]))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Start-up check: every configured master key must match the key with the same id that earlier
 * runs recorded (a check value encrypted under it), and every master-key id that stored secrets
 * use must be configured. Either failure is a clear error; the connector never starts half-blind.
 */
export async function verifyMasterKeys(db: Kysely<ConnectorDB>, vault: Vault): Promise<void> {
  const recorded = new Map((await db.selectFrom('vault_keys').selectAll().execute()).map((r) => [r.key_id, r.check_value]));
  const fresh: string[] = [];
  for (const keyId of vault.keyIds) {
    const check = recorded.get(keyId);
    if (check === undefined) {
      fresh.push(keyId);
      continue;
    }
    if (!checkMatches(vault, keyId, check)) {
      throw new VaultError(
        `master key "${keyId}" is not the key this database was encrypted with (its check value does not decrypt): restore the original key for id "${keyId}"`,
        'config',
      );
    }
  }
  const used = await db
    .selectFrom('connections')
    .select('secret_key_id as key_id')
    .where('secret_key_id', 'is not', null)
    .union(db.selectFrom('connections').select('pending_secret_key_id as key_id').where('pending_secret_key_id', 'is not', null))
    .execute();
  const missing = [...new Set(used.map((r) => r.key_id).filter((id): id is string => !!id && !vault.hasKey(id)))];
  if (missing.length > 0) {
    throw new VaultError(
      `stored secrets are encrypted under master key${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')}, not configured; add ${missing.length > 1 ? 'them' : 'it'} to LATCHKEY_MASTER_KEYS (after the current key) until \`rewrap\` has moved every secret`,
      'config',
    );
  }
  // Only a configuration that passed every check records new keys.
  for (const keyId of fresh) {
    await db
      .insertInto('vault_keys')
      .values({
        key_id: keyId,
        check_value: vault.encrypt(CHECK_PLAINTEXT, checkContext(keyId), keyId),
        created_at: new Date().toISOString(),
      })
      .onConflict((oc) => oc.column('key_id').doNothing())
      .execute();
  }
  // A racing instance may have recorded the same id with other bytes a moment ago.
  if (fresh.length > 0) await verifyRecorded(db, vault, fresh);
}

async function verifyRecorded(db: Kysely<ConnectorDB>, vault: Vault, keyIds: string[]): Promise<void> {
  const rows = await db.selectFrom('vault_keys').selectAll().where('key_id', 'in', keyIds).execute();
  for (const row of rows) {
    if (!checkMatches(vault, row.key_id, row.check_value))
      throw new VaultError(`master key "${row.key_id}" was recorded with different bytes by another instance`, 'config');
  }
}
