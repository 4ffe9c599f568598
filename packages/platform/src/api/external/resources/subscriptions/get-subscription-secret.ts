import { getSubscriptionSecret } from '../../../../domain/subscriptions.ts';
import { subscriptionOwner } from '../../actor.ts';
import { AUTH_ERRORS, type ExternalRoute, operation } from '../../route.ts';
import { DataOf } from '../common.ts';
import { SubscriptionIdParams, SubscriptionSecretModel, TAG } from './schemas.ts';

/** GET /v1/subscriptions/{id}/secret — the `whsec_…` secret deliveries are signed with (Standard Webhooks). Any valid key. */
export const getSubscriptionSecretRoute: ExternalRoute = (app, { database }) => {
  app.get(
    '/v1/subscriptions/:id/secret',
    {
      config: { scope: null },
      schema: {
        ...operation(TAG, 'Get subscription secret by id', {
          operationId: 'getSubscriptionSecret',
          description: 'Fetches the secret that signs this subscription’s webhook events, to verify them.',
        }),
        params: SubscriptionIdParams,
        response: { 200: DataOf(SubscriptionSecretModel, 'The subscription secret details are returned.'), ...AUTH_ERRORS },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return { data: await getSubscriptionSecret(database.db, subscriptionOwner(req), req.params.id) };
    },
  );
};
