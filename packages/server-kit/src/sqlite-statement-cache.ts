import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * better-sqlite3 behind Kysely with prepared statements reused: Kysely's SQLite driver calls `prepare(sql)`
 * for every query, and preparing costs about as much as running a point select. Statements are kept per
 * SQL text in a bounded LRU (SQL built from varying lists, e.g. `in (?, ?, …)`, just cycles through it).
 *
 * Safe because Kysely runs one query at a time on its single SQLite connection (a statement is never
 * in use twice at once), and SQLite re-prepares a cached statement by itself when the schema changes.
 */
export function cachingStatements(database: SqliteDatabase, capacity = 500): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    prepare(sql: string): SqliteStatement {
      let stmt = cache.get(sql);
      if (stmt) {
        // Most recently used last (Map keeps insertion order).
        cache.delete(sql);
      } else {
        stmt = database.prepare(sql);
        if (cache.size >= capacity) cache.delete(cache.keys().next().value as string);
      }
      cache.set(sql, stmt);
      return stmt;
    },
    close() {
      cache.clear();
      database.close();
    },
  };
}
