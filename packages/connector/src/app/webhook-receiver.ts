import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { applyLifecycleEvent, isLifecycleEvent } from '../connections/lifecycle.ts';
import type { ConnectionService } from '../connections/service.ts';
import type { Logger } from '../util/logger.ts';
import type { AppDB } from './db.ts';
import { errors, WebhookHeaders, WebhookReceived } from './schemas.ts';

/** Receipts older than this are pruned: a webhook signed earlier is refused for its timestamp anyway. */
const RECEIPT_TTL_MS = 15 * 60_000;

export interface WebhookReceiverOptions {
  db: Kysely<AppDB>;
  connections: ConnectionService;
  /** Current signing secret (`whsec_…`); null answers 503. */
  secret: () => string | null;
  logger?: Logger;
}

const unauthorized = { type: 'UNAUTHORIZED', message: 'Webhook signature could not be verified.' };

/**
 * `POST /webhooks/latchkey`: Standard Webhooks verification (`webhook-id`, `webhook-timestamp`,
 * `webhook-signature`, 5-minute tolerance) over the raw body; a bad or missing signature, a stale
 * timestamp or a webhook-id already received answers 401. The id is recorded before the event is applied
 * (insert-first on its unique key, so of concurrent copies exactly one is processed) and given back when
 * applying fails, so a retry of a delivery that failed half-way is processed. What the event does to the
 * connections is the kit's (`applyLifecycleEvent`, idempotent).
 */
export function webhookReceiver(o: WebhookReceiverOptions) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    // The signature covers the exact bytes: keep the body as a string.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 256 * 1024 }, (_req, body, done) => done(null, body));

    app.post(
      '/webhooks/latchkey',
      {
        schema: {
          tags: ['webhooks'],
          summary: 'Platform lifecycle webhooks (Standard Webhooks signed)',
          description:
            'installation.key_regenerated → needs_reconnect; installation.key_revoked → needs_reconnect when the revoked key is the stored one; installation.deleted → uninstalled. 401 on a bad/missing signature, a timestamp outside 5 minutes or a replayed webhook-id.',
          headers: WebhookHeaders,
          response: { 200: WebhookReceived, ...errors(400, 401, 503) },
        },
      },
      async (req, reply) => {
        const secret = o.secret();
        if (!secret) return reply.code(503).send({ type: 'WEBHOOKS_NOT_CONFIGURED', message: 'No webhook signing secret is configured.' });
        const raw = typeof req.body === 'string' ? req.body : '';
        const h = (name: string) => {
          const v = req.headers[name];
          return Array.isArray(v) ? v[0] : v;
        };
        const headers = {
          'webhook-id': h('webhook-id') ?? '',
          'webhook-timestamp': h('webhook-timestamp') ?? '',
          'webhook-signature': h('webhook-signature') ?? '',
        };
        let event: unknown;
        try {
          event = new Webhook(secret).verify(raw, headers);
        } catch (err) {
          o.logger?.warn?.({ reason: err instanceof WebhookVerificationError ? err.message : 'unverifiable' }, 'webhook refused');
          return reply.code(401).send(unauthorized);
        }
        const id = headers['webhook-id'];
        if (!isLifecycleEvent(event)) return reply.code(400).send({ type: 'BAD_REQUEST', message: 'Expected {data, eventType, eventId}.' });
        // The receipt first: the id's unique key lets exactly one of concurrent copies through, on every database.
        const now = Date.now();
        const taken = await o.db
          .insertInto('app_webhook_receipts')
          .values({ id, event_type: event.eventType.slice(0, 100), received_at: new Date(now).toISOString() })
          .onConflict((oc) => oc.column('id').doNothing())
          .executeTakeFirst();
        if (Number(taken.numInsertedOrUpdatedRows ?? 0) === 0) {
          o.logger?.warn?.({ webhookId: id }, 'webhook refused: replayed id');
          return reply.code(401).send({ type: 'UNAUTHORIZED', message: 'This webhook-id was already received.' });
        }
        let applied: Awaited<ReturnType<typeof applyLifecycleEvent>>;
        try {
          applied = await applyLifecycleEvent(o.connections, event);
        } catch (err) {
          // Not applied: give the id back so the platform's retry is processed.
          await o.db.deleteFrom('app_webhook_receipts').where('id', '=', id).execute();
          throw err;
        }
        await o.db
          .deleteFrom('app_webhook_receipts')
          .where('received_at', '<', new Date(now - RECEIPT_TTL_MS).toISOString())
          .execute();
        o.logger?.info?.({ webhookId: id, type: event.eventType, affected: applied.affected }, 'webhook applied');
        return { received: true, type: event.eventType, affected: applied.affected.length };
      },
    );
  };
}
