import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectorDatabase } from '../db/database.ts';
import { openTestDatabase, type TestDatabase } from '../db/test-database.ts';
import { formatMasterKeys, loadMasterKeys, MASTER_KEY_FILE, parseMasterKeys } from './master-keys.ts';
import { hasStoredSecrets, rewrapSecrets, verifyMasterKeys } from './store.ts';
import { type MasterKey, Vault, VaultError } from './vault.ts';

const mk = (id: string): MasterKey => ({ id, key: randomBytes(32) });
const ctx = { tenantId: 'tenant-a', connectionId: 'conn-1' };
const SECRET = 'lk_live_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG';

function flip(envelope: string, part: number, at = 5): string {
  const parts = envelope.split('.');
  const buf = Buffer.from(parts[part]!, 'base64url');
  buf[Math.min(at, buf.length - 1)]! ^= 0x01;
  parts[part] = buf.toString('base64url');
  return parts.join('.');
}

function expectVaultError(fn: () => unknown, code?: VaultError['code']) {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(VaultError);
    if (code) expect((err as VaultError).code).toBe(code);
    expect(String((err as Error).message)).not.toContain(SECRET);
    return;
  }
  throw new Error('expected a VaultError');
}

describe('vault envelope', () => {
  const a = mk('a');
  const vault = new Vault([a]);

  it('round-trips, with a fresh nonce and data key on every write, and names its master key', () => {
    const one = vault.encrypt(SECRET, ctx);
    const two = vault.encrypt(SECRET, ctx);
    expect(one).not.toBe(two);
    expect(one.startsWith('lkv1.a.')).toBe(true);
    expect(vault.keyIdOf(one)).toBe('a');
    expect(one).not.toContain(SECRET.slice(8, 20));
    expect(vault.decrypt(one, ctx)).toBe(SECRET);
    expect(vault.decrypt(two, ctx)).toBe(SECRET);
  });

  it('rejects any tampering: wrapped key, data ciphertext, nonce, tag, key id, version', () => {
    const env = vault.encrypt(SECRET, ctx);
    expectVaultError(() => vault.decrypt(flip(env, 2, 0), ctx), 'decrypt_failed'); // DEK nonce
    expectVaultError(() => vault.decrypt(flip(env, 2, 20), ctx), 'decrypt_failed'); // wrapped DEK
    expectVaultError(() => vault.decrypt(flip(env, 3, 0), ctx), 'decrypt_failed'); // data nonce
    expectVaultError(() => vault.decrypt(flip(env, 3, 14), ctx), 'decrypt_failed'); // data ciphertext
    expectVaultError(() => vault.decrypt(flip(env, 3, 10_000), ctx), 'decrypt_failed'); // last byte of the tag
    const parts = env.split('.');
    expectVaultError(() => vault.decrypt(['lkv2', ...parts.slice(1)].join('.'), ctx), 'malformed');
    expectVaultError(() => vault.decrypt(parts.slice(0, 3).join('.'), ctx), 'malformed');
    expectVaultError(() => vault.decrypt(`${env}AA`, ctx), 'decrypt_failed');
    expectVaultError(() => vault.decrypt('', ctx), 'malformed');
    // Truncated data part.
    expectVaultError(() => vault.decrypt([...parts.slice(0, 3), parts[3]!.slice(0, 10)].join('.'), ctx));
  });

  it('binds each ciphertext to its tenant and connection (a copy on another row fails)', () => {
    const env = vault.encrypt(SECRET, ctx);
    expectVaultError(() => vault.decrypt(env, { ...ctx, connectionId: 'conn-2' }), 'decrypt_failed');
    expectVaultError(() => vault.decrypt(env, { ...ctx, tenantId: 'tenant-b' }), 'decrypt_failed');
    // No ambiguity from concatenation: ("ab","c") is not ("a","bc").
    const env2 = vault.encrypt(SECRET, { tenantId: 'ab', connectionId: 'c' });
    expectVaultError(() => vault.decrypt(env2, { tenantId: 'a', connectionId: 'bc' }), 'decrypt_failed');
  });

  it('fails with the wrong master key bytes under the same id, and names an unknown key id', () => {
    const env = vault.encrypt(SECRET, ctx);
    expectVaultError(() => new Vault([mk('a')]).decrypt(env, ctx), 'decrypt_failed');
    expectVaultError(() => new Vault([mk('b')]).decrypt(env, ctx), 'unknown_key');
  });

  it('rewraps to the current key; the old key alone cannot read the result, the new one alone can', () => {
    const env = vault.encrypt(SECRET, ctx);
    const b = mk('b');
    const both = new Vault([b, a]);
    expect(both.decrypt(env, ctx)).toBe(SECRET);
    const moved = both.rewrap(env, ctx);
    expect(both.keyIdOf(moved)).toBe('b');
    expect(new Vault([b]).decrypt(moved, ctx)).toBe(SECRET);
    expectVaultError(() => vault.decrypt(moved, ctx), 'unknown_key');
    // Rewrap authenticates the data too: a damaged secret is not carried along silently.
    expectVaultError(() => both.rewrap(flip(env, 3, 14), ctx), 'decrypt_failed');
    // The AAD still applies after the move.
    expectVaultError(() => new Vault([b]).decrypt(moved, { ...ctx, connectionId: 'other' }), 'decrypt_failed');
  });

  it('refuses bad configuration', () => {
    expect(() => new Vault([])).toThrow(VaultError);
    expect(() => new Vault([{ id: 'a', key: randomBytes(16) }])).toThrow(/32 bytes/);
    expect(() => new Vault([{ id: 'a.b', key: randomBytes(32) }])).toThrow(/invalid master key id/);
    expect(() => new Vault([a, a])).toThrow(/twice/);
  });

  it('does not leak key material when serialised', () => {
    expect(JSON.stringify(vault)).not.toContain(a.key.toString('base64'));
  });
});

