import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { type ReviewDecision, reviewIntegration } from '../../../domain/integrations.ts';
import { listForReview } from '../../../domain/review.ts';
import type { PlatformServices } from '../../../services.ts';
import { actorOf, hidden } from '../context.ts';
import { IdParams, Integration, ReviewQueue, ReviewQueueQuery, ReviewRequest } from '../schemas.ts';

/** Staff: the review queue and decisions (approve with scopes ⊆ requested, or reject with a reason). */
export function staffRoutes(fastify: FastifyInstance, services: PlatformServices): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const db = services.database.db;

  app.get(
    '/staff/integrations',
    {
      schema: { ...hidden, querystring: ReviewQueueQuery, response: { 200: ReviewQueue } },
      config: { access: 'staff' },
    },
    async (req) => ({ data: await listForReview(db, req.query.status) }),
  );

  app.post(
    '/staff/integrations/:id/review',
    {
      schema: { ...hidden, params: IdParams, body: ReviewRequest, response: { 200: Integration } },
      config: { access: 'staff' },
    },
    async (req) => {
      const body = req.body;
      const decision: ReviewDecision =
        body.decision === 'approve'
          ? { decision: 'approve', approvedScopes: body.approvedScopes ?? [], ...(body.reason?.trim() ? { reason: body.reason } : {}) }
          : { decision: 'reject', reason: body.reason ?? '' };
      return reviewIntegration(db, actorOf(req), req.params.id, decision);
    },
  );
}
