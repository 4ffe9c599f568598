/**
 * Failure throttles for password checks (login, password re-entry). An attempt takes its slot
 * synchronously, before the awaited password check, so a burst of concurrent guesses cannot all be
 * evaluated while the counter still reads zero: `reserve()` → check → `success()` or `failure()`.
 * Only failures stay counted, so busy offices behind one address are not locked out by their own logins.
 */

/** Thrown (and answered 429 with `Retry-After`) when an attempt may not even be evaluated. */
export class TooManyAttempts extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many attempts. Try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s).`);
    this.name = 'TooManyAttempts';
  }
}

export interface ThrottleRule {
  /** Failed (plus in-flight) attempts allowed per key and window. */
  limit: number;
  windowMs: number;
  /** A success clears the key's failures (right for an account, wrong for a client address shared by an attacker). */
  resetOnSuccess?: boolean;
  /**
   * Past `limit`, not a lock for the rest of the window but one attempt at a time after a wait that
   * doubles with each further failure: `baseMs`, 2·`baseMs`, … up to `maxMs`. The window then runs from
   * the last failure.
   */
  backoff?: { baseMs: number; maxMs: number };
}

export interface Attempt {
  /** The check passed: frees the slot (and clears the key's failures where the rule says so). */
  success(now?: number): void;
  /** The check failed: the slot stays counted as a failure for the rest of the window. */
  failure(now?: number): void;
}

interface Window {
  start: number;
  failures: number;
  pending: number;
  lastFailure: number;
}

const MAX_KEYS = 100_000;

class Counter {
  private readonly windows = new Map<string, Window>();
  constructor(readonly rule: ThrottleRule) {}

  private live(key: string, now: number): Window | undefined {
    const w = this.windows.get(key);
    if (w && now - w.start >= this.rule.windowMs && w.pending === 0) {
      this.windows.delete(key);
      return undefined;
    }
    return w;
  }

  /** Seconds until `key` has a free slot, or 0. */
  wait(key: string, now: number): number {
    const w = this.live(key, now);
    if (!w || now - w.start >= this.rule.windowMs) return 0;
    if (w.failures + w.pending < this.rule.limit) return 0;
    const backoff = this.rule.backoff;
    if (!backoff) return Math.max(1, Math.ceil((w.start + this.rule.windowMs - now) / 1000));
    const delay = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.min(30, w.failures - this.rule.limit));
    // One attempt at a time past the limit: a burst gets the one slot, the rest wait for its outcome.
    if (w.pending > 0) return Math.max(1, Math.ceil(delay / 1000));
    const left = w.lastFailure + delay - now;
    return left > 0 ? Math.max(1, Math.ceil(left / 1000)) : 0;
  }

  take(key: string, now: number): void {
    let w = this.live(key, now);
    if (!w) {
      if (this.windows.size >= MAX_KEYS) this.prune(now);
      w = { start: now, failures: 0, pending: 0, lastFailure: 0 };
      this.windows.set(key, w);
    } else if (now - w.start >= this.rule.windowMs) {
      // Only slots still in flight keep an expired window alive: start a fresh one that keeps them.
      w.start = now;
      w.failures = 0;
    }
    w.pending++;
  }

  settle(key: string, failed: boolean, now: number): void {
    const w = this.windows.get(key);
    if (!w) return;
    w.pending = Math.max(0, w.pending - 1);
    if (failed) {
      w.failures++;
      w.lastFailure = now;
      // With backoff the window runs from the last failure: failures are forgotten only after a quiet window.
      if (this.rule.backoff) w.start = now;
    } else if (this.rule.resetOnSuccess) w.failures = 0;
    if (w.failures === 0 && w.pending === 0) this.windows.delete(key);
    else if (now - w.start >= this.rule.windowMs && w.pending === 0) this.windows.delete(key);
  }

  private prune(now: number): void {
    for (const [key, w] of this.windows) if (now - w.start >= this.rule.windowMs && w.pending === 0) this.windows.delete(key);
    if (this.windows.size >= MAX_KEYS) this.windows.clear();
  }
}

/**
 * Several rules over one kind of attempt, each keyed its own way (`{ client: ip, account: email }`).
 * An attempt needs a free slot under every rule; per node, in memory.
 */
export class FailureThrottle<K extends string> {
  private readonly counters: Record<K, Counter>;

  constructor(rules: Record<K, ThrottleRule>) {
    this.counters = Object.fromEntries(Object.entries<ThrottleRule>(rules).map(([name, rule]) => [name, new Counter(rule)])) as Record<
      K,
      Counter
    >;
  }

  /** Takes a slot under every rule at once, or throws TooManyAttempts and takes none. Synchronous on purpose. */
  reserve(keys: Record<K, string>, now = Date.now()): Attempt {
    const entries = Object.entries(keys) as [K, string][];
    const wait = Math.max(0, ...entries.map(([name, key]) => this.counters[name].wait(key, now)));
    if (wait > 0) throw new TooManyAttempts(wait);
    for (const [name, key] of entries) this.counters[name].take(key, now);
    let settled = false;
    const settle = (failed: boolean, at = Date.now()) => {
      if (settled) return;
      settled = true;
      for (const [name, key] of entries) this.counters[name].settle(key, failed, at);
    };
    return { success: (at?: number) => settle(false, at), failure: (at?: number) => settle(true, at) };
  }

  /**
   * Runs `check` in a reserved slot. It passes when `passed(result)` (default: a result that is not
   * null/undefined/false); a thrown error counts as a failure and is rethrown.
   */
  async guard<T>(
    keys: Record<K, string>,
    check: () => Promise<T>,
    passed: (result: T) => boolean = (r) => r != null && r !== false,
  ): Promise<T> {
    const attempt = this.reserve(keys);
    let result: T;
    try {
      result = await check();
    } catch (err) {
      attempt.failure();
      throw err;
    }
    if (passed(result)) attempt.success();
    else attempt.failure();
    return result;
  }
}

const FIFTEEN_MINUTES = 15 * 60_000;
const BACKOFF = { baseMs: 1_000, maxMs: FIFTEEN_MINUTES };

/** Keys of a sign-in attempt: the client's address and the account's e-mail (see accountKey). */
export interface LoginKeys {
  client: string;
  account: string;
}

/**
 * Sign-in limits both apps use, each failure counted three ways:
 * - per client address: 100 failures / 15 min whatever the accounts (never cleared by a success, which an
 *   attacker with an account of their own could otherwise arrange);
 * - per account and client: 5 free failures, then one attempt at a time after 1 s, 2 s, 4 s, … up to
 *   15 min — a guesser is slowed to a crawl, and the owner signing in from elsewhere is not affected;
 * - per account from anywhere: 50 failures, then backoff up to 30 s only, so guessing from many addresses
 *   stays slow while the real owner (staff included) is never locked out for long. A success clears both
 *   account rules.
 */
export class LoginThrottle {
  private readonly throttle = new FailureThrottle({
    client: { limit: 100, windowMs: FIFTEEN_MINUTES },
    accountClient: { limit: 5, windowMs: FIFTEEN_MINUTES, resetOnSuccess: true, backoff: BACKOFF },
    account: { limit: 50, windowMs: FIFTEEN_MINUTES, resetOnSuccess: true, backoff: { baseMs: 1_000, maxMs: 30_000 } },
  });

  private keys({ client, account }: LoginKeys) {
    return { client, account, accountClient: `${account}\u0000${client}` };
  }

  reserve(keys: LoginKeys, now = Date.now()): Attempt {
    return this.throttle.reserve(this.keys(keys), now);
  }

  guard<T>(keys: LoginKeys, check: () => Promise<T>, passed?: (result: T) => boolean): Promise<T> {
    return this.throttle.guard(this.keys(keys), check, passed);
  }
}

export const loginThrottle = (): LoginThrottle => new LoginThrottle();

/**
 * Password re-entry of a signed-in user before a sensitive action, per user: 5 free failures, then backoff
 * from 1 s doubling up to 15 min. Keys: `{ user: id }`.
 */
export const reentryThrottle = () =>
  new FailureThrottle({ user: { limit: 5, windowMs: FIFTEEN_MINUTES, resetOnSuccess: true, backoff: BACKOFF } });

/** The account part of a login key: e-mail addresses compare case-insensitively and without surrounding space. */
export const accountKey = (email: string): string => email.trim().toLowerCase();
