import type { Kysely, Migration } from 'kysely';

/** Portable types only (text ids, ISO text timestamps, JSON as text, integers): one migration serves both dialects. */
export const init: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('tenants')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('tenant_users')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('email', 'text', (c) => c.notNull().unique())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('tenant_users_tenant').on('tenant_users').column('tenant_id').execute();

    await db.schema
      .createTable('connections')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('platform_base_url', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('company_id', 'text')
      .addColumn('company_name', 'text')
      .addColumn('installation_id', 'text')
      .addColumn('application_name', 'text')
      .addColumn('key_hint', 'text')
      .addColumn('secret', 'text')
      .addColumn('secret_key_id', 'text')
      .addColumn('pending_secret', 'text')
      .addColumn('pending_secret_key_id', 'text')
      .addColumn('scopes', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('reported_status', 'text')
      .addColumn('reported_error_code', 'text')
      .addColumn('last_checked_at', 'text')
      .addColumn('last_success_at', 'text')
      .addColumn('last_error_class', 'text')
      .addColumn('last_error_message', 'text')
      .addColumn('failure_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('failure_streak', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('last_failure_counted_at', 'text')
      .addColumn('next_check_at', 'text')
      .addColumn('connected_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('connections_tenant').on('connections').column('tenant_id').execute();
    await db.schema.createIndex('connections_company').on('connections').column('company_id').execute();
    await db.schema.createIndex('connections_due').on('connections').columns(['state', 'next_check_at']).execute();
    await db.schema.createIndex('connections_secret_key').on('connections').column('secret_key_id').execute();

    await db.schema
      .createTable('connection_events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('connection_id', 'text', (c) => c.notNull())
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('from_state', 'text')
      .addColumn('to_state', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('message', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('connection_events_connection').on('connection_events').columns(['connection_id', 'id']).execute();

    await db.schema
      .createTable('vault_keys')
      .addColumn('key_id', 'text', (c) => c.primaryKey())
      .addColumn('check_value', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    for (const table of ['vault_keys', 'connection_events', 'connections', 'tenant_users', 'tenants']) {
      await db.schema.dropTable(table).ifExists().execute();
    }
  },
};
