import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { companyIdFromUrn } from '../client/client.ts';
import type { ConnectionService } from '../connections/service.ts';
import type { ConnectionView } from '../connections/store.ts';
import type { Logger } from '../util/logger.ts';
import type { AppDB } from './db.ts';
import { sameKeyHint } from './views.ts';

/** The platform's lifecycle webhook body (Standard Webhooks envelope: `{type, timestamp, data}`). */
export interface LifecycleEvent {
  type: string;
  timestamp?: string;
  data: {
    installationId?: string;
    applicationId?: string;
    companyId?: string;
    resource?: string;
    /** The key concerned: the revoked key (`key_revoked`) or the new key (`key_regenerated`, `created`). */
    keyHint?: string;
    previousKeysExpireAt?: string;
  };
}

export interface AppliedEvent {
  type: string;
  /** Connections whose state changed. */
  affected: string[];
  ignored?: string;
}

const LIVE = new Set(['connected', 'degraded', 'needs_reconnect']);

/**
 * Applies a verified lifecycle event to the connections it concerns (same company, and the same
 * installation when both sides know it — a late event about an old installation must not touch a
 * reinstalled one):
 * - `installation.key_regenerated` → `needs_reconnect`, unless the connection already holds the new key;
 * - `installation.key_revoked` → `needs_reconnect` only for the connection holding the revoked key
 *   (revoking an old, rotated-away key must not break a working connection);
 * - `installation.deleted` → `uninstalled` (the stored key is deleted).
 */
export async function applyLifecycleEvent(
  connections: ConnectionService,
  platformName: string,
  event: LifecycleEvent,
): Promise<AppliedEvent> {
  const d = event.data ?? {};
  const companyId = (d.companyId ?? (d.resource ? companyIdFromUrn(d.resource) : undefined))?.toLowerCase();
  const found = new Map<string, ConnectionView>();
  if (d.installationId) for (const c of await connections.findByInstallationId(d.installationId)) found.set(c.id, c);
  if (companyId) for (const c of await connections.findByCompanyId(companyId)) found.set(c.id, c);
  const candidates = [...found.values()].filter(
    (c) => (!companyId || c.companyId === companyId) && (!d.installationId || !c.installationId || c.installationId === d.installationId),
  );
  const affected: string[] = [];
  const note = async (p: Promise<ConnectionView | undefined>, before: ConnectionView) => {
    const after = await p;
    if (after && after.state !== before.state) affected.push(after.id);
  };
  switch (event.type) {
    case 'installation.key_regenerated': {
      const expires = d.previousKeysExpireAt ? Date.parse(d.previousKeysExpireAt) : Number.NaN;
      const reason =
        Number.isFinite(expires) && expires > Date.now() + 1000
          ? `The API key was regenerated in ${platformName}; the current key stops working at ${new Date(expires).toISOString()}. Paste the new key to stay connected.`
          : `The API key was regenerated in ${platformName}, so the stored key no longer works. Paste the new key to reconnect.`;
      for (const listed of candidates) {
        // Re-read right before acting: the customer may have pasted the new key a moment ago.
        const c = await connections.getById(listed.id);
        if (!c || !LIVE.has(c.state) || sameKeyHint(c.keyMask, d.keyHint)) continue;
        await note(
          connections.markNeedsReconnect(c.id, reason, 'invalid_key', (now) => !sameKeyHint(now.keyMask, d.keyHint)),
          c,
        );
      }
      break;
    }
    case 'installation.key_revoked':
      for (const listed of candidates) {
        const c = await connections.getById(listed.id);
        if (!c || !LIVE.has(c.state) || !sameKeyHint(c.keyMask, d.keyHint)) continue;
        await note(
          connections.markNeedsReconnect(
            c.id,
            `The API key was revoked in ${platformName}. Paste a new key to reconnect.`,
            'invalid_key',
            (now) => sameKeyHint(now.keyMask, d.keyHint),
          ),
          c,
        );
      }
      break;
    case 'installation.deleted':
      for (const c of candidates) {
        if (c.state === 'uninstalled') continue;
        await note(
          connections.markUninstalled(c.id, `The integration was uninstalled in ${platformName}; the stored API key was deleted.`),
          c,
        );
      }
      break;
    default:
      return { type: event.type, affected, ignored: 'no action for this event type' };
  }
  return { type: event.type, affected };
}

/** Receipts older than this are pruned: a webhook signed earlier is refused for its timestamp anyway. */
const RECEIPT_TTL_MS = 15 * 60_000;

export interface WebhookReceiverOptions {
  db: Kysely<AppDB>;
  connections: ConnectionService;
  platformName: string;
  /** Current signing secret (`whsec_…`); null answers 503. */
  secret: () => string | null;
  logger?: Logger;
}

const unauthorized = { type: 'UNAUTHORIZED', message: 'Webhook signature could not be verified.' };

/**
 * `POST /webhooks/latchkey`: Standard Webhooks verification (`webhook-id`, `webhook-timestamp`,
 * `webhook-signature`, 5-minute tolerance) over the raw body; a bad or missing signature, a stale
 * timestamp or a webhook-id already processed answers 401. Processing is idempotent, and the id is
 * recorded only once it succeeded, so a delivery that failed half-way can be retried.
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
          headers: {
            type: 'object',
            properties: {
              'webhook-id': { type: 'string' },
              'webhook-timestamp': { type: 'string' },
              'webhook-signature': { type: 'string' },
            },
          },
          response: {
            200: {
              type: 'object',
              properties: { received: { type: 'boolean' }, type: { type: 'string' }, affected: { type: 'integer' } },
            },
            400: { $ref: 'ErrorBody#' },
            401: { $ref: 'ErrorBody#' },
            503: { $ref: 'ErrorBody#' },
          },
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
        let event: LifecycleEvent;
        try {
          event = new Webhook(secret).verify(raw, headers) as LifecycleEvent;
        } catch (err) {
          o.logger?.warn?.({ reason: err instanceof WebhookVerificationError ? err.message : 'unverifiable' }, 'webhook refused');
          return reply.code(401).send(unauthorized);
        }
        const id = headers['webhook-id'];
        const seen = await o.db.selectFrom('app_webhook_receipts').select('id').where('id', '=', id).executeTakeFirst();
        if (seen) {
          o.logger?.warn?.({ webhookId: id }, 'webhook refused: replayed id');
          return reply.code(401).send({ type: 'UNAUTHORIZED', message: 'This webhook-id was already received.' });
        }
        if (!event || typeof event !== 'object' || typeof event.type !== 'string' || typeof event.data !== 'object' || !event.data) {
          return reply.code(400).send({ type: 'BAD_REQUEST', message: 'Expected {type, timestamp, data}.' });
        }
        const applied = await applyLifecycleEvent(o.connections, o.platformName, event);
        const now = Date.now();
        await o.db
          .insertInto('app_webhook_receipts')
          .values({ id, event_type: event.type.slice(0, 100), received_at: new Date(now).toISOString() })
          .onConflict((oc) => oc.column('id').doNothing())
          .execute();
        await o.db
          .deleteFrom('app_webhook_receipts')
          .where('received_at', '<', new Date(now - RECEIPT_TTL_MS).toISOString())
          .execute();
        o.logger?.info?.({ webhookId: id, type: event.type, affected: applied.affected }, 'webhook applied');
        return { received: true, type: event.type, affected: applied.affected.length };
      },
    );
  };
}
