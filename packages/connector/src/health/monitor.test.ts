import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionView, TransitionEvent } from '../index.ts';
import { FakePleo } from '../testing/fake-pleo.ts';
import { startTestConnector, type TestConnector } from '../testing/harness.ts';

describe('health monitor', () => {
  const pleo = new FakePleo();
  let t: TestConnector;
  let clock = Date.now();
  let events: string[];

  beforeAll(async () => {
    await pleo.start();
  });
  afterAll(async () => pleo.close());
  afterEach(async () => {
    pleo.failWith = undefined;
    pleo.failOn = [];
    pleo.delayMs = 0;
    await t?.close();
  });

  async function setup(health: Parameters<typeof startTestConnector>[0]['health'] = {}) {
    clock = Date.now();
    t = await startTestConnector({
      platformBaseUrl: pleo.url,
      platformName: 'Pleo',
      client: { timeoutMs: 1_000, retries: 0 },
      health: { now: () => clock, degradedAfter: 3, failureWindowMs: 3_600_000, backoffBaseMs: 30_000, ...health },
    });
    events = [];
    t.connector.events.on('transition', (e: TransitionEvent) => events.push(`${e.from}>${e.to}:${e.reason}`));
  }

  async function connected(scopes?: string[]): Promise<{ conn: ConnectionView; key: string; installationId: string }> {
    const issued = pleo.issue(scopes ? { scopes } : {});
    const r = await t.connector.connections.connect(t.tenantA.id, issued.key);
    if (!r.ok) throw new Error(r.message);
    events.length = 0;
    return { conn: r.connection, key: issued.key, installationId: issued.installationId };
  }

  const row = (id: string) => t.connector.database.db.selectFrom('connections').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('a healthy key stays connected and records the check', async () => {
    await setup();
    const { conn } = await connected();
    const out = await t.connector.health.checkOne(t.tenantA.id, conn.id);
    expect(out).toMatchObject({ result: 'ok', from: 'connected', to: 'connected' });
    expect((await row(conn.id)).last_checked_at).toBe(new Date(clock).toISOString());
    expect(events).toEqual([]);
  });

  it('401 → needs_reconnect, recorded locally only (nothing reported to the platform), one event', async () => {
    await setup();
    const { conn, key } = await connected();
    pleo.keys.get(key)!.revoked = true;
    const putsBefore = pleo.puts.length;
    expect(await t.connector.health.checkOne(t.tenantA.id, conn.id)).toMatchObject({
      result: 'invalid_key',
      to: 'needs_reconnect',
      errorClass: 'invalid_key',
    });
    expect(await t.connector.health.checkOne(t.tenantA.id, conn.id)).toMatchObject({ result: 'invalid_key', from: 'needs_reconnect' });
    expect(pleo.puts.length).toBe(putsBefore);
    expect(events).toEqual(['connected>needs_reconnect:invalid_key']);
    const v = await t.connector.connections.get(t.tenantA.id, conn.id);
    expect(v).toMatchObject({
      lastErrorClass: 'invalid_key',
      lastErrorMessage: 'The API Key appears to be invalid. Please check and try again.',
    });
    // The scheduler leaves a dead key alone (no point hammering the platform with it).
    expect((await t.connector.health.checkAll()).total).toBe(0);
  });

  it('scopes no longer sufficient → PUT INACTIVE + AUTH_ERROR once; fixed → PUT ACTIVATED and connected', async () => {
    await setup();
    const { conn, key, installationId } = await connected();
    const k = pleo.keys.get(key)!;
    const full = [...k.scopes];
    k.scopes = ['export-jobs:read'];
    expect(await t.connector.health.checkOne(t.tenantA.id, conn.id)).toMatchObject({ result: 'missing_scopes', to: 'needs_reconnect' });
    expect(pleo.installations.get(installationId)).toMatchObject({ status: 'INACTIVE', errorCode: 'AUTH_ERROR' });
    await t.connector.health.checkOne(t.tenantA.id, conn.id);
    expect(pleo.puts.filter((p) => p.installationId === installationId).map((p) => p.body)).toEqual([
      { status: 'INACTIVE', errorCode: 'AUTH_ERROR' },
    ]);
    expect((await t.connector.connections.get(t.tenantA.id, conn.id))?.lastErrorMessage).toContain('export-jobs:write, export-items:read');
    // A live key with too few scopes is still re-checked by the scheduler.
    expect((await t.connector.health.checkAll()).total).toBe(1);

    k.scopes = full;
    expect(await t.connector.health.checkOne(t.tenantA.id, conn.id)).toMatchObject({ result: 'ok', to: 'connected' });
    expect(pleo.installations.get(installationId)).toMatchObject({ status: 'ACTIVATED', errorCode: null });
    expect(events).toEqual([
      'connected>connected:reported_inactive',
      'connected>needs_reconnect:missing_scopes',
      'needs_reconnect>needs_reconnect:reported_active',
      'needs_reconnect>connected:recovered',
    ]);
    expect(await t.connector.connections.get(t.tenantA.id, conn.id)).toMatchObject({ reportedStatus: 'ACTIVATED', lastErrorClass: null });
  });

  it('transient failures back off, count at most once per hour, degrade after repeated failures, clear on success', async () => {
    await setup();
    const { conn } = await connected();
    pleo.failWith = 503;
    const hour = 3_600_000;

    let out = await t.connector.health.checkOne(t.tenantA.id, conn.id);
    expect(out).toMatchObject({ result: 'transient', to: 'connected', errorClass: 'platform_unavailable' });
    let r = await row(conn.id);
    expect([r.failure_count, r.failure_streak]).toEqual([1, 1]);
    expect(Date.parse(r.next_check_at!)).toBeGreaterThanOrEqual(clock + 15_000);

    clock += 60_000; // within the hour: not counted again, but the backoff grows
    await t.connector.health.checkOne(t.tenantA.id, conn.id);
    r = await row(conn.id);
    expect([r.failure_count, r.failure_streak]).toEqual([1, 2]);
    expect(Date.parse(r.next_check_at!)).toBeGreaterThanOrEqual(clock + 30_000);

    clock += hour;
    await t.connector.health.checkOne(t.tenantA.id, conn.id);
    expect((await row(conn.id)).failure_count).toBe(2);
    expect(events).toEqual([]);

    clock += hour;
    out = await t.connector.health.checkOne(t.tenantA.id, conn.id);
    expect(out).toMatchObject({ to: 'degraded' });
    expect(events).toEqual(['connected>degraded:platform_unavailable']);

    pleo.failWith = 429;
    clock += hour;
    expect(await t.connector.health.checkOne(t.tenantA.id, conn.id)).toMatchObject({
      result: 'transient',
      errorClass: 'rate_limited',
      to: 'degraded',
    });

    pleo.failWith = undefined;
    clock += 60_000;
    expect(await t.connector.health.checkOne(t.tenantA.id, conn.id)).toMatchObject({ result: 'ok', from: 'degraded', to: 'connected' });
    r = await row(conn.id);
    expect([r.failure_count, r.failure_streak, r.last_error_class, r.last_failure_counted_at]).toEqual([0, 0, null, null]);
    expect(events).toEqual(['connected>degraded:platform_unavailable', 'degraded>connected:recovered']);
  });

  it('a timeout is a transient failure too', async () => {
    await setup({ call: { timeoutMs: 100, retries: 0 } });
    const { conn } = await connected();
    pleo.delayMs = 400;
    expect(await t.connector.health.checkOne(t.tenantA.id, conn.id)).toMatchObject({
      result: 'transient',
      errorClass: 'platform_unavailable',
    });
    expect((await row(conn.id)).last_error_class).toBe('platform_unavailable');
  });

  it('checkAll: bounded concurrency and a progress callback for every connection', async () => {
    await setup();
    for (let i = 0; i < 6; i++) await connected();
    // Requests a previous test abandoned (client timeouts) may still be sleeping on the server.
    while (pleo.inFlight > 0) await new Promise((r) => setTimeout(r, 20));
    pleo.delayMs = 60;
    pleo.maxInFlight = 0;
    const progress: string[] = [];
    const summary = await t.connector.health.checkAll({
      concurrency: 2,
      onProgress: (p) => progress.push(`${p.done}/${p.total}:${p.outcome.result}`),
    });
    expect(summary).toMatchObject({ total: 6, checked: 6, byResult: { ok: 6 } });
    expect(progress).toEqual(['1/6:ok', '2/6:ok', '3/6:ok', '4/6:ok', '5/6:ok', '6/6:ok']);
    expect(pleo.maxInFlight).toBe(2);
  });

  it('scheduled runs only check due connections, and two instances never check the same one twice', async () => {
    await setup();
    for (let i = 0; i < 4; i++) await connected();
    // Freshly connected: nothing is due yet.
    expect((await t.connector.health.checkAll({ onlyDue: true })).total).toBe(0);
    await t.connector.database.db
      .updateTable('connections')
      .set({ next_check_at: new Date(clock - 1000).toISOString() })
      .execute();
    // Two runs at once, as two instances would: the claim lets only one of them check each connection.
    const before = pleo.requests.length;
    const [a, b] = await Promise.all([
      t.connector.health.checkAll({ onlyDue: true, concurrency: 2 }),
      t.connector.health.checkAll({ onlyDue: true, concurrency: 2 }),
    ]);
    const checked = [...a.outcomes, ...b.outcomes].filter((o) => o.result === 'ok').map((o) => o.connectionId);
    expect(new Set(checked).size).toBe(4);
    expect(checked).toHaveLength(4);
    expect(pleo.requests.length - before).toBe(4); // one introspect per connection (it names the company)
    expect((await t.connector.health.checkAll({ onlyDue: true })).total).toBe(0);
  });

  it('start() checks due connections in the background; stop() ends it', async () => {
    await setup({ tickMs: 50 });
    const { conn } = await connected();
    await t.connector.database.db
      .updateTable('connections')
      .set({ next_check_at: new Date(clock - 1000).toISOString() })
      .execute();
    const before = (await row(conn.id)).last_checked_at;
    clock += 5_000;
    t.connector.health.start();
    for (let i = 0; i < 100 && (await row(conn.id)).last_checked_at === before; i++) await new Promise((r) => setTimeout(r, 20));
    await t.connector.health.stop();
    expect((await row(conn.id)).last_checked_at).toBe(new Date(clock).toISOString());
  });

  it('integration-side failures: reported INACTIVE + INTEGRATION_ERROR, then ACTIVATED when fixed', async () => {
    let healthy = false;
    await setup({
      integrationProbe: async () => (healthy ? { ok: true } : { ok: false, message: 'ERP rejects our credentials', persistent: true }),
    });
    const { conn, installationId } = await connected();
    expect(await t.connector.health.checkOne(t.tenantA.id, conn.id)).toMatchObject({
      result: 'integration_error',
      message: 'ERP rejects our credentials',
    });
    expect(pleo.installations.get(installationId)).toMatchObject({ status: 'INACTIVE', errorCode: 'INTEGRATION_ERROR' });
    await t.connector.health.checkOne(t.tenantA.id, conn.id);
    expect(pleo.puts.filter((p) => p.installationId === installationId)).toHaveLength(1);
    healthy = true;
    expect(await t.connector.health.checkOne(t.tenantA.id, conn.id)).toMatchObject({ result: 'ok' });
    expect(pleo.installations.get(installationId)).toMatchObject({ status: 'ACTIVATED' });

    // And explicitly, from the app.
    const r = await t.connector.health.reportIntegrationFailure(t.tenantA.id, conn.id, 'chart of accounts missing', 'INTEGRATION_ERROR');
    expect(r.ok).toBe(true);
    expect(pleo.installations.get(installationId)?.status).toBe('INACTIVE');
    expect((await t.connector.health.clearIntegrationFailure(t.tenantA.id, conn.id)).ok).toBe(true);
    expect(pleo.installations.get(installationId)?.status).toBe('ACTIVATED');
    expect(events.filter((e) => e.includes('reported'))).toEqual([
      'connected>connected:reported_inactive',
      'connected>connected:reported_active',
      'connected>connected:reported_inactive',
      'connected>connected:reported_active',
    ]);
  });
});
