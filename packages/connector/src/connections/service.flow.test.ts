import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateKey } from '@latchkey/keys';
import { startTestPlatform, type TestPlatform } from '@latchkey/platform/testing.ts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionView, TransitionEvent } from '../index.ts';
import { FaultProxy } from '../testing/fault-proxy.ts';
import { startTestConnector, type TestConnector } from '../testing/harness.ts';
import { deadPort } from '../testing/scripted-server.ts';
import type { ConnectFailure } from './errors.ts';
import { ConnectionNotFoundError } from './errors.ts';
import type { ConnectResult } from './service.ts';

function ok(r: ConnectResult): ConnectionView {
  if (!r.ok) throw new Error(`expected success, got ${r.errorClass}: ${r.message} (${r.detail})`);
  return r.connection;
}

function failed(r: ConnectResult | { ok: boolean }): ConnectFailure {
  if (r.ok) throw new Error('expected a failure');
  return r as ConnectFailure;
}

async function platformStatus(p: TestPlatform, installationId: string): Promise<string | undefined> {
  const row = await p.database.db.selectFrom('installations').select(['status']).where('id', '=', installationId).executeTakeFirst();
  return row?.status;
}

/** Every byte the connector's database holds on disk (SQLite main file + WAL + shm). */
function databaseBytes(dataDir: string): Buffer {
  return Buffer.concat(
    readdirSync(dataDir)
      .filter((f) => f.startsWith('connector.sqlite'))
      .map((f) => readFileSync(join(dataDir, f))),
  );
}

