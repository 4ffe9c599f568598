import { createSubscription } from '../../../../domain/subscriptions.ts';
import { subscriptionOwner } from '../../actor.ts';
import { AUTH_ERRORS, type ExternalRoute, operation } from '../../route.ts';
import { DataOf } from '../common.ts';
import { SubscriptionModel, SubscriptionRequest, TAG } from './schemas.ts';

/**
 * POST /v1/subscriptions — 200 (as Pleo's file says), with a fresh signing secret (`GET …/{id}/secret`).
 * Any valid key; each event type needs the read scope of its resource (403 naming it).
 */
export const createSubscriptionRoute: ExternalRoute = (app, { database }) => {
  app.post(
    '/v1/subscriptions',
    {
      config: { scope: null },
      schema: {
        ...operation(TAG, 'Create a subscription', {
          operationId: 'createSubscription',
          description: 'Creates a subscription for given event type(s).',
        }),
        body: SubscriptionRequest,
        response: { 200: DataOf(SubscriptionModel, 'A subscription for webhook notification is successfully created.'), ...AUTH_ERRORS },
      },
    },
    async (req) => ({ data: await createSubscription(database.db, subscriptionOwner(req), req.body) }),
  );
};
