import { isWellFormedScope } from '@latchkey/keys';
import { maskingLogger } from '@latchkey/server-kit';
import { type CallOptions, PlatformClient } from './client/client.ts';
import type { HttpOptions } from './client/http.ts';
import type { MessageContext } from './connections/errors.ts';
import type { KeyFormat } from './connections/key-input.ts';
import { ConnectionService } from './connections/service.ts';
import { ConnectionStore } from './connections/store.ts';
import { type ConnectorDatabase, migrate, openDatabase } from './db/database.ts';
import { type ExportHandler, ExportWorker, type ExportWorkerOptions } from './export/worker.ts';
import { HealthMonitor, type HealthMonitorOptions } from './health/monitor.ts';
import { TenantService } from './tenants/service.ts';
import type { Logger } from './util/logger.ts';
import { hasStoredSecrets, verifyMasterKeys } from './vault/master-key-check.ts';
import { loadMasterKeys, type MasterKeySource } from './vault/master-keys.ts';
import { type RewrapOptions, type RewrapResult, rewrapSecrets } from './vault/rewrap.ts';
import { type MasterKey, Vault } from './vault/vault.ts';

export interface ConnectorOptions {
  /** SQLite folder (`connector.sqlite`, and the generated master-key file). Default `.data`. */
  dataDir?: string;
  /** `postgres://…` to use PostgreSQL instead of SQLite. */
  databaseUrl?: string;
  /** PostgreSQL schema. Default `connector`. */
  databaseSchema?: string;
  /** `kid1:base64,kid2:base64` (first = current) or parsed keys. Else `LATCHKEY_MASTER_KEYS`, else the key file in `dataDir`. */
  masterKeys?: string | readonly MasterKey[];
  /** e.g. `https://external.pleo.io`, or a Latchkey platform's URL. */
  platformBaseUrl: string;
  /** Name used in customer-facing messages. Default `Pleo`. */
  platformName?: string;
  /** `strict` (Latchkey prefix + checksum) or `lenient` (unpublished formats such as Pleo's). */
  keyFormat: KeyFormat;
  keyPrefix?: string;
  /** Scopes the integration needs; a key without them is refused (`missing_scopes`). */
  requiredScopes: readonly string[];
  logger?: Logger;
  /** Client tuning: per-attempt timeout, retries, backoff. */
  client?: Omit<HttpOptions, 'baseUrl' | 'logger'>;
  /** Timeout/retries while a customer waits (connect, replace, uninstall). Default 8 s, 1 retry. */
  interactive?: CallOptions;
  /** Health monitor tuning. */
  health?: Omit<HealthMonitorOptions, 'store' | 'vault' | 'client' | 'requiredScopes' | 'messages' | 'logger'>;
  /** Environment to read `LATCHKEY_MASTER_KEYS` from. Default `process.env`. */
  env?: Record<string, string | undefined>;
}

export interface Connector {
  connections: ConnectionService;
  health: HealthMonitor;
  tenants: TenantService;
  /** An export worker that books items with `handler`. */
  exportWorker(handler: ExportHandler, opts?: Omit<ExportWorkerOptions, 'connections' | 'messages' | 'handler' | 'logger'>): ExportWorker;
  vault: {
    currentKeyId: string;
    keyIds: string[];
    /** Where the master keys came from (`created` = a new key file was written on this start). */
    source: MasterKeySource;
    file: string | undefined;
    /** Re-encrypts every stored secret under the current master key, while the app keeps serving. */
    rewrap(opts?: RewrapOptions): Promise<RewrapResult>;
  };
  /** `'transition'` events (connect, replace, disconnect, health, webhooks). */
  events: ConnectionStore['events'];
  database: ConnectorDatabase;
  messages: MessageContext;
  close(): Promise<void>;
}

/**
 * Opens (and migrates) the connector's database, loads and verifies the master keys, and wires the
 * services. Any configuration problem — no master key, a wrong one, one that stored secrets need but
 * is missing — is a start-up error; nothing is ever stored or read in plaintext instead.
 */
export async function createConnector(opts: ConnectorOptions): Promise<Connector> {
  // Every line the kit logs has any key in it masked to its hint.
  const logger = opts.logger && maskingLogger(opts.logger);
  if (opts.keyFormat !== 'strict' && opts.keyFormat !== 'lenient') throw new Error(`keyFormat must be 'strict' or 'lenient'`);
  const badScope = opts.requiredScopes.find((s) => !isWellFormedScope(s));
  if (badScope) throw new Error(`requiredScopes: "${badScope}" is not a resource:action scope`);
  const client = new PlatformClient({ ...opts.client, baseUrl: opts.platformBaseUrl, logger });

  const usePg = !!opts.databaseUrl;
  const database = await openDatabase({ url: opts.databaseUrl, dataDir: opts.dataDir, schema: opts.databaseSchema });
  let vault: Vault;
  let source: MasterKeySource;
  let file: string | undefined;
  try {
    await migrate(database);
    const loaded = loadMasterKeys({
      masterKeys: opts.masterKeys,
      env: opts.env,
      // With PostgreSQL several instances share the secrets: a per-machine key file only when asked for.
      dataDir: usePg ? opts.dataDir : (opts.dataDir ?? '.data'),
      allowCreate: !(await hasStoredSecrets(database.db)),
    });
    vault = new Vault(loaded.keys);
    source = loaded.source;
    file = loaded.file;
    await verifyMasterKeys(database.db, vault);
  } catch (err) {
    await database.close();
    throw err;
  }
  if (source === 'created')
    logger?.warn?.({ file }, 'created a new master key file; back it up — without it stored keys cannot be decrypted');

  const store = new ConnectionStore(database.db);
  const connections = new ConnectionService({
    store,
    vault,
    client,
    keyFormat: opts.keyFormat,
    keyPrefix: opts.keyPrefix,
    requiredScopes: opts.requiredScopes,
    platformName: opts.platformName,
    logger,
    interactive: opts.interactive,
    checkIntervalMs: opts.health?.intervalMs,
  });
  const messages = connections.messageContext;
  const health = new HealthMonitor({
    ...opts.health,
    store,
    vault,
    client,
    requiredScopes: opts.requiredScopes,
    messages,
    logger,
  });
  const tenants = new TenantService(database.db);

  return {
    connections,
    health,
    tenants,
    exportWorker: (handler, o = {}) => new ExportWorker({ ...o, connections, messages, handler, logger }),
    vault: {
      currentKeyId: vault.currentKeyId,
      keyIds: vault.keyIds,
      source,
      file,
      rewrap: (o) => rewrapSecrets(database.db, vault, o),
    },
    events: store.events,
    database,
    messages,
    async close() {
      await health.stop();
      store.events.removeAllListeners();
      await database.close();
    },
  };
}

export * from './client/index.ts';
export * from './connections/index.ts';
export type { ConnectorDatabase, Dialect } from './db/database.ts';
export * from './export/index.ts';
export * from './health/index.ts';
export { type Tenant, TenantService, type TenantUser } from './tenants/service.ts';
export type { Logger } from './util/logger.ts';
export * from './vault/index.ts';
