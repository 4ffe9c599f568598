import type { ExternalRoute } from '../../route.ts';
import { createSubscriptionRoute } from './create-subscription.ts';
import { deleteSubscriptionRoute } from './delete-subscription.ts';
import { getSubscriptionRoute } from './get-subscription.ts';
import { getSubscriptionSecretRoute } from './get-subscription-secret.ts';
import { listSubscriptionActivitiesRoute } from './list-subscription-activities.ts';
import { listSubscriptionsRoute } from './list-subscriptions.ts';
import { updateSubscriptionRoute } from './update-subscription.ts';

export const subscriptionRoutes: ExternalRoute[] = [
  listSubscriptionsRoute,
  createSubscriptionRoute,
  getSubscriptionRoute,
  updateSubscriptionRoute,
  deleteSubscriptionRoute,
  listSubscriptionActivitiesRoute,
  getSubscriptionSecretRoute,
];
