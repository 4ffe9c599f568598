import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './test-support.ts';

/** The connector's sign-in throttle is server-kit's: account + client address, backoff rather than a lock. */
describe('connector sign-in throttle: account + client, backoff rather than a lock', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ platformBaseUrl: 'http://127.0.0.1:9', trustProxy: 1 });
  });
  afterAll(async () => app?.close());

  it('10 wrong passwords from an attacker’s address: the customer still signs in from theirs; the attacker waits seconds', async () => {
    const user = await app.tenant('Tenant Lockout');
    const attacker = app.client();
    const statuses: number[] = [];
    let retryAfter = 0;
    for (let i = 0; i < 10; i++) {
      const res = await attacker.request(
        'POST',
        '/api/session',
        { email: user.email, password: `guess-${i}-guess` },
        { headers: { 'x-forwarded-for': '203.0.113.9' } },
      );
      statuses.push(res.status);
      if (res.status === 429) retryAfter = Math.max(retryAfter, Number(res.headers.get('retry-after')));
    }
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(2);
    const res = await app.client().request(
      'POST',
      '/api/session',
      { email: user.email, password: 'correct horse battery staple' },
      {
        headers: { 'x-forwarded-for': '198.51.100.1' },
      },
    );
    expect(res.status).toBe(200);
  });
});
