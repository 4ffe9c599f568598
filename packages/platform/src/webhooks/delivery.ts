import type { Kysely } from 'kysely';
import { Webhook } from 'standardwebhooks';
import type { DB, DeliveryStatus } from '../db/schema.ts';
import type { StoredEndpointAuth } from '../domain/subscriptions.ts';
import { nowIso, parseJson } from '../util/ids.ts';

const LEASE_MS = 60_000;
const TIMEOUT_MS = 10_000;

export interface DeliveryOptions {
  /** How often the outbox is scanned for due deliveries. */
  pollMs?: number;
  /** Seconds to wait after each failed attempt; after the last, the delivery is `failed`. */
  retryScheduleS: number[];
  log?: (msg: string, extra?: Record<string, unknown>) => void;
}

/**
 * Delivers webhooks from the persistent outbox (`webhook_deliveries`), signed per Standard
 * Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,…`). A row is leased before it is
 * sent, so several nodes can run this without sending twice; a crash mid-send only delays a retry.
 * Lifecycle events go to the integration's webhook URL with its secret; subscription events (`subscription_id`)
 * to that subscription's endpoint with its own secret, headers and Basic credentials.
 */
export class WebhookDelivery {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private readonly schedule: number[];

  constructor(
    private readonly db: Kysely<DB>,
    private readonly opts: DeliveryOptions,
  ) {
    this.schedule = opts.retryScheduleS;
  }

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.opts.pollMs ?? 1_000);
    this.timer.unref();
  }

  /** Runs one pass now (also used right after an event is written, and by tests). */
  tick(): Promise<void> {
    this.running ??= this.deliverDue().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async deliverDue(): Promise<void> {
    const now = Date.now();
    const due = await this.db
      .selectFrom('webhook_deliveries')
      .innerJoin('integrations', 'integrations.id', 'webhook_deliveries.integration_id')
      .leftJoin('webhook_subscriptions as s', 's.id', 'webhook_deliveries.subscription_id')
      .leftJoin('installations as si', 'si.id', 's.installation_id')
      .select([
        'webhook_deliveries.id',
        'webhook_deliveries.payload',
        'webhook_deliveries.attempts',
        'webhook_deliveries.next_attempt_at',
        'webhook_deliveries.event_type',
        'webhook_deliveries.subscription_id',
        'integrations.webhook_url',
        'integrations.webhook_secret',
        's.endpoint_url',
        's.secret',
        's.custom_headers',
        's.endpoint_auth',
        's.status as subscription_status',
        's.deleted_at as subscription_deleted_at',
        'si.deleted_at as installation_deleted_at',
      ])
      .where('webhook_deliveries.status', '=', 'pending')
      .where('webhook_deliveries.next_attempt_at', '<=', nowIso(now))
      .orderBy('webhook_deliveries.created_at')
      .limit(20)
      .execute();
    await Promise.all(
      due.map(async (d) => {
        // Lease: only the node whose update matched sends it.
        const leased = await this.db
          .updateTable('webhook_deliveries')
          .set({ next_attempt_at: nowIso(now + LEASE_MS) })
          .where('id', '=', d.id)
          .where('status', '=', 'pending')
          .where('next_attempt_at', '=', d.next_attempt_at)
          .executeTakeFirst();
        if (Number(leased.numUpdatedRows) !== 1) return;
        if (!d.subscription_id) {
          if (d.webhook_url) await this.send(d, { url: d.webhook_url, secret: d.webhook_secret, headers: {} });
          return;
        }
        // A subscription deleted, deactivated or uninstalled since the event was written receives nothing.
        if (!d.endpoint_url || !d.secret || d.subscription_status !== 'ACTIVE' || d.subscription_deleted_at || d.installation_deleted_at) {
          await this.db
            .updateTable('webhook_deliveries')
            .set({ status: 'failed', last_error: 'not sent: the subscription is no longer active' })
            .where('id', '=', d.id)
            .execute();
          return;
        }
        await this.send(d, { url: d.endpoint_url, secret: d.secret, headers: subscriptionHeaders(d.custom_headers, d.endpoint_auth) });
      }),
    );
  }

  private async send(
    { id, payload, attempts, event_type: type }: { id: string; payload: string; attempts: number; event_type: string },
    { url, secret, headers }: { url: string; secret: string; headers: Record<string, string> },
  ): Promise<void> {
    const sentAt = new Date();
    const signature = new Webhook(secret).sign(id, sentAt, payload);
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          ...headers,
          'content-type': 'application/json',
          'webhook-id': id,
          'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
          'webhook-signature': signature,
          'user-agent': 'Latchkey-Webhooks/1',
        },
        body: payload,
        signal: AbortSignal.timeout(TIMEOUT_MS),
        redirect: 'manual',
      });
      statusCode = res.status;
      await res.arrayBuffer().catch(() => undefined);
      if (res.status < 200 || res.status >= 300) error = `HTTP ${res.status}`;
    } catch (err) {
      error = err instanceof Error ? (err.name === 'TimeoutError' ? 'timed out' : err.message) : String(err);
    }
    const attempt = attempts + 1;
    if (!error) {
      await this.db
        .updateTable('webhook_deliveries')
        .set({ status: 'delivered', attempts: attempt, last_status_code: statusCode, last_error: null, delivered_at: nowIso() })
        .where('id', '=', id)
        .execute();
      return;
    }
    const wait = this.schedule[attempt - 1];
    await this.db
      .updateTable('webhook_deliveries')
      .set({
        attempts: attempt,
        last_status_code: statusCode,
        last_error: error.slice(0, 500),
        ...(wait === undefined ? { status: 'failed' as const } : { next_attempt_at: nowIso(Date.now() + wait * 1000) }),
      })
      .where('id', '=', id)
      .execute();
    this.opts.log?.(`webhook ${type} to ${new URL(url).host} failed (attempt ${attempt}): ${error}`);
  }
}

/** A subscription's own headers and Basic credentials (validated when it was saved: reserved names are refused). */
function subscriptionHeaders(custom: string | null, auth: string | null): Record<string, string> {
  const headers = parseJson<Record<string, string>>(custom, {});
  const basic = parseJson<StoredEndpointAuth | null>(auth, null);
  if (basic) headers.authorization = `Basic ${Buffer.from(`${basic.username}:${basic.password}`).toString('base64')}`;
  return headers;
}

export interface DeliveryView {
  id: string;
  eventType: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

/** Deliveries of one integration, newest first, for the partner portal. */
export async function listDeliveries(db: Kysely<DB>, integrationId: string, limit = 50): Promise<DeliveryView[]> {
  const rows = await db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('integration_id', '=', integrationId)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    eventType: r.event_type,
    status: r.status,
    attempts: r.attempts,
    lastStatusCode: r.last_status_code,
    lastError: r.last_error,
    nextAttemptAt: r.status === 'pending' ? r.next_attempt_at : null,
    createdAt: r.created_at,
    deliveredAt: r.delivered_at,
  }));
}
