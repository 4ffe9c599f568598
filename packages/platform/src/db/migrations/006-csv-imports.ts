import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../database.ts';

/**
 * Vendor CSV import jobs (Pleo's `/v1/vendors/csv-import/jobs`): the job with its progress, a lease so one node
 * runs it, and a cursor (`next_row`) that advances in the same transaction as each batch's vendors, so a crash
 * mid-import resumes where the last committed batch ended; the uploaded file; and the per-row errors.
 */
export function csvImports(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('csv_import_jobs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('company_id', 'text', (c) => c.notNull().references('companies.id'))
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('original_filename', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('csv_format', 'text')
        .addColumn('metadata', 'text', (c) => c.notNull())
        .addColumn('column_names', 'text')
        .addColumn('error_code', 'text')
        .addColumn('error_message', 'text')
        .addColumn('rows_total', 'integer')
        .addColumn('rows_succeeded', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('rows_failed', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('rows_skipped', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('s3_key', 'text')
        .addColumn('upload_token_digest', 'text')
        .addColumn('upload_expires_at', 'text')
        .addColumn('next_row', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('lease_owner', 'text')
        .addColumn('lease_expires_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('csv_import_jobs_company').on('csv_import_jobs').column('company_id').execute();
      await db.schema.createIndex('csv_import_jobs_status').on('csv_import_jobs').column('status').execute();

      await db.schema
        .createTable('csv_import_files')
        .addColumn('job_id', 'text', (c) => c.primaryKey().references('csv_import_jobs.id').onDelete('cascade'))
        .addColumn('company_id', 'text', (c) => c.notNull().references('companies.id'))
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('content_type', 'text', (c) => c.notNull())
        .addColumn('uploaded_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('csv_import_row_errors')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('company_id', 'text', (c) => c.notNull().references('companies.id'))
        .addColumn('job_id', 'text', (c) => c.notNull().references('csv_import_jobs.id').onDelete('cascade'))
        .addColumn('row_number', 'integer', (c) => c.notNull())
        .addColumn('error_code', 'text', (c) => c.notNull())
        .addColumn('error_message', 'text', (c) => c.notNull())
        .addColumn('raw_data', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('csv_import_row_errors_job').on('csv_import_row_errors').columns(['job_id', 'id']).execute();
    },
  };
}
