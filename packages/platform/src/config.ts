import { DEFAULT_PREFIX, isValidPrefix, type KeyEnv } from '@latchkey/keys';

export interface PlatformConfig {
  /** Key prefix of this deployment (`lk` → `lk_live_…`). */
  keyPrefix: string;
  keyEnv: KeyEnv;
  /** Requests per key per window before 429. */
  rateLimit: { limit: number; windowMs: number };
  /** How often each node looks for keys revoked or re-timed on other nodes. */
  invalidationPollMs: number;
  /** How often buffered `last_used_at` values are written. */
  lastUsedFlushMs: number;
  /** Maximum cached key records per node. */
  cacheSize: number;
  /** Longest grace window allowed when regenerating a key. */
  maxGraceSeconds: number;
  /** Public base URL of the platform (links in webhooks and the CLI output). */
  publicUrl: string;
  /** Cookies get `Secure` when the public URL is https. */
  sessionTtlMs: number;
  /** Password re-entry older than this must be repeated before installing. */
  reauthWindowMs: number;
  /** When set, revocations are broadcast and rate-limit counters shared through Redis. */
  redisUrl: string | null;
  /** Seconds between webhook delivery attempts; after the last one a delivery is marked failed. */
  webhookRetryScheduleS: number[];
  /**
   * Webhooks may also go over plain http and to loopback/private/CGNAT/unique-local addresses
   * (`LATCHKEY_WEBHOOK_ALLOW_PRIVATE=1`; `latchkey dev` sets it for its connector on 127.0.0.1). Off: https to
   * public addresses only.
   */
  webhookAllowPrivate: boolean;
}

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return n;
}

function flagFromEnv(name: string): boolean {
  const raw = process.env[name];
  if (raw === undefined || raw === '' || raw === '0') return false;
  if (raw === '1') return true;
  throw new Error(`${name} must be 1 or 0, got "${raw}"`);
}

export function loadConfig(overrides: Partial<PlatformConfig> = {}): PlatformConfig {
  const keyPrefix = overrides.keyPrefix ?? process.env.LATCHKEY_KEY_PREFIX ?? DEFAULT_PREFIX;
  if (!isValidPrefix(keyPrefix)) throw new Error(`LATCHKEY_KEY_PREFIX "${keyPrefix}" is invalid: 2–16 lowercase letters or digits`);
  const keyEnv = overrides.keyEnv ?? ((process.env.LATCHKEY_KEY_ENV as KeyEnv | undefined) || 'live');
  if (keyEnv !== 'live' && keyEnv !== 'test') throw new Error(`LATCHKEY_KEY_ENV must be live or test, got "${keyEnv}"`);
  return {
    keyPrefix,
    keyEnv,
    rateLimit: overrides.rateLimit ?? { limit: intFromEnv('LATCHKEY_RATE_LIMIT', 1200), windowMs: 60_000 },
    invalidationPollMs: overrides.invalidationPollMs ?? 500,
    lastUsedFlushMs: overrides.lastUsedFlushMs ?? 5_000,
    cacheSize: overrides.cacheSize ?? intFromEnv('LATCHKEY_KEY_CACHE_SIZE', 200_000),
    maxGraceSeconds: 7 * 24 * 3600,
    publicUrl: overrides.publicUrl ?? process.env.LATCHKEY_PLATFORM_URL ?? 'http://127.0.0.1:4000',
    sessionTtlMs: overrides.sessionTtlMs ?? 12 * 3600_000,
    reauthWindowMs: overrides.reauthWindowMs ?? 5 * 60_000,
    webhookRetryScheduleS: overrides.webhookRetryScheduleS ?? [5, 30, 120, 600, 1800, 3600, 3 * 3600, 6 * 3600],
    webhookAllowPrivate: overrides.webhookAllowPrivate ?? flagFromEnv('LATCHKEY_WEBHOOK_ALLOW_PRIVATE'),
    redisUrl: overrides.redisUrl !== undefined ? overrides.redisUrl : process.env.REDIS_URL || null,
  };
}
