import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../testing.ts';
import { buildWebIfStale, webIsStale } from './build.ts';
import { WEB_DIST } from './paths.ts';

describe('the single-page app is served at / without shadowing the APIs', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    await buildWebIfStale();
    p = await startTestPlatform();
  }, 120_000);
  afterAll(async () => p.close());

  const get = (path: string) => fetch(`${p.url}${path}`);

  it('buildWebIfStale leaves a fresh build alone', async () => {
    expect(webIsStale()).toBe(false);
    const started = Date.now();
    await buildWebIfStale();
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('/ and client routes answer index.html, uncached, with a strict Content-Security-Policy', async () => {
    for (const path of ['/', '/login', '/settings/api-keys', '/partner/new']) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      const html = await res.text();
      expect(html).toContain('<div id="root"></div>');
      expect(html).not.toMatch(/<script>(?!<\/script>)/); // no inline script
    }
  });

  it('hashed assets are served with a long immutable cache; missing files are JSON 404s', async () => {
    const asset = readdirSync(join(WEB_DIST, 'assets')).find((f) => f.endsWith('.js'))!;
    const res = await get(`/assets/${asset}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('cache-control')).toContain('immutable');
    const missing = await get('/assets/nope.js');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ type: 'NOT_FOUND' });
    expect((await get('/favicon.svg')).status).toBe(200);
  });

  it('the bundle holds no server code: no TypeBox schema, no Fastify, no database driver', () => {
    const js = readdirSync(join(WEB_DIST, 'assets'))
      .filter((f) => f.endsWith('.js'))
      .map((f) => readFileSync(join(WEB_DIST, 'assets', f), 'utf8'))
      .join('\n');
    expect(js).toContain('/app/api');
    for (const marker of ['~kind', 'additionalProperties', 'fastify', 'kysely', 'better-sqlite3', 'node:crypto']) {
      expect(js, marker).not.toContain(marker);
    }
  });

  it('never answers for /v0–/v3, /docs, /openapi.json, /healthz or /app/api', async () => {
    for (const path of ['/v1/nothing', '/v0/nothing', '/v2/nothing', '/v3/nothing', '/v9', '/app/api/nothing', '/app/api']) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toMatch(/json/);
    }
    expect((await get('/v1/installations/me')).status).toBe(401);
    expect((await get('/healthz')).headers.get('content-type')).toMatch(/json/);
    const openapi = await get('/openapi.json');
    expect(openapi.status).toBe(200);
    const doc = (await openapi.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths).some((k) => k.startsWith('/app') || k === '/*')).toBe(false);
    const docs = await get('/docs/');
    expect(docs.status).toBe(200);
    expect(await docs.text()).toMatch(/swagger/i);
  });

  it('path traversal does not escape the build folder', async () => {
    for (const path of ['/..%2f..%2fpackage.json', '/assets/..%2f..%2f..%2fpackage.json', '/%2e%2e/%2e%2e/package.json']) {
      const res = await fetch(`${p.url}${path}`);
      expect([403, 404], path).toContain(res.status);
      expect(await res.text()).not.toContain('@latchkey/platform');
    }
  });
});
