import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { docsHeaderProblems } from '../testing/security-checks.ts';
import { registerDocs } from './docs.ts';
import { createServer } from './server.ts';

/** What every app's /docs must send: security headers, and a CSP that still lets swagger-ui's own page run. */
async function docsHeaders(app: FastifyInstance) {
  const page = await app.inject({ method: 'GET', url: '/docs/' });
  const csp = String(page.headers['content-security-policy'] ?? '');
  return { page, csp };
}

describe('/docs security headers', () => {
  it('a strict CSP the swagger-ui page works under (every script from our origin), no framing, nosniff, no referrer', async () => {
    const app = createServer({ bodyLimit: 1024, coerceTypes: false });
    await registerDocs(app, { openapi: { info: { title: 't', version: '1' } } });
    app.get('/thing', async () => ({}));
    await app.ready();
    const { page, csp } = await docsHeaders(app);
    expect(page.statusCode).toBe(200);
    expect(docsHeaderProblems(page.headers)).toEqual([]);
    expect(csp).not.toContain('upgrade-insecure-requests'); // plain http here: it would break the console
    // every script the page loads comes from our own origin (and loads), or is inline and allowed by its hash
    const scripts = [...page.body.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1] as string);
    expect(scripts.length).toBeGreaterThan(0);
    for (const src of scripts) {
      expect(src).not.toMatch(/^(https?:)?\/\//);
      expect((await app.inject({ method: 'GET', url: new URL(src, 'http://x/docs/').pathname })).statusCode, src).toBe(200);
    }
    for (const m of page.body.matchAll(/<script>([\s\S]*?)<\/script>/g)) {
      const hash = createHash('sha256')
        .update(m[1] as string)
        .digest('base64');
      expect(csp).toContain(`'sha256-${hash}'`);
    }
    // the API itself is not given the docs' headers
    expect((await app.inject({ method: 'GET', url: '/thing' })).headers['x-frame-options']).toBeUndefined();
  });

  it('over https: HSTS and upgrade-insecure-requests', async () => {
    const app = createServer({ bodyLimit: 1024, coerceTypes: false });
    await registerDocs(app, { https: true, openapi: { info: { title: 't', version: '1' } } });
    const { page, csp } = await docsHeaders(app);
    expect(csp).toContain('upgrade-insecure-requests');
    expect(page.headers['strict-transport-security']).toMatch(/max-age=\d+/);
  });
});
