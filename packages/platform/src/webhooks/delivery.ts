import type { Kysely } from 'kysely';
import { Webhook } from 'standardwebhooks';
import type { DB, DeliveryStatus } from '../db/schema.ts';
import type { StoredEndpointAuth } from '../domain/subscriptions.ts';
import { nowIso, parseJson } from '../util/ids.ts';
import { OUTCOME_MESSAGES, type Outcome, postToTarget } from './outbound.ts';
import type { Resolver, TargetPolicy } from './targets.ts';

const LEASE_MS = 60_000;
const TIMEOUT_MS = 10_000;
/** Longest pause of the polling loop after passes that failed (the database away, say). */
const MAX_BACKOFF_MS = 30_000;

export interface DeliveryOptions {
  /** How often the outbox is scanned for due deliveries. */
  pollMs?: number;
  /** Seconds to wait after each failed attempt; after the last, the delivery is `failed`. */
  retryScheduleS: number[];
  /** Which webhook URLs may be called (see `outbound.ts`). */
  policy: TargetPolicy;
  /** DNS resolver (tests inject one). */
  resolve?: Resolver;
  log?: (msg: string, err?: unknown) => void;
}

/**
 * Delivers webhooks from the persistent outbox (`webhook_deliveries`), signed per Standard
 * Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,…`). A row is leased before it is
 * sent, so several nodes can run this without sending twice; a crash mid-send only delays a retry.
 * Lifecycle events go to the integration's webhook URL with its secret; subscription events (`subscription_id`)
 * to that subscription's endpoint with its own secret, headers and Basic credentials.
 * A pass that fails (the database unreachable, say) is logged and never rejects: the polling loop backs
 * off (doubling up to 30 s) and resumes with the first pass that succeeds.
 */
export class WebhookDelivery {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private readonly schedule: number[];
  private failedPasses = 0;
  private pausedUntil = 0;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly opts: DeliveryOptions,
  ) {
    this.schedule = opts.retryScheduleS;
  }

  private get pollMs(): number {
    return this.opts.pollMs ?? 1_000;
  }

  start(): void {
    this.timer = setInterval(() => {
      if (Date.now() >= this.pausedUntil) void this.tick();
    }, this.pollMs);
    this.timer.unref();
  }

  /** Runs one pass now (also used right after an event is written, and by tests); never rejects. */
  tick(): Promise<void> {
    this.running ??= this.deliverDue()
      .then(
        () => {
          this.failedPasses = 0;
          this.pausedUntil = 0;
        },
        (err: unknown) => {
          this.failedPasses++;
          const pause = Math.min(MAX_BACKOFF_MS, this.pollMs * 2 ** (this.failedPasses - 1));
          this.pausedUntil = Date.now() + pause;
          this.opts.log?.(`webhook delivery pass failed (${this.failedPasses} in a row); next pass in ${pause} ms`, err);
        },
      )
      .finally(() => {
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
    const sent = await Promise.allSettled(
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
    // Every send has finished before the pass counts as failed (a lease not written back only delays a retry).
    const failed = sent.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  private async send(
    { id, payload, attempts, event_type: type }: { id: string; payload: string; attempts: number; event_type: string },
    { url, secret, headers }: { url: string; secret: string; headers: Record<string, string> },
  ): Promise<void> {
    const sentAt = new Date();
    const signature = new Webhook(secret).sign(id, sentAt, payload);
    const result = await postToTarget(
      url,
      {
        ...headers,
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
        'webhook-signature': signature,
        'user-agent': 'Latchkey-Webhooks/1',
      },
      payload,
      { policy: this.opts.policy, timeoutMs: TIMEOUT_MS, resolve: this.opts.resolve },
    );
    const attempt = attempts + 1;
    // `last_error` holds the outcome class only: the detail behind it goes to the operators' log, never to partners.
    if (result.outcome === 'delivered') {
      await this.db
        .updateTable('webhook_deliveries')
        .set({ status: 'delivered', attempts: attempt, last_status_code: result.status, last_error: null, delivered_at: nowIso() })
        .where('id', '=', id)
        .execute();
      return;
    }
    const wait = this.schedule[attempt - 1];
    await this.db
      .updateTable('webhook_deliveries')
      .set({
        attempts: attempt,
        last_status_code: result.status,
        last_error: result.outcome,
        ...(wait === undefined ? { status: 'failed' as const } : { next_attempt_at: nowIso(Date.now() + wait * 1000) }),
      })
      .where('id', '=', id)
      .execute();
    this.opts.log?.(`webhook ${type} ${id} failed (attempt ${attempt}): ${OUTCOME_MESSAGES[result.outcome]} (${result.detail})`);
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
  /** What the last attempt came to, as a class (no status codes or error strings: see `outbound.ts`). */
  lastResult: Outcome | null;
  lastResultMessage: string | null;
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
    ...lastResult(r),
    nextAttemptAt: r.status === 'pending' ? r.next_attempt_at : null,
    createdAt: r.created_at,
    deliveredAt: r.delivered_at,
  }));
}

function lastResult(r: {
  status: string;
  attempts: number;
  last_error: string | null;
}): Pick<DeliveryView, 'lastResult' | 'lastResultMessage'> {
  if (r.attempts === 0) return { lastResult: null, lastResultMessage: null };
  const outcome: Outcome =
    r.status === 'delivered'
      ? 'delivered'
      : r.last_error && r.last_error in OUTCOME_MESSAGES
        ? (r.last_error as Outcome)
        : // Rows written before outcome classes: "HTTP 503", "timed out", an error message.
          /^HTTP /.test(r.last_error ?? '')
          ? 'endpoint_refused'
          : r.last_error === 'timed out'
            ? 'timeout'
            : 'unreachable';
  return { lastResult: outcome, lastResultMessage: OUTCOME_MESSAGES[outcome] };
}
