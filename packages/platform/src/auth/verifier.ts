import { describeParseFailure, digestKey, parseKey } from '@latchkey/keys';
import type { Kysely } from 'kysely';
import type { PlatformConfig } from '../config.ts';
import type { DB } from '../db/schema.ts';
import { nowIso, parseJson } from '../util/ids.ts';
import type { RateLimiter, RateWindow } from './rate-limit.ts';

/** What a verified key stands for; cached per node by key digest. */
export interface KeyPrincipal {
  keyId: string;
  installationId: string;
  companyId: string;
  integrationId: string;
  clientId: string;
  applicationName: string;
  scopes: ReadonlySet<string>;
  /** Space-separated, as `/v1/introspect` returns it. */
  scope: string;
  expiresAtMs: number | null;
}

export type VerifyFailure = { ok: false; status: 401 | 429; type: string; message: string; retryAfterSeconds?: number };
export type VerifyResult = { ok: true; principal: KeyPrincipal } | VerifyFailure;

const unauthorized = (message: string): VerifyFailure => ({ ok: false, status: 401, type: 'UNAUTHORIZED', message });
const NO_KEY = unauthorized('Missing credentials: send the API key as HTTP Basic username with an empty password, or as a Bearer token.');
const UNKNOWN = unauthorized('The API key is invalid, revoked or expired.');
const NEGATIVE_TTL_MS = 1_000;

/**
 * A cached key: it is its own (successful) verdict, and carries its per-request state — expiry, the
 * rate-limit counter when the limiter has one, the buffered last-used time (queued in `dirty` at most
 * once per flush) — so a cache hit allocates nothing and touches no other map or object.
 */
interface CacheEntry {
  readonly ok: true;
  readonly principal: KeyPrincipal;
  readonly expiresAtMs: number | null;
  readonly counter: RateWindow | null;
  lastUsedAt: number;
  dirty: boolean;
}

/** Scope sets are shared by every key of the same approval: one read-only copy per distinct `scopes` column. */
const MAX_SCOPE_SETS = 1_000;

/** Reused by `keyFromAuthorization` (synchronous, so never shared by two calls): no buffer per request. */
const SCRATCH = Buffer.allocUnsafe(1024);
/** Longest base64 value whose decoding always fits in SCRATCH (341 × 3 = 1 023 bytes). */
const SCRATCH_BASE64_CHARS = Math.floor(SCRATCH.length / 3) * 4;

/** Extracts the candidate key from `Basic base64(key:)` or `Bearer key`. Returns '' when absent. */
export function keyFromAuthorization(header: string | undefined): string {
  if (!header) return '';
  const space = header.indexOf(' ');
  if (space < 0) return '';
  const scheme = header.slice(0, space);
  const lower = scheme === 'Basic' ? 'basic' : scheme === 'Bearer' ? 'bearer' : scheme.toLowerCase();
  const value = header.slice(space + 1).trim();
  if (lower === 'bearer') return value;
  if (lower !== 'basic') return '';
  if (value.length > SCRATCH_BASE64_CHARS) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon < 0 ? decoded : decoded.slice(0, colon);
  }
  // The user name is everything before the first ':' byte (0x3A is never part of a multi-byte UTF-8
  // sequence), so only that part is decoded to a string.
  const n = SCRATCH.write(value, 0, 'base64');
  let end = 0;
  while (end < n && SCRATCH[end] !== 0x3a) end++;
  return SCRATCH.toString('utf8', 0, end);
}

/**
 * The verification hot path: header → digest → in-process cache → (on a miss: format/checksum, no I/O,
 * then the DB) → expiry → rate limit. Revocations on this node evict at once; other nodes' revocations are picked up
 * by polling `api_keys.changed_at` (see `start` and `pollInvalidations`). `last_used_at` is buffered and flushed
 * in batches, so a verified request does no write.
 */
export class KeyVerifier {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly negative = new Map<string, number>();
  /** Entries used since the last flush (each once). */
  private dirty: CacheEntry[] = [];
  private readonly scopeSets = new Map<string, { scopes: ReadonlySet<string>; scope: string }>();
  private pollTimer: NodeJS.Timeout | undefined;
  private flushTimer: NodeJS.Timeout | undefined;
  private pollCursor = nowIso();

  constructor(
    private readonly db: Kysely<DB>,
    private readonly config: PlatformConfig,
    private readonly limiter: RateLimiter,
  ) {}

  /** Verifies synchronously when the key is cached; returns a promise only on a cache miss. */
  verify(authorization: string | undefined): VerifyResult | Promise<VerifyResult> {
    const key = keyFromAuthorization(authorization);
    if (!key) return NO_KEY;
    const digest = digestKey(key);
    const cached = this.cache.get(digest);
    // Only keys that passed the format check (a pure function of the key and this node's prefix) are
    // ever loaded and cached, so a hit needs no second check; everything else is checked before any I/O.
    if (cached) return this.admit(cached);
    const parsed = parseKey(key, this.config.keyPrefix);
    if (!parsed.ok) return unauthorized(`The API key is malformed: ${describeParseFailure(parsed.reason)}.`);
    const negativeUntil = this.negative.get(digest);
    if (negativeUntil !== undefined && negativeUntil > Date.now()) return UNKNOWN;
    return this.load(digest).then((entry) => (entry ? this.admit(entry) : UNKNOWN));
  }

