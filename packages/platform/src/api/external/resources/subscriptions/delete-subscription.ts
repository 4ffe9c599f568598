import { deleteSubscription } from '../../../../domain/subscriptions.ts';
import { subscriptionOwner } from '../../actor.ts';
import { AUTH_ERRORS, type ExternalRoute, noBody, operation } from '../../route.ts';
import { SubscriptionIdParams, TAG } from './schemas.ts';

/** DELETE /v1/subscriptions/{id} — nothing more is delivered to it; deleting it again is 404. Any valid key. */
export const deleteSubscriptionRoute: ExternalRoute = (app, { database }) => {
  app.delete(
    '/v1/subscriptions/:id',
    {
      config: { scope: null },
      schema: {
        ...operation(TAG, 'Delete subscription by id', {
          operationId: 'deleteSubscription',
          description: 'Removes the specified subscription record.',
        }),
        params: SubscriptionIdParams,
        response: { 204: noBody('Subscription deleted.'), ...AUTH_ERRORS },
      },
    },
    async (req, reply) => {
      await deleteSubscription(database.db, subscriptionOwner(req), req.params.id);
      return reply.code(204).send();
    },
  );
};
