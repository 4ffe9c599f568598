import { describeParseFailure, digestKey, parseKey } from '@latchkey/keys';
import type { Kysely } from 'kysely';
import type { PlatformConfig } from '../config.ts';
import type { DB } from '../db/schema.ts';
import { type InstallationView, toInstallationView } from '../domain/installations.ts';
import { nowIso, parseJson } from '../util/ids.ts';
import { type KeyChanges, keyChangeCursor, keyChangesAfter, pruneKeyChanges, toKeyChanges } from './key-changes.ts';
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
  /**
   * The installation as `GET /v1/installations/me` returns it, read with the key and invalidated with it:
   * every write to the installation is in the key-change log (and evicts at once on the node that wrote).
   */
  installation: InstallationView;
}

export type VerifyFailure = { ok: false; status: 401 | 429; type: string; message: string; retryAfterSeconds?: number };
export type VerifyResult = { ok: true; principal: KeyPrincipal } | VerifyFailure;

const unauthorized = (message: string): VerifyFailure => ({ ok: false, status: 401, type: 'UNAUTHORIZED', message });
const NO_KEY = unauthorized('Missing credentials: send the API key as HTTP Basic username with an empty password, or as a Bearer token.');
const UNKNOWN = unauthorized('The API key is invalid, revoked or expired.');
const NEGATIVE_TTL_MS = 1_000;
/** Log rows read per poll query (a poll reads on until it has them all). */
const POLL_BATCH = 5_000;
/** Log rows are kept this long (a node that falls further behind drops its whole cache). */
const KEEP_CHANGES_S = 3_600;
const PRUNE_EVERY_MS = 60_000;

/** A cache miss being read from the database; `stale` = an invalidation that may concern it arrived meanwhile. */
interface Load {
  promise: Promise<CacheEntry | null>;
  stale: boolean;
}

export interface VerifierOptions {
  /** The clock for expiry and rate limits (tests skew it); invalidation never reads a clock. */
  now?: () => number;
}

/**
 * A cached key: it is its own (successful) verdict, and carries its per-request state — expiry, the
 * rate-limit counter when the limiter has one, the buffered last-used time (queued in `dirty` at most
 * once per flush) — so a cache hit allocates nothing and touches no other map or object.
 */
interface CacheEntry {
  readonly ok: true;
  readonly digest: string;
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
 * then the DB) → expiry → rate limit. `last_used_at` is buffered and flushed in batches, so a verified
 * request does no write.
 *
 * Invalidation: this node evicts its own changes at once (`invalidateChanges` after commit), Redis
 * broadcasts them when configured, and — correct on its own — every node polls the database's key-change
 * log past its cursor (`pollInvalidations`, see migration 005-key-changes): no clock is involved, so a
 * skewed node cannot miss a revocation. A cache miss that raced an invalidation is read again and never
 * cached from the earlier read (see `fetch`).
 */
