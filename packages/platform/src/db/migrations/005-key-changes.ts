import { type Kysely, type Migration, sql } from 'kysely';
import type { Dialect } from '../database.ts';

/**
 * The key-change log every node polls to evict cached keys (`auth/key-changes.ts`). Rows are written by
 * triggers, so no write path can forget one: a key's revocation or expiry change, any update of an
 * installation (its cached view, its deletion) or of an integration (name, status: the kill switch).
 *
 * `seq` comes from a single-row counter bumped by the writing transaction. Taking that row lock serialises
 * the writers, so sequence order is commit order: a transaction only gets seq n+1 after the one holding n
 * committed, and PostgreSQL makes a commit visible before it releases its locks. A poller that sees n+1
 * therefore already sees n, and "everything after my cursor" can never skip a late commit — which an
 * identity column cannot promise (ids from concurrent transactions commit out of order). On PostgreSQL
 * the trigger is a deferred constraint trigger, so the counter is locked only for the commit itself, not
 * for the rest of the writing transaction; SQLite has one writer at a time anyway.
 *
 * The counter moves by one per row and a rolled-back transaction takes its bumps with it, so the log has
 * no holes: a poller that finds one knows rows it needed were pruned, and drops its whole cache.
 */
export function keyChanges(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('key_change_counter')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .execute();
      await sql`INSERT INTO key_change_counter (id, seq) VALUES (1, 0)`.execute(db);
      await db.schema
        .createTable('key_changes')
        .addColumn('seq', 'bigint', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull()) // 'key' (target = digest) | 'installation' | 'integration' (target = id)
        .addColumn('target', 'text', (c) => c.notNull())
        .addColumn('at_s', 'bigint', (c) => c.notNull()) // database time, only for pruning
        .execute();

      // Superseded: it held the writer's clock, which a skewed node got wrong.
      await db.schema.dropIndex('api_keys_changed').execute();
      await db.schema.alterTable('api_keys').dropColumn('changed_at').execute();

      if (dialect === 'postgres') {
        await sql`
          CREATE FUNCTION latchkey_key_change() RETURNS trigger LANGUAGE plpgsql AS $$
          DECLARE s bigint;
          BEGIN
            UPDATE key_change_counter SET seq = seq + 1 WHERE id = 1 RETURNING seq INTO s;
            INSERT INTO key_changes (seq, kind, target, at_s)
              VALUES (s, TG_ARGV[0], to_jsonb(NEW) ->> TG_ARGV[1], extract(epoch FROM now())::bigint);
            RETURN NULL;
          END $$`.execute(db);
        await sql`
          CREATE CONSTRAINT TRIGGER api_keys_key_change AFTER UPDATE OF revoked_at, expires_at ON api_keys
            DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
            WHEN (OLD.revoked_at IS DISTINCT FROM NEW.revoked_at OR OLD.expires_at IS DISTINCT FROM NEW.expires_at)
            EXECUTE FUNCTION latchkey_key_change('key', 'digest')`.execute(db);
        for (const table of ['installations', 'integrations']) {
          await sql`
            CREATE CONSTRAINT TRIGGER ${sql.id(`${table}_key_change`)} AFTER UPDATE ON ${sql.table(table)}
              DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
              EXECUTE FUNCTION latchkey_key_change(${sql.lit(table.slice(0, -1))}, 'id')`.execute(db);
        }
        return;
      }
      const record = (kind: string, target: string) => sql`
          UPDATE key_change_counter SET seq = seq + 1 WHERE id = 1;
          INSERT INTO key_changes (seq, kind, target, at_s)
            SELECT seq, ${sql.lit(kind)}, ${sql.raw(target)}, CAST(strftime('%s', 'now') AS INTEGER) FROM key_change_counter WHERE id = 1;`;
      await sql`
        CREATE TRIGGER api_keys_key_change AFTER UPDATE OF revoked_at, expires_at ON api_keys
          WHEN OLD.revoked_at IS NOT NEW.revoked_at OR OLD.expires_at IS NOT NEW.expires_at
        BEGIN ${record('key', 'NEW.digest')} END`.execute(db);
      for (const table of ['installations', 'integrations']) {
        await sql`
          CREATE TRIGGER ${sql.id(`${table}_key_change`)} AFTER UPDATE ON ${sql.table(table)}
          BEGIN ${record(table.slice(0, -1), 'NEW.id')} END`.execute(db);
      }
    },
  };
}
