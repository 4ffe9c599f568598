import { describe, expect, it } from 'vitest';
import { FailureThrottle, loginThrottle, TooManyAttempts } from './throttle.ts';

const WINDOW = 15 * 60_000;
const login = () =>
  new FailureThrottle({ client: { limit: 100, windowMs: WINDOW }, account: { limit: 10, windowMs: WINDOW, resetOnSuccess: true } });

describe('FailureThrottle', () => {
  it('50 concurrent wrong passwords for one account: only 10 are evaluated, the rest are refused before the check', async () => {
    const throttle = login();
    let evaluated = 0;
    const wrongPassword = async () => {
      evaluated++;
      await new Promise((resolve) => setTimeout(resolve, 20)); // the awaited password check
      return null;
    };
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, () => throttle.guard({ client: '198.51.100.7', account: 'victim@acme.test' }, wrongPassword)),
    );
    expect(evaluated).toBe(10);
    const refused = outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason);
    expect(refused).toHaveLength(40);
    expect(refused.every((e) => e instanceof TooManyAttempts && e.retryAfterSeconds > 0)).toBe(true);
  });

  it('a reserved slot counts while its check is in flight, and is freed by success', () => {
    const t = new FailureThrottle({ account: { limit: 2, windowMs: WINDOW, resetOnSuccess: true } });
    const a = t.reserve({ account: 'x' });
    const b = t.reserve({ account: 'x' });
    expect(() => t.reserve({ account: 'x' })).toThrow(TooManyAttempts);
    b.failure();
    expect(() => t.reserve({ account: 'x' })).toThrow(TooManyAttempts);
    a.success();
    // the success cleared the account's failures, so both slots are free again
    t.reserve({ account: 'x' }).failure();
    t.reserve({ account: 'x' }).failure();
    expect(() => t.reserve({ account: 'x' })).toThrow(TooManyAttempts);
  });

  it('only failures stay counted; a success does not clear a rule without resetOnSuccess (the client address)', () => {
    const t = login();
    for (let i = 0; i < 99; i++) t.reserve({ client: 'ip', account: `user${i}` }).failure();
    t.reserve({ client: 'ip', account: 'mine' }).success();
    t.reserve({ client: 'ip', account: 'mine' }).failure();
    expect(() => t.reserve({ client: 'ip', account: 'someone-else' })).toThrow(TooManyAttempts);
  });

  it('a refused attempt takes no slot under any rule', () => {
    const t = login();
    for (let i = 0; i < 10; i++) t.reserve({ client: 'ip-a', account: 'victim' }).failure();
    for (let i = 0; i < 200; i++) expect(() => t.reserve({ client: 'ip-b', account: 'victim' })).toThrow(TooManyAttempts);
    // ip-b spent nothing: it may still try 100 other accounts
    for (let i = 0; i < 100; i++) t.reserve({ client: 'ip-b', account: `other${i}` }).failure();
  });

  it('the window ends: the key may try again', () => {
    const t = new FailureThrottle({ account: { limit: 1, windowMs: 1000 } });
    const start = Date.now();
    t.reserve({ account: 'x' }, start).failure();
    expect(() => t.reserve({ account: 'x' }, start + 10)).toThrow(TooManyAttempts);
    expect(() => t.reserve({ account: 'x' }, start + 60_000)).not.toThrow();
  });

  it('settling twice counts once; a thrown check counts as a failure and is rethrown', async () => {
    const t = new FailureThrottle({ account: { limit: 2, windowMs: WINDOW } });
    const a = t.reserve({ account: 'x' });
    a.failure();
    a.failure();
    await expect(
      t.guard({ account: 'x' }, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(() => t.reserve({ account: 'x' })).toThrow(TooManyAttempts);
  });
});

describe('backoff instead of a lock', () => {
  const rule = { limit: 2, windowMs: WINDOW, resetOnSuccess: true, backoff: { baseMs: 1000, maxMs: 8000 } };

  it('past the limit one attempt at a time, after a wait that doubles with each failure, capped', () => {
    const t = new FailureThrottle({ account: rule });
    const t0 = 1_000_000;
    t.reserve({ account: 'x' }, t0).failure(t0);
    t.reserve({ account: 'x' }, t0).failure(t0);
    let last = t0;
    for (const wait of [1000, 2000, 4000, 8000, 8000]) {
      expect(() => t.reserve({ account: 'x' }, last + wait - 1)).toThrow(TooManyAttempts);
      const attempt = t.reserve({ account: 'x' }, last + wait);
      expect(() => t.reserve({ account: 'x' }, last + wait), 'one in flight past the limit').toThrow(TooManyAttempts);
      last += wait;
      attempt.failure(last);
    }
  });

  it('the wait is seconds, not the rest of the window, and a success clears it', () => {
    const t = new FailureThrottle({ account: rule });
    const a = t.reserve({ account: 'x' });
    a.failure();
    t.reserve({ account: 'x' }).failure();
    let refused: TooManyAttempts | undefined;
    try {
      t.reserve({ account: 'x' });
    } catch (e) {
      refused = e as TooManyAttempts;
    }
    expect(refused?.retryAfterSeconds).toBe(1);
    t.reserve({ account: 'x' }, Date.now() + 1500).success();
    t.reserve({ account: 'x' }).failure();
    t.reserve({ account: 'x' }).failure();
  });
});

describe('loginThrottle: keyed on account + client', () => {
  it('ten wrong passwords from one address do not lock the account for others; the guesser backs off', () => {
    const t = loginThrottle();
    let evaluated = 0;
    for (let i = 0; i < 10; i++) {
      try {
        t.reserve({ client: '203.0.113.9', account: 'owner@acme.test' }).failure();
        evaluated++;
      } catch (e) {
        expect(e).toBeInstanceOf(TooManyAttempts);
        expect((e as TooManyAttempts).retryAfterSeconds).toBeLessThanOrEqual(2);
      }
    }
    expect(evaluated).toBe(5);
    // the owner, from their own address, is not affected
    t.reserve({ client: '198.51.100.1', account: 'owner@acme.test' }).success();
  });
});
