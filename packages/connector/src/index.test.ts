import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createConnector, formatMasterKeys } from './index.ts';
import { FakePleo } from './testing/fake-pleo.ts';
import { startTestConnector, type TestConnector } from './testing/harness.ts';

describe('createConnector start-up', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });

  async function withSecret(): Promise<{ t: TestConnector; pleo: FakePleo; key: string; connectionId: string }> {
    const pleo = await new FakePleo().start();
    cleanups.push(() => pleo.close());
    const t = await startTestConnector({ platformBaseUrl: pleo.url, masterKeys: formatMasterKeys([{ id: 'k1', key: randomBytes(32) }]) });
    cleanups.push(() => t.close());
    const issued = pleo.issue();
    const r = await t.connector.connections.connect(t.tenantA.id, issued.key);
    if (!r.ok) throw new Error(r.message);
    return { t, pleo, key: issued.key, connectionId: r.connection.id };
  }

  it('a restart with the same master keys reads the stored secrets', async () => {
    const { t, connectionId } = await withSecret();
    await t.connector.close();
    const again = await createConnector(t.options);
    cleanups.push(() => again.close());
    const opened = await again.connections.open(t.tenantA.id, connectionId);
    expect(opened.row.state).toBe('connected');
    expect((await again.health.checkOne(t.tenantA.id, connectionId)).result).toBe('ok');
    // The real close() in TestConnector would close twice: replace it with a no-op for the first instance.
    t.connector.close = async () => {};
  });

  it('a wrong master key, or a missing one the secrets need, is a clear start-up error', async () => {
    const { t } = await withSecret();
    await t.connector.close();
    t.connector.close = async () => {};
    await expect(createConnector({ ...t.options, masterKeys: `k1:${randomBytes(32).toString('base64')}` })).rejects.toThrow(
      /master key "k1" is not the key this database was encrypted with/,
    );
    await expect(createConnector({ ...t.options, masterKeys: `k2:${randomBytes(32).toString('base64')}` })).rejects.toThrow(
      /encrypted under master key "k1", not configured/,
    );
    // No configured key at all, secrets present: refuses rather than creating a new key.
    await expect(createConnector({ ...t.options, masterKeys: undefined, env: {} })).rejects.toThrow(/already holds encrypted secrets/);
  });

  it('rotating the master key: new key first, old second, rewrap while serving, then drop the old key', async () => {
    const { t, connectionId } = await withSecret();
    const k1 = t.options.masterKeys as string;
    await t.connector.close();
    t.connector.close = async () => {};
    const k2 = formatMasterKeys([{ id: 'k2', key: randomBytes(32) }]);
    const both = await createConnector({ ...t.options, masterKeys: `${k2},${k1}` });
    const [result, check] = await Promise.all([both.vault.rewrap({ batchSize: 1 }), both.health.checkOne(t.tenantA.id, connectionId)]);
    expect(result).toMatchObject({ rewrapped: 1, failed: [], currentKeyId: 'k2' });
    expect(check.result).toBe('ok');
    await both.close();
    const onlyNew = await createConnector({ ...t.options, masterKeys: k2 });
    cleanups.push(() => onlyNew.close());
    expect((await onlyNew.connections.open(t.tenantA.id, connectionId)).row.secret_key_id).toBe('k2');
  });

  it('creates a 0600 key file on first start when nothing is configured', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'latchkey-start-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const c = await createConnector({
      dataDir: dir,
      env: {},
      platformBaseUrl: 'http://127.0.0.1:9',
      keyFormat: 'lenient',
      requiredScopes: [],
    });
    expect(c.vault.source).toBe('created');
    await c.close();
    chmodSync(join(dir, 'connector-master-keys'), 0o644);
    await expect(
      createConnector({ dataDir: dir, env: {}, platformBaseUrl: 'http://127.0.0.1:9', keyFormat: 'lenient', requiredScopes: [] }),
    ).rejects.toThrow(/chmod 600/);
  });

  it('refuses bad configuration', async () => {
    const base = {
      env: {},
      masterKeys: formatMasterKeys([{ id: 'k', key: randomBytes(32) }]),
      platformBaseUrl: 'http://127.0.0.1:9',
      requiredScopes: [],
    };
    await expect(createConnector({ ...base, keyFormat: 'loose' as never })).rejects.toThrow(/keyFormat/);
    await expect(createConnector({ ...base, keyFormat: 'strict', requiredScopes: ['everything'] })).rejects.toThrow(/requiredScopes/);
    await expect(createConnector({ ...base, keyFormat: 'strict', platformBaseUrl: 'not a url' })).rejects.toThrow(/not a valid URL/);
    await expect(createConnector({ ...base, keyFormat: 'strict', databaseUrl: 'mysql://x' })).rejects.toThrow(/postgres/);
  });
});
