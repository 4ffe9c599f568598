import { signInRun } from '@latchkey/server-kit/testing';
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
    const { checked, refused, retryAfter } = await signInRun(10, (i) =>
      attacker.request(
        'POST',
        '/api/session',
        { email: user.email, password: `guess-${i}-guess` },
        { headers: { 'x-forwarded-for': '203.0.113.9' } },
      ),
    );
    expect(checked).toBe(5);
    expect(refused).toBe(5);
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
