import { updateSubscription } from '../../../../domain/subscriptions.ts';
import { subscriptionOwner } from '../../actor.ts';
import { AUTH_ERRORS, type ExternalRoute, operation } from '../../route.ts';
import { DataOf } from '../common.ts';
import { SubscriptionIdParams, SubscriptionModel, SubscriptionRequest, TAG } from './schemas.ts';

/**
 * PUT /v1/subscriptions/{id} — replaces the settings (absent optional fields are cleared, status defaults to
 * ACTIVE); the secret stays. Any valid key; each event type needs the read scope of its resource.
 */
export const updateSubscriptionRoute: ExternalRoute = (app, { database }) => {
  app.put(
    '/v1/subscriptions/:id',
    {
      config: { scope: null },
      schema: {
        ...operation(TAG, 'Update a subscription', {
          operationId: 'updateSubscription',
          description: 'Modifies the subscription details.',
        }),
        params: SubscriptionIdParams,
        body: SubscriptionRequest,
        response: { 200: DataOf(SubscriptionModel, 'Subscription updated.'), ...AUTH_ERRORS },
      },
    },
    async (req) => ({ data: await updateSubscription(database.db, subscriptionOwner(req), req.params.id, req.body) }),
  );
};
