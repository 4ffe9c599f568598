import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateKey } from '@latchkey/keys';
import { startTestPlatform, type TestPlatform } from '@latchkey/platform/testing.ts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SessionClient, startTestApp, type TestApp } from '../test-support.ts';

/** Nothing listens on the discard port (and, unlike a released ephemeral port, no server started later can take it). */
const CLOSED_PORT = 'http://127.0.0.1:9';

async function installationStatus(p: TestPlatform, installationId: string) {
  return (await p.database.db.selectFrom('installations').select('status').where('id', '=', installationId).executeTakeFirst())?.status;
}

/** Everything the connector's database holds: the SQLite files on disk, or every row of every table on PostgreSQL. */
async function databaseDump(app: TestApp): Promise<string> {
  if (app.dataDir) {
    return Buffer.concat(
      readdirSync(app.dataDir)
        .filter((f) => f.startsWith('connector.sqlite'))
        .map((f) => readFileSync(join(app.dataDir!, f))),
    ).toString('latin1');
  }
  const db = app.connector.database.db;
  const tables = await sql<{
    table_name: string;
  }>`select table_name from information_schema.tables where table_schema = current_schema()`.execute(db);
  let out = '';
  for (const { table_name } of tables.rows) out += JSON.stringify((await sql`select * from ${sql.table(table_name)}`.execute(db)).rows);
  return out;
}

