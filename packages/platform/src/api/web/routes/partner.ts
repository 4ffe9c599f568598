import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { notFound } from '../../../domain/errors.ts';
import { getIntegration, listIntegrations, submitIntegration, toIntegrationView } from '../../../domain/integrations.ts';
import type { PlatformServices } from '../../../services.ts';
import { listDeliveries } from '../../../webhooks/delivery.ts';
import { actorOf, hidden, userOf } from '../context.ts';
import { DeliveriesQuery, DeliveryList, IdParams, Integration, IntegrationList, MarketplaceDetails, OwnIntegration } from '../schemas.ts';

/** The partner portal: an integration developer's own integrations, their submissions and review outcomes. */
export function partnerRoutes(fastify: FastifyInstance, services: PlatformServices): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const db = services.database.db;
  const partnerIdOf = (req: Parameters<typeof userOf>[0]) => userOf(req).partnerId as string;

  app.get(
    '/partner/integrations',
    { schema: { ...hidden, response: { 200: IntegrationList } }, config: { access: 'partner' } },
    async (req) => ({
      data: await listIntegrations(db, { partnerId: partnerIdOf(req) }),
    }),
  );

  /** One of the signed-in partner's integrations; another partner's (or none) is 404, never 403. */
  async function ownIntegration(req: Parameters<typeof userOf>[0] & { params: { id: string } }) {
    const row = await getIntegration(db, req.params.id).catch(() => null);
    if (!row || row.partner_id !== partnerIdOf(req)) throw notFound('integration not found');
    return row;
  }

  app.get(
    '/partner/integrations/:id',
    { schema: { ...hidden, params: IdParams, response: { 200: OwnIntegration } }, config: { access: 'partner' } },
    async (req) => {
      const row = await ownIntegration(req);
      // The partner needs its webhook signing secret to verify lifecycle webhooks; nobody else sees it.
      return { ...toIntegrationView(row), webhookSecret: row.webhook_secret };
    },
  );

  // Recent lifecycle webhook deliveries from the outbox (newest first): event, status, attempts, last answer, next retry.
  app.get(
    '/partner/integrations/:id/deliveries',
    {
      schema: { ...hidden, params: IdParams, querystring: DeliveriesQuery, response: { 200: DeliveryList } },
      config: { access: 'partner' },
    },
    async (req) => {
      const row = await ownIntegration(req);
      return { data: await listDeliveries(db, row.id, req.query.limit ?? 50) };
    },
  );

  app.post(
    '/partner/integrations',
    { schema: { ...hidden, body: MarketplaceDetails, response: { 201: Integration } }, config: { access: 'partner' } },
    async (req, reply) => {
      const details = req.body;
      const view = await submitIntegration(
        db,
        actorOf(req),
        partnerIdOf(req),
        {
          ...details,
          logoUrl: details.logoUrl || null,
          brandColor: details.brandColor || null,
          supportUrl: details.supportUrl || null,
          webhookUrl: details.webhookUrl || null,
        },
        { webhookPolicy: { allowPrivate: services.config.webhookAllowPrivate } },
      );
      return reply.code(201).send(view);
    },
  );
}
