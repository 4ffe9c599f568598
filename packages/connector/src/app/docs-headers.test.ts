import { docsHeaderProblems } from '@latchkey/server-kit/testing';
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
    expect(docsHeaderProblems(res.headers)).toEqual([]);
  });
});
