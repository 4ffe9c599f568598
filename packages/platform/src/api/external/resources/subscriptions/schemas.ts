import { Type } from 'typebox';
import { SUBSCRIPTION_EVENTS } from '../../../../domain/webhooks.ts';
import { DateTime, StringEnum, StringMap, Uuid } from '../common.ts';

/** Pleo's webhook-subscriptions.yaml shapes. */
export const TAG = 'Subscriptions';

export const SUBSCRIPTION_STATUSES = ['INACTIVE', 'ACTIVE'] as const;
export const OPERATION_TYPES = ['CREATE', 'UPDATE', 'DELETE'] as const;

export const SubscriptionStatus = StringEnum(SUBSCRIPTION_STATUSES, { description: 'The status of the subscription' });
export const EventType = StringEnum(SUBSCRIPTION_EVENTS, {
  description: 'A published event type; subscribing needs the read scope of the resource it carries.',
});
const EndpointAuthType = StringEnum(['NONE', 'BASIC'] as const, { description: 'Authentication type for the endpoint. Default is NONE' });

const CustomHeaders = Type.Record(Type.String(), Type.String(), {
  description: 'Key values as headers to be sent to the webhooks vendor',
  maxProperties: 20,
});

/** AuthCredential (request): `token` is accepted for compatibility; only BASIC (username/password) is sent. */
const AuthCredentialRequest = Type.Object(
  {
    username: Type.Optional(Type.String({ maxLength: 200, description: 'Username for basic authentication' })),
    password: Type.Optional(Type.String({ maxLength: 1000, description: 'Password for basic authentication (write-only)' })),
    token: Type.Optional(Type.String({ maxLength: 1000, description: 'Token for bearer authentication (accepted, not used)' })),
  },
  { description: 'Authentication credentials' },
);

/** SubscriptionRequest */
export const SubscriptionRequest = Type.Object({
  endpointUrl: Type.String({ minLength: 1, maxLength: 2048, description: 'The URL where the events should be sent' }),
  eventTypes: Type.Array(EventType, {
    minItems: 1,
    maxItems: SUBSCRIPTION_EVENTS.length,
    uniqueItems: true,
    description: 'Name of the event types you wish to subscribe to.',
  }),
  status: Type.Optional(StringEnum(SUBSCRIPTION_STATUSES, { description: 'Status of subscription', default: 'ACTIVE' })),
  customHeaders: Type.Optional(CustomHeaders),
  endpointAuth: Type.Optional(
    Type.Object(
      { type: Type.Optional(EndpointAuthType), credentials: Type.Optional(AuthCredentialRequest) },
      { description: 'Authentication details for the endpoint' },
    ),
  ),
});

/** SubscriptionModel. The endpoint password is write-only: responses carry the username at most. */
export const SubscriptionModel = Type.Object({
  id: Uuid('The unique identifier of the subscription'),
  endpointUrl: Type.String({ description: 'The URL where the events should be sent' }),
  eventTypes: Type.Array(Type.String(), { uniqueItems: true, description: 'The type of the event' }),
  status: SubscriptionStatus,
  customHeaders: Type.Optional(StringMap),
  endpointAuth: Type.Optional(
    Type.Object({
      type: EndpointAuthType,
      credentials: Type.Optional(Type.Object({ username: Type.Optional(Type.String()) })),
    }),
  ),
  createdAt: DateTime('The time when the subscription was created'),
  updatedAt: DateTime('The last time the subscription was updated'),
  deletedAt: Type.Optional(DateTime('The time when the subscription was deleted')),
  deletedBy: Type.Optional(Type.String({ description: 'The identifier of the user who deleted the subscription' })),
});

/** SubscriptionActivityModel */
export const SubscriptionActivityModel = Type.Object({
  id: Uuid('The unique identifier of the subscription activity'),
  subscriptionId: Uuid('The unique identifier of the subscription'),
  operationType: Type.String({ description: 'The type of the activity performed' }),
  description: Type.String({ description: 'The description of the activity' }),
  actorUrn: Type.String({ description: 'The identifier of the user who performed the activity' }),
  createdAt: DateTime('The time when the subscription activity was created'),
});

/** SubscriptionSecretModel */
export const SubscriptionSecretModel = Type.Object({
  secretKey: Type.Optional(
    Type.String({ description: "The subscription's verification secret. It is required to verify the subscription events" }),
  ),
});

export const SubscriptionIdParams = Type.Object({ id: Uuid('The unique identifier of the subscription') });
