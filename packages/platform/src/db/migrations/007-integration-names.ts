import { type Kysely, type Migration, sql } from 'kysely';
import { isUuidShaped } from '../../util/ids.ts';
import type { Dialect } from '../database.ts';

/**
 * Integration names are unique case-insensitively and never shaped like an id. Existing rows that break
 * either rule (possible before this migration) are renamed, oldest keeping its name, then the index enforces it.
 */
export function integrationNames(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      const rows = await sql<{ id: string; name: string }>`select id, name from integrations order by created_at, id`.execute(db);
      const taken = new Set<string>();
      for (const r of rows.rows) {
        let name = isUuidShaped(r.name) ? `Integration ${r.id.slice(0, 8)}` : r.name;
        if (taken.has(name.toLowerCase())) name = `${name} (${r.id.slice(0, 8)})`;
        taken.add(name.toLowerCase());
        if (name !== r.name) await sql`update integrations set name = ${name} where id = ${r.id}`.execute(db);
      }
      await db.schema.createIndex('integrations_name_ci').on('integrations').unique().expression(sql`lower(name)`).execute();
    },
  };
}