export class KeyVerifier {
  private readonly cache = new Map<string, CacheEntry>();
  /** Digests of the cached keys of each installation (one string in the common one-key case). */
  private readonly byInstallation = new Map<string, string | string[]>();
  private readonly negative = new Map<string, number>();
  private readonly loading = new Map<string, Load>();
  /** Entries used since the last flush (each once). */
  private dirty: CacheEntry[] = [];
  private readonly scopeSets = new Map<string, { scopes: ReadonlySet<string>; scope: string }>();
  private pollTimer: NodeJS.Timeout | undefined;
  private flushTimer: NodeJS.Timeout | undefined;
  /** Position in the key-change log; null until first needed (read before the first load). */
  private cursor: number | null = null;
  private cursorRead: Promise<void> | null = null;
  private polling: Promise<number> | null = null;
  private lastPruneMs = 0;
  private readonly now: () => number;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly config: PlatformConfig,
    private readonly limiter: RateLimiter,
    options: VerifierOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

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
    if (negativeUntil !== undefined && negativeUntil > this.now()) return UNKNOWN;
    return this.load(digest).then((entry) => (entry ? this.admit(entry) : UNKNOWN));
  }

  private admit(entry: CacheEntry): VerifyResult {
    const now = this.now();
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

  /** One database read per digest at a time: concurrent misses of the same key share it. */
  private load(digest: string): Promise<CacheEntry | null> {
    const running = this.loading.get(digest);
    if (running) return running.promise;
    const load: Load = { promise: Promise.resolve(null), stale: false };
    load.promise = this.fetch(digest, load).finally(() => {
      if (this.loading.get(digest) === load) this.loading.delete(digest);
    });
    this.loading.set(digest, load);
    return load.promise;
  }

  /**
   * Reads a key and caches it — unless an invalidation that may concern it arrived while it was being read:
   * the row may predate the change, so it is read again (and that answer is returned, not cached, should
   * it race again). The log cursor is known before the first read, so any change committed after a read's
   * snapshot is still ahead of the cursor and reaches the poll.
   */
  private async fetch(digest: string, load: Load): Promise<CacheEntry | null> {
    if (this.cursor === null) await this.readCursor();
    for (let attempt = 0; ; attempt++) {
      const row = await this.readKey(digest);
      const settled = !load.stale;
      if (settled || attempt > 0) {
        if (!row) {
          if (settled) this.rememberUnknown(digest);
          return null;
        }
        const entry = this.entryFor(digest, row);
        if (settled) this.store(entry);
        return entry;
      }
      load.stale = false;
    }
  }

  /** The cache-miss read (protected: tests hold its answer back to stage a race). */
  protected async readKey(digest: string) {
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
        'installations.status',
        'installations.error_code',
        'installations.metadata',
        'installations.created_at',
        'installations.updated_at',
        'integrations.id as integration_id',
        'integrations.client_id',
        'integrations.name',
      ])
      .where('api_keys.digest', '=', digest)
      .executeTakeFirst();
    return !row || row.revoked_at || row.deleted_at ? null : row;
  }

  private entryFor(digest: string, row: NonNullable<Awaited<ReturnType<KeyVerifier['readKey']>>>): CacheEntry {
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
      installation: toInstallationView({ ...row, id: row.installation_id }),
    };
    return {
      ok: true,
      digest,
      principal,
      expiresAtMs: principal.expiresAtMs,
      counter: this.limiter.counter?.(principal.keyId) ?? null,
      lastUsedAt: 0,
      dirty: false,
    };
  }

  private store(entry: CacheEntry): void {
    if (this.cache.size >= this.config.cacheSize) {
      // Evict the oldest entry (Map keeps insertion order).
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.evict(oldest);
    }
    this.evict(entry.digest); // a reload replaces the previous entry and its index slot
    this.cache.set(entry.digest, entry);
    const id = entry.principal.installationId;
    const slot = this.byInstallation.get(id);
    if (slot === undefined) this.byInstallation.set(id, entry.digest);
    else if (typeof slot === 'string') this.byInstallation.set(id, [slot, entry.digest]);
    else slot.push(entry.digest);
  }

  private evict(digest: string): void {
    const entry = this.cache.get(digest);
    if (!entry) return;
    this.cache.delete(digest);
    const id = entry.principal.installationId;
    const slot = this.byInstallation.get(id);
    if (slot === digest) this.byInstallation.delete(id);
    else if (Array.isArray(slot)) {
      const rest = slot.filter((d) => d !== digest);
      if (rest.length === 1) this.byInstallation.set(id, rest[0]!);
      else this.byInstallation.set(id, rest);
    }
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
    this.negative.set(digest, this.now() + NEGATIVE_TTL_MS);
  }

  /** Evicts keys by digest (revoked, re-timed); the next request reloads them. */
  invalidate(digests: Iterable<string>): void {
    for (const d of digests) {
      this.evict(d);
      this.negative.delete(d);
      const load = this.loading.get(d);
      if (load) load.stale = true;
    }
  }

  /**
   * Evicts what a committed change made stale: keys by digest, every key of an installation (its cached
   * view changed, or it was deleted) or of an integration (renamed, suspended).
   */
  invalidateChanges(changes: KeyChanges): void {
    if (changes.digests?.length) this.invalidate(changes.digests);
    const installations = changes.installations ?? [];
    const integrations = changes.integrations ?? [];
    if (installations.length === 0 && integrations.length === 0) return;
    // A load in flight does not know its installation yet: any of these may concern it.
    for (const load of this.loading.values()) load.stale = true;
    for (const id of installations) {
      const slot = this.byInstallation.get(id);
      if (slot !== undefined) this.invalidate(typeof slot === 'string' ? [slot] : [...slot]);
    }
    if (integrations.length > 0) {
      const ids = new Set(integrations);
      const digests: string[] = [];
      for (const [digest, e] of this.cache) if (ids.has(e.principal.integrationId)) digests.push(digest);
      this.invalidate(digests);
    }
  }

  /** Drops every cached key (used when the log cannot say what changed). */
  invalidateAll(): void {
    this.cache.clear();
    this.byInstallation.clear();
    this.negative.clear();
    for (const load of this.loading.values()) load.stale = true;
  }

  get cachedKeys(): number {
    return this.cache.size;
  }

  private readCursor(): Promise<void> {
    this.cursorRead ??= keyChangeCursor(this.db).then(
      (seq) => {
        this.cursor ??= seq;
      },
      (err) => {
        this.cursorRead = null;
        throw err;
      },
    );
    return this.cursorRead;
  }

  /** Applies the key-change log past this node's cursor; resolves to the number of changes read. */
  pollInvalidations(): Promise<number> {
    this.polling ??= this.poll().finally(() => {
      this.polling = null;
    });
    return this.polling;
  }

  private async poll(): Promise<number> {
    if (this.cursor === null) {
      // Nothing was loaded before the cursor was known, so nothing cached can predate it.
      await this.readCursor();
      return 0;
    }
    let read = 0;
    for (;;) {
      const rows = await keyChangesAfter(this.db, this.cursor, POLL_BATCH);
      if (rows.length === 0) break;
      // The log has no holes (see the migration): one here means rows this node needed were pruned.
      if (rows[0]!.seq !== this.cursor + 1) this.invalidateAll();
      else this.invalidateChanges(toKeyChanges(rows));
      this.cursor = rows[rows.length - 1]!.seq;
      read += rows.length;
      if (rows.length < POLL_BATCH) break;
    }
    const now = this.now();
    if (now - this.lastPruneMs >= PRUNE_EVERY_MS) {
      this.lastPruneMs = now;
      await pruneKeyChanges(this.db, now, KEEP_CHANGES_S);
    }
    return read;
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
