import type { FastifyReply } from 'fastify';
import { MemoryRateLimiter } from '../../auth/rate-limit.ts';
import type { Executor } from '../../domain/context.ts';
import { DomainError } from '../../domain/errors.ts';
import { confirmIdentity, type Session } from '../../domain/sessions.ts';

const WINDOW_MS = 15 * 60_000;

export class RateLimited extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('rate limited');
  }
}

/** Password-guessing limits (per web plugin instance, i.e. per node): login per email and per address, re-entry per user. */
export class PasswordGuards {
  private readonly perEmail = new MemoryRateLimiter(10, WINDOW_MS);
  private readonly perIp = new MemoryRateLimiter(100, WINDOW_MS);
  private readonly perUser = new MemoryRateLimiter(10, WINDOW_MS);

  /** Throws RateLimited when this address or email has tried too often. */
  login(ip: string, email?: string): void {
    const now = Date.now();
    const wait = this.perIp.hit(`ip:${ip}`, now) || (email ? this.perEmail.hit(`email:${email.trim().toLowerCase()}`, now) : 0);
    if (wait) throw new RateLimited(wait);
  }

  /** Password re-entry (or a fresh one) before a sensitive action; guesses are limited per user. */
  async confirm(db: Executor, session: Session, password: string | undefined, windowMs: number): Promise<void> {
    if (password) {
      const wait = this.perUser.hit(session.user.id, Date.now());
      if (wait) throw new RateLimited(wait);
    }
    await confirmIdentity(db, session, password, windowMs);
  }
}

export function sendRateLimited(reply: FastifyReply, err: RateLimited) {
  reply.header('retry-after', String(err.retryAfterSeconds));
  return reply
    .code(429)
    .send({ type: 'RATE_LIMITED', message: `Too many attempts. Try again in ${Math.ceil(err.retryAfterSeconds / 60)} minute(s).` });
}

export const wrongAccount = (message: string) => new DomainError('forbidden', message, 'WRONG_ACCOUNT_KIND');
