import { migrateDatabase } from '@latchkey/server-kit';
import type { Kysely, Migration } from 'kysely';
import type { ConnectorDatabase } from '../db/database.ts';
import type { ConnectorDB } from '../db/schema.ts';

/**
 * The reference app's own tables, beside the connector's: operators (the integration's staff), web
 * sessions and received webhook ids. They have their own migration history, so the connector library's
 * schema stays the library's; the same portable column types serve SQLite and PostgreSQL.
 */
export interface AppOperatorsTable {
  id: string;
  email: string;
  name: string;
  /** server-kit's password hash. */
  password_hash: string;
  created_at: string;
}

export type PrincipalKind = 'customer' | 'operator';

export interface AppSessionsTable {
  /** SHA-256 of the cookie value; the value itself is never stored. */
  id_digest: string;
  kind: PrincipalKind;
  /** A tenant user's id (`customer`) or an operator's id. */
  principal_id: string;
  tenant_id: string | null;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export interface AppWebhookReceiptsTable {
  /** The `webhook-id` header: a second delivery with the same id is a replay. */
  id: string;
  event_type: string;
  received_at: string;
}

export type AppTables = {
  app_operators: AppOperatorsTable;
  app_sessions: AppSessionsTable;
  app_webhook_receipts: AppWebhookReceiptsTable;
};

export type AppDB = ConnectorDB & AppTables;

const init: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('app_operators')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('email', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('app_sessions')
      .addColumn('id_digest', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('principal_id', 'text', (c) => c.notNull())
      .addColumn('tenant_id', 'text')
      .addColumn('csrf_token', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('app_sessions_expires').on('app_sessions').column('expires_at').execute();
    await db.schema
      .createTable('app_webhook_receipts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('event_type', 'text', (c) => c.notNull())
      .addColumn('received_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('app_webhook_receipts_received').on('app_webhook_receipts').column('received_at').execute();
  },
  async down(db: Kysely<unknown>) {
    for (const table of ['app_webhook_receipts', 'app_sessions', 'app_operators']) await db.schema.dropTable(table).ifExists().execute();
  },
};

const appMigrations: Record<string, Migration> = { '001-app': init };

/** The connector's database, typed with the app's tables too. */
export function appDb(database: ConnectorDatabase): Kysely<AppDB> {
  return (database.db as Kysely<ConnectorDB>).withTables<AppTables>();
}

/** Creates or upgrades the app's tables (idempotent; safe with several instances starting at once). */
export const migrateApp = (database: ConnectorDatabase): Promise<void> =>
  migrateDatabase(database, {
    migrations: appMigrations,
    tableName: 'connector_app_migration',
    lockTableName: 'connector_app_migration_lock',
    label: 'connector app',
  });
