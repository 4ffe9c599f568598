import { testDatabasePlace } from '@latchkey/server-kit/testing';
import { type ConnectorDatabase, migrate, openDatabase } from './database.ts';

/**
 * For tests: a migrated database that is thrown away afterwards. PostgreSQL (a fresh schema,
 * reached through `search_path`) when `LATCHKEY_TEST_DATABASE_URL` is set, else SQLite in a temp dir.
 */
export interface TestDatabase {
  database: ConnectorDatabase;
  /** SQLite: the data dir holding the file; PostgreSQL: undefined. */
  dataDir: string | undefined;
  /** Options to open the same database again (for a second connector instance). */
  url: string | undefined;
  schema: string | undefined;
  cleanup(): Promise<void>;
}

export async function openTestDatabase(): Promise<TestDatabase> {
  const place = testDatabasePlace('connector');
  const database = await openDatabase({ url: place.url, schema: place.schema, dataDir: place.dir, poolSize: 4 });
  await migrate(database);
  return {
    database,
    dataDir: place.sqliteDir,
    url: place.url,
    schema: place.schema,
    async cleanup() {
      await database.close();
      await place.cleanup();
    },
  };
}
