import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { migrations } from './migrations/index.ts';
import type { ConnectorDB } from './schema.ts';

export type Dialect = 'sqlite' | 'postgres';

export interface ConnectorDatabase {
  db: Kysely<ConnectorDB>;
  dialect: Dialect;
  /** PostgreSQL schema the tables live in (undefined on SQLite). */
  schema?: string;
  /** Human description without credentials, for start-up output. */
  where: string;
  close(): Promise<void>;
}

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
const SCHEMA_RE = /^[a-z_][a-z0-9_]{0,62}$/;

export async function openDatabase(opts: OpenDatabaseOptions = {}): Promise<ConnectorDatabase> {
  if (opts.url?.startsWith('postgres')) {
    const schema = opts.schema ?? 'connector';
    if (!SCHEMA_RE.test(schema)) throw new Error(`invalid PostgreSQL schema name "${schema}"`);
    const admin = new pg.Client({ connectionString: opts.url });
    await admin.connect();
    try {
      await admin.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    } finally {
      await admin.end();
    }
    const pool = new pg.Pool({ connectionString: opts.url, max: opts.poolSize ?? 10, options: `-c search_path="${schema}"` });
    const db = new Kysely<ConnectorDB>({ dialect: new PostgresDialect({ pool }) });
    const url = new URL(opts.url);
    return {
      db,
      dialect: 'postgres',
      schema,
      where: `postgres://${url.host}${url.pathname} (schema ${schema})`,
      close: () => db.destroy(),
    };
  }
  if (opts.url) throw new Error('databaseUrl must be a postgres:// URL (leave it unset for the embedded SQLite database)');
  const dir = opts.dataDir ?? '.data';
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, SQLITE_FILE);
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Freed pages are zeroed, so a deleted secret's ciphertext does not linger in the file.
  sqlite.pragma('secure_delete = ON');
  const db = new Kysely<ConnectorDB>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, dialect: 'sqlite', where: file, close: () => db.destroy() };
}

export async function migrate(database: ConnectorDatabase): Promise<void> {
  const migrator = new Migrator({
    db: database.db,
    provider: { getMigrations: async () => migrations },
    // Own names, so a database shared with the platform keeps two separate histories.
    migrationTableName: 'connector_migration',
    migrationLockTableName: 'connector_migration_lock',
    // Without it Kysely looks for its tables in *every* schema and, finding them in another one
    // (a second instance's, or another test's), never creates them in this one.
    ...(database.schema ? { migrationTableSchema: database.schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(
      `connector database migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
