import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely, Migration } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { type Database, migrateDatabase, openDatabase, quoteSchema } from './database.ts';
import { type TestDatabasePlace, testDatabasePlace } from './testing/database.ts';

interface DB {
  notes: { id: string; body: string };
}

const migrations: Record<string, Migration> = {
  '001-notes': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('notes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('body', 'text', (c) => c.notNull())
        .execute();
    },
  },
};

describe('database open and migrate', () => {
  const places: TestDatabasePlace[] = [];
  const open: Database<DB>[] = [];
  afterEach(async () => {
    for (const d of open.splice(0)) await d.close();
    for (const p of places.splice(0)) await p.cleanup();
  });
  const place = () => {
    const p = testDatabasePlace('kit');
    places.push(p);
    return p;
  };
  const openAt = async (p: TestDatabasePlace) => {
    const d = await openDatabase<DB>({ url: p.url, dataDir: p.dir, file: 'kit.sqlite', schema: p.schema, poolSize: 2 });
    open.push(d);
    return d;
  };

  it('opens, migrates idempotently, and two instances starting at once share one history', async () => {
    const p = place();
    const [a, b] = await Promise.all([openAt(p), openAt(p)]);
    await Promise.all([migrateDatabase(a!, { migrations, label: 'kit' }), migrateDatabase(b!, { migrations, label: 'kit' })]);
    await migrateDatabase(a!, { migrations, label: 'kit' });
    await a!.db.insertInto('notes').values({ id: '1', body: 'hello' }).execute();
    expect(await b!.db.selectFrom('notes').select('body').execute()).toEqual([{ body: 'hello' }]);
    expect(a!.where).not.toContain('@');
  });

  it('a PostgreSQL schema name is checked before it reaches SQL', async () => {
    for (const bad of ['', 'Public', '1abc', 'a-b', 'x"; DROP SCHEMA public CASCADE; --', 'a'.repeat(64), 'schéma'])
      expect(() => quoteSchema(bad)).toThrow(/invalid PostgreSQL schema name/);
    expect(quoteSchema('t_abc_123')).toBe('"t_abc_123"');
    await expect(openDatabase({ url: 'postgres://postgres@127.0.0.1:1/none', file: 'x', schema: 'evil"; select 1; --' })).rejects.toThrow(
      /invalid PostgreSQL schema name/,
    );
  });

  it('refuses a database URL that is not PostgreSQL', async () => {
    await expect(openDatabase({ url: 'mysql://localhost/db', file: 'x' })).rejects.toThrow(/postgres:\/\//);
  });

  // File modes exist only for SQLite; npm test's SQLite pass runs this.
  if (!process.env.LATCHKEY_TEST_DATABASE_URL)
    it('the SQLite folder is 0700 and the file 0600 (they hold secrets)', async () => {
      const p = place();
      const dir = join(p.dir, 'data');
      await openAt({ ...p, dir });
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      expect(statSync(join(dir, 'kit.sqlite')).mode & 0o777).toBe(0o600);
    });
});
