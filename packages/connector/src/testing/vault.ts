import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ConnectorDB } from '../db/schema.ts';
import type { MasterKey, Vault } from '../vault/vault.ts';

/** A fresh random master key. */
export const masterKey = (id: string): MasterKey => ({ id, key: randomBytes(32) });

/** The envelope with one bit of one part flipped (tampering). */
export function flip(envelope: string, part: number, at = 5): string {
  const parts = envelope.split('.');
  const buf = Buffer.from(parts[part]!, 'base64url');
  buf[Math.min(at, buf.length - 1)]! ^= 0x01;
  parts[part] = buf.toString('base64url');
  return parts.join('.');
}

/** `n` connected connections of `tenantId` (which must exist), each with a random secret; id → plaintext. */
export async function insertSecrets(db: Kysely<ConnectorDB>, vault: Vault, n: number, tenantId: string): Promise<Map<string, string>> {
  const expected = new Map<string, string>();
  const now = new Date().toISOString();
  const rows = [];
  for (let i = 0; i < n; i++) {
    const id = randomUUID();
    const secret = `secret-${i}-${randomBytes(8).toString('hex')}`;
    expected.set(id, secret);
    rows.push({
      id,
      tenant_id: tenantId,
      platform_base_url: 'http://x',
      state: 'connected' as const,
      secret: vault.encrypt(secret, { tenantId, connectionId: id }),
      secret_key_id: vault.currentKeyId,
      created_at: now,
      updated_at: now,
    });
  }
  for (let i = 0; i < rows.length; i += 100)
    await db
      .insertInto('connections')
      .values(rows.slice(i, i + 100))
      .execute();
  return expected;
}
