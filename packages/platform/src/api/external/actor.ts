import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../domain/context.ts';
import type { SubscriptionOwner } from '../../domain/subscriptions.ts';
import { companyUrn } from '../../util/ids.ts';

/** The audit actor of an external API call: the key (by id, never its value) and the caller's IP. */
export function keyActor(req: FastifyRequest): Actor {
  return { type: 'api_key', id: req.principal.keyId, label: `${req.principal.applicationName} (API key)`, ip: req.ip };
}

/** The calling key's installation: subscriptions belong to it, and its scopes decide which events it may subscribe to. */
export const subscriptionOwner = (req: FastifyRequest): SubscriptionOwner => ({
  installationId: req.principal.installationId,
  integrationId: req.principal.integrationId,
  companyId: req.principal.companyId,
  scopes: req.principal.scopes,
  actorUrn: companyUrn(req.principal.companyId),
});
