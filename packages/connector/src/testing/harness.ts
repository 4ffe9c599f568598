import { testDatabasePlace } from '@latchkey/server-kit/testing';
import { type Connector, type ConnectorOptions, createConnector } from '../index.ts';
import type { Tenant } from '../tenants/service.ts';

export interface TestConnector {
  connector: Connector;
  tenantA: Tenant;
  tenantB: Tenant;
  /** SQLite data dir (undefined on PostgreSQL). */
  dataDir: string | undefined;
  /** Options that open the same database and keys again (a second instance, a restart). */
  options: ConnectorOptions;
  close(): Promise<void>;
}

export const ALL_EXPORT_SCOPES = ['export-jobs:read', 'export-jobs:write', 'export-items:read'] as const;

/**
 * A connector on a throw-away database (SQLite temp dir, or a fresh PostgreSQL schema when
 * LATCHKEY_TEST_DATABASE_URL is set), with two tenants. Fast test defaults: short timeouts and backoff.
 */
export async function startTestConnector(o: Partial<ConnectorOptions> & Pick<ConnectorOptions, 'platformBaseUrl'>): Promise<TestConnector> {
  const place = testDatabasePlace('connector');
  const options: ConnectorOptions = {
    dataDir: place.dir,
    ...(place.url ? { databaseUrl: place.url, databaseSchema: place.schema } : {}),
    keyFormat: 'strict',
    keyPrefix: 'lk',
    requiredScopes: [...ALL_EXPORT_SCOPES],
    platformName: 'Latchkey',
    env: {},
    client: { timeoutMs: 2_000, retries: 2, backoffBaseMs: 10, backoffMaxMs: 50 },
    interactive: { timeoutMs: 2_000, retries: 1 },
    ...o,
    health: { jitterMs: 0, ...o.health },
  };
  const connector = await createConnector(options);
  const tenantA = await connector.tenants.create({ name: 'Tenant A' });
  const tenantB = await connector.tenants.create({ name: 'Tenant B' });
  return {
    connector,
    tenantA,
    tenantB,
    dataDir: place.sqliteDir,
    options,
    async close() {
      await connector.close();
      await place.cleanup();
    },
  };
}