describe('connector app API against a real platform', () => {
  let p: TestPlatform;
  let app: TestApp;
  let a: SessionClient;
  let b: SessionClient;
  let tenantA: { tenantId: string; email: string };

  beforeAll(async () => {
    p = await startTestPlatform();
    app = await startTestApp({ platformBaseUrl: p.url });
    tenantA = await app.tenant('Tenant A');
    const tenantB = await app.tenant('Tenant B');
    a = app.client();
    b = app.client();
    expect((await a.login(tenantA.email)).status).toBe(200);
    expect((await b.login(tenantB.email)).status).toBe(200);
  });
  afterAll(async () => {
    await app?.close();
    await p?.close();
  });

  it('save and test: a pasted key with whitespace connects to the right company, activates the installation, shows only the mask', async () => {
    const issued = await p.issueKey();
    expect(await installationStatus(p, issued.installationId)).toBe('PENDING_INTEGRATION');
    expect((await a.get('/api/connection')).body).toEqual({ connection: null, history: [] });

    const res = await a.post('/api/connection/connect', { key: `\n  ${issued.key} \r\n` });
    expect(res.status).toBe(200);
    const c = res.body.connection;
    expect(c).toMatchObject({ state: 'connected', companyId: issued.companyId, hasKey: true, keyMask: `lk_live_…${issued.key.slice(-4)}` });
    expect(c.companyName).toMatch(/^Acme/);
    expect(await installationStatus(p, issued.installationId)).toBe('ACTIVATED');

    const current = await a.get('/api/connection');
    expect(current.body.connection.id).toBe(c.id);
    expect(current.body.history[0]).toMatchObject({ to: 'connected', reason: 'connected' });
    expect(current.body.history[0].message).toContain(issued.companyId);
    expect(JSON.stringify(current.body)).not.toContain(issued.key);
    expect(JSON.stringify(res.body)).not.toContain(issued.key);

    // Test again: a health check now with the stored key.
    const again = await a.post(`/api/connections/${c.id}/test-again`);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ result: 'ok', connection: { id: c.id, state: 'connected' } });
    expect(again.body.connection.lastCheckedAt >= c.lastCheckedAt).toBe(true);

    // Nothing on disk holds the key in plaintext.
    const dump = await databaseDump(app);
    expect(dump).toContain(issued.companyId);
    expect(dump).not.toContain(issued.key);
    expect(dump).not.toContain(issued.key.slice(8, 40));
  });

  it('each error class has its own message and action, and nothing is stored', async () => {
    const { tenantId, email } = await app.tenant('Tenant errors');
    const c = app.client();
    await c.login(email);
    const attempt = async (key: string) => {
      const res = await c.post('/api/connection/connect', { key });
      expect(res.status).toBe(422);
      expect(res.body.type).toBe('CONNECT_FAILED');
      expect(JSON.stringify(res.body)).not.toContain(key.trim());
      return res.body.error;
    };

    const malformed = await attempt('lk_live_definitely-not-a-key');
    expect(malformed).toMatchObject({ errorClass: 'malformed_key', step: 'format' });
    expect(malformed.action).toMatch(/copy/i);

    const unknown = await attempt(generateKey({ prefix: 'lk' }));
    expect(unknown).toMatchObject({
      errorClass: 'invalid_key',
      step: 'contact',
      message: 'The API Key appears to be invalid. Please check and try again.',
    });

    const revokedKey = await p.issueKey();
    await p.revokeKey(revokedKey.key);
    expect(await attempt(revokedKey.key)).toMatchObject({ errorClass: 'invalid_key' });

    const narrow = await p.issueKey({ scopes: ['export-jobs:read', 'companies:read'] });
    const missing = await attempt(narrow.key);
    expect(missing).toMatchObject({ errorClass: 'missing_scopes', step: 'permissions' });
    expect(missing.missingScopes).toEqual(['export-jobs:write', 'export-items:read']);
    expect(missing.message).toContain('export-jobs:write');
    expect(await installationStatus(p, narrow.installationId)).toBe('PENDING_INTEGRATION');

    expect((await c.get('/api/connection')).body.connection).toBeNull();
    expect(await app.connector.connections.list(tenantId)).toEqual([]);
  });

  it('platform down → platform_unavailable; tiny rate limit → rate_limited with Retry-After', async () => {
    const down = await startTestApp({ platformBaseUrl: CLOSED_PORT });
    const limited = await startTestPlatform({ config: { rateLimit: { limit: 1, windowMs: 60_000 } } });
    const limitedApp = await startTestApp({ platformBaseUrl: limited.url });
    try {
      const t = await down.tenant('Down');
      const c = down.client();
      await c.login(t.email);
      const res = await c.post('/api/connection/connect', { key: (await p.issueKey()).key });
      expect(res.status).toBe(422);
      expect(res.body.error).toMatchObject({ errorClass: 'platform_unavailable', step: 'contact' });
      expect(res.body.error.message).toContain('Latchkey could not be reached');

      const t2 = await limitedApp.tenant('Limited');
      const c2 = limitedApp.client();
      await c2.login(t2.email);
      const res2 = await c2.post('/api/connection/connect', { key: (await limited.issueKey()).key });
      expect(res2.status).toBe(422);
      expect(res2.body.error.errorClass).toBe('rate_limited');
      expect(res2.body.error.retryAfterSeconds).toBeGreaterThan(0);
      expect((await c2.get('/api/connection')).body.connection).toBeNull();
    } finally {
      await limitedApp.close();
      await limited.close();
      await down.close();
    }
  });

  it('replace: another company is refused and the working key kept; a new key of the same company keeps the connection id', async () => {
    const { email } = await app.tenant('Tenant rotate');
    const c = app.client();
    await c.login(email);
    const first = await p.issueKey();
    const conn = (await c.post('/api/connection/connect', { key: first.key })).body.connection;

    const other = await p.issueKey({ companyId: p.companyB });
    const wrong = await c.post(`/api/connections/${conn.id}/replace`, { key: other.key });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error).toMatchObject({
      errorClass: 'wrong_company',
      step: 'company',
      keyCompanyId: p.companyB,
      expectedCompanyId: first.companyId,
    });
    const still = (await c.get('/api/connection')).body.connection;
    expect(still).toMatchObject({ id: conn.id, state: 'connected', keyMask: conn.keyMask });

    const bad = await c.post(`/api/connections/${conn.id}/replace`, { key: 'nope' });
    expect(bad.body.error.errorClass).toBe('malformed_key');

    const second = await p.regenerateKey(first.key, 3600);
    const replaced = await c.post(`/api/connections/${conn.id}/replace`, { key: ` ${second}\n` });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({
      replaced: true,
      connection: { id: conn.id, state: 'connected', keyMask: `lk_live_…${second.slice(-4)}` },
    });
    const history = (await c.get(`/api/connections/${conn.id}/events`)).body.data;
    expect(history[0]).toMatchObject({ reason: 'key_replaced', to: 'connected' });
  });

  it('disconnect deletes the stored key; uninstall needs an explicit confirm and uninstalls on the platform', async () => {
    const { email } = await app.tenant('Tenant leaving');
    const c = app.client();
    await c.login(email);
    const issued = await p.issueKey();
    const conn = (await c.post('/api/connection/connect', { key: issued.key })).body.connection;

    expect((await c.post(`/api/connections/${conn.id}/uninstall`, {})).status).toBe(400);
    expect((await c.post(`/api/connections/${conn.id}/uninstall`, { confirm: false })).status).toBe(400);
    expect(await installationStatus(p, issued.installationId)).toBe('ACTIVATED');

    const un = await c.post(`/api/connections/${conn.id}/uninstall`, { confirm: true });
    expect(un.status).toBe(200);
    expect(un.body).toMatchObject({ platformUninstalled: true, connection: { id: conn.id, state: 'uninstalled', hasKey: false } });
    const me = await fetch(`${p.url}/v1/installations/me`, { headers: { authorization: `Bearer ${issued.key}` } });
    expect(me.status).toBe(401);
    expect((await c.post(`/api/connections/${conn.id}/test-again`)).status).toBe(409);

    // A fresh install for the same company reconnects the same connection; then disconnect.
    const again = await p.issueKey();
    const re = await c.post('/api/connection/connect', { key: again.key });
    expect(re.body.connection).toMatchObject({ id: conn.id, state: 'connected' });
    const dis = await c.post(`/api/connections/${conn.id}/disconnect`);
    expect(dis.body.connection).toMatchObject({ id: conn.id, state: 'disconnected', hasKey: false, keyMask: null });
    expect(await installationStatus(p, again.installationId)).toBe('ACTIVATED'); // the platform is not told
  });

  it('tenant isolation: another tenant can neither read nor change a connection, through any route', async () => {
    const issued = await p.issueKey();
    const conn = (await a.post('/api/connection/connect', { key: issued.key })).body.connection;
    const mask = conn.keyMask;

    expect((await b.get('/api/connection')).body.connection).toBeNull();
    expect((await b.get('/api/connections')).body.data).toEqual([]);
    expect((await b.get(`/api/connections/${conn.id}`)).status).toBe(404);
    expect((await b.get(`/api/connections/${conn.id}/events`)).status).toBe(404);
    const other = await p.issueKey({ companyId: p.companyB });
    for (const [path, body] of [
      [`/api/connections/${conn.id}/replace`, { key: other.key }],
      [`/api/connections/${conn.id}/test-again`, {}],
      [`/api/connections/${conn.id}/disconnect`, {}],
      [`/api/connections/${conn.id}/uninstall`, { confirm: true }],
    ] as const) {
      const res = await b.post(path, body);
      expect(res.status, path).toBe(404);
      expect(JSON.stringify(res.body)).not.toContain(issued.companyId);
    }
    // B connecting its own key to the same company creates B's own connection; A's is untouched.
    const bKey = await p.regenerateKey(issued.key, 3600);
    const bConn = (await b.post('/api/connection/connect', { key: bKey })).body.connection;
    expect(bConn.id).not.toBe(conn.id);
    expect((await a.get(`/api/connections/${conn.id}`)).body).toMatchObject({ state: 'connected', keyMask: mask });
  });
});