  private admit(entry: CacheEntry): VerifyResult {
    const now = Date.now();
    if (entry.expiresAtMs !== null && entry.expiresAtMs <= now) return UNKNOWN;
    const limited =
      entry.counter && this.limiter.hitCounter ? this.limiter.hitCounter(entry.counter, now) : this.limiter.hit(entry.principal.keyId, now);
    if (limited !== 0) {
      return {
        ok: false,
        status: 429,
        type: 'RATE_LIMITED',
        message: 'Too many requests for this API key; retry later.',
        retryAfterSeconds: limited,
      };
    }
    entry.lastUsedAt = now;
    if (!entry.dirty) {
      entry.dirty = true;
      this.dirty.push(entry);
    }
    return entry;
  }

  private async load(digest: string): Promise<CacheEntry | null> {
    const row = await this.db
      .selectFrom('api_keys')
      .innerJoin('installations', 'installations.id', 'api_keys.installation_id')
      .innerJoin('integrations', 'integrations.id', 'installations.integration_id')
      .select([
        'api_keys.id as key_id',
        'api_keys.expires_at',
        'api_keys.revoked_at',
        'installations.id as installation_id',
        'installations.company_id',
        'installations.scopes',
        'installations.deleted_at',
        'integrations.id as integration_id',
        'integrations.client_id',
        'integrations.name',
      ])
      .where('api_keys.digest', '=', digest)
      .executeTakeFirst();
    if (!row || row.revoked_at || row.deleted_at) {
      this.rememberUnknown(digest);
      return null;
    }
    const { scopes, scope } = this.scopeSet(row.scopes);
    const principal: KeyPrincipal = {
      keyId: row.key_id,
      installationId: row.installation_id,
      companyId: row.company_id,
      integrationId: row.integration_id,
      clientId: row.client_id,
      applicationName: row.name,
      scopes,
      scope,
      expiresAtMs: row.expires_at ? Date.parse(row.expires_at) : null,
    };
    if (this.cache.size >= this.config.cacheSize) {
      // Evict the oldest entry (Map keeps insertion order).
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    const entry: CacheEntry = {
      ok: true,
      principal,
      expiresAtMs: principal.expiresAtMs,
      counter: this.limiter.counter?.(principal.keyId) ?? null,
      lastUsedAt: 0,
      dirty: false,
    };
    this.cache.set(digest, entry);
    return entry;
  }

  private scopeSet(column: string): { scopes: ReadonlySet<string>; scope: string } {
    let found = this.scopeSets.get(column);
    if (!found) {
      const list = parseJson<string[]>(column, []);
      if (this.scopeSets.size >= MAX_SCOPE_SETS) this.scopeSets.clear();
      found = { scopes: new Set(list), scope: list.join(' ') };
      this.scopeSets.set(column, found);
    }
    return found;
  }

  private rememberUnknown(digest: string): void {
    if (this.negative.size >= 10_000) this.negative.clear();
    this.negative.set(digest, Date.now() + NEGATIVE_TTL_MS);
  }

  /** Evicts keys changed on this node (revoked, re-timed); the next request reloads them. */
  invalidate(digests: Iterable<string>): void {
    for (const d of digests) {
      this.cache.delete(d);
      this.negative.delete(d);
    }
  }

  get cachedKeys(): number {
    return this.cache.size;
  }

  /** Looks for keys changed by any node since the last poll (overlapping by 2 s for clock skew). */
  async pollInvalidations(): Promise<number> {
    const since = nowIso(Date.parse(this.pollCursor) - 2_000);
    const started = nowIso();
    const rows = await this.db.selectFrom('api_keys').select('digest').where('changed_at', '>=', since).execute();
    this.invalidate(rows.map((r) => r.digest));
    this.pollCursor = started;
    return rows.length;
  }

  async flushLastUsed(): Promise<void> {
    if (this.dirty.length === 0) return;
    // Latest time per key (an evicted and reloaded key can have two entries queued).
    const latest = new Map<string, number>();
    for (const e of this.dirty) {
      e.dirty = false;
      latest.set(e.principal.keyId, Math.max(latest.get(e.principal.keyId) ?? 0, e.lastUsedAt));
    }
    this.dirty = [];
    const batch = [...latest];
    await this.db.transaction().execute(async (trx) => {
      for (const [keyId, at] of batch) {
        await trx
          .updateTable('api_keys')
          .set({ last_used_at: nowIso(at) })
          .where('id', '=', keyId)
          .execute();
      }
    });
  }

  start(onError: (err: unknown) => void): void {
    const poll = () => this.pollInvalidations().catch(onError);
    const flush = () => this.flushLastUsed().catch(onError);
    this.pollTimer = setInterval(poll, this.config.invalidationPollMs);
    this.flushTimer = setInterval(flush, this.config.lastUsedFlushMs);
    this.pollTimer.unref();
    this.flushTimer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.pollTimer);
    clearInterval(this.flushTimer);
    await this.flushLastUsed();
  }
}
