import type { Integration } from '../db/schema.ts';
import { newId, nowIso } from '../util/ids.ts';
import type { Executor } from './context.ts';

export const WEBHOOK_EVENTS = [
  'installation.created',
  'installation.key_regenerated',
  'installation.key_revoked',
  'installation.deleted',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

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
  const at = nowIso();
  await db
    .insertInto('webhook_deliveries')
    .values({
      id: `msg_${newId().replaceAll('-', '')}`,
      integration_id: integration.id,
      event_type: type,
      payload: JSON.stringify({ type, timestamp: at, data }),
      status: 'pending',
      attempts: 0,
      next_attempt_at: at,
      last_status_code: null,
      last_error: null,
      created_at: at,
      delivered_at: null,
    })
    .execute();
}
