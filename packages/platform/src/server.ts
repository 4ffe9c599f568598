import { listenUrl } from '@latchkey/server-kit';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { buildApp, REDACT } from './app.ts';
import { loadConfig, type PlatformConfig } from './config.ts';
import { type Database, openPlatformDatabase } from './db/database.ts';
import { createServices, type PlatformServices } from './services.ts';

export interface PlatformOptions {
  dataDir?: string;
  databaseUrl?: string;
  /** PostgreSQL schema (tests). */
  schema?: string;
  host?: string;
  port?: number;
  config?: Partial<PlatformConfig>;
  logger?: FastifyServerOptions['logger'];
}

export interface RunningPlatform {
  url: string;
  app: FastifyInstance;
  services: PlatformServices;
  database: Database;
  close(): Promise<void>;
}

export function defaultLogger(level = process.env.LOG_LEVEL ?? 'info'): FastifyServerOptions['logger'] {
  return { level, redact: REDACT };
}

/** Opens (and migrates) the database, composes the services and listens. */
export async function startPlatform(opts: PlatformOptions = {}): Promise<RunningPlatform> {
  const database = await openPlatformDatabase(opts);
  const host = opts.host ?? '127.0.0.1';
  const config = loadConfig(opts.config);
  let app: FastifyInstance | undefined;
  const services = createServices(database, config, { log: (msg, err) => app?.log.warn(err ? { err } : {}, msg) });
  app = await buildApp(services, { logger: opts.logger });
  await app.listen({ host, port: opts.port ?? 0 });
  const url = listenUrl(app, host);
  if (!opts.config?.publicUrl) services.config.publicUrl = url;
  await services.start((err) => app.log.warn({ err }, 'key cache maintenance failed'));
  return {
    url,
    app,
    services,
    database,
    async close() {
      await app.close();
      await services.stop().catch(() => {});
      await database.close();
    },
  };
}

export { openPlatformDatabase };
