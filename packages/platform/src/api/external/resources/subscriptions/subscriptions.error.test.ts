import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SUBSCRIPTIONS_PER_INSTALLATION } from '../../../../domain/subscriptions.ts';
import { startTestPlatform, type TestPlatform } from '../../../../testing.ts';
import { call } from '../../security-suite.ts';

describe('webhook subscriptions (errors)', () => {
  let p: TestPlatform;
  let key: string;
  let id: string;
  beforeAll(async () => {
    p = await startTestPlatform();
    key = (await p.issueKey({ scopes: ['vendors:read', 'export-jobs:read'] })).key;
    id = (await call(p, 'POST', '/v1/subscriptions', key, { endpointUrl: 'https://erp.example/h', eventTypes: ['v1.vendor.created'] })).body
      .data.id;
  });
  afterAll(async () => p.close());

  const ok = { endpointUrl: 'https://erp.example/h', eventTypes: ['v1.vendor.created'] };
  const bad = async (method: string, path: string, body: unknown, field: RegExp) => {
    const res = await call(p, method, path, key, body);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(Object.keys(res.body).sort()).toEqual(['message', 'type']);
    expect(res.body.message).toMatch(field);
  };

  it.each([
    ['no endpointUrl', { eventTypes: ['v1.vendor.created'] }, /endpointUrl/],
    ['no eventTypes', { endpointUrl: 'https://erp.example/h' }, /eventTypes/],
    ['empty eventTypes', { ...ok, eventTypes: [] }, /eventTypes/],
    ['unknown event type', { ...ok, eventTypes: ['v1.expense.created'] }, /eventTypes/],
    ['repeated event type', { ...ok, eventTypes: ['v1.vendor.created', 'v1.vendor.created'] }, /eventTypes/],
    ['unpublished status', { ...ok, status: 'PAUSED' }, /status/],
    ['relative URL', { ...ok, endpointUrl: '/hooks' }, /endpointUrl/],
    ['non-http URL', { ...ok, endpointUrl: 'ftp://erp.example/h' }, /endpointUrl/],
    ['credentials in the URL', { ...ok, endpointUrl: 'https://u:p@erp.example/h' }, /endpointUrl/],
    ['overlong URL', { ...ok, endpointUrl: `https://erp.example/${'a'.repeat(2100)}` }, /endpointUrl/],
    ['NUL in the URL', { ...ok, endpointUrl: 'https://erp.example/\u0000' }, /endpointUrl/],
    ['whitespace in the URL', { ...ok, endpointUrl: 'https://erp.example/a b' }, /endpointUrl/],
    ['a signature header', { ...ok, customHeaders: { 'Webhook-Signature': 'v1,forged' } }, /customHeaders/],
    ['a framing header', { ...ok, customHeaders: { 'Content-Length': '1' } }, /customHeaders/],
    ['CRLF in a header value', { ...ok, customHeaders: { 'X-A': 'a\r\nX-Injected: 1' } }, /customHeaders/],
    ['an invalid header name', { ...ok, customHeaders: { 'X A': '1' } }, /customHeaders/],
    [
      'Authorization beside BASIC',
      { ...ok, customHeaders: { Authorization: 'x' }, endpointAuth: { type: 'BASIC', credentials: { username: 'u', password: 'p' } } },
      /customHeaders/,
    ],
    ['BASIC without a password', { ...ok, endpointAuth: { type: 'BASIC', credentials: { username: 'u' } } }, /password/],
    ['BASIC without credentials', { ...ok, endpointAuth: { type: 'BASIC' } }, /username/],
    ['unpublished auth type', { ...ok, endpointAuth: { type: 'BEARER' } }, /endpointAuth/],
  ])('POST and PUT with %s: 400 naming the field', async (_name, body, field) => {
    await bad('POST', '/v1/subscriptions', body, field);
    await bad('PUT', `/v1/subscriptions/${id}`, body, field);
  });

  it('a non-JSON or missing body is a 400', async () => {
    await bad('POST', '/v1/subscriptions', undefined, /body/);
    const res = await fetch(`${p.url}/v1/subscriptions`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}`, 'content-type': 'application/json' },
      body: '{"endpointUrl":',
    });
    expect(res.status).toBe(400);
  });

  it.each([
    ['status', '?status=PAUSED'],
    ['event_types', '?event_types=v1.expense.created'],
    ['limit', '?limit=-1'],
    ['limit', '?limit=ten'],
  ])('GET /v1/subscriptions with a bad %s: 400', async (field, q) => {
    await bad('GET', `/v1/subscriptions${q}`, undefined, new RegExp(field));
  });

  it('GET activities with an unpublished operation type: 400', async () => {
    await bad('GET', `/v1/subscriptions/${id}/activities?operation_types=RENAME`, undefined, /operation_types/);
  });

  it.each([
    ['GET', ''],
    ['PUT', ''],
    ['DELETE', ''],
    ['GET', '/activities'],
    ['GET', '/secret'],
  ])('%s /v1/subscriptions/{id}%s: a malformed id is 400, an unknown one 404 {type, message}', async (method, tail) => {
    const body = method === 'PUT' ? ok : undefined;
    await bad(method, `/v1/subscriptions/not-a-uuid${tail}`, body, /id/);
    const res = await call(p, method, `/v1/subscriptions/123e4567-e89b-42d3-a456-426614174000${tail}`, key, body);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ type: 'SUBSCRIPTION_NOT_FOUND', message: expect.stringContaining('not found') });
  });

  it('subscribing to an event needs the read scope of its resource: 403 naming it, nothing created', async () => {
    const vendorsOnly = (await p.issueKey({ scopes: ['vendors:read', 'vendors:write', 'export-jobs:write'] })).key;
    const res = await call(p, 'POST', '/v1/subscriptions', vendorsOnly, {
      ...ok,
      eventTypes: ['v1.vendor.created', 'v1.export-job.created'],
    });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ type: 'FORBIDDEN', message: expect.stringContaining('"export-jobs:read"') });
    expect((await call(p, 'GET', '/v1/subscriptions', vendorsOnly)).body.data).toEqual([]);
    const mine = await call(p, 'POST', '/v1/subscriptions', vendorsOnly, ok);
    expect(mine.status).toBe(200);
    const put = await call(p, 'PUT', `/v1/subscriptions/${mine.body.data.id}`, vendorsOnly, {
      ...ok,
      eventTypes: ['v1.export-job.created'],
    });
    expect(put.status).toBe(403);
    expect(put.body.message).toContain('"export-jobs:read"');
  });

  it('another installation’s subscription in the same company does not exist for this key (404 on every operation)', async () => {
    const other = await p.issueKey({ scopes: ['vendors:read', 'export-jobs:read'] });
    for (const [method, tail] of [
      ['GET', ''],
      ['PUT', ''],
      ['DELETE', ''],
      ['GET', '/activities'],
      ['GET', '/secret'],
    ] as const) {
      const res = await call(p, method, `/v1/subscriptions/${id}${tail}`, other.key, method === 'PUT' ? ok : undefined);
      expect(res.status, `${method} ${tail}`).toBe(404);
    }
    expect((await call(p, 'GET', '/v1/subscriptions', other.key)).body.data).toEqual([]);
    expect((await call(p, 'GET', `/v1/subscriptions/${id}`, key)).status).toBe(200); // untouched
  });

  it(`at most ${MAX_SUBSCRIPTIONS_PER_INSTALLATION} subscriptions per installation (400); deleting one frees a place`, async () => {
    const k = (await p.issueKey({ scopes: ['vendors:read'] })).key;
    const ids: string[] = [];
    for (let i = 0; i < MAX_SUBSCRIPTIONS_PER_INSTALLATION; i++) ids.push((await call(p, 'POST', '/v1/subscriptions', k, ok)).body.data.id);
    const over = await call(p, 'POST', '/v1/subscriptions', k, ok);
    expect(over.status).toBe(400);
    expect(over.body.type).toBe('TOO_MANY_SUBSCRIPTIONS');
    expect((await call(p, 'DELETE', `/v1/subscriptions/${ids[0]}`, k)).status).toBe(204);
    expect((await call(p, 'POST', '/v1/subscriptions', k, ok)).status).toBe(200);
  });
});
