import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
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

export function testDatabaseUrl(): string | undefined {
  const url = process.env.LATCHKEY_TEST_DATABASE_URL;
  return url?.startsWith('postgres') ? url : undefined;
}

export async function openTestDatabase(): Promise<TestDatabase> {
  const url = testDatabaseUrl();
  if (url) {
    const schema = `conn_test_${randomBytes(6).toString('hex')}`;
    const database = await openDatabase({ url, schema, poolSize: 4 });
    await migrate(database);
    return {
      database,
      dataDir: undefined,
      url,
      schema,
      async cleanup() {
        await database.close();
        const admin = new pg.Client({ connectionString: url });
        await admin.connect();
        await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await admin.end();
      },
    };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'latchkey-connector-'));
  const database = await openDatabase({ dataDir });
  await migrate(database);
  return {
    database,
    dataDir,
    url: undefined,
    schema: undefined,
    async cleanup() {
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
