import type { FastifyInstance } from 'fastify';
import type { IntegrationStatus } from '../../../db/schema.ts';
import { type ReviewDecision, reviewIntegration } from '../../../domain/integrations.ts';
import { listForReview } from '../../../domain/review.ts';
import type { PlatformServices } from '../../../services.ts';
import { actorOf, hidden } from '../context.ts';

/** Staff: the review queue and decisions (approve with scopes ⊆ requested, or reject with a reason). */
export function staffRoutes(app: FastifyInstance, services: PlatformServices): void {
  const db = services.database.db;

  app.get(
    '/staff/integrations',
    {
      schema: {
        ...hidden,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { status: { type: 'string', enum: ['pending', 'approved', 'rejected'] } },
        },
      },
      config: { access: 'staff' },
    },
    async (req) => ({ data: await listForReview(db, (req.query as { status?: IntegrationStatus }).status) }),
  );

  app.post(
    '/staff/integrations/:id/review',
    {
      schema: {
        ...hidden,
        body: {
          type: 'object',
          required: ['decision'],
          additionalProperties: false,
          properties: {
            decision: { type: 'string', enum: ['approve', 'reject'] },
            approvedScopes: { type: 'array', maxItems: 50, items: { type: 'string', maxLength: 64 } },
            reason: { type: 'string', maxLength: 2000 },
          },
        },
      },
      config: { access: 'staff' },
    },
    async (req) => {
      const body = req.body as { decision: 'approve' | 'reject'; approvedScopes?: string[]; reason?: string };
      const decision: ReviewDecision =
        body.decision === 'approve'
          ? { decision: 'approve', approvedScopes: body.approvedScopes ?? [], ...(body.reason?.trim() ? { reason: body.reason } : {}) }
          : { decision: 'reject', reason: body.reason ?? '' };
      return reviewIntegration(db, actorOf(req), (req.params as { id: string }).id, decision);
    },
  );
}
