import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCompany } from '../../../../domain/accounts.ts';
import { startTestPlatform, type TestPlatform } from '../../../../testing.ts';
import { listDeliveries } from '../../../../webhooks/delivery.ts';
import { receiver, type TestReceiver, until } from '../../../../webhooks/test-receiver.ts';
import { call } from '../../security-suite.ts';
import { makeWorld } from '../test-fixtures.ts';

const SCOPES = ['vendors:read', 'vendors:write', 'export-jobs:read', 'export-jobs:write'];
const vendor = (companyId: string, name = 'Fjord Supplies ApS') => ({ companyId, name, defaultCurrency: 'DKK', country: 'DK' });

/** Pleo's events delivered to subscriptions through the outbox, to a real HTTP receiver. */
describe('subscription events (v1.vendor.created, v1.export-job.created)', () => {
  let p: TestPlatform;
  let rx: TestReceiver;
  beforeAll(async () => {
    p = await startTestPlatform({ config: { webhookRetryScheduleS: [0.2, 0.2] } });
  });
  // Each test has its own receiver and its own company, so no event of another test can arrive.
  beforeEach(async () => {
    rx = await receiver();
  });
  afterEach(() => rx.server.close());
  afterAll(async () => p.close());

  const companyKey = async (scopes = SCOPES) => {
    const companyId = await createCompany(p.database.db, { name: `Events ${randomUUID().slice(0, 8)}` });
    return p.issueKey({ scopes, companyId });
  };

  async function subscribe(key: string, eventTypes: string[], extra: Record<string, unknown> = {}) {
    const res = await call(p, 'POST', '/v1/subscriptions', key, { endpointUrl: rx.url, eventTypes, ...extra });
    expect(res.status).toBe(200);
    const secret = (await call(p, 'GET', `/v1/subscriptions/${res.body.data.id}/secret`, key)).body.data.secretKey as string;
    return { id: res.body.data.id as string, secret };
  }
  const verify = (secret: string, i = 0) => {
    const r = rx.got[i];
    if (!r) throw new Error(`no delivery #${i}`);
    return new Webhook(secret).verify(r.body, r.headers as Record<string, string>) as {
      data: Record<string, unknown>;
      eventType: string;
      eventId: string;
    };
  };
  /** Lets the outbox run a couple of passes, so "nothing arrived" means nothing was due. */
  const settle = async () => {
    await p.services.webhooks.tick();
    await p.services.webhooks.tick();
  };

  it('POST /v1/vendors → a correctly signed v1.vendor.created in Pleo’s envelope, data = the vendor as the API returned it', async () => {
    const k = await companyKey();
    const sub = await subscribe(k.key, ['v1.vendor.created']);
    const created = await call(p, 'POST', '/v1/vendors', k.key, vendor(k.companyId));
    expect(created.status).toBe(201);
    await until(() => rx.got.length === 1);
    const event = verify(sub.secret);
    expect(event).toEqual({ data: created.body.data, eventType: 'v1.vendor.created', eventId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const h = rx.got[0]?.headers ?? {};
    expect(h['webhook-id']).toMatch(/^msg_[0-9a-f]{32}$/);
    expect(h['webhook-signature']).toMatch(/^v1,/);
    expect(h['content-type']).toBe('application/json');
    // Signed with this subscription's secret, not the integration's.
    const integrationSecret = (
      await p.database.db.selectFrom('integrations').select('webhook_secret').where('id', '=', k.integrationId).executeTakeFirstOrThrow()
    ).webhook_secret;
    expect(() => verify(integrationSecret)).toThrow();
    // The receiver has the body before the worker records the answer: wait for the record.
    await until(async () => (await listDeliveries(p.database.db, k.integrationId))[0]?.status === 'delivered');
    const [d] = await listDeliveries(p.database.db, k.integrationId);
    expect(d).toMatchObject({ eventType: 'v1.vendor.created', status: 'delivered', attempts: 1 });
    expect(p.logs.join('')).not.toContain(sub.secret.slice(6));
  });

  it('POST /v3/export-jobs → v1.export-job.created with the pending job', async () => {
    const k = await companyKey();
    const w = await makeWorld(p, k.companyId);
    // The seed left a pending job; fail it so the company's expenses are ready again.
    expect((await call(p, 'POST', '/v3/export-job-events', k.key, { jobId: w.jobId, event: 'failed' })).status).toBe(202);
    const sub = await subscribe(k.key, ['v1.export-job.created']);
    const job = await call(p, 'POST', '/v3/export-jobs', k.key, { companyId: k.companyId });
    expect(job.status).toBe(201);
    await until(() => rx.got.length === 1);
    expect(verify(sub.secret)).toEqual({ data: job.body.data, eventType: 'v1.export-job.created', eventId: expect.any(String) });
    expect(job.body.data.status).toBe('pending');
  });

  it('only matching, active subscriptions of the company receive: other events, INACTIVE, deleted, other company — nothing', async () => {
    const k = await companyKey();
    const other = await companyKey();
    await subscribe(k.key, ['v1.export-job.created']);
    await subscribe(k.key, ['v1.vendor.created'], { status: 'INACTIVE' });
    const deleted = await subscribe(k.key, ['v1.vendor.created']);
    expect((await call(p, 'DELETE', `/v1/subscriptions/${deleted.id}`, k.key)).status).toBe(204);
    const paused = await subscribe(k.key, ['v1.vendor.created']);
    const put = { endpointUrl: rx.url, eventTypes: ['v1.vendor.created'], status: 'INACTIVE' };
    expect((await call(p, 'PUT', `/v1/subscriptions/${paused.id}`, k.key, put)).status).toBe(200);
    const b = await subscribe(other.key, ['v1.vendor.created']);
    expect((await call(p, 'POST', '/v1/vendors', k.key, vendor(k.companyId, 'Nobody listens'))).status).toBe(201);
    await settle();
    expect(rx.got).toHaveLength(0);
    // B's subscription does receive B's vendor.
    expect((await call(p, 'POST', '/v1/vendors', other.key, vendor(other.companyId))).status).toBe(201);
    await until(() => rx.got.length === 1);
    expect(verify(b.secret).data.companyId).toBe(other.companyId);
  });

  it('an event written while a subscription was active is not sent once it is deleted or the integration uninstalled', async () => {
    const k = await companyKey();
    const kept = await p.issueKey({ scopes: SCOPES, companyId: k.companyId });
    const sub = await subscribe(k.key, ['v1.vendor.created']);
    await subscribe(kept.key, ['v1.vendor.created']);
    await p.services.stop(); // no worker: the events wait in the outbox
    try {
      expect((await call(p, 'POST', '/v1/vendors', k.key, vendor(k.companyId, 'Late one'))).status).toBe(201);
      expect((await call(p, 'DELETE', `/v1/subscriptions/${sub.id}`, k.key)).status).toBe(204);
      await p.uninstall(kept.key);
      await settle();
      expect(rx.got.map((r) => JSON.parse(r.body).eventType)).not.toContain('v1.vendor.created');
      const [d] = await listDeliveries(p.database.db, k.integrationId);
      expect(d).toMatchObject({ eventType: 'v1.vendor.created', status: 'failed', attempts: 0 });
      const [g] = (await listDeliveries(p.database.db, kept.integrationId)).filter((x) => x.eventType === 'v1.vendor.created');
      expect(g).toMatchObject({ status: 'failed', attempts: 0 });
    } finally {
      await p.services.start(() => undefined);
    }
  });

  it('a 500 is retried with the same webhook-id and eventId, then delivered', async () => {
    const k = await companyKey();
    const sub = await subscribe(k.key, ['v1.vendor.created']);
    rx.answers.push(500);
    expect((await call(p, 'POST', '/v1/vendors', k.key, vendor(k.companyId, 'Retry Co'))).status).toBe(201);
    await until(async () => (await listDeliveries(p.database.db, k.integrationId))[0]?.status === 'delivered');
    expect(rx.got).toHaveLength(2);
    const [d] = await listDeliveries(p.database.db, k.integrationId);
    expect(d).toMatchObject({ attempts: 2, status: 'delivered', lastResult: 'delivered' });
    expect(rx.got.map((r) => r.headers['webhook-id'])).toEqual([d?.id, d?.id]);
    expect(verify(sub.secret, 0).eventId).toBe(verify(sub.secret, 1).eventId);
  });

  it('one event to two installations’ subscriptions: same eventId, own webhook-id and own signature each', async () => {
    const k1 = await companyKey();
    const k2 = await p.issueKey({ scopes: ['vendors:read'], companyId: k1.companyId });
    const s1 = await subscribe(k1.key, ['v1.vendor.created', 'v1.export-job.created']);
    const s2 = await subscribe(k2.key, ['v1.vendor.created']);
    expect((await call(p, 'POST', '/v1/vendors', k1.key, vendor(k1.companyId, 'Twice Co'))).status).toBe(201);
    await until(() => rx.got.length === 2);
    const bySig = rx.got.map((_, i) => {
      try {
        return { who: 1, e: verify(s1.secret, i) };
      } catch {
        return { who: 2, e: verify(s2.secret, i) };
      }
    });
    expect(bySig.map((x) => x.who).sort()).toEqual([1, 2]);
    expect(bySig[0]?.e.eventId).toBe(bySig[1]?.e.eventId);
    expect(rx.got[0]?.headers['webhook-id']).not.toBe(rx.got[1]?.headers['webhook-id']);
  });

  it('custom headers and BASIC credentials are sent with each delivery', async () => {
    const k = await companyKey();
    await subscribe(k.key, ['v1.vendor.created'], {
      customHeaders: { 'X-Tenant': 'acme-42' },
      endpointAuth: { type: 'BASIC', credentials: { username: 'pleo', password: 'hook-pass' } },
    });
    expect((await call(p, 'POST', '/v1/vendors', k.key, vendor(k.companyId, 'Headers Co'))).status).toBe(201);
    await until(() => rx.got.length === 1);
    const h = rx.got[0]?.headers ?? {};
    expect(h['x-tenant']).toBe('acme-42');
    expect(h.authorization).toBe(`Basic ${Buffer.from('pleo:hook-pass').toString('base64')}`);
    expect(p.logs.join('')).not.toContain('hook-pass');
  });

  it('the event is part of the write: a refused vendor (duplicate externalId) publishes nothing', async () => {
    const k = await companyKey();
    await subscribe(k.key, ['v1.vendor.created']);
    const body = { ...vendor(k.companyId, 'Once Co'), externalId: `ERP-${k.installationId}` };
    expect((await call(p, 'POST', '/v1/vendors', k.key, body)).status).toBe(201);
    expect((await call(p, 'POST', '/v1/vendors', k.key, body)).status).toBe(409);
    await until(() => rx.got.length === 1);
    await settle();
    expect(rx.got).toHaveLength(1);
    const rows = await p.database.db
      .selectFrom('webhook_deliveries')
      .select('id')
      .where('integration_id', '=', k.integrationId)
      .where('event_type', '=', 'v1.vendor.created')
      .execute();
    expect(rows).toHaveLength(1);
  });
});
