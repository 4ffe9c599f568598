import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { migrations } from './migrations/index.ts';
import type { DB } from './schema.ts';

export type Dialect = 'sqlite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  dialect: Dialect;
  /** Human description without credentials, for start-up output. */
  where: string;
  /** PostgreSQL schema in use, when one was asked for. */
  schema?: string;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** A `postgres://` URL; when absent, SQLite in `dataDir`. */
  url?: string;
  /** Folder holding `platform.sqlite` (created when missing). */
  dataDir?: string;
  /** PostgreSQL schema to use (tests use one per run); created when missing. */
  schema?: string;
  poolSize?: number;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.url?.startsWith('postgres')) {
    const schema = opts.schema;
    if (schema) {
      const admin = new pg.Client({ connectionString: opts.url });
      await admin.connect();
      await admin.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      await admin.end();
    }
    const pool = new pg.Pool({
      connectionString: opts.url,
      max: opts.poolSize ?? 10,
      ...(schema ? { options: `-c search_path="${schema}"` } : {}),
    });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    const url = new URL(opts.url);
    return {
      db,
      dialect: 'postgres',
      schema,
      where: `postgres://${url.host}${url.pathname}${schema ? ` (schema ${schema})` : ''}`,
      close: () => db.destroy(),
    };
  }
  const dir = opts.dataDir ?? '.data';
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'platform.sqlite');
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, dialect: 'sqlite', where: file, close: () => db.destroy() };
}

export async function migrate(database: Database): Promise<void> {
  const migrator = new Migrator({
    db: database.db,
    provider: { getMigrations: async () => migrations(database.dialect) },
    // Kysely looks for its tables in any schema unless told which: keep them in ours.
    ...(database.schema ? { migrationTableSchema: database.schema } : {}),
  });
  let { error, results } = await migrator.migrateToLatest();
  // Kysely's PostgreSQL introspection reads every schema of the database; another process dropping its own
  // schema meanwhile (parallel test runs) fails it with "schema … does not exist". Nothing ran: try again.
  for (let retry = 0; retry < 5 && database.dialect === 'postgres' && /schema ".*" does not exist/.test(String(error)); retry++) {
    await new Promise((resolve) => setTimeout(resolve, 50 * (retry + 1)));
    ({ error, results } = await migrator.migrateToLatest());
  }
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Opens the platform database from options or DATABASE_URL and brings its schema up to date. */
export async function openPlatformDatabase(opts: Pick<OpenOptions, 'dataDir' | 'schema'> & { databaseUrl?: string }): Promise<Database> {
  const database = await openDatabase({ url: opts.databaseUrl ?? process.env.DATABASE_URL, dataDir: opts.dataDir, schema: opts.schema });
  await migrate(database);
  return database;
}
