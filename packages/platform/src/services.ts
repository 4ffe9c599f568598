import { MemoryRateLimiter, type RateLimiter } from './auth/rate-limit.ts';
import { RedisRateLimiter, RedisSync } from './auth/redis-sync.ts';
import { KeyVerifier } from './auth/verifier.ts';
import type { PlatformConfig } from './config.ts';
import type { Database } from './db/database.ts';
import type { DomainContext } from './domain/context.ts';
import { InstallationService } from './domain/installations.ts';
import { CsvImportRunner } from './domain/resources/csv-import-runner.ts';
import { WebhookDelivery } from './webhooks/delivery.ts';

/** Everything the HTTP layer, the CLI and tests call: composed once per process. */
export interface PlatformServices {
  database: Database;
  config: PlatformConfig;
  verifier: KeyVerifier;
  installations: InstallationService;
  webhooks: WebhookDelivery;
  /** Runs queued vendor CSV imports (leased, so once across nodes). */
  csvImports: CsvImportRunner;
  ctx: DomainContext;
  /** Starts background upkeep (cache invalidation, last-used flush, Redis subscription). */
  start(onError: (err: unknown) => void): Promise<void>;
  /** Stops upkeep and flushes buffered state; does not close the database. */
  stop(): Promise<void>;
}

export interface ServiceOptions {
  /** Where background workers report failures (the app's logger). */
  log?: (msg: string, err?: unknown) => void;
}

export function createServices(database: Database, config: PlatformConfig, opts: ServiceOptions = {}): PlatformServices {
  const redis = config.redisUrl ? new RedisSync(config.redisUrl) : null;
  const limiter: RateLimiter = redis
    ? new RedisRateLimiter(redis.client, config.rateLimit.limit, config.rateLimit.windowMs)
    : new MemoryRateLimiter(config.rateLimit.limit, config.rateLimit.windowMs);
  const verifier = new KeyVerifier(database.db, config, limiter);
  const webhooks = new WebhookDelivery(database.db, {
    retryScheduleS: config.webhookRetryScheduleS,
    policy: { allowPrivate: config.webhookAllowPrivate },
    log: opts.log,
  });
  const csvImports = new CsvImportRunner(database.db);
  let started = false;
  const ctx: DomainContext = {
    db: database.db,
    config,
    invalidateKeys: (changes) => {
      verifier.invalidateChanges(changes);
      redis?.publish(changes);
    },
    notifyOutbox: () => {
      if (started) void webhooks.tick();
    },
  };
  return {
    database,
    config,
    verifier,
    installations: new InstallationService(ctx),
    webhooks,
    csvImports,
    ctx,
    async start(onError) {
      started = true;
      verifier.start(onError);
      webhooks.start();
      csvImports.start();
      await redis?.subscribe((changes) => verifier.invalidateChanges(changes));
    },
    async stop() {
      started = false;
      await webhooks.stop();
      await csvImports.stop();
      await verifier.stop();
      await limiter.close?.();
      await redis?.close();
    },
  };
}
