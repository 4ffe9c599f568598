import type { FastifyRequest } from 'fastify';
import type { SubscriptionOwner } from '../../../../domain/subscriptions.ts';
import { companyUrn } from '../../../../util/ids.ts';

/** The calling key's installation: subscriptions belong to it, and its scopes decide which events it may subscribe to. */
export const subscriptionOwner = (req: FastifyRequest): SubscriptionOwner => ({
  installationId: req.principal.installationId,
  integrationId: req.principal.integrationId,
  companyId: req.principal.companyId,
  scopes: req.principal.scopes,
  actorUrn: companyUrn(req.principal.companyId),
});
