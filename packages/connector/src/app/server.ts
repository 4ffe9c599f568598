import cookie from '@fastify/cookie';
import {
  createServer,
  HttpError,
  listenUrl,
  loginThrottle,
  maskingLogger,
  registerDocs,
  registerErrorHandling,
  registerHealth,
  registerSecurityHeaders,
  type TrustProxy,
} from '@latchkey/server-kit';
import type { FastifyInstance } from 'fastify';
import type { ExportHandler } from '../export/worker.ts';
import { type Connector, type ConnectorOptions, createConnector } from '../index.ts';
import type { Logger } from '../util/logger.ts';
import { API_PREFIX, api } from './api.ts';
import type { AppContext } from './context.ts';
import { appDb, migrateApp } from './db.ts';
import { addSchemas } from './schemas.ts';
import { SignIn } from './sign-in.ts';
import { spa } from './spa.ts';
import { webhookReceiver } from './webhook-receiver.ts';

export interface ConnectorAppOptions {
  /** SQLite folder (`connector.sqlite` and the generated master-key file). Default `.data`. */
  dataDir?: string;
  /** `postgres://…` to use PostgreSQL instead of SQLite. */
  databaseUrl?: string;
  /** Default 4100; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** e.g. `https://external.pleo.io`, or a Latchkey platform's URL. */
  platformBaseUrl: string;
  /** Used in customer-facing text. Default `Pleo`. */
  platformName?: string;
  /** The integration's name in the UI. Default `Ledgerly`. */
  appName?: string;
  keyFormat: ConnectorOptions['keyFormat'];
  keyPrefix?: string;
  requiredScopes: readonly string[];
  /** Standard Webhooks signing secret (`whsec_…`) of the platform's lifecycle webhooks; null/absent answers 503. */
  webhookSecret?: string | null;
  /** See ConnectorOptions.masterKeys. */
  masterKeys?: ConnectorOptions['masterKeys'];
  logger?: Logger;
  /** How often each connection is re-validated (and the scheduler's tick, at most 60 s). Default 10 min; 0 turns the monitor off. */
  healthIntervalMs?: number;
  /** How often the export worker runs over every connected connection. Default 60 s; 0 turns it off. */
  exportIntervalMs?: number;
  /** Public URL of the app; `https:` makes the session cookie `Secure` (and `__Host-`). */
  publicUrl?: string;
  /** Session lifetime. Default 12 h. */
  sessionTtlMs?: number;
  /** Proxies whose X-Forwarded-For is believed: a hop count or addresses/CIDR ranges (server-kit's parseTrustProxy). Default none. */
  trustProxy?: TrustProxy;
  /** Where the built web app lives. Default packages/connector/web/dist. */
  webDist?: string;
  /** Anything else for createConnector (client timeouts, PostgreSQL schema, env…). */
  connectorOptions?: Partial<ConnectorOptions>;
  /** The export worker's booking step. Default: every item is booked successfully in the demo ledger. */
  exportHandler?: ExportHandler;
}

export interface ConnectorApp {
  url: string;
  app: FastifyInstance;
  connector: Connector;
  /** Swap the webhook signing secret at runtime (e.g. once the integration is registered on the platform). */
  setWebhookSecret(secret: string | null): void;
  /** One export run over every connected connection now (the interval does this on its own). */
  runExportsNow(): Promise<void>;
  close(): Promise<void>;
}

/** The demo ledger: every export item is "booked" and marked successful. */
export const demoExportHandler: ExportHandler = async (item) => ({
  status: 'successful',
  externalId: `LEDGER-${item.accountingEntryId
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, 12)
    .toUpperCase()}`,
  exportedAt: new Date().toISOString(),
});

/**
 * The reference connector app: the integration's customers sign in, paste the key from the platform's
 * install flow into the connect screen, and manage the connection; operators see every connection.
 * JSON API under /api (documented at /docs), lifecycle webhooks at /webhooks/latchkey, the React app at `/`.
 * The health monitor and the export worker run on intervals inside the app.
 */
