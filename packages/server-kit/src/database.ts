import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, type Migration, type MigrationResult, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { cachingStatements } from './sqlite-statement-cache.ts';

export type Dialect = 'sqlite' | 'postgres';

export interface Database<DB> {
  db: Kysely<DB>;
  dialect: Dialect;
  /** PostgreSQL schema the tables live in, when one was asked for. */
  schema?: string;
  /** Human description without credentials, for start-up output. */
  where: string;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** A `postgres://` URL; empty or absent means embedded SQLite in `dataDir`. */
  url?: string;
  /** Folder holding the SQLite file (created 0700 when missing). Default `.data`. */
  dataDir?: string;
  /** The SQLite file's name inside `dataDir` (created 0600). */
  file: string;
  /** PostgreSQL schema (checked, quoted, created when missing); its tables are reached through `search_path`. */
  schema?: string;
  poolSize?: number;
  /** SQLite: zero freed pages, so deleted secrets do not linger in the file. */
  secureDelete?: boolean;
}

/** What a PostgreSQL schema name may be: it is interpolated into DDL and `search_path`, so nothing else gets through. */
export const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** The schema name as a quoted identifier; throws on anything that is not a plain lowercase name. */
export function quoteSchema(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`invalid PostgreSQL schema name "${schema}": use 1–63 of a–z, 0–9 and _`);
  return `"${schema}"`;
}

const BUSY_TIMEOUT_MS = 5000;
const isPostgresUrl = (url: string) => /^postgres(ql)?:\/\//.test(url);

/** Opens SQLite (WAL) or PostgreSQL through Kysely; does not migrate. */
export async function openDatabase<DB>(opts: OpenDatabaseOptions): Promise<Database<DB>> {
  if (opts.url) {
    if (!isPostgresUrl(opts.url))
      throw new Error('the database URL must be a postgres:// URL (leave it unset for the embedded SQLite database)');
    const schema = opts.schema;
    if (schema) await createSchema(opts.url, schema);
    const pool = new pg.Pool({
      connectionString: opts.url,
      max: opts.poolSize ?? 10,
      ...(schema ? { options: `-c search_path=${quoteSchema(schema)}` } : {}),
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
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, opts.file);
  // Password hashes, webhook secrets and ciphertexts live here: owner-only, whatever the umask.
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  if (opts.secureDelete) sqlite.pragma('secure_delete = ON');
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: cachingStatements(sqlite) }) });
  return { db, dialect: 'sqlite', where: file, close: () => db.destroy() };
}

async function createSchema(url: string, schema: string): Promise<void> {
  const quoted = quoteSchema(schema);
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA IF NOT EXISTS ${quoted}`);
  } catch (err) {
    // Two processes creating the same schema at once: one of them gets a unique violation; the schema is there.
    if ((err as { code?: string }).code !== '23505') throw err;
  } finally {
    await admin.end();
  }
}

/** Drops a PostgreSQL schema and everything in it (test clean-up). */
export async function dropSchema(url: string, schema: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`DROP SCHEMA IF EXISTS ${quoteSchema(schema)} CASCADE`);
  } finally {
    await admin.end();
  }
}

export interface MigrateOptions {
  /** Named migrations in order; a function gets the dialect for column types that differ. */
  migrations: Record<string, Migration> | ((dialect: Dialect) => Record<string, Migration>);
  /** Kysely's history tables; give each migration set its own when several share a database. */
  tableName?: string;
  lockTableName?: string;
  /** Names the set in error messages (`platform database`, …). */
  label: string;
}

/**
 * Brings a database up to date (idempotent; safe with several instances starting at once). On PostgreSQL
 * the history lives in the schema in use: without one named, Kysely's Migrator takes a history table in
 * *any* schema of the database (another instance's, another test's) for its own.
 */
export async function migrateDatabase<DB>(database: Database<DB>, opts: MigrateOptions): Promise<void> {
  const schema =
    database.dialect === 'postgres'
      ? (database.schema ?? (await sql<{ schema: string }>`select current_schema() as schema`.execute(database.db)).rows[0]?.schema)
      : undefined;
  const set = typeof opts.migrations === 'function' ? opts.migrations(database.dialect) : opts.migrations;
  const migrator = new Migrator({
    db: database.db,
    provider: { getMigrations: async () => set },
    ...(opts.tableName ? { migrationTableName: opts.tableName } : {}),
    ...(opts.lockTableName ? { migrationLockTableName: opts.lockTableName } : {}),
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  if (database.dialect === 'sqlite') {
    // Kysely takes no migration lock on SQLite; a write transaction around the run is one. Another run that
    // holds it (another process, or another handle in this one) is waited for without blocking the event
    // loop, and once it has committed leaves nothing to do.
    await beginImmediate(database.db as Kysely<unknown>);
    const { error, results } = await migrator.migrateToLatest();
    await sql.raw(error ? 'rollback' : 'commit').execute(database.db);
    return check(opts.label, error, results);
  }
  let { error, results } = await migrator.migrateToLatest();
  // Kysely's PostgreSQL introspection reads every schema of the database; another process dropping its own
  // schema meanwhile (parallel test runs) fails it with "schema … does not exist". Nothing ran: try again.
  for (let retry = 0; retry < 5 && database.dialect === 'postgres' && isSchemaRace(error); retry++) {
    await new Promise((resolve) => setTimeout(resolve, 50 * (retry + 1)));
    ({ error, results } = await migrator.migrateToLatest());
  }
  check(opts.label, error, results);
}

async function beginImmediate(db: Kysely<unknown>): Promise<void> {
  await sql`pragma busy_timeout = 0`.execute(db);
  try {
    for (let waited = 0; ; waited += 20) {
      try {
        await sql`begin immediate`.execute(db);
        return;
      } catch (err) {
        if ((err as { code?: string }).code !== 'SQLITE_BUSY' || waited > 30_000) throw err;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  } finally {
    await sql`pragma busy_timeout = ${sql.raw(String(BUSY_TIMEOUT_MS))}`.execute(db);
  }
}

function check(label: string, error: unknown, results: MigrationResult[] | undefined): void {
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`${label} migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const isSchemaRace = (error: unknown) => /schema ".*" does not exist/.test(String(error));
