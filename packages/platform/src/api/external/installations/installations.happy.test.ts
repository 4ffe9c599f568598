import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../../testing.ts';
import { call } from '../security-suite.ts';

describe('installations/me and introspect (happy paths)', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform();
  });
  afterAll(async () => p.close());

  it('GET /v1/installations/me returns the key’s installation as Pleo shapes it', async () => {
    const k = await p.issueKey({ scopes: ['users:read', 'vendors:read'] });
    const res = await call(p, 'GET', '/v1/installations/me', k.key);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    expect(res.body).toEqual({
      id: k.installationId,
      applicationId: k.integrationId,
      resource: `urn:pleo:company:${k.companyId}`,
      status: 'PENDING_INTEGRATION',
      metadata: {},
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const filtered = await call(p, 'GET', `/v1/installations/me?company_id=${k.companyId}`, k.key);
    expect(filtered.status).toBe(200);
  });

  it('accepts Bearer as well as Basic', async () => {
    const k = await p.issueKey();
    const res = await fetch(`${p.url}/v1/introspect`, { headers: { authorization: `Bearer ${k.key}` } });
    expect(res.status).toBe(200);
  });

  it('GET /v1/introspect names client, scopes and subject', async () => {
    const k = await p.issueKey({ scopes: ['vendors:read', 'users:read'] });
    const res = await call(p, 'GET', '/v1/introspect', k.key);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      authMethod: 'API_KEY',
      scope: 'users:read vendors:read',
      subjectURN: `urn:pleo:company:${k.companyId}`,
    });
    expect(res.body.data.clientId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body.data.applicationName).toMatch(/Test Integration/);
  });

  it('activate → ACTIVATED; PUT INACTIVE with errorCode; back to ACTIVATED clears it; metadata kept', async () => {
    const k = await p.issueKey();
    const act = await call(p, 'POST', '/v1/installations/me:activate', k.key);
    expect(act.status).toBe(200);
    expect(act.body.status).toBe('ACTIVATED');
    const inactive = await call(p, 'PUT', '/v1/installations/me', k.key, {
      status: 'INACTIVE',
      errorCode: 'AUTH_ERROR',
      metadata: { erp: 'x1' },
    });
    expect(inactive.body).toMatchObject({ status: 'INACTIVE', errorCode: 'AUTH_ERROR', metadata: { erp: 'x1' } });
    const back = await call(p, 'PUT', '/v1/installations/me', k.key, { status: 'ACTIVATED' });
    expect(back.body.status).toBe('ACTIVATED');
    expect(back.body.errorCode).toBeUndefined();
    expect(back.body.metadata).toEqual({ erp: 'x1' });
    const post = await call(p, 'POST', '/v1/installations/me', k.key, { metadata: { erp: 'x2' } });
    expect(post.body).toMatchObject({ status: 'ACTIVATED', metadata: { erp: 'x2' } });
  });

  it('DELETE uninstalls: 204, then every key of the installation is 401', async () => {
    const k = await p.issueKey();
    const del = await call(p, 'DELETE', '/v1/installations/me', k.key);
    expect(del.status).toBe(204);
    expect((await call(p, 'GET', '/v1/installations/me', k.key)).status).toBe(401);
  });

  it('regenerate with grace: both keys work until the old one expires; with 0 grace the old fails at once', async () => {
    const k = await p.issueKey();
    const next = await p.regenerateKey(k.key, 3600);
    expect((await call(p, 'GET', '/v1/installations/me', k.key)).status).toBe(200);
    expect((await call(p, 'GET', '/v1/installations/me', next)).status).toBe(200);
    const third = await p.regenerateKey(next, 0);
    expect((await call(p, 'GET', '/v1/installations/me', next)).status).toBe(401);
    expect((await call(p, 'GET', '/v1/installations/me', k.key)).status).toBe(401);
    expect((await call(p, 'GET', '/v1/installations/me', third)).status).toBe(200);
  });

  it('records last_used_at without a write per request (flushed in batches)', async () => {
    const k = await p.issueKey();
    await call(p, 'GET', '/v1/introspect', k.key);
    const before = await p.database.db.selectFrom('api_keys').select('last_used_at').where('id', '=', k.keyId).executeTakeFirstOrThrow();
    expect(before.last_used_at).toBeNull();
    await p.services.verifier.flushLastUsed();
    const after = await p.database.db.selectFrom('api_keys').select('last_used_at').where('id', '=', k.keyId).executeTakeFirstOrThrow();
    expect(after.last_used_at).not.toBeNull();
  });
});
