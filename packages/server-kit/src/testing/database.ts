import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropSchema } from '../database.ts';

/** The PostgreSQL server tests run against (`npm test` sets it for its PostgreSQL pass), or undefined for SQLite. */
export function testDatabaseUrl(): string | undefined {
  const url = process.env.LATCHKEY_TEST_DATABASE_URL;
  return url && /^postgres(ql)?:\/\//.test(url) ? url : undefined;
}

/**
 * Where one test's database lives, thrown away by `cleanup`: a fresh PostgreSQL schema when
 * LATCHKEY_TEST_DATABASE_URL is set, else SQLite in the temp folder. The folder exists either way
 * (for files beside the database, such as a master-key file).
 */
export interface TestDatabasePlace {
  /** The PostgreSQL URL, or undefined on SQLite. */
  url: string | undefined;
  /** The fresh schema, or undefined on SQLite. */
  schema: string | undefined;
  /** A new temp folder. */
  dir: string;
  /** `dir` on SQLite, undefined on PostgreSQL. */
  sqliteDir: string | undefined;
  cleanup(): Promise<void>;
}

export function testDatabasePlace(name: string): TestDatabasePlace {
  const url = testDatabaseUrl();
  const dir = mkdtempSync(join(tmpdir(), `latchkey-${name}-`));
  const schema = url ? `t_${name.replace(/[^a-z0-9_]/g, '_')}_${randomBytes(6).toString('hex')}`.slice(0, 63) : undefined;
  return {
    url,
    schema,
    dir,
    sqliteDir: url ? undefined : dir,
    async cleanup() {
      rmSync(dir, { recursive: true, force: true });
      if (url && schema) await dropSchema(url, schema);
    },
  };
}