describe('connections against a real running platform', () => {
  let p: TestPlatform;
  let proxy: FaultProxy;
  let t: TestConnector;
  const open: TestConnector[] = [];

  beforeAll(async () => {
    p = await startTestPlatform();
    proxy = await new FaultProxy(p.url).start();
  });
  afterAll(async () => {
    await proxy?.close();
    await p?.close();
  });
  afterEach(async () => {
    proxy.faults = [];
    proxy.seen.length = 0;
    while (open.length) await open.pop()!.close();
  });

  async function connector(overrides: Parameters<typeof startTestConnector>[0] = { platformBaseUrl: proxy.url }) {
    t = await startTestConnector(overrides);
    open.push(t);
    return t;
  }

  it('save and test: trims a pasted "Bearer …\\n", validates, stores encrypted, activates, shows company and mask', async () => {
    await connector();
    const issued = await p.issueKey();
    const events: TransitionEvent[] = [];
    t.connector.events.on('transition', (e) => events.push(e));
    expect(await platformStatus(p, issued.installationId)).toBe('PENDING_INTEGRATION');

    const conn = ok(await t.connector.connections.connect(t.tenantA.id, `  Bearer ${issued.key}\r\n`));
    expect(conn).toMatchObject({
      state: 'connected',
      companyId: issued.companyId,
      installationId: issued.installationId,
      hasKey: true,
      reportedStatus: 'ACTIVATED',
    });
    expect(conn.companyName).toMatch(/^Acme/);
    expect(conn.keyMask).toBe(`lk_live_…${issued.key.slice(-4)}`);
    expect(conn.scopes).toEqual(expect.arrayContaining(['export-jobs:read', 'export-jobs:write', 'export-items:read']));
    expect(await platformStatus(p, issued.installationId)).toBe('ACTIVATED');
    expect(events.map((e) => [e.from, e.to, e.reason])).toEqual([['pending', 'connected', 'connected']]);
    expect(events[0]!.message).toContain(issued.companyId);
    // No view, event or history entry carries the key.
    const history = await t.connector.connections.history(t.tenantA.id, conn.id);
    expect(JSON.stringify([conn, events, history, await t.connector.connections.listAll()])).not.toContain(issued.key.slice(8));
    // Order of calls on the wire: test call, company, scopes, then activate last.
    const calls = proxy.seen.filter((l) => !l.includes('/v1/companies/'));
    expect(calls).toEqual(['GET /v1/installations/me', 'GET /v1/introspect', 'POST /v1/installations/me:activate']);
  });

  it('never writes the key to a log line, whatever happens', async () => {
    const lines: string[] = [];
    const log = (obj: object, msg?: string) => lines.push(`${msg ?? ''} ${JSON.stringify(obj)}`);
    await connector({ platformBaseUrl: proxy.url, logger: { debug: log, info: log, warn: log, error: log } });
    const issued = await p.issueKey();
    proxy.faults = [{ match: /^GET \/v1\/introspect$/, status: 503, times: 1 }];
    const conn = ok(await t.connector.connections.connect(t.tenantA.id, ` ${issued.key} `));
    failed(await t.connector.connections.replaceKey(t.tenantA.id, conn.id, `${issued.key.slice(0, -1)}x`));
    await p.revokeKey(issued.key);
    await t.connector.health.checkOne(t.tenantA.id, conn.id);
    await t.connector.connections.uninstall(t.tenantA.id, conn.id);
    expect(lines.some((l) => l.includes('retrying'))).toBe(true);
    expect(lines.some((l) => l.includes('connection connected'))).toBe(true);
    const all = lines.join('\n');
    for (const needle of [issued.key, issued.key.slice(8, 40), Buffer.from(`${issued.key}:`).toString('base64')])
      expect(all).not.toContain(needle);
  });

  it('the stored database contains no plaintext key', async () => {
    await connector();
    const issued = await p.issueKey();
    const conn = ok(await t.connector.connections.connect(t.tenantA.id, issued.key));
    const row = await t.connector.database.db.selectFrom('connections').selectAll().where('id', '=', conn.id).executeTakeFirstOrThrow();
    expect(row.secret).toMatch(/^lkv1\./);
    expect(row.secret).not.toContain(issued.key);
    if (t.dataDir) {
      const bytes = databaseBytes(t.dataDir);
      expect(bytes.length).toBeGreaterThan(0);
      for (const needle of [issued.key, issued.key.slice(8, 40), Buffer.from(`${issued.key}:`).toString('base64')]) {
        expect(bytes.includes(Buffer.from(needle))).toBe(false);
      }
      expect(existsSync(join(t.dataDir, 'connector-master-keys'))).toBe(true);
    }
  });

  it('malformed_key: a typo fails the checksum offline; nothing stored, the platform never asked', async () => {
    await connector();
    const issued = await p.issueKey();
    const typo = `${issued.key.slice(0, 20)}${issued.key[20] === 'a' ? 'b' : 'a'}${issued.key.slice(21)}`;
    for (const bad of [typo, issued.key.slice(0, -1), '', '   ', 'hello world', `xx_live_${issued.key.slice(8)}`]) {
      const f = failed(await t.connector.connections.connect(t.tenantA.id, bad));
      expect(f.errorClass).toBe('malformed_key');
      expect(f.message).toMatch(/doesn't look like a complete Latchkey API Key/);
      expect(f.action).toBeTruthy();
      expect(JSON.stringify(f)).not.toContain(issued.key.slice(8));
    }
    expect(proxy.seen).toEqual([]);
    expect(await t.connector.database.db.selectFrom('connections').selectAll().execute()).toEqual([]);
  });

  it('invalid_key (401): a revoked key and a well-formed unknown key; nothing stored', async () => {
    await connector();
    const issued = await p.issueKey();
    await p.revokeKey(issued.key);
    for (const key of [issued.key, generateKey({ prefix: 'lk' })]) {
      const f = failed(await t.connector.connections.connect(t.tenantA.id, key));
      expect(f.errorClass).toBe('invalid_key');
      expect(f.message).toBe('The API Key appears to be invalid. Please check and try again.');
      expect(f.detail).toMatch(/^401/);
    }
    expect(await t.connector.database.db.selectFrom('connections').selectAll().execute()).toEqual([]);
  });

  it('missing_scopes: names every scope the key lacks; nothing stored, installation not activated', async () => {
    await connector();
    const issued = await p.issueKey({ scopes: ['users:read', 'export-jobs:read'] });
    const f = failed(await t.connector.connections.connect(t.tenantA.id, issued.key));
    expect(f.errorClass).toBe('missing_scopes');
    expect(f.missingScopes).toEqual(['export-jobs:write', 'export-items:read']);
    expect(f.message).toContain('export-jobs:write, export-items:read');
    expect(await t.connector.database.db.selectFrom('connections').selectAll().execute()).toEqual([]);
    expect(await platformStatus(p, issued.installationId)).toBe('PENDING_INTEGRATION');
  });

  it('wrong_company: a replacement key for another company is refused and the old key keeps working', async () => {
    await connector();
    const a = await p.issueKey({ companyId: p.companyA });
    const b = await p.issueKey({ companyId: p.companyB });
    const conn = ok(await t.connector.connections.connect(t.tenantA.id, a.key));
    const before = await t.connector.database.db.selectFrom('connections').selectAll().where('id', '=', conn.id).executeTakeFirstOrThrow();
    const f = failed(await t.connector.connections.replaceKey(t.tenantA.id, conn.id, b.key));
    expect(f).toMatchObject({ errorClass: 'wrong_company', keyCompanyId: p.companyB, expectedCompanyId: p.companyA });
    expect(f.message).toContain('Your current key is still in use');
    const after = await t.connector.database.db.selectFrom('connections').selectAll().where('id', '=', conn.id).executeTakeFirstOrThrow();
    expect(after.secret).toBe(before.secret);
    expect(after.pending_secret).toBeNull();
    expect((await t.connector.health.checkOne(t.tenantA.id, conn.id)).result).toBe('ok');
    // B's installation was never activated by the refused attempt.
    expect(await platformStatus(p, b.installationId)).toBe('PENDING_INTEGRATION');
  });

  it('platform_unavailable: a platform that is down; nothing stored', async () => {
    await connector({ platformBaseUrl: await deadPort() });
    const f = failed(await t.connector.connections.connect(t.tenantA.id, generateKey({ prefix: 'lk' })));
    expect(f.errorClass).toBe('platform_unavailable');
    expect(f.detail).toBe('network error ECONNREFUSED');
    expect(f.message).toMatch(/could not be reached/);
    expect(await t.connector.database.db.selectFrom('connections').selectAll().execute()).toEqual([]);
  });

  it('platform_unavailable: a slow platform times out (and 5xx after retries)', async () => {
    await connector({ platformBaseUrl: proxy.url, interactive: { timeoutMs: 300, retries: 1 } });
    const issued = await p.issueKey();
    proxy.faults = [{ match: /^GET \/v1\/installations\/me$/, delayMs: 1_000 }];
    const started = Date.now();
    const slow = failed(await t.connector.connections.connect(t.tenantA.id, issued.key));
    expect(slow.errorClass).toBe('platform_unavailable');
    expect(slow.detail).toBe('no answer within 300 ms');
    expect(Date.now() - started).toBeLessThan(1_500);

    proxy.faults = [{ match: /^GET \/v1\/introspect$/, status: 503 }];
    const down = failed(await t.connector.connections.connect(t.tenantA.id, issued.key));
    expect(down.errorClass).toBe('platform_unavailable');
    expect(down.detail).toMatch(/^503/);
    expect(await t.connector.database.db.selectFrom('connections').selectAll().execute()).toEqual([]);
    // Once the platform is back, the same key connects.
    proxy.faults = [];
    ok(await t.connector.connections.connect(t.tenantA.id, issued.key));
  });

  it('activation failing after the key validated stores nothing for a new connection', async () => {
    await connector();
    const issued = await p.issueKey();
    proxy.faults = [{ match: /^POST \/v1\/installations\/me:activate$/, status: 502 }];
    const f = failed(await t.connector.connections.connect(t.tenantA.id, issued.key));
    expect(f.errorClass).toBe('platform_unavailable');
    expect(await t.connector.database.db.selectFrom('connections').selectAll().execute()).toEqual([]);
    expect(await t.connector.connections.list(t.tenantA.id)).toEqual([]);
  });

  it('rotation: regenerate on the platform, replace the key; same connection id, the old key revoked', async () => {
    await connector();
    const issued = await p.issueKey();
    const conn = ok(await t.connector.connections.connect(t.tenantA.id, issued.key));
    const next = await p.regenerateKey(issued.key, 0);
    // The old key is dead on the platform: the monitor sees it.
    expect((await t.connector.health.checkOne(t.tenantA.id, conn.id)).to).toBe('needs_reconnect');
    const replaced = ok(await t.connector.connections.replaceKey(t.tenantA.id, conn.id, next));
    expect(replaced.id).toBe(conn.id);
    expect(replaced.state).toBe('connected');
    expect(replaced.keyMask).toBe(`lk_live_…${next.slice(-4)}`);
    const history = await t.connector.connections.history(t.tenantA.id, conn.id);
    expect(history.map((h) => `${h.from}>${h.to}:${h.reason}`)).toEqual([
      'needs_reconnect>connected:reconnected',
      'connected>needs_reconnect:invalid_key',
      'pending>connected:connected',
    ]);
  });

  it('rotation that fails halfway (activation with the new key fails) keeps the old key working', async () => {
    await connector();
    const issued = await p.issueKey();
    const conn = ok(await t.connector.connections.connect(t.tenantA.id, issued.key));
    const before = await t.connector.database.db.selectFrom('connections').selectAll().where('id', '=', conn.id).executeTakeFirstOrThrow();
    const next = await p.regenerateKey(issued.key, 3600); // old key stays valid for an hour
    proxy.faults = [{ match: /^POST \/v1\/installations\/me:activate$/, status: 503 }];
    const f = failed(await t.connector.connections.replaceKey(t.tenantA.id, conn.id, next));
    expect(f.errorClass).toBe('platform_unavailable');
    const after = await t.connector.database.db.selectFrom('connections').selectAll().where('id', '=', conn.id).executeTakeFirstOrThrow();
    expect(after.secret).toBe(before.secret);
    expect(after.key_hint).toBe(before.key_hint);
    expect(after.pending_secret).toBeNull();
    expect(after.state).toBe('connected');
    proxy.faults = [];
    expect((await t.connector.health.checkOne(t.tenantA.id, conn.id)).result).toBe('ok');
    // And the replacement goes through once the platform is fine again.
    expect(ok(await t.connector.connections.replaceKey(t.tenantA.id, conn.id, next)).keyMask).toBe(`lk_live_…${next.slice(-4)}`);
  });

  it('rate_limited: the platform answers 429 with a long Retry-After; nothing stored', async () => {
    const limited = await startTestPlatform({ config: { rateLimit: { limit: 1, windowMs: 60_000 } } });
    try {
      await connector({ platformBaseUrl: limited.url });
      const issued = await limited.issueKey();
      const f = failed(await t.connector.connections.connect(t.tenantA.id, issued.key));
      expect(f.errorClass).toBe('rate_limited');
      expect(f.retryAfterSeconds).toBeGreaterThan(0);
      expect(f.action).toMatch(/^Wait \d+ seconds? and try again\.$/);
      expect(await t.connector.database.db.selectFrom('connections').selectAll().execute()).toEqual([]);
    } finally {
      await limited.close();
    }
  });

  it('tenant isolation: tenant B can never see or touch tenant A’s connection', async () => {
    await connector();
    const issued = await p.issueKey();
    const conn = ok(await t.connector.connections.connect(t.tenantA.id, issued.key));
    const { connections, health } = t.connector;
    const B = t.tenantB.id;
    expect(await connections.get(B, conn.id)).toBeUndefined();
    expect(await connections.list(B)).toEqual([]);
    expect(await connections.history(B, conn.id)).toEqual([]);
    await expect(connections.replaceKey(B, conn.id, issued.key)).rejects.toBeInstanceOf(ConnectionNotFoundError);
    await expect(connections.disconnect(B, conn.id)).rejects.toBeInstanceOf(ConnectionNotFoundError);
    await expect(connections.uninstall(B, conn.id)).rejects.toBeInstanceOf(ConnectionNotFoundError);
    await expect(connections.open(B, conn.id)).rejects.toBeInstanceOf(ConnectionNotFoundError);
    await expect(health.checkOne(B, conn.id)).rejects.toThrow(/not found/);
    await expect(health.reportIntegrationFailure(B, conn.id, 'x')).rejects.toThrow(/not found/);
    // A's connection is untouched.
    expect((await connections.get(t.tenantA.id, conn.id))?.state).toBe('connected');
    expect(await platformStatus(p, issued.installationId)).toBe('ACTIVATED');

    // Even a ciphertext copied into a row of tenant B does not decrypt there.
    const b = ok(await connections.connect(B, (await p.issueKey()).key));
    const rowA = await t.connector.database.db
      .selectFrom('connections')
      .select('secret')
      .where('id', '=', conn.id)
      .executeTakeFirstOrThrow();
    await t.connector.database.db.updateTable('connections').set({ secret: rowA.secret }).where('id', '=', b.id).execute();
    await expect(connections.open(B, b.id)).rejects.toThrow(/failed authentication/);
    await expect(connections.connect('no-such-tenant', issued.key)).rejects.toBeInstanceOf(ConnectionNotFoundError);
  });

  it('disconnect deletes the stored secret; connecting again reuses the connection id', async () => {
    await connector();
    const issued = await p.issueKey();
    const conn = ok(await t.connector.connections.connect(t.tenantA.id, issued.key));
    const gone = await t.connector.connections.disconnect(t.tenantA.id, conn.id);
    expect(gone).toMatchObject({ state: 'disconnected', hasKey: false, keyMask: null, companyId: issued.companyId });
    const row = await t.connector.database.db.selectFrom('connections').selectAll().where('id', '=', conn.id).executeTakeFirstOrThrow();
    expect([row.secret, row.pending_secret, row.secret_key_id]).toEqual([null, null, null]);
    // The platform was not told: the key still works there.
    expect(await platformStatus(p, issued.installationId)).toBe('ACTIVATED');
    const again = ok(await t.connector.connections.connect(t.tenantA.id, issued.key));
    expect(again.id).toBe(conn.id);
    expect(again.state).toBe('connected');
  });

  it('uninstall calls DELETE /v1/installations/me, then deletes the secret; the key is dead on the platform', async () => {
    await connector();
    const issued = await p.issueKey();
    const conn = ok(await t.connector.connections.connect(t.tenantA.id, issued.key));
    proxy.faults = [{ match: /^DELETE \/v1\/installations\/me$/, status: 503 }];
    const f = failed(await t.connector.connections.uninstall(t.tenantA.id, conn.id));
    expect(f.errorClass).toBe('platform_unavailable');
    expect((await t.connector.connections.get(t.tenantA.id, conn.id))?.state).toBe('connected');
    proxy.faults = [];
    const res = await t.connector.connections.uninstall(t.tenantA.id, conn.id);
    expect(res.ok && res.platformUninstalled).toBe(true);
    expect(res.ok && res.connection).toMatchObject({ state: 'uninstalled', hasKey: false });
    expect(proxy.seen).toContain('DELETE /v1/installations/me');
    const dead = await fetch(`${p.url}/v1/installations/me`, {
      headers: { authorization: `Basic ${Buffer.from(`${issued.key}:`).toString('base64')}` },
    });
    expect(dead.status).toBe(401);
  });

  it('markNeedsReconnect / markUninstalled (for the webhook receiver) are idempotent events', async () => {
    await connector();
    const issued = await p.issueKey();
    const conn = ok(await t.connector.connections.connect(t.tenantA.id, issued.key));
    const events: string[] = [];
    t.connector.events.on('transition', (e) => events.push(`${e.from}>${e.to}:${e.reason}`));
    expect((await t.connector.connections.markNeedsReconnect(conn.id, 'key revoked on the platform'))?.state).toBe('needs_reconnect');
    await t.connector.connections.markNeedsReconnect(conn.id, 'again');
    expect((await t.connector.connections.markUninstalled(conn.id, 'installation deleted'))?.hasKey).toBe(false);
    await t.connector.connections.markUninstalled(conn.id, 'again');
    expect(await t.connector.connections.markNeedsReconnect('no-such-id', 'x')).toBeUndefined();
    expect(events).toEqual(['connected>needs_reconnect:marked_needs_reconnect', 'needs_reconnect>uninstalled:marked_uninstalled']);
    expect((await t.connector.connections.findByCompanyId(issued.companyId)).map((c) => c.id)).toEqual([conn.id]);
  });

  it('a regenerate webhook never leaves a connection that holds the new key in needs_reconnect', async () => {
    await connector();
    const issued = await p.issueKey();
    const conn = ok(await t.connector.connections.connect(t.tenantA.id, issued.key));
    const holdsNew = (key: string) => (now: { keyMask: string | null }) => !!now.keyMask?.endsWith(key.slice(-4));
    // The webhook arrives just after the customer pasted the new key: the guard, checked under the lock, keeps it connected.
    const next = await p.regenerateKey(issued.key, 3600);
    ok(await t.connector.connections.replaceKey(t.tenantA.id, conn.id, next));
    const late = await t.connector.connections.markNeedsReconnect(conn.id, 'regenerated', 'invalid_key', (now) => !holdsNew(next)(now));
    expect(late?.state).toBe('connected');
    // Both at once: whichever takes the lock first, the connection ends up connected with the new key.
    const third = await p.regenerateKey(next, 3600);
    await Promise.all([
      t.connector.connections.replaceKey(t.tenantA.id, conn.id, third),
      t.connector.connections.markNeedsReconnect(conn.id, 'regenerated', 'invalid_key', (now) => !holdsNew(third)(now)),
    ]);
    const after = await t.connector.connections.getById(conn.id);
    expect(after?.state).toBe('connected');
    expect(after?.keyMask).toMatch(new RegExp(`${third.slice(-4)}$`));
  });

  it('lenient format (Pleo): any sane key goes to the platform; inner whitespace or junk does not', async () => {
    await connector({ platformBaseUrl: proxy.url, keyFormat: 'lenient', keyPrefix: undefined });
    const issued = await p.issueKey();
    ok(await t.connector.connections.connect(t.tenantA.id, issued.key));
    const conn = (await t.connector.connections.list(t.tenantA.id))[0]!;
    expect(conn.keyMask).toBe(`…${issued.key.slice(-4)}`);
    expect(failed(await t.connector.connections.connect(t.tenantA.id, 'abc def ghi jkl mno pqr stu')).errorClass).toBe('malformed_key');
    expect(failed(await t.connector.connections.connect(t.tenantA.id, 'short')).errorClass).toBe('malformed_key');
    // A key Latchkey would call malformed is not refused offline in lenient mode: the platform decides.
    const f = failed(await t.connector.connections.connect(t.tenantA.id, 'pleo-style-opaque-key-0123456789'));
    expect(f.errorClass).toBe('invalid_key');
  });
});
