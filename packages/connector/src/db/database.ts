import { type Database, migrateDatabase, openDatabase as openKitDatabase } from '@latchkey/server-kit';
import { migrations } from './migrations/index.ts';
import type { ConnectorDB } from './schema.ts';

export type { Dialect } from '@latchkey/server-kit';
export type ConnectorDatabase = Database<ConnectorDB>;

export interface OpenDatabaseOptions {
  /** A `postgres://` URL; when absent, SQLite file `connector.sqlite` in `dataDir`. */
  url?: string;
  /** Folder holding `connector.sqlite` (created when missing). Default `.data`. */
  dataDir?: string;
  /**
   * PostgreSQL schema (created when missing). Default `connector`, so the connector can share a
   * database with the platform without its tables or migration history colliding. Tests use one per test.
   */
  schema?: string;
  poolSize?: number;
}

export const SQLITE_FILE = 'connector.sqlite';

/** SQLite zeroes freed pages here, so a deleted secret's ciphertext does not linger in the file. */
export const openDatabase = (opts: OpenDatabaseOptions = {}): Promise<ConnectorDatabase> =>
  openKitDatabase<ConnectorDB>({
    ...opts,
    schema: opts.url ? (opts.schema ?? 'connector') : undefined,
    file: SQLITE_FILE,
    secureDelete: true,
  });

/** Own history table names, so a database shared with the platform keeps two separate histories. */
export const migrate = (database: ConnectorDatabase): Promise<void> =>
  migrateDatabase(database, {
    migrations,
    tableName: 'connector_migration',
    lockTableName: 'connector_migration_lock',
    label: 'connector database',
  });
