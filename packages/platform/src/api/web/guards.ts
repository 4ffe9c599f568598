import { accountKey, loginThrottle, reentryThrottle, TooManyAttempts } from '@latchkey/server-kit';
import { MemoryRateLimiter } from '../../auth/rate-limit.ts';
import type { Executor } from '../../domain/context.ts';
import { confirmIdentity, type Session } from '../../domain/sessions.ts';

/**
 * Password-guessing limits, per node (server-kit's throttles: a slot is taken before the password is
 * checked, so concurrent guesses cannot all be evaluated): failed logins per email and per client
 * address, failed password re-entries per user, and sign-ups per address (20 / 15 min).
 */
export class PasswordGuards {
  private readonly logins = loginThrottle();
  private readonly reentries = reentryThrottle();
  private readonly signups = new MemoryRateLimiter(20, 15 * 60_000);

  /** Runs a login attempt under the limits; `attempt` resolves to the user when the password was right, else null. */
  login<T>(ip: string, email: string, attempt: () => Promise<T | null>): Promise<T | null> {
    return this.logins.guard({ client: ip, account: accountKey(email) }, attempt);
  }

  signup(ip: string): void {
    const wait = this.signups.hit(ip, Date.now());
    if (wait) throw new TooManyAttempts(wait);
  }

  /** Password re-entry (or a fresh one) before a sensitive action; wrong passwords are limited per user. */
  async confirm(db: Executor, session: Session, password: string | undefined, windowMs: number): Promise<void> {
    if (!password) return confirmIdentity(db, session, password, windowMs);
    await this.reentries.guard({ user: session.user.id }, async () => {
      await confirmIdentity(db, session, password, windowMs);
      return true;
    });
  }
}
