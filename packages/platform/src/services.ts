import { MemoryRateLimiter } from './auth/rate-limit.ts';
import { KeyVerifier } from './auth/verifier.ts';
import type { PlatformConfig } from './config.ts';
import type { Database } from './db/database.ts';
import type { DomainContext } from './domain/context.ts';
import { InstallationService } from './domain/installations.ts';

/** Everything the HTTP layer, the CLI and tests call: composed once per process. */
export interface PlatformServices {
  database: Database;
  config: PlatformConfig;
  verifier: KeyVerifier;
  installations: InstallationService;
  ctx: DomainContext;
}

export function createServices(database: Database, config: PlatformConfig): PlatformServices {
  const limiter = new MemoryRateLimiter(config.rateLimit.limit, config.rateLimit.windowMs);
  const verifier = new KeyVerifier(database.db, config, limiter);
  const ctx: DomainContext = { db: database.db, config, invalidateKeys: (d) => verifier.invalidate(d) };
  return { database, config, verifier, installations: new InstallationService(ctx), ctx };
}