describe('master keys', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'latchkey-mk-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('parses LATCHKEY_MASTER_KEYS (first = current) and rejects junk with a clear message', () => {
    const k1 = mk('k1');
    const k2 = mk('k2');
    const text = formatMasterKeys([k1, k2]);
    const loaded = loadMasterKeys({ env: { LATCHKEY_MASTER_KEYS: text } });
    expect(loaded.source).toBe('env');
    expect(loaded.keys.map((k) => k.id)).toEqual(['k1', 'k2']);
    expect(loaded.keys[0]!.key.equals(k1.key)).toBe(true);
    // URL-safe base64 is fine too.
    expect(parseMasterKeys(`x:${k1.key.toString('base64url')}`, 't')[0]!.key.equals(k1.key)).toBe(true);
    expect(() => parseMasterKeys('nokeyid', 'env')).toThrow(/not "<key id>:<base64 key>"/);
    expect(() => parseMasterKeys(`a:${randomBytes(16).toString('base64')}`, 'env')).toThrow(/32 bytes/);
    expect(() => parseMasterKeys('a:***', 'env')).toThrow(/not base64/);
    expect(() => parseMasterKeys(`${text},${text}`, 'env')).toThrow(/twice/);
    expect(() => parseMasterKeys(' , ', 'env')).toThrow(/no master key/);
    // The error never echoes the key itself.
    try {
      parseMasterKeys(`a:${randomBytes(20).toString('base64')}`, 'env');
    } catch (err) {
      expect(String(err)).not.toMatch(/a:[A-Za-z0-9+/]{20}/);
    }
  });

  it('creates a 0600 key file on first start and reads it back afterwards', () => {
    const first = loadMasterKeys({ env: {}, dataDir: dir, allowCreate: true });
    expect(first.source).toBe('created');
    const file = join(dir, MASTER_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = loadMasterKeys({ env: {}, dataDir: dir, allowCreate: false });
    expect(again.source).toBe('file');
    expect(again.keys[0]!.key.equals(first.keys[0]!.key)).toBe(true);
    expect(readFileSync(file, 'utf8')).toContain(first.keys[0]!.id);
  });

  it('is a clear start-up error when no key is configured (never a plaintext fallback)', () => {
    expect(() => loadMasterKeys({ env: {} })).toThrow(/no master key configured: set LATCHKEY_MASTER_KEYS/);
    expect(() => loadMasterKeys({ env: {}, dataDir: dir, allowCreate: false })).toThrow(/already holds encrypted secrets/);
  });

  it('refuses a key file other users can read', () => {
    writeFileSync(join(dir, MASTER_KEY_FILE), formatMasterKeys([mk('a')]), { mode: 0o644 });
    expect(() => loadMasterKeys({ env: {}, dataDir: dir })).toThrow(/chmod 600/);
  });
});

describe('vault on the database', () => {
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

  async function insertSecrets(vault: Vault, n: number): Promise<Map<string, string>> {
    const expected = new Map<string, string>();
    const now = new Date().toISOString();
    const rows = [];
    for (let i = 0; i < n; i++) {
      const id = randomUUID();
      const secret = `secret-${i}-${randomBytes(8).toString('hex')}`;
      expected.set(id, secret);
      rows.push({
        id,
        tenant_id: 't1',
        platform_base_url: 'http://x',
        state: 'connected' as const,
        secret: vault.encrypt(secret, { tenantId: 't1', connectionId: id }),
        secret_key_id: vault.currentKeyId,
        created_at: now,
        updated_at: now,
      });
    }
    for (let i = 0; i < rows.length; i += 100)
      await database.db
        .insertInto('connections')
        .values(rows.slice(i, i + 100))
        .execute();
    return expected;
  }

  it('start-up check: wrong bytes for a recorded key id, or a missing key id still in use, are clear errors', async () => {
    const a = mk('a');
    await verifyMasterKeys(database.db, new Vault([a]));
    await verifyMasterKeys(database.db, new Vault([a])); // idempotent
    await expect(verifyMasterKeys(database.db, new Vault([{ id: 'a', key: randomBytes(32) }]))).rejects.toThrow(
      /master key "a" is not the key this database was encrypted with/,
    );
    expect(await hasStoredSecrets(database.db)).toBe(false);
    await insertSecrets(new Vault([a]), 1);
    expect(await hasStoredSecrets(database.db)).toBe(true);
    await expect(verifyMasterKeys(database.db, new Vault([mk('b')]))).rejects.toThrow(/encrypted under master key "a", not configured/);
    await verifyMasterKeys(database.db, new Vault([mk('b'), a]));
  });

  it('rewrap moves every secret to the new key while reads and writes go on', async () => {
    const a = mk('a');
    const b = mk('b');
    const expected = await insertSecrets(new Vault([a]), 600);
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
    const expected = await insertSecrets(new Vault([a]), 5);
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
