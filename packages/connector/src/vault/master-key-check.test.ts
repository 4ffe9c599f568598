import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectorDatabase } from '../db/database.ts';
import { openTestDatabase, type TestDatabase } from '../db/test-database.ts';
import { insertSecrets, masterKey as mk } from '../testing/vault.ts';
import { hasStoredSecrets, verifyMasterKeys } from './master-key-check.ts';
import { Vault } from './vault.ts';

describe('master-key check at start-up', () => {
  let t: TestDatabase;
  let database: ConnectorDatabase;
  beforeEach(async () => {
    t = await openTestDatabase();
    database = t.database;
    await database.db.insertInto('tenants').values({ id: 't1', name: 'T1', created_at: new Date().toISOString() }).execute();
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it('start-up check: wrong bytes for a recorded key id, or a missing key id still in use, are clear errors', async () => {
    const a = mk('a');
    await verifyMasterKeys(database.db, new Vault([a]));
    await verifyMasterKeys(database.db, new Vault([a])); // idempotent
    await expect(verifyMasterKeys(database.db, new Vault([{ id: 'a', key: randomBytes(32) }]))).rejects.toThrow(
      /master key "a" is not the key this database was encrypted with/,
    );
    expect(await hasStoredSecrets(database.db)).toBe(false);
    await insertSecrets(database.db, new Vault([a]), 1, 't1');
    expect(await hasStoredSecrets(database.db)).toBe(true);
    await expect(verifyMasterKeys(database.db, new Vault([mk('b')]))).rejects.toThrow(/encrypted under master key "a", not configured/);
    await verifyMasterKeys(database.db, new Vault([mk('b'), a]));
  });
});
