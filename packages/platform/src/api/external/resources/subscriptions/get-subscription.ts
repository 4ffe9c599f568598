import { getSubscription } from '../../../../domain/subscriptions.ts';
import { subscriptionOwner } from '../../actor.ts';
import { AUTH_ERRORS, type ExternalRoute, operation } from '../../route.ts';
import { DataOf } from '../common.ts';
import { SubscriptionIdParams, SubscriptionModel, TAG } from './schemas.ts';

/** GET /v1/subscriptions/{id} — a deleted subscription still answers, with `deletedAt` and `deletedBy`. Any valid key. */
export const getSubscriptionRoute: ExternalRoute = (app, { database }) => {
  app.get(
    '/v1/subscriptions/:id',
    {
      config: { scope: null },
      schema: {
        ...operation(TAG, 'Get subscription by id', {
          operationId: 'getSubscriptionById',
          description: 'Fetches subscription details by the specific subscription ID.',
        }),
        params: SubscriptionIdParams,
        response: { 200: DataOf(SubscriptionModel, 'The subscription details are returned.'), ...AUTH_ERRORS },
      },
    },
    async (req) => ({ data: await getSubscription(database.db, subscriptionOwner(req), req.params.id) }),
  );
};
