import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../database.ts';

/**
 * Tag group dimensions (an ERP dimension a tag group maps to, e.g. a cost centre's project code) and the value
 * each tag has for them. Deleting a tag, a tag group or a dimension deletes what hangs off it.
 */
export function tagDimensions(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('tag_group_dimensions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('company_id', 'text', (c) => c.notNull().references('companies.id'))
        .addColumn('group_id', 'text', (c) => c.notNull().references('tag_groups.id').onDelete('cascade'))
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('display_order', 'integer', (c) => c.notNull())
        .addColumn('visible', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('tag_group_dimensions_company').on('tag_group_dimensions').column('company_id').execute();
      await db.schema
        .createIndex('tag_group_dimensions_group_code')
        .on('tag_group_dimensions')
        .columns(['group_id', 'code'])
        .unique()
        .execute();

      await db.schema
        .createTable('tag_dimension_values')
        .addColumn('company_id', 'text', (c) => c.notNull().references('companies.id'))
        .addColumn('tag_id', 'text', (c) => c.notNull().references('tags.id').onDelete('cascade'))
        .addColumn('dimension_id', 'text', (c) => c.notNull().references('tag_group_dimensions.id').onDelete('cascade'))
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('tag_dimension_values_pk', ['tag_id', 'dimension_id'])
        .execute();
      await db.schema.createIndex('tag_dimension_values_dimension').on('tag_dimension_values').column('dimension_id').execute();
    },
  };
}
