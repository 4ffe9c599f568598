import { type Database as KitDatabase, migrateDatabase, openDatabase as openKitDatabase } from '@latchkey/server-kit';
import { migrations } from './migrations/index.ts';
import type { DB } from './schema.ts';

export type { Dialect } from '@latchkey/server-kit';
export type Database = KitDatabase<DB>;

export const SQLITE_FILE = 'platform.sqlite';

export interface OpenOptions {
  /** A `postgres://` URL; when absent or empty, SQLite in `dataDir`. */
  url?: string;
  /** Folder holding `platform.sqlite` (created when missing). */
  dataDir?: string;
  /** PostgreSQL schema to use (tests use one per run); created when missing. */
  schema?: string;
  poolSize?: number;
}

export const openDatabase = (opts: OpenOptions): Promise<Database> => openKitDatabase<DB>({ ...opts, file: SQLITE_FILE });

export const migrate = (database: Database): Promise<void> => migrateDatabase(database, { migrations, label: 'platform database' });

/** Opens the platform database from options or DATABASE_URL and brings its schema up to date. */
export async function openPlatformDatabase(opts: Pick<OpenOptions, 'dataDir' | 'schema'> & { databaseUrl?: string }): Promise<Database> {
  const database = await openDatabase({ url: opts.databaseUrl ?? process.env.DATABASE_URL, dataDir: opts.dataDir, schema: opts.schema });
  try {
    await migrate(database);
  } catch (err) {
    await database.close();
    throw err;
  }
  return database;
}
