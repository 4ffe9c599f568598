import type { Selectable } from 'kysely';

/**
 * Pleo's webhook subscriptions (`/v1/subscriptions`), owned by migration 006. A subscription belongs to one
 * installation (integration × company); events of that company are delivered to its endpoint through the
 * outbox (`webhook_deliveries.subscription_id`), signed with its own secret.
 */
export type SubscriptionStatus = 'ACTIVE' | 'INACTIVE';
export type SubscriptionOperation = 'CREATE' | 'UPDATE' | 'DELETE';

export interface WebhookSubscriptionsTable {
  id: string;
  installation_id: string;
  integration_id: string;
  company_id: string;
  endpoint_url: string;
  event_types: string; // JSON string[]
  status: SubscriptionStatus;
  custom_headers: string | null; // JSON Record<string, string>
  endpoint_auth: string | null; // JSON {type: 'BASIC', username, password}
  /** Standard Webhooks `whsec_…` signing secret: the platform must hold it to sign; never logged. */
  secret: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  deleted_by: string | null;
}

export interface WebhookSubscriptionActivitiesTable {
  id: string;
  subscription_id: string;
  operation_type: SubscriptionOperation;
  description: string;
  actor_urn: string;
  created_at: string;
}

export interface SubscriptionTables {
  webhook_subscriptions: WebhookSubscriptionsTable;
  webhook_subscription_activities: WebhookSubscriptionActivitiesTable;
}

export type WebhookSubscription = Selectable<WebhookSubscriptionsTable>;
export type WebhookSubscriptionActivity = Selectable<WebhookSubscriptionActivitiesTable>;
