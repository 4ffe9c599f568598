import type { Integration } from '../db/schema.ts';
import { newId, nowIso } from '../util/ids.ts';
import type { Executor } from './context.ts';

/** Our extension: installation lifecycle events, sent to the integration's marketplace webhook URL. */
export const WEBHOOK_EVENTS = [
  'installation.created',
  'installation.key_regenerated',
  'installation.key_revoked',
  'installation.deleted',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/**
 * Pleo's published events, each delivered to the subscriptions (`/v1/subscriptions`) that name it. Subscribing
 * needs the scope that reads the resource the event carries (Pleo: "to subscribe to export events, you must
 * provide the scopes required to access the Export API"), so an event never shows a key more than it may read.
 */
export const SUBSCRIPTION_EVENT_SCOPES = {
  'v1.export-job.created': 'export-jobs:read',
  'v1.vendor.created': 'vendors:read',
} as const;
export type SubscriptionEvent = keyof typeof SUBSCRIPTION_EVENT_SCOPES;
export const SUBSCRIPTION_EVENTS = Object.keys(SUBSCRIPTION_EVENT_SCOPES) as SubscriptionEvent[];

/** Pleo's webhook body: `data` is the resource as the API returns it when the event happened. */
export interface EventEnvelope {
  data: Record<string, unknown>;
  eventType: string;
  /** One id per event; each delivery of it (one per subscription) has its own `webhook-id`. */
  eventId: string;
}

const envelope = (eventType: string, data: object): string => JSON.stringify({ data, eventType, eventId: newId() } as EventEnvelope);

interface Target {
  integration_id: string;
  subscription_id: string | null;
}

async function enqueue(db: Executor, targets: Target[], eventType: string, payload: string): Promise<void> {
  if (!targets.length) return;
  const at = nowIso();
  await db
    .insertInto('webhook_deliveries')
    .values(
      targets.map((t) => ({
        id: `msg_${newId().replaceAll('-', '')}`,
        integration_id: t.integration_id,
        subscription_id: t.subscription_id,
        event_type: eventType,
        payload,
        status: 'pending' as const,
        attempts: 0,
        next_attempt_at: at,
        last_status_code: null,
        last_error: null,
        created_at: at,
        delivered_at: null,
      })),
    )
    .execute();
}

/**
 * Writes a lifecycle event to the persistent outbox in the caller's transaction, so the event exists
 * exactly when the change does; the delivery worker sends it later with retries. Never carries a key.
 */
export async function enqueueWebhook(
  db: Executor,
  integration: Pick<Integration, 'id' | 'webhook_url'>,
  type: WebhookEvent,
  data: Record<string, unknown>,
): Promise<void> {
  if (!integration.webhook_url) return;
  await enqueue(db, [{ integration_id: integration.id, subscription_id: null }], type, envelope(type, data));
}

/**
 * Publishes a resource event of a company, in the caller's transaction (the transactional outbox): one
 * delivery per active subscription of a live installation of that company that names the event.
 * Callers notify the outbox after commit (`DomainContext.notifyOutbox`); the poll finds it otherwise.
 */
export async function publishEvent(db: Executor, companyId: string, type: SubscriptionEvent, data: object): Promise<void> {
  const targets = await db
    .selectFrom('webhook_subscriptions as s')
    .innerJoin('installations as i', 'i.id', 's.installation_id')
    .select(['s.id as subscription_id', 's.integration_id'])
    .where('s.company_id', '=', companyId)
    .where('s.status', '=', 'ACTIVE')
    .where('s.deleted_at', 'is', null)
    .where('i.deleted_at', 'is', null)
    // event_types is a JSON array of known names (no LIKE wildcards in them): the quoted name matches exactly.
    .where('s.event_types', 'like', `%"${type}"%`)
    .execute();
  await enqueue(db, targets, type, envelope(type, data));
}
