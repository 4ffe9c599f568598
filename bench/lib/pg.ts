import { openPlatformDatabase } from '@latchkey/platform';
import pg from 'pg';

/**
 * PostgreSQL data of the benchmark lives in its own database beside DATABASE_URL's (`<name>_bench`),
 * never in DATABASE_URL's database itself: the seeded key tables are large and kept across runs, and
 * the database the test suites share should not carry them (nor be slowed by the seeding).
 */
export async function benchDatabaseUrl(url: string): Promise<string> {
  const u = new URL(url);
  const name = `${decodeURIComponent(u.pathname.slice(1)) || 'postgres'}_bench`.replace(/[^A-Za-z0-9_]/g, '_');
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      try {
        await admin.query(`CREATE DATABASE "${name}"`);
      } catch (err) {
        // Another run may have created it a moment ago.
        const again = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
        if (again.rowCount === 0)
          throw new Error(`cannot create the benchmark database "${name}" (needs CREATEDB): ${(err as Error).message}`);
      }
    }
  } finally {
    await admin.end();
  }
  u.pathname = `/${name}`;
  return u.toString();
}

/** Creates (or, with `fresh`, recreates) a schema of the benchmark database and applies the platform's migrations to it. */
export async function preparePgSchema(url: string, schema: string, opts: { fresh?: boolean } = {}): Promise<void> {
  if (opts.fresh) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    } finally {
      await admin.end();
    }
  }
  await (await openPlatformDatabase({ databaseUrl: url, schema })).close();
}
