import type { FastifyReply } from 'fastify';
import { MemoryRateLimiter } from '../../auth/rate-limit.ts';
import type { Executor } from '../../domain/context.ts';
import { confirmIdentity, type Session } from '../../domain/sessions.ts';

const WINDOW_MS = 15 * 60_000;

export class RateLimited extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('rate limited');
  }
}

/** Failed attempts per key in a fixed window; only failures count, so busy offices behind one address are not locked out. */
class FailureCounter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Seconds until `key` may try again, or 0. */
  blocked(key: string, now: number): number {
    const w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) return 0;
    return w.count >= this.limit ? Math.max(1, Math.ceil((w.start + this.windowMs - now) / 1000)) : 0;
  }

  fail(key: string, now: number): void {
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      if (this.windows.size > 100_000) this.windows.clear();
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    w.count++;
  }

  reset(key: string): void {
    this.windows.delete(key);
  }
}

/**
 * Password-guessing limits, per node: failed logins per email (10 / 15 min) and per client address
 * (100 / 15 min), failed password re-entries per user (10 / 15 min), and sign-ups per address (20 / 15 min).
 */
export class PasswordGuards {
  private readonly emailFailures = new FailureCounter(10, WINDOW_MS);
  private readonly ipFailures = new FailureCounter(100, WINDOW_MS);
  private readonly reauthFailures = new FailureCounter(10, WINDOW_MS);
  private readonly signups = new MemoryRateLimiter(20, WINDOW_MS);

  /** Runs a login attempt under the limits; `attempt` resolves to whether the password was right. */
  async login<T>(ip: string, email: string, attempt: () => Promise<T | null>): Promise<T | null> {
    const now = Date.now();
    const emailKey = email.trim().toLowerCase();
    const wait = Math.max(this.ipFailures.blocked(ip, now), this.emailFailures.blocked(emailKey, now));
    if (wait) throw new RateLimited(wait);
    const result = await attempt();
    if (result === null) {
      this.ipFailures.fail(ip, now);
      this.emailFailures.fail(emailKey, now);
    } else {
      this.emailFailures.reset(emailKey);
    }
    return result;
  }

  signup(ip: string): void {
    const wait = this.signups.hit(ip, Date.now());
    if (wait) throw new RateLimited(wait);
  }

  /** Password re-entry (or a fresh one) before a sensitive action; wrong passwords are limited per user. */
  async confirm(db: Executor, session: Session, password: string | undefined, windowMs: number): Promise<void> {
    const key = session.user.id;
    if (password) {
      const wait = this.reauthFailures.blocked(key, Date.now());
      if (wait) throw new RateLimited(wait);
    }
    try {
      await confirmIdentity(db, session, password, windowMs);
      if (password) this.reauthFailures.reset(key);
    } catch (err) {
      if (password) this.reauthFailures.fail(key, Date.now());
      throw err;
    }
  }
}

export function sendRateLimited(reply: FastifyReply, err: RateLimited) {
  reply.header('retry-after', String(err.retryAfterSeconds));
  return reply
    .code(429)
    .send({ type: 'RATE_LIMITED', message: `Too many attempts. Try again in ${Math.ceil(err.retryAfterSeconds / 60)} minute(s).` });
}
