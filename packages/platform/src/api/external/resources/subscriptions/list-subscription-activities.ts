import { Type } from 'typebox';
import { listSubscriptionActivities } from '../../../../domain/subscriptions.ts';
import { subscriptionOwner } from '../../actor.ts';
import { AUTH_ERRORS, type ExternalRoute, operation } from '../../route.ts';
import { PageQuery, Paginated, pageOf, StringEnum } from '../common.ts';
import { OPERATION_TYPES, SubscriptionActivityModel, SubscriptionIdParams, TAG } from './schemas.ts';

const Query = PageQuery({
  operation_types: Type.Optional(
    Type.Array(StringEnum(OPERATION_TYPES), { uniqueItems: true, description: 'Filters activities by operation type; absent = all.' }),
  ),
});

/** GET /v1/subscriptions/{id}/activities — every create, update and delete, oldest first (also of a deleted subscription). Any valid key. */
export const listSubscriptionActivitiesRoute: ExternalRoute = (app, { database }) => {
  app.get(
    '/v1/subscriptions/:id/activities',
    {
      config: { scope: null },
      schema: {
        ...operation(TAG, 'Get subscription activities', {
          operationId: 'getSubscriptionActivities',
          description: 'Fetches subscription activities of a given subscription.',
        }),
        params: SubscriptionIdParams,
        querystring: Query,
        response: { 200: Paginated(SubscriptionActivityModel, 'The subscription activities are returned.'), ...AUTH_ERRORS },
      },
    },
    async (req) =>
      listSubscriptionActivities(
        database.db,
        subscriptionOwner(req),
        req.params.id,
        { operationTypes: req.query.operation_types },
        pageOf(req.query),
      ),
  );
};
