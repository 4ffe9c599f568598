import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../../testing.ts';
import { call } from '../security-suite.ts';

describe('installations/me (bad input)', () => {
  let p: TestPlatform;
  let key: string;
  beforeAll(async () => {
    p = await startTestPlatform({ config: { rateLimit: { limit: 5, windowMs: 60_000 } } });
    key = (await p.issueKey()).key;
  });
  afterAll(async () => p.close());

  it('400 with {type, message} for an unknown status', async () => {
    const res = await call(p, 'PUT', '/v1/installations/me', key, { status: 'DONE' });
    expect(res.status).toBe(400);
    expect(res.body.type).toBe('VALIDATION_ERROR');
    expect(res.body.message).toMatch(/body\.status/);
  });

  it('400 when the body is not JSON', async () => {
    const res = await fetch(`${p.url}/v1/installations/me`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: '{nope',
    });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body).toMatchObject({ type: expect.any(String), message: expect.any(String) });
  });

  it('400 for a malformed company_id filter', async () => {
    const res = await call(p, 'GET', '/v1/installations/me?company_id=not-a-uuid', key);
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/company_id/);
  });

  it('429 with Retry-After once the per-key limit is spent; another key is unaffected', async () => {
    const limited = (await p.issueKey()).key;
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await call(p, 'GET', '/v1/introspect', limited)).status);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    const last = await call(p, 'GET', '/v1/introspect', limited);
    expect(last.status).toBe(429);
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(last.body.type).toBe('RATE_LIMITED');
    const other = (await p.issueKey()).key;
    expect((await call(p, 'GET', '/v1/introspect', other)).status).toBe(200);
  });

  it('never accepts the key as a query parameter', async () => {
    const fresh = (await p.issueKey()).key;
    const res = await fetch(`${p.url}/v1/introspect?api_key=${fresh}`);
    expect(res.status).toBe(401);
  });
});
