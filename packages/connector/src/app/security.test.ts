import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestPlatform, type TestPlatform } from '@latchkey/platform/testing.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SessionClient, startTestApp, type TestApp } from './test-support.ts';

describe('connector app: sessions, CSRF, headers, docs and the web app', () => {
  let p: TestPlatform;
  let app: TestApp;
  let web: string;
  let user: { tenantId: string; email: string };
  let c: SessionClient;

  beforeAll(async () => {
    web = mkdtempSync(join(tmpdir(), 'latchkey-connector-web-'));
    mkdirSync(join(web, 'assets'));
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>connector</title><div id="root"></div>');
    writeFileSync(join(web, 'assets', 'app-abc123.js'), 'console.log(1)');
    p = await startTestPlatform();
    app = await startTestApp({ platformBaseUrl: p.url, webDist: web });
    user = await app.tenant('Tenant S');
    c = app.client();
  });
  afterAll(async () => {
    await app?.close();
    await p?.close();
    rmSync(web, { recursive: true, force: true });
  });

  it('signing in sets an HttpOnly, SameSite=Strict session cookie; wrong passwords are refused and throttled', async () => {
    const anon = app.client();
    expect((await anon.get('/api/session')).status).toBe(401);
    expect((await anon.get('/api/connection')).status).toBe(401);
    const bad = await anon.login(user.email, 'wrong password!');
    expect(bad.status).toBe(401);
    expect(bad.body.type).toBe('INVALID_CREDENTIALS');

    const res = await c.login(user.email);
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie().find((h) => h.startsWith('latchkey_connector_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\//);
    expect(res.body).toMatchObject({ principal: { kind: 'customer', tenantId: user.tenantId, email: user.email } });
    expect(res.body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(res.body)).not.toContain(c.cookie!.split('=')[1]);
    expect((await c.get('/api/session')).status).toBe(200);

    const throttled = app.client();
    const email = `nobody-${Date.now()}@x.test`;
    for (let i = 0; i < 5; i++) expect((await throttled.login(email, 'not the password')).status).toBe(401);
    const blocked = await throttled.login(email, 'not the password');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('60 concurrent wrong passwords for one account: at most 8 are checked (5, then backoff), the rest are refused with 429 before any check', async () => {
    const victim = await app.tenant('Tenant Burst');
    const burst = app.client();
    const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => burst.login(victim.email, `burst-${i}-guess`)));
    const statuses = answers.map((a) => a.status);
    // 5 free failures, then one at a time after 1 s, 2 s, 4 s…: a slow burst may see one or two more checked, never all
    const checked = statuses.filter((s) => s === 401).length;
    expect(checked).toBeGreaterThanOrEqual(5);
    expect(checked).toBeLessThanOrEqual(8);
    expect(statuses.filter((s) => s === 429)).toHaveLength(60 - checked);
  });

  it('state-changing requests need the CSRF token, our own origin and a JSON body; keys are never accepted in a URL', async () => {
    const key = (await p.issueKey()).key;
    expect((await c.post('/api/connection/connect', { key }, { csrf: null })).status).toBe(403);
    expect((await c.post('/api/connection/connect', { key }, { csrf: 'x'.repeat(43) })).body.type).toBe('CSRF_TOKEN_INVALID');
    expect((await c.post('/api/connection/connect', { key }, { headers: { origin: 'https://evil.example' } })).body.type).toBe(
      'CSRF_ORIGIN_REFUSED',
    );
    expect((await c.post('/api/connection/connect', { key }, { headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(403);
    const plain = await c.request('POST', '/api/connection/connect', `{"key":"${key}"}`, { headers: { 'content-type': 'text/plain' } });
    expect(plain.status).toBe(415);
    const inQuery = await c.post(`/api/connection/connect?key=${key}`, { key });
    expect(inQuery.status).toBe(400);
    expect(JSON.stringify(inQuery.body)).not.toContain(key);
    const broken = await c.request('POST', '/api/connection/connect', `{"key": "${key}`);
    expect(broken.status).toBe(400);
    expect(JSON.stringify(broken.body)).not.toContain(key);
    const extra = await c.post('/api/connection/connect', { key, tenantId: 'someone-else' });
    expect(extra.status).toBe(400);
    expect((await c.get('/api/connection')).body.connection).toBeNull();

    const ok = await c.post('/api/connection/connect', { key });
    expect(ok.status).toBe(200);
  });

  it('signing out ends the session on the server', async () => {
    const other = app.client();
    await other.login(user.email);
    const stolen = other.cookie;
    expect((await other.request('DELETE', '/api/session')).status).toBe(204);
    const replay = app.client();
    replay.cookie = stolen;
    expect((await replay.get('/api/session')).status).toBe(401);
  });

  it('security headers: CSP, no-store on the API, no referrer, no framing', async () => {
    const res = await fetch(`${app.url}/connect`);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const apiRes = await fetch(`${app.url}/api/config`);
    expect(apiRes.headers.get('cache-control')).toBe('no-store');
    expect(await apiRes.json()).toMatchObject({ platformName: 'Latchkey', keyFormat: 'strict', requiredScopes: expect.any(Array) });
  });

  it('serves the web app at / with SPA fallback; /api, /docs and /webhooks are never the app', async () => {
    for (const path of ['/', '/connect', '/login', '/operators']) {
      const res = await fetch(app.url + path);
      expect(res.status, path).toBe(200);
      expect(await res.text()).toContain('<div id="root">');
    }
    const asset = await fetch(`${app.url}/assets/app-abc123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${app.url}/assets/missing.js`)).status).toBe(404);
    const unknownApi = await fetch(`${app.url}/api/nothing-here`);
    expect(unknownApi.status).toBe(404);
    expect(await unknownApi.json()).toMatchObject({ type: 'NOT_FOUND' });
    expect((await fetch(`${app.url}/webhooks/latchkey`)).status).toBe(404);
  });

  it('documents its API with OpenAPI at /docs', async () => {
    const docs = await fetch(`${app.url}/docs/`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger');
    const spec = await (await fetch(`${app.url}/openapi.json`)).json();
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        '/api/session',
        '/api/connection',
        '/api/connection/connect',
        '/api/connections/{id}/replace',
        '/api/connections/{id}/test-again',
        '/api/connections/{id}/disconnect',
        '/api/connections/{id}/uninstall',
        '/api/operator/connections',
        '/webhooks/latchkey',
      ]),
    );
    expect(spec.components.schemas).toHaveProperty('ConnectFailure');
  });
});
