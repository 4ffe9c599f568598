import { randomUUID } from 'node:crypto';
import { routesOf } from '@latchkey/server-kit';
import { docsHeaderProblems } from '@latchkey/server-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicAuth, startTestPlatform, type TestPlatform } from '../testing.ts';

describe('response headers of the external API and /docs', () => {
  let p: TestPlatform;
  let key: string;
  beforeAll(async () => {
    p = await startTestPlatform();
    key = (await p.issueKey()).key;
  });
  afterAll(async () => p?.close());

  it('every external API route answers Cache-Control: no-store, to a valid key and to none', async () => {
    const routes = routesOf(p.app).filter((r) => /^\/v\d+\//.test(r.url) && r.method !== 'HEAD');
    expect(routes.length).toBeGreaterThan(40);
    for (const r of routes) {
      const url = r.url
        .replaceAll('::', '\u0001')
        .replace(/:[A-Za-z0-9_]+(\([^)]*\))?/g, () => randomUUID())
        .replaceAll('\u0001', ':');
      for (const headers of [{ authorization: basicAuth(key) }, {}]) {
        const res = await p.app.inject({ method: r.method as 'GET', url, headers });
        expect(res.headers['cache-control'], `${r.method} ${r.url}`).toBe('no-store');
      }
    }
  });

  it('/docs has security headers: a CSP without inline code or framing, nosniff, no referrer', async () => {
    const res = await p.app.inject({ method: 'GET', url: '/docs/' });
    expect(res.statusCode).toBe(200);
    expect(docsHeaderProblems(res.headers)).toEqual([]);
  });
});
