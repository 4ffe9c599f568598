import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../../../testing.ts';
import { call } from '../../security-suite.ts';

describe('webhook subscriptions (happy paths)', () => {
  let p: TestPlatform;
  let key: string;
  beforeAll(async () => {
    p = await startTestPlatform();
    key = (await p.issueKey({ scopes: ['vendors:read', 'export-jobs:read'] })).key;
  });
  afterAll(async () => p.close());

  const create = (body: Record<string, unknown>) => call(p, 'POST', '/v1/subscriptions', key, body);

  it('POST creates (200) a SubscriptionResponse: ACTIVE by default, no auth; GET by id returns the same', async () => {
    const res = await create({ endpointUrl: 'https://erp.example/hooks/pleo', eventTypes: ['v1.export-job.created', 'v1.vendor.created'] });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    expect(res.body.data).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      endpointUrl: 'https://erp.example/hooks/pleo',
      eventTypes: ['v1.export-job.created', 'v1.vendor.created'],
      status: 'ACTIVE',
      endpointAuth: { type: 'NONE' },
      createdAt: expect.any(String),
      updatedAt: res.body.data.createdAt,
    });
    expect((await call(p, 'GET', `/v1/subscriptions/${res.body.data.id}`, key)).body).toEqual(res.body);
  });

  it('custom headers are kept; BASIC endpoint credentials are write-only (the password is never returned)', async () => {
    const res = await create({
      endpointUrl: 'https://erp.example/hooks/basic',
      eventTypes: ['v1.vendor.created'],
      status: 'INACTIVE',
      customHeaders: { 'X-Tenant': 'acme' },
      endpointAuth: { type: 'BASIC', credentials: { username: 'pleo', password: 's3cret-pass' } },
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      status: 'INACTIVE',
      customHeaders: { 'X-Tenant': 'acme' },
      endpointAuth: { type: 'BASIC', credentials: { username: 'pleo' } },
    });
    const got = await call(p, 'GET', `/v1/subscriptions/${res.body.data.id}`, key);
    expect(JSON.stringify(got.body)).not.toContain('s3cret-pass');
  });

  it('GET lists the installation’s subscriptions oldest first, by status and by event type, with cursors', async () => {
    const k = (await p.issueKey({ scopes: ['vendors:read', 'export-jobs:read'] })).key;
    const mk = async (eventTypes: string[], status = 'ACTIVE') =>
      (await call(p, 'POST', '/v1/subscriptions', k, { endpointUrl: 'https://erp.example/h', eventTypes, status })).body.data.id;
    const a = await mk(['v1.vendor.created']);
    const b = await mk(['v1.export-job.created'], 'INACTIVE');
    const c = await mk(['v1.vendor.created', 'v1.export-job.created']);
    const ids = async (q: string) => (await call(p, 'GET', `/v1/subscriptions${q}`, k)).body.data.map((s: { id: string }) => s.id);
    expect(await ids('')).toEqual([a, b, c]);
    expect(await ids('?status=ACTIVE')).toEqual([a, c]);
    expect(await ids('?status=INACTIVE')).toEqual([b]);
    expect(await ids('?event_types=v1.export-job.created')).toEqual([b, c]);
    expect(await ids('?event_types=v1.export-job.created&event_types=v1.vendor.created')).toEqual([a, b, c]);
    const first = await call(p, 'GET', '/v1/subscriptions?limit=2', k);
    expect(first.body.pagination).toMatchObject({ hasNextPage: true, hasPreviousPage: false, total: 3 });
    const next = await call(p, 'GET', `/v1/subscriptions?limit=2&after=${first.body.pagination.endCursor}`, k);
    expect(next.body.data.map((s: { id: string }) => s.id)).toEqual([c]);
    const echoed = await call(p, 'GET', '/v1/subscriptions?status=ACTIVE&event_types=v1.vendor.created', k);
    expect(echoed.body.pagination.currentRequestPagination.parameters).toEqual({ status: ['ACTIVE'], event_types: ['v1.vendor.created'] });
  });

  it('PUT replaces the settings (absent fields cleared, status back to ACTIVE); the secret stays', async () => {
    const made = await create({
      endpointUrl: 'https://erp.example/old',
      eventTypes: ['v1.vendor.created'],
      status: 'INACTIVE',
      customHeaders: { 'X-Old': '1' },
    });
    const id = made.body.data.id;
    const secret = (await call(p, 'GET', `/v1/subscriptions/${id}/secret`, key)).body.data.secretKey;
    const res = await call(p, 'PUT', `/v1/subscriptions/${id}`, key, {
      endpointUrl: 'https://erp.example/new',
      eventTypes: ['v1.export-job.created'],
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      id,
      endpointUrl: 'https://erp.example/new',
      eventTypes: ['v1.export-job.created'],
      status: 'ACTIVE',
    });
    expect(res.body.data.customHeaders).toBeUndefined();
    expect(res.body.data.createdAt).toBe(made.body.data.createdAt);
    expect((await call(p, 'GET', `/v1/subscriptions/${id}/secret`, key)).body.data.secretKey).toBe(secret);
  });

  it('DELETE (204): the subscription leaves the list, stays readable by id with deletedAt/deletedBy, and is gone for PUT, DELETE and secret', async () => {
    const id = (await create({ endpointUrl: 'https://erp.example/del', eventTypes: ['v1.vendor.created'] })).body.data.id;
    const del = await call(p, 'DELETE', `/v1/subscriptions/${id}`, key);
    expect(del.status).toBe(204);
    expect(del.body).toBeNull();
    const got = await call(p, 'GET', `/v1/subscriptions/${id}`, key);
    expect(got.status).toBe(200);
    expect(got.body.data).toMatchObject({
      id,
      status: 'INACTIVE',
      deletedAt: expect.any(String),
      deletedBy: `urn:pleo:company:${p.companyA}`,
    });
    const list = await call(p, 'GET', '/v1/subscriptions', key);
    expect(list.body.data.map((s: { id: string }) => s.id)).not.toContain(id);
    expect((await call(p, 'DELETE', `/v1/subscriptions/${id}`, key)).status).toBe(404);
    expect((await call(p, 'GET', `/v1/subscriptions/${id}/secret`, key)).status).toBe(404);
    const put = await call(p, 'PUT', `/v1/subscriptions/${id}`, key, {
      endpointUrl: 'https://erp.example/x',
      eventTypes: ['v1.vendor.created'],
    });
    expect(put.status).toBe(404);
  });

  it('activities record CREATE, UPDATE and DELETE with the actor, oldest first, filterable by operation_types', async () => {
    const id = (await create({ endpointUrl: 'https://erp.example/act', eventTypes: ['v1.vendor.created'] })).body.data.id;
    await call(p, 'PUT', `/v1/subscriptions/${id}`, key, { endpointUrl: 'https://erp.example/act2', eventTypes: ['v1.vendor.created'] });
    await call(p, 'DELETE', `/v1/subscriptions/${id}`, key);
    const res = await call(p, 'GET', `/v1/subscriptions/${id}/activities`, key);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual(
      ['CREATE', 'UPDATE', 'DELETE'].map((operationType, i) => ({
        id: expect.any(String),
        subscriptionId: id,
        operationType,
        description: ['Subscription created', 'Subscription updated', 'Subscription deleted'][i],
        actorUrn: `urn:pleo:company:${p.companyA}`,
        createdAt: expect.any(String),
      })),
    );
    expect(res.body.pagination).toMatchObject({ hasNextPage: false, total: 3 });
    const only = await call(p, 'GET', `/v1/subscriptions/${id}/activities?operation_types=DELETE&operation_types=CREATE`, key);
    expect(only.body.data.map((a: { operationType: string }) => a.operationType)).toEqual(['CREATE', 'DELETE']);
  });

  it('GET …/secret returns a Standard Webhooks whsec_ secret, one per subscription, never cached nor logged', async () => {
    const a = (await create({ endpointUrl: 'https://erp.example/s1', eventTypes: ['v1.vendor.created'] })).body.data.id;
    const b = (await create({ endpointUrl: 'https://erp.example/s2', eventTypes: ['v1.vendor.created'] })).body.data.id;
    const ra = await call(p, 'GET', `/v1/subscriptions/${a}/secret`, key);
    expect(ra.status).toBe(200);
    expect(ra.headers.get('cache-control')).toBe('no-store');
    expect(ra.body).toEqual({ data: { secretKey: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{32}$/) } });
    const rb = await call(p, 'GET', `/v1/subscriptions/${b}/secret`, key);
    expect(rb.body.data.secretKey).not.toBe(ra.body.data.secretKey);
    expect(p.logs.join('')).not.toContain(ra.body.data.secretKey.slice(6));
  });

  it('a connector can subscribe to both events with its own callback URL (http on loopback in a local deployment)', async () => {
    const res = await create({
      endpointUrl: 'http://127.0.0.1:4100/webhooks/pleo',
      eventTypes: ['v1.export-job.created', 'v1.vendor.created'],
    });
    expect(res.status).toBe(200);
    expect(res.body.data.eventTypes).toEqual(['v1.export-job.created', 'v1.vendor.created']);
  });

  it('the OpenAPI document lists all seven operations under Pleo’s operation ids', async () => {
    const doc = (await fetch(`${p.url}/openapi.json`).then((r) => r.json())) as {
      paths: Record<string, Record<string, { operationId?: string }>>;
    };
    const ops = (path: string) => Object.fromEntries(Object.entries(doc.paths[path] ?? {}).map(([m, o]) => [m, o.operationId]));
    expect(ops('/v1/subscriptions')).toEqual({ get: 'getSubscriptions', post: 'createSubscription' });
    expect(ops('/v1/subscriptions/{id}')).toEqual({ get: 'getSubscriptionById', put: 'updateSubscription', delete: 'deleteSubscription' });
    expect(ops('/v1/subscriptions/{id}/activities')).toEqual({ get: 'getSubscriptionActivities' });
    expect(ops('/v1/subscriptions/{id}/secret')).toEqual({ get: 'getSubscriptionSecret' });
  });
});
