import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../database.ts';

/** Webhook subscriptions and their activity log; outbox rows may target a subscription instead of the integration's URL. */
export function subscriptions(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('webhook_subscriptions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('installation_id', 'text', (c) => c.notNull().references('installations.id'))
        .addColumn('integration_id', 'text', (c) => c.notNull().references('integrations.id'))
        .addColumn('company_id', 'text', (c) => c.notNull().references('companies.id'))
        .addColumn('endpoint_url', 'text', (c) => c.notNull())
        .addColumn('event_types', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('custom_headers', 'text')
        .addColumn('endpoint_auth', 'text')
        .addColumn('secret', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('deleted_at', 'text')
        .addColumn('deleted_by', 'text')
        .execute();
      await db.schema.createIndex('webhook_subscriptions_installation').on('webhook_subscriptions').column('installation_id').execute();
      await db.schema
        .createIndex('webhook_subscriptions_company_status')
        .on('webhook_subscriptions')
        .columns(['company_id', 'status'])
        .execute();

      await db.schema
        .createTable('webhook_subscription_activities')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('subscription_id', 'text', (c) => c.notNull().references('webhook_subscriptions.id'))
        .addColumn('operation_type', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('actor_urn', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('webhook_subscription_activities_subscription')
        .on('webhook_subscription_activities')
        .columns(['subscription_id', 'id'])
        .execute();

      await db.schema.alterTable('webhook_deliveries').addColumn('subscription_id', 'text').execute();
    },
  };
}
