import { Redis } from 'ioredis';
import type { KeyChanges } from './key-changes.ts';
import type { RateLimiter } from './rate-limit.ts';

const CHANNEL = 'latchkey:keys:invalidate';

/**
 * Cross-node coordination through Redis (only when REDIS_URL is set):
 * - key invalidations are published so every node evicts a revoked key within milliseconds
 *   (the database poll stays as the fallback);
 * - rate-limit counters are shared, see `RedisRateLimiter`.
 */
export class RedisSync {
  readonly client: Redis;
  private readonly subscriber: Redis;

  constructor(url: string) {
    this.client = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true });
    this.subscriber = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2, enableReadyCheck: false });
  }

  async subscribe(onInvalidate: (changes: KeyChanges) => void): Promise<void> {
    // Services may be stopped and started again (close() quit both connections): reopen them first.
    for (const conn of [this.client, this.subscriber]) if (conn.status === 'end') await conn.connect();
    this.subscriber.removeAllListeners('message');
    await this.subscriber.subscribe(CHANNEL);
    this.subscriber.on('message', (_channel, message: string) => {
      const changes = parseChanges(message);
      if (changes) onInvalidate(changes);
    });
  }

  publish(changes: KeyChanges): void {
    if (changes.digests?.length || changes.installations?.length || changes.integrations?.length) {
      this.client.publish(CHANNEL, JSON.stringify(changes)).catch(() => {});
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.client.quit(), this.subscriber.quit()]);
  }
}

/** A broadcast message; anything else on the channel is ignored (the poll still covers it). */
function parseChanges(message: string): KeyChanges | null {
  try {
    const m = JSON.parse(message) as Record<string, unknown>;
    const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
    return { digests: list(m.digests), installations: list(m.installations), integrations: list(m.integrations) };
  } catch {
    return null;
  }
}

/**
 * Shared per-key counters without a Redis round trip per request: each node counts locally and every
 * `syncMs` adds its deltas to the window's counter in Redis (INCRBY), learning the cluster-wide total.
 * A node may overshoot the limit by what other nodes counted since the last sync (≤ syncMs of traffic).
 */
export class RedisRateLimiter implements RateLimiter {
  private readonly local = new Map<string, { window: number; delta: number; global: number; lastHit: number }>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly redis: Redis,
    private readonly limit: number,
    private readonly windowMs: number,
    syncMs = 100,
  ) {
    this.timer = setInterval(() => void this.sync(), syncMs);
    this.timer.unref();
  }

  hit(keyId: string, now: number): number {
    const window = Math.floor(now / this.windowMs);
    let c = this.local.get(keyId);
    if (!c || c.window !== window) {
      c = { window, delta: 0, global: 0, lastHit: now };
      this.local.set(keyId, c);
    }
    c.delta++;
    c.lastHit = now;
    if (c.global + c.delta > this.limit) return Math.max(1, Math.ceil(((window + 1) * this.windowMs - now) / 1000));
    return 0;
  }

  async sync(): Promise<void> {
    // Keys with local hits to add, and keys used in the last few seconds whose cluster total may have grown
    // on other nodes (INCRBY 0 reads it).
    const now = Date.now();
    const window = Math.floor(now / this.windowMs);
    const pending = [...this.local].filter(([, c]) => c.delta > 0 || (c.window === window && now - c.lastHit < 5_000));
    if (pending.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const [keyId, c] of pending) {
      const k = `latchkey:rl:${keyId}:${c.window}`;
      pipeline.incrby(k, c.delta);
      pipeline.pexpire(k, this.windowMs * 2);
    }
    const sent = pending.map(([keyId, c]) => ({ keyId, c, delta: c.delta }));
    for (const s of sent) s.c.delta = 0;
    try {
      const results = await pipeline.exec();
      sent.forEach((s, i) => {
        const total = Number(results?.[i * 2]?.[1] ?? 0);
        if (this.local.get(s.keyId) === s.c) s.c.global = total;
      });
    } catch {
      for (const s of sent) s.c.delta += s.delta; // Redis unreachable: keep counting locally
    }
    if (this.local.size > 100_000) this.local.clear();
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.sync();
  }
}
