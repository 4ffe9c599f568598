import { Type } from 'typebox';
import { listSubscriptions } from '../../../../domain/subscriptions.ts';
import { subscriptionOwner } from '../../actor.ts';
import { AUTH_ERRORS, type ExternalRoute, operation } from '../../route.ts';
import { PageQuery, Paginated, pageOf } from '../common.ts';
import { EventType, SubscriptionModel, SubscriptionStatus, TAG } from './schemas.ts';

const Query = PageQuery({
  status: Type.Optional({ ...SubscriptionStatus, description: 'Filters subscriptions by status; absent = all.' }),
  event_types: Type.Optional(
    Type.Array(EventType, { uniqueItems: true, description: 'Subscriptions naming any of these event types; absent = all.' }),
  ),
});

/** GET /v1/subscriptions — the calling installation's subscriptions (deleted ones excluded), oldest first. Any valid key. */
export const listSubscriptionsRoute: ExternalRoute = (app, { database }) => {
  app.get(
    '/v1/subscriptions',
    {
      config: { scope: null },
      schema: {
        ...operation(TAG, 'Get subscriptions', {
          operationId: 'getSubscriptions',
          description: 'Retrieves a list of subscriptions registered for this company by this integration.',
        }),
        querystring: Query,
        response: { 200: Paginated(SubscriptionModel, 'Returns list of subscriptions.'), ...AUTH_ERRORS },
      },
    },
    async (req) =>
      listSubscriptions(
        database.db,
        subscriptionOwner(req),
        { status: req.query.status, eventTypes: req.query.event_types },
        pageOf(req.query),
      ),
  );
};
