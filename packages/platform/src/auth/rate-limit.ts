/**
 * Per-key fixed-window rate limiting. `hit` returns 0 when the request may pass, otherwise the
 * seconds until the window resets (for `Retry-After`).
 */
export interface RateLimiter {
  hit(keyId: string, now: number): number;
  /**
   * Optional fast path: the counter of one key, which a caller that looks the key up anyway (the
   * verifier's cache) keeps beside it, and `hitCounter` on it — the same as `hit` without a second
   * lookup in a map of every active key.
   */
  counter?(keyId: string): RateWindow;
  hitCounter?(counter: RateWindow, now: number): number;
  close?(): Promise<void>;
}

/** One key's fixed window. */
export interface RateWindow {
  start: number;
  count: number;
}

/** In-process counters: exact for one node; the default. */
export class MemoryRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, RateWindow>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  hit(keyId: string, now: number): number {
    return this.hitCounter(this.counter(keyId), now);
  }

  counter(keyId: string): RateWindow {
    let w = this.windows.get(keyId);
    if (!w) {
      if (this.windows.size > 100_000) this.windows.clear();
      // Expired from the start: the first hit opens the window.
      w = { start: Number.NEGATIVE_INFINITY, count: 0 };
      this.windows.set(keyId, w);
    }
    return w;
  }

  hitCounter(w: RateWindow, now: number): number {
    if (now - w.start >= this.windowMs) {
      w.start = now;
      w.count = 0;
    }
    w.count++;
    return w.count > this.limit ? Math.max(1, Math.ceil((w.start + this.windowMs - now) / 1000)) : 0;
  }
}