export async function startConnectorApp(opts: ConnectorAppOptions): Promise<ConnectorApp> {
  const logger = opts.logger && maskingLogger(opts.logger);
  const platformName = opts.platformName ?? 'Pleo';
  const healthIntervalMs = opts.healthIntervalMs ?? 600_000;
  const exportIntervalMs = opts.exportIntervalMs ?? 60_000;
  const connector = await createConnector({
    ...opts.connectorOptions,
    dataDir: opts.dataDir,
    databaseUrl: opts.databaseUrl,
    masterKeys: opts.masterKeys ?? opts.connectorOptions?.masterKeys,
    platformBaseUrl: opts.platformBaseUrl,
    platformName,
    keyFormat: opts.keyFormat,
    keyPrefix: opts.keyPrefix,
    requiredScopes: opts.requiredScopes,
    logger,
    health: {
      ...opts.connectorOptions?.health,
      ...(healthIntervalMs > 0 ? { intervalMs: healthIntervalMs, tickMs: Math.min(60_000, healthIntervalMs) } : {}),
    },
  });
  let app: FastifyInstance | undefined;
  let exportTimer: NodeJS.Timeout | undefined;
  let exportRun: Promise<void> | undefined;
  let stopped = false;
  try {
    await migrateApp(connector.database);
    const db = appDb(connector.database);
    const https = !!opts.publicUrl?.startsWith('https:');
    const sessionTtlMs = opts.sessionTtlMs ?? 12 * 3600_000;
    const ctx: AppContext = {
      connector,
      signIn: new SignIn(db, connector.tenants, sessionTtlMs),
      db,
      appName: opts.appName ?? 'Ledgerly',
      platformName,
      keyFormat: opts.keyFormat,
      keyPrefix: opts.keyPrefix,
      requiredScopes: opts.requiredScopes,
      cookie: {
        name: https ? '__Host-latchkey_connector_session' : 'latchkey_connector_session',
        secure: https,
        maxAgeSeconds: Math.floor(sessionTtlMs / 1000),
      },
      logins: loginThrottle(),
      logger,
    };
    let webhookSecret = opts.webhookSecret ?? null;

    app = createServer({ trustProxy: opts.trustProxy ?? false, bodyLimit: 64 * 1024, coerceTypes: false });
    registerErrorHandling(app, {
      map: (err) =>
        err.name === 'ConnectionNotFoundError'
          ? new HttpError(404, 'NOT_FOUND', 'No such connection.')
          : err.name === 'ConnectionStateError'
            ? new HttpError(409, 'CONFLICT', err.message)
            : undefined,
      onUnexpected: (err, req) => logger?.error?.({ err: err.name, message: err.message, url: req.url.split('?')[0] }, 'unhandled error'),
    });
    addSchemas(app);

    await registerDocs(app, {
      https,
      namedSchemas: true,
      openapi: {
        info: {
          title: `${ctx.appName} connector — reference app API`,
          description:
            'The reference connector app: session login for the integration’s customers and operators, the connect flow (save and test, replace, test again, disconnect, uninstall), the operators’ overview, and the platform’s lifecycle webhooks. ' +
            'Sign in with POST /api/session; the session is an HttpOnly SameSite=Strict cookie and every state-changing request must carry the session’s `x-csrf-token`. Keys travel only in JSON bodies and are never returned (masks only).',
          version: '0.1.0',
        },
        tags: [
          { name: 'session', description: 'Sign in and out' },
          { name: 'connection', description: 'The signed-in customer’s connection' },
          { name: 'operator', description: 'The integration’s operators' },
          { name: 'webhooks', description: 'Lifecycle webhooks from the platform' },
        ],
        components: {
          securitySchemes: {
            session: { type: 'apiKey', in: 'cookie', name: ctx.cookie.name },
            csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' },
          },
        },
      },
    });
    registerHealth(app, connector.database.dialect);

    await app.register(
      webhookReceiver({
        db,
        connections: connector.connections,
        secret: () => webhookSecret,
        logger,
      }),
    );

    // The API and the web app: session cookie, strict Content-Security-Policy.
    await app.register(async (web) => {
      await web.register(cookie);
      await registerSecurityHeaders(web, { https });
      await web.register(api(ctx), { prefix: API_PREFIX });
      await web.register(spa(opts.webDist));
    });

    const host = opts.host ?? '127.0.0.1';
    await app.listen({ port: opts.port ?? 4100, host });
    const url = listenUrl(app, host);

    // Background work: health checks on their schedule; export runs one at a time, never overlapping.
    if (healthIntervalMs > 0) connector.health.start();
    const worker = connector.exportWorker(opts.exportHandler ?? demoExportHandler);
    const runExportsNow = (): Promise<void> => {
      exportRun ??= worker
        .runAll()
        .then((results) => {
          const jobs = results.reduce((n, r) => n + r.jobs.length, 0);
          if (jobs) logger?.info?.({ connections: results.length, jobs }, 'export run finished');
        })
        .catch((err) => logger?.error?.({ err: String(err) }, 'export run failed'))
        .finally(() => {
          exportRun = undefined;
        });
      return exportRun;
    };
    if (exportIntervalMs > 0) {
      const tick = async () => {
        if (stopped) return;
        await runExportsNow();
        if (!stopped) exportTimer = setTimeout(tick, exportIntervalMs);
      };
      exportTimer = setTimeout(tick, exportIntervalMs);
    }

    const started = app;
    return {
      url,
      app: started,
      connector,
      setWebhookSecret(secret) {
        webhookSecret = secret;
      },
      runExportsNow,
      async close() {
        if (stopped) return;
        stopped = true;
        clearTimeout(exportTimer);
        await connector.health.stop();
        await exportRun;
        // Graceful first; then drop connections a browser keeps open without a request (preconnects, keep-alive).
        const force = setTimeout(() => started.server.closeAllConnections(), 2_000);
        try {
          await started.close();
        } finally {
          clearTimeout(force);
        }
        await connector.close();
      },
    };
  } catch (err) {
    stopped = true;
    clearTimeout(exportTimer);
    await app?.close().catch(() => {});
    await connector.close().catch(() => {});
    throw err;
  }
}
