import { signInRun } from '@latchkey/server-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import { startTestPlatform, TEST_PASSWORD, type TestPlatform } from '../../testing.ts';
import { WebClient } from './test-client.ts';

/**
 * Wrong passwords slow the guesser down without locking the owner out: the throttle is keyed on account +
 * client address, with backoff (1 s, 2 s, … 15 min) after 5 failures, not a 15-minute lock of the account.
 * One trusted proxy hop (LATCHKEY_TRUST_PROXY=1) lets the test speak from several client addresses.
 */
describe('sign-in throttle: account + client, backoff rather than a lock', () => {
  let p: TestPlatform;
  const saved = process.env.LATCHKEY_TRUST_PROXY;
  beforeAll(async () => {
    process.env.LATCHKEY_TRUST_PROXY = '1';
    p = await startTestPlatform();
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.LATCHKEY_TRUST_PROXY;
    else process.env.LATCHKEY_TRUST_PROXY = saved;
    await p?.close();
  });

  const from = (ip: string) => ({ headers: { 'x-forwarded-for': ip } });

  it('10 wrong passwords from an attacker’s address: the owner still signs in from theirs, and the attacker waits seconds, not 15 minutes', async () => {
    const attacker = new WebClient(p);
    const { checked, refused, retryAfter } = await signInRun(10, (i) =>
      attacker.post('/session', { email: p.ownerA.email, password: `guess-${i}-guess` }, from('203.0.113.9')),
    );
    expect(checked).toBe(5);
    expect(refused).toBe(5);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(2);

    const owner = new WebClient(p);
    const res = await owner.post('/session', { email: p.ownerA.email, password: TEST_PASSWORD }, from('198.51.100.1'));
    expect(res.status).toBe(200);
  });

  it('a LATCHKEY_TRUST_PROXY that is neither a hop count nor a CIDR list stops the start, naming the variable', async () => {
    process.env.LATCHKEY_TRUST_PROXY = 'true';
    try {
      await expect(buildApp(p.services)).rejects.toThrow(/LATCHKEY_TRUST_PROXY must be a hop count/);
    } finally {
      process.env.LATCHKEY_TRUST_PROXY = '1';
    }
  });

  it('150 concurrent wrong passwords from many addresses for one account are not all evaluated either', async () => {
    const c = new WebClient(p);
    const answers = await Promise.all(
      Array.from({ length: 150 }, (_, i) =>
        c.post('/session', { email: 'spread-victim@acme.test', password: `spread-${i}-guess` }, from(`198.51.100.${i % 3}`)),
      ),
    );
    const evaluated = answers.filter((a) => a.status === 401).length;
    expect(evaluated).toBeLessThanOrEqual(24); // 5 per address, then one at a time with backoff
    expect(answers.filter((a) => a.status === 429).length).toBe(150 - evaluated);
  });
});
