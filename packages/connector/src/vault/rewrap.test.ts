import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectorDatabase } from '../db/database.ts';
import { openTestDatabase, type TestDatabase } from '../db/test-database.ts';
import { flip, insertSecrets, masterKey as mk } from '../testing/vault.ts';
import { verifyMasterKeys } from './master-key-check.ts';
import { rewrapSecrets } from './rewrap.ts';
import { Vault } from './vault.ts';

describe('rewrap on the database', () => {
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

  it('rewrap moves every secret to the new key while reads and writes go on', async () => {
    const a = mk('a');
    const b = mk('b');
    const expected = await insertSecrets(database.db, new Vault([a]), 600, 't1');
    const vault = new Vault([b, a]);
    const ids = [...expected.keys()];
    let stop = false;
    let reads = 0;
    let writes = 0;

    const reader = (async () => {
      while (!stop) {
        const id = ids[Math.floor(Math.random() * ids.length)]!;
        const row = await database.db.selectFrom('connections').select(['secret']).where('id', '=', id).executeTakeFirstOrThrow();
        // Whatever state the row is in (old key, new key, just rewritten), it decrypts to a secret we wrote.
        const plain = vault.decrypt(row.secret!, { tenantId: 't1', connectionId: id });
        expect(plain.startsWith('secret-')).toBe(true);
        reads++;
      }
    })();
    const writer = (async () => {
      while (!stop) {
        const id = ids[Math.floor(Math.random() * ids.length)]!;
        const secret = `secret-w${writes}-${randomBytes(4).toString('hex')}`;
        await database.db
          .updateTable('connections')
          .set({ secret: vault.encrypt(secret, { tenantId: 't1', connectionId: id }), secret_key_id: vault.currentKeyId })
          .where('id', '=', id)
          .execute();
        expected.set(id, secret);
        writes++;
        await new Promise((r) => setImmediate(r));
      }
    })();

    const progress: number[] = [];
    const result = await rewrapSecrets(database.db, vault, { batchSize: 50, onProgress: (p) => progress.push(p.rewrapped + p.skipped) });
    stop = true;
    await Promise.all([reader, writer]);

    expect(result.failed).toEqual([]);
    expect(result.rewrapped + result.skipped).toBeLessThanOrEqual(600);
    expect(result.rewrapped).toBeGreaterThan(0);
    expect(progress.length).toBeGreaterThan(1);
    expect(reads).toBeGreaterThan(0);
    expect(writes).toBeGreaterThan(0);

    const rows = await database.db.selectFrom('connections').select(['id', 'secret', 'secret_key_id']).execute();
    const onlyNew = new Vault([b]);
    for (const row of rows) {
      expect(row.secret_key_id).toBe('b');
      expect(onlyNew.keyIdOf(row.secret!)).toBe('b');
      expect(onlyNew.decrypt(row.secret!, { tenantId: 't1', connectionId: row.id })).toBe(expected.get(row.id));
    }
    // Nothing left: a second run is a no-op.
    expect(await rewrapSecrets(database.db, vault)).toMatchObject({ rewrapped: 0, skipped: 0, failed: [] });
    // After the move the old key can be dropped from the configuration.
    await verifyMasterKeys(database.db, onlyNew);
  });

  it('rewrap reports a damaged secret and carries on with the rest', async () => {
    const a = mk('a');
    const expected = await insertSecrets(database.db, new Vault([a]), 5, 't1');
    const [bad] = [...expected.keys()];
    const row = await database.db.selectFrom('connections').select('secret').where('id', '=', bad!).executeTakeFirstOrThrow();
    await database.db
      .updateTable('connections')
      .set({ secret: flip(row.secret!, 3, 14) })
      .where('id', '=', bad!)
      .execute();
    const result = await rewrapSecrets(database.db, new Vault([mk('b'), a]));
    expect(result.failed).toEqual([bad]);
    expect(result.rewrapped).toBe(4);
  });
});
