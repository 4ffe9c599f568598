import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../testing.ts';
import { listDeliveries, WebhookDelivery } from './delivery.ts';
import { receiver, type TestReceiver, until } from './test-receiver.ts';

describe('lifecycle webhooks (Standard Webhooks, persistent outbox)', () => {
  let p: TestPlatform;
  let rx: TestReceiver;
  beforeAll(async () => {
    rx = await receiver();
    p = await startTestPlatform({ config: { webhookRetryScheduleS: [0.2, 0.2] } });
  });
  afterEach(() => {
    rx.got.length = 0;
  });
  afterAll(async () => {
    await p.close();
    rx.server.close();
  });

  async function secretOf(integrationId: string): Promise<string> {
    return (
      await p.database.db.selectFrom('integrations').select('webhook_secret').where('id', '=', integrationId).executeTakeFirstOrThrow()
    ).webhook_secret;
  }

  it('sends created, key_regenerated, key_revoked and deleted in Pleo’s envelope, each verifiably signed, never with a key', async () => {
    const k = await p.issueKey({ webhookUrl: rx.url });
    const next = await p.regenerateKey(k.key, 60);
    await p.revokeKey(k.key);
    await p.uninstall(next);
    await until(() => rx.got.length >= 4);
    const wh = new Webhook(await secretOf(k.integrationId));
    const events = rx.got.map((r) => {
      expect(r.headers['webhook-signature']).toMatch(/^v1,/);
      return wh.verify(r.body, r.headers as Record<string, string>) as {
        eventType: string;
        eventId: string;
        data: Record<string, unknown>;
      };
    });
    for (const e of events) expect(Object.keys(e).sort()).toEqual(['data', 'eventId', 'eventType']);
    expect(new Set(events.map((e) => e.eventId)).size).toBe(4);
    expect(events.map((e) => e.eventType).sort()).toEqual([
      'installation.created',
      'installation.deleted',
      'installation.key_regenerated',
      'installation.key_revoked',
    ]);
    for (const e of events)
      expect(e.data).toMatchObject({
        installationId: k.installationId,
        companyId: k.companyId,
        resource: `urn:pleo:company:${k.companyId}`,
      });
    const all = rx.got.map((r) => r.body).join('');
    expect(all).not.toContain(k.key);
    expect(all).not.toContain(next);
    const bad = new Webhook(`whsec_${Buffer.from('another secret, 32 bytes long!!!').toString('base64')}`);
    expect(() => bad.verify(rx.got[0]?.body as string, rx.got[0]?.headers as Record<string, string>)).toThrow();
  });

  it('retries with backoff after a failure and records attempts', async () => {
    rx.answers.push(500);
    const k = await p.issueKey({ webhookUrl: rx.url });
    await until(async () => (await listDeliveries(p.database.db, k.integrationId))[0]?.status === 'delivered');
    const [d] = await listDeliveries(p.database.db, k.integrationId);
    expect(d).toMatchObject({ eventType: 'installation.created', status: 'delivered', attempts: 2, lastResult: 'delivered' });
    expect(rx.got.map((r) => r.headers['webhook-id'])).toEqual([d?.id, d?.id]); // same id on retry: receivers can dedupe
  });

  it('gives up after the schedule and marks the delivery failed', async () => {
    rx.answers.push(500, 502, 503);
    const k = await p.issueKey({ webhookUrl: rx.url });
    await until(async () => (await listDeliveries(p.database.db, k.integrationId))[0]?.status === 'failed');
    const [d] = await listDeliveries(p.database.db, k.integrationId);
    expect(d).toMatchObject({ attempts: 3, lastResult: 'endpoint_refused', lastResultMessage: 'failed: endpoint refused' });
  });

  it('a restart loses nothing: events written while no worker runs are delivered by the next one', async () => {
    await p.services.stop(); // no delivery worker runs on this node now
    const k = await p.issueKey({ webhookUrl: rx.url });
    await new Promise((r) => setTimeout(r, 300));
    expect(rx.got).toHaveLength(0);
    const fresh = new WebhookDelivery(p.database.db, { retryScheduleS: [1], policy: { allowPrivate: true } });
    await fresh.tick();
    expect(rx.got).toHaveLength(1);
    expect(JSON.parse(rx.got[0]?.body as string).data.installationId).toBe(k.installationId);
  });
});

/** Renames the outbox table from a second connection, so every pass of the platform's worker fails until `restore`. */
async function takeOutboxAway(p: TestPlatform): Promise<{ restore(): Promise<void> }> {
  if (p.dataDir) {
    const other = new SQLite(join(p.dataDir, 'platform.sqlite'));
    other.pragma('busy_timeout = 5000');
    other.exec('ALTER TABLE webhook_deliveries RENAME TO webhook_deliveries_away');
    return {
      async restore() {
        other.exec('ALTER TABLE webhook_deliveries_away RENAME TO webhook_deliveries');
        other.close();
      },
    };
  }
  const other = new pg.Client({ connectionString: process.env.LATCHKEY_TEST_DATABASE_URL });
  await other.connect();
  const table = `"${p.database.schema}".webhook_deliveries`;
  await other.query(`ALTER TABLE ${table} RENAME TO webhook_deliveries_away`);
  return {
    async restore() {
      await other.query(`ALTER TABLE "${p.database.schema}".webhook_deliveries_away RENAME TO webhook_deliveries`);
      await other.end();
    },
  };
}

describe('the delivery loop survives the database going away', () => {
  let p: TestPlatform;
  let rx: Awaited<ReturnType<typeof receiver>>;
  beforeAll(async () => {
    rx = await receiver();
    p = await startTestPlatform({ config: { webhookRetryScheduleS: [0.3, 0.3, 0.3] } });
  });
  afterAll(async () => {
    await p?.close();
    rx?.server.close();
  });

  it('failed passes are logged and backed off, the platform keeps serving, and the pending event is delivered once it is back', async () => {
    rx.answers.push(500);
    const k = await p.issueKey({ webhookUrl: rx.url });
    // The first attempt was answered 500 and recorded: a retry is due shortly.
    await until(async () => (await listDeliveries(p.database.db, k.integrationId))[0]?.attempts === 1);
    const away = await takeOutboxAway(p);
    const failures = () => p.logs.filter((l) => l.includes('webhook delivery pass failed')).length;
    try {
      await until(() => failures() >= 2, 15_000);
      expect((await fetch(`${p.url}/healthz`)).status).toBe(200);
    } finally {
      await away.restore();
    }
    await until(async () => (await listDeliveries(p.database.db, k.integrationId))[0]?.status === 'delivered', 40_000);
    expect(rx.got).toHaveLength(2);
    expect(p.logs.some((l) => l.includes('webhook delivery pass failed (2 in a row); next pass in 2000 ms'))).toBe(true);
  }, 60_000);
});
