import { startTestPlatform, type TestPlatform } from '@latchkey/platform/testing.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../test-support.ts';

describe('GET /api/operator/connections', () => {
  let p: TestPlatform;
  let app: TestApp;

  beforeAll(async () => {
    p = await startTestPlatform();
    app = await startTestApp({ platformBaseUrl: p.url });
  });
  afterAll(async () => {
    await app?.close();
    await p?.close();
  });

  it('operators overview: every connection with tenant, state, company, last check and error — never a key; customers are refused', async () => {
    const issued = await p.issueKey();
    const { email } = await app.tenant('Tenant overview');
    const c = app.client();
    await c.login(email);
    await c.post('/api/connection/connect', { key: issued.key });

    expect((await c.get('/api/operator/connections')).status).toBe(403);
    const ops = app.client();
    const { email: opsEmail } = await app.operator();
    const login = await ops.login(opsEmail);
    expect(login.body.principal).toMatchObject({ kind: 'operator', email: opsEmail });
    const res = await ops.get('/api/operator/connections');
    expect(res.status).toBe(200);
    expect(res.body.total).toBeGreaterThanOrEqual(1);
    const row = res.body.data.find((r: { tenantName: string }) => r.tenantName === 'Tenant overview');
    expect(row).toMatchObject({ state: 'connected', companyId: issued.companyId, keyMask: `lk_live_…${issued.key.slice(-4)}` });
    expect(row.lastCheckedAt).toBeTruthy();
    expect(Object.keys(row)).not.toContain('secret');
    const text = JSON.stringify(res.body);
    expect(text).not.toContain(issued.key);
    expect(text).not.toMatch(/lk_live_[A-Za-z0-9]{20,}/);
    expect(text).not.toMatch(/"(secret|pending_secret|password_hash)"/);
    expect(res.body.counts.connected).toBeGreaterThanOrEqual(1);
    const filtered = await ops.get('/api/operator/connections?state=uninstalled');
    expect(filtered.body.data.every((r: { state: string }) => r.state === 'uninstalled')).toBe(true);

    // Operators have no tenant: the customer routes are closed to them.
    expect((await ops.get('/api/connection')).status).toBe(403);
    expect((await ops.post('/api/connection/connect', { key: issued.key })).status).toBe(403);
  });
});
