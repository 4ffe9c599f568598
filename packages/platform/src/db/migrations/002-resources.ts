import { type CreateTableBuilder, type Kysely, type Migration, sql } from 'kysely';
import type { Dialect } from '../database.ts';

/** Columns every resource table starts with: a text UUID id and the owning company. */
// biome-ignore lint/suspicious/noExplicitAny: builder over any table name
const base = (t: CreateTableBuilder<any, any>) =>
  t.addColumn('id', 'text', (c) => c.primaryKey()).addColumn('company_id', 'text', (c) => c.notNull().references('companies.id'));

/** Accounting resources of the external API. One migration for both dialects (text ids/timestamps, integer booleans). */
export function resources(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await base(db.schema.createTable('employees'))
        .addColumn('user_id', 'text', (c) => c.references('users.id'))
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('first_name', 'text', (c) => c.notNull())
        .addColumn('last_name', 'text', (c) => c.notNull())
        .addColumn('code', 'text')
        .addColumn('job_title', 'text')
        .addColumn('phone', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('employees_company_email').on('employees').columns(['company_id', 'email']).unique().execute();

      await base(db.schema.createTable('accounts'))
        .addColumn('external_id', 'text', (c) => c.notNull())
        .addColumn('code', 'text')
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('tax_code_external_id', 'text')
        .addColumn('metadata', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('accounts_company_external').on('accounts').columns(['company_id', 'external_id']).unique().execute();

      await base(db.schema.createTable('tax_codes'))
        .addColumn('code', 'text')
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('rate', 'double precision', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('ingoing_tax_account', 'text')
        .addColumn('outgoing_tax_account', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('tax_codes_company').on('tax_codes').column('company_id').execute();

      await base(db.schema.createTable('tag_groups'))
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('metadata', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('tag_groups_company_code').on('tag_groups').columns(['company_id', 'code']).unique().execute();

      await base(db.schema.createTable('tags'))
        .addColumn('group_id', 'text', (c) => c.notNull().references('tag_groups.id'))
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('name', 'text')
        .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('tags_company').on('tags').column('company_id').execute();
      await db.schema.createIndex('tags_group_code').on('tags').columns(['group_id', 'code']).unique().execute();

      await base(db.schema.createTable('vendors'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('code', 'text')
        .addColumn('external_id', 'text')
        .addColumn('country', 'text')
        .addColumn('default_currency', 'text', (c) => c.notNull())
        .addColumn('registration_number', 'text')
        .addColumn('tax_registration_number', 'text')
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('vendors_company').on('vendors').column('company_id').execute();
      await db.schema
        .createIndex('vendors_company_external')
        .on('vendors')
        .columns(['company_id', 'external_id'])
        .unique()
        .where(sql.ref('external_id'), 'is not', null)
        .execute();

      await base(db.schema.createTable('expenses'))
        .addColumn('line_id', 'text', (c) => c.notNull())
        .addColumn('employee_id', 'text', (c) => c.references('employees.id'))
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('date', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('amount', 'integer', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('supplier_amount', 'integer', (c) => c.notNull())
        .addColumn('supplier_currency', 'text', (c) => c.notNull())
        .addColumn('supplier_name', 'text')
        .addColumn('supplier_country', 'text')
        .addColumn('supplier_category_code', 'text')
        .addColumn('account_id', 'text')
        .addColumn('tax_code_id', 'text')
        .addColumn('vendor_id', 'text')
        .addColumn('tag_ids', 'text', (c) => c.notNull())
        .addColumn('reconciliation_id', 'text', (c) => c.notNull())
        .addColumn('files', 'text', (c) => c.notNull())
        .addColumn('export_status', 'text', (c) => c.notNull())
        .addColumn('export_job_id', 'text')
        .addColumn('exported_at', 'text')
        .addColumn('external_id', 'text')
        .addColumn('external_url', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('expenses_company_status').on('expenses').columns(['company_id', 'export_status']).execute();

      await base(db.schema.createTable('export_jobs'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('is_interactive', 'integer', (c) => c.notNull())
        .addColumn('vendor_based_bookkeeping', 'integer', (c) => c.notNull())
        .addColumn('number_of_items', 'integer', (c) => c.notNull())
        .addColumn('created_by', 'text')
        .addColumn('failure_reason', 'text')
        .addColumn('failure_reason_type', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text')
        .addColumn('completed_at', 'text')
        .addColumn('expired_at', 'text')
        .addColumn('last_updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('export_jobs_company').on('export_jobs').column('company_id').execute();
      // At most one unfinished job per company: two racing "create job" calls cannot both win.
      await db.schema
        .createIndex('export_jobs_one_active')
        .on('export_jobs')
        .column('company_id')
        .unique()
        .where(sql.ref('status'), 'in', sql`('pending', 'in_progress')`)
        .execute();

      await base(db.schema.createTable('export_job_items'))
        .addColumn('job_id', 'text', (c) => c.notNull().references('export_jobs.id'))
        .addColumn('expense_id', 'text', (c) => c.notNull().references('expenses.id'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('exported_at', 'text')
        .addColumn('external_id', 'text')
        .addColumn('external_url', 'text')
        .addColumn('failure_reason', 'text')
        .addColumn('failure_reason_type', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('export_job_items_company').on('export_job_items').column('company_id').execute();
      await db.schema
        .createIndex('export_job_items_job_expense')
        .on('export_job_items')
        .columns(['job_id', 'expense_id'])
        .unique()
        .execute();
      await db.schema.createIndex('export_job_items_expense').on('export_job_items').column('expense_id').execute();
    },
  };
}
