import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './test-support.ts';

describe('connector /docs security headers', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ platformBaseUrl: 'http://127.0.0.1:9' });
  });
  afterAll(async () => app?.close());

  it('a CSP without inline code or framing, nosniff, no referrer', async () => {
    const res = await app.app.inject({ method: 'GET', url: '/docs/' });
    expect(res.statusCode).toBe(200);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });
});
