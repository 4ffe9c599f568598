/**
 * Per-key fixed-window rate limiting. `hit` returns 0 when the request may pass, otherwise the
 * seconds until the window resets (for `Retry-After`).
 */
export interface RateLimiter {
  hit(keyId: string, now: number): number;
  close?(): Promise<void>;
}

interface Window {
  start: number;
  count: number;
}

/** In-process counters: exact for one node; the default. */
export class MemoryRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  hit(keyId: string, now: number): number {
    let w = this.windows.get(keyId);
    if (!w || now - w.start >= this.windowMs) {
      if (this.windows.size > 100_000) this.windows.clear();
      w = { start: now, count: 0 };
      this.windows.set(keyId, w);
    }
    w.count++;
    return w.count > this.limit ? Math.max(1, Math.ceil((w.start + this.windowMs - now) / 1000)) : 0;
  }
}
