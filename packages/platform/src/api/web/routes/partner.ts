import { SCOPES } from '@latchkey/keys';
import type { FastifyInstance } from 'fastify';
import { notFound } from '../../../domain/errors.ts';
import {
  getIntegration,
  listIntegrations,
  type MarketplaceDetails,
  submitIntegration,
  toIntegrationView,
} from '../../../domain/integrations.ts';
import type { PlatformServices } from '../../../services.ts';
import { listDeliveries } from '../../../webhooks/delivery.ts';
import { actorOf, hidden, userOf } from '../context.ts';

const url = { type: ['string', 'null'], maxLength: 2000 } as const;

export const marketplaceDetailsSchema = {
  type: 'object',
  required: ['name', 'description', 'supportEmail', 'features', 'requestedScopes', 'connectUrl'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', maxLength: 80 },
    description: { type: 'string', maxLength: 2000 },
    logoUrl: url,
    brandColor: { type: ['string', 'null'], maxLength: 7 },
    supportEmail: { type: 'string', maxLength: 320 },
    supportUrl: url,
    features: { type: 'array', maxItems: 20, items: { type: 'string', minLength: 1, maxLength: 200 } },
    requestedScopes: {
      type: 'array',
      minItems: 1,
      maxItems: SCOPES.length,
      items: {
        type: 'object',
        required: ['scope', 'reason'],
        additionalProperties: false,
        properties: { scope: { type: 'string', enum: [...SCOPES] }, reason: { type: 'string', maxLength: 500 } },
      },
    },
    connectUrl: { type: 'string', maxLength: 2000 },
    webhookUrl: url,
  },
} as const;

const deliveriesQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { limit: { type: 'integer', minimum: 1, maximum: 200 } },
} as const;

/** The partner portal: an integration developer's own integrations, their submissions and review outcomes. */
export function partnerRoutes(app: FastifyInstance, services: PlatformServices): void {
  const db = services.database.db;
  const partnerIdOf = (req: Parameters<typeof userOf>[0]) => userOf(req).partnerId as string;

  app.get('/partner/integrations', { schema: hidden, config: { access: 'partner' } }, async (req) => ({
    data: await listIntegrations(db, { partnerId: partnerIdOf(req) }),
  }));

  /** One of the signed-in partner's integrations; another partner's (or none) is 404, never 403. */
  async function ownIntegration(req: Parameters<typeof userOf>[0]) {
    const row = await getIntegration(db, (req.params as { id: string }).id).catch(() => null);
    if (!row || row.partner_id !== partnerIdOf(req)) throw notFound('integration not found');
    return row;
  }

  app.get('/partner/integrations/:id', { schema: hidden, config: { access: 'partner' } }, async (req) => {
    const row = await ownIntegration(req);
    // The partner needs its webhook signing secret to verify lifecycle webhooks; nobody else sees it.
    return { ...toIntegrationView(row), webhookSecret: row.webhook_secret };
  });

  // Recent lifecycle webhook deliveries from the outbox (newest first): event, status, attempts, last answer, next retry.
  app.get(
    '/partner/integrations/:id/deliveries',
    {
      schema: { ...hidden, querystring: deliveriesQuery },
      config: { access: 'partner' },
    },
    async (req) => {
      const row = await ownIntegration(req);
      const { limit } = req.query as { limit?: number };
      return { data: await listDeliveries(db, row.id, limit ?? 50) };
    },
  );

  app.post(
    '/partner/integrations',
    { schema: { ...hidden, body: marketplaceDetailsSchema }, config: { access: 'partner' } },
    async (req, reply) => {
      const details = req.body as MarketplaceDetails;
      const view = await submitIntegration(db, actorOf(req), partnerIdOf(req), {
        ...details,
        logoUrl: details.logoUrl || null,
        brandColor: details.brandColor || null,
        supportUrl: details.supportUrl || null,
        webhookUrl: details.webhookUrl || null,
      });
      return reply.code(201).send(view);
    },
  );
}
