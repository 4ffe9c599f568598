import { randomBytes } from 'node:crypto';
import { TestWebClient, testDatabasePlace } from '@latchkey/server-kit/testing';
import { type ConnectorApp, type ConnectorAppOptions, startConnectorApp } from './server.ts';

export const TEST_PASSWORD = 'correct horse battery staple';
export const EXPORT_SCOPES = ['export-jobs:read', 'export-jobs:write', 'export-items:read'] as const;

export interface TestApp extends ConnectorApp {
  /** SQLite data dir (undefined on PostgreSQL). */
  dataDir: string | undefined;
  /** Creates a tenant with one user (password TEST_PASSWORD); returns its id and login. */
  tenant(name: string): Promise<{ tenantId: string; email: string }>;
  operator(): Promise<{ email: string }>;
  client(): SessionClient;
}

/**
 * A connector app on a throw-away database (a temp SQLite folder, or a fresh PostgreSQL schema when
 * LATCHKEY_TEST_DATABASE_URL is set), listening on a free port, with background intervals off and
 * short platform timeouts.
 */
export async function startTestApp(o: Partial<ConnectorAppOptions> & Pick<ConnectorAppOptions, 'platformBaseUrl'>): Promise<TestApp> {
  const place = testDatabasePlace('connector_app');
  const app = await startConnectorApp({
    dataDir: place.dir,
    databaseUrl: place.url,
    port: 0,
    platformName: 'Latchkey',
    keyFormat: 'strict',
    keyPrefix: 'lk',
    requiredScopes: [...EXPORT_SCOPES],
    healthIntervalMs: 0,
    exportIntervalMs: 0,
    ...o,
    connectorOptions: {
      env: {},
      client: { timeoutMs: 2_000, retries: 1, backoffBaseMs: 10, backoffMaxMs: 50 },
      interactive: { timeoutMs: 2_000, retries: 0 },
      ...(place.schema ? { databaseSchema: place.schema } : {}),
      ...o.connectorOptions,
      health: { jitterMs: 0, ...o.connectorOptions?.health },
    },
  });
  let n = 0;
  return {
    ...app,
    dataDir: place.sqliteDir,
    async tenant(name) {
      const t = await app.connector.tenants.create({ name });
      const email = `user${++n}-${randomBytes(3).toString('hex')}@tenant.test`;
      await app.connector.tenants.createUser(t.id, { email, password: TEST_PASSWORD });
      return { tenantId: t.id, email };
    },
    async operator() {
      const { createOperator } = await import('./seed.ts');
      const email = `ops${++n}-${randomBytes(3).toString('hex')}@integration.test`;
      await createOperator(app.connector, { email, password: TEST_PASSWORD, name: 'Ops' });
      return { email };
    },
    client: () => new SessionClient(app.url),
    async close() {
      await app.close();
      await place.cleanup();
    },
  };
}

/** A browser-like client of the app's API (paths include `/api`; `login` defaults to TEST_PASSWORD). */
export class SessionClient extends TestWebClient {
  constructor(base: string) {
    super(base, { cookieName: 'latchkey_connector_session', loginPath: '/api/session', password: TEST_PASSWORD });
  }
}
