import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { cachingStatements } from './sqlite-statement-cache.ts';

interface DB {
  notes: { id: string; body: string };
}

/** An in-memory database that counts how often SQLite is asked to prepare each SQL text. */
function counted() {
  const raw = new SQLite(':memory:');
  const prepared = new Map<string, number>();
  const prepare = raw.prepare.bind(raw);
  const database = {
    prepare(text: string) {
      prepared.set(text, (prepared.get(text) ?? 0) + 1);
      return prepare(text);
    },
    close: () => raw.close(),
  };
  return { database, prepared };
}

describe('cachingStatements', () => {
  const open: Kysely<DB>[] = [];
  afterEach(async () => {
    for (const db of open.splice(0)) await db.destroy();
  });
  const kysely = (database: ReturnType<typeof counted>['database'], capacity?: number) => {
    const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: cachingStatements(database, capacity) }) });
    open.push(db);
    return db;
  };

  it('prepares each SQL text once and reuses it with new parameters', async () => {
    const { database, prepared } = counted();
    const db = kysely(database);
    await db.schema
      .createTable('notes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('body', 'text')
      .execute();
    for (let i = 0; i < 5; i++)
      await db
        .insertInto('notes')
        .values({ id: `n${i}`, body: `body ${i}` })
        .execute();
    const bodies: string[] = [];
    for (let i = 0; i < 5; i++) {
      const row = await db.selectFrom('notes').select('body').where('id', '=', `n${i}`).executeTakeFirstOrThrow();
      bodies.push(row.body);
    }
    expect(bodies).toEqual(['body 0', 'body 1', 'body 2', 'body 3', 'body 4']);
    const select = [...prepared].find(([text]) => text.startsWith('select'));
    const insert = [...prepared].find(([text]) => text.startsWith('insert'));
    expect(select?.[1]).toBe(1);
    expect(insert?.[1]).toBe(1);
  });

  it('keeps at most `capacity` statements, dropping the least recently used', async () => {
    const { database, prepared } = counted();
    const db = kysely(database, 2);
    const q = (n: number) => sql<{ n: number }>`select ${sql.lit(n)} as n`.execute(db);
    await q(1);
    await q(2);
    await q(1); // 1 is now the most recent
    await q(3); // evicts 2
    await q(1);
    await q(2); // prepared again
    expect([...prepared.values()]).toEqual([1, 2, 1]);
  });

  it('a cached statement follows a schema change', async () => {
    const { database } = counted();
    const db = kysely(database);
    await db.schema
      .createTable('notes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('body', 'text')
      .execute();
    await db.insertInto('notes').values({ id: 'a', body: 'x' }).execute();
    const all = () => db.selectFrom('notes').selectAll().execute();
    expect(await all()).toEqual([{ id: 'a', body: 'x' }]);
    await sql`alter table notes add column tag text default 't'`.execute(db);
    expect(await all()).toEqual([{ id: 'a', body: 'x', tag: 't' }]);
  });
});
