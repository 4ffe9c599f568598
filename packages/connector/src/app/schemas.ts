import type { FastifyInstance } from 'fastify';
import { type Static, type TSchema, Type } from 'typebox';
import { ERROR_CLASSES } from '../connections/errors.ts';
import { VISIBLE_STATES, type VisibleState } from '../connections/states.ts';

/**
 * Every shape of the reference app's API (/api, /webhooks): what each route validates and what it
 * answers, in one place. The routes use these schemas (validation, serialization, OpenAPI and, through
 * the TypeBox type provider, their handlers' types); the web app (packages/connector/web) imports the
 * `Static` types at the bottom with `import type`, so no server code reaches its bundle. The shapes with
 * an `$id` are shared components of the OpenAPI document; routes point at them with `ref()`.
 */

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const StringEnum = <const T extends readonly string[]>(values: T, options: Record<string, unknown> = {}) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
const Closed = <P extends Record<string, TSchema>>(properties: P) => Type.Object(properties, { additionalProperties: false });
/** An ISO 8601 timestamp. */
const Time = Type.String();

/** A `$ref` to a shared schema (one with an `$id`, registered by `addSchemas`), typed as the schema itself. */
export function ref<T extends TSchema>(schema: T) {
  const id = (schema as { $id?: unknown }).$id;
  if (typeof id !== 'string') throw new Error('ref() needs a schema with an $id');
  return Type.Unsafe<Static<T>>(Type.Ref(`${id}#`));
}

/** The save-and-test steps, in order, as the connect screen shows them. */
export const CONNECT_STEPS = ['format', 'contact', 'company', 'permissions', 'save', 'activate'] as const;

export const ErrorBody = Type.Object({ type: Type.String(), message: Type.String() }, { $id: 'ErrorBody' });
const ErrorRef = ref(ErrorBody);
export const errors = <const C extends readonly number[]>(...codes: C) =>
  Object.fromEntries(codes.map((c) => [c, ErrorRef])) as { [K in C[number]]: typeof ErrorRef };

const State = StringEnum(VISIBLE_STATES);
export const ConnectStep = StringEnum(CONNECT_STEPS);
export const ErrorClass = StringEnum(ERROR_CLASSES);

const connectionProperties = {
  id: Type.String(),
  state: State,
  companyId: Nullable(Type.String()),
  companyName: Nullable(Type.String()),
  installationId: Nullable(Type.String()),
  applicationName: Nullable(Type.String()),
  keyMask: Nullable(Type.String({ description: 'Display mask only (`lk_live_…abcd`); a key is never returned.' })),
  hasKey: Type.Boolean(),
  scopes: Type.Array(Type.String()),
  lastCheckedAt: Nullable(Time),
  lastSuccessAt: Nullable(Time),
  lastError: Nullable(
    Type.Object({
      errorClass: Type.String(),
      message: Nullable(Type.String()),
      /** The recovery action, when the class is one the customer can act on. */
      action: Nullable(Type.String()),
    }),
  ),
  failureCount: Type.Integer(),
  connectedAt: Nullable(Time),
  createdAt: Time,
  updatedAt: Time,
};

/** What a customer sees of a connection: an allow-list of fields; the key only as its mask. */
export const Connection = Type.Object(connectionProperties, { $id: 'Connection' });

/** What an operator sees: every tenant's connections, still never a key. */
export const OperatorConnection = Type.Object(
  { ...connectionProperties, tenantId: Type.String(), tenantName: Nullable(Type.String()), reportedStatus: Nullable(Type.String()) },
  { $id: 'OperatorConnection' },
);

export const ConnectionEvent = Type.Object(
  {
    id: Type.String(),
    from: Nullable(Type.String()),
    to: Type.String(),
    reason: Type.String(),
    message: Nullable(Type.String()),
    at: Time,
  },
  { $id: 'ConnectionEvent' },
);

/** A classified connect failure (HTTP 422); the technical detail stays in the logs. */
export const ConnectError = Type.Object({
  errorClass: ErrorClass,
  message: Type.String(),
  action: Type.String(),
  step: ConnectStep,
  missingScopes: Type.Optional(Type.Array(Type.String())),
  retryAfterSeconds: Type.Optional(Type.Integer()),
  keyCompanyId: Type.Optional(Type.String()),
  expectedCompanyId: Type.Optional(Type.String()),
});
export const ConnectFailureBody = Type.Object(
  { type: Type.Literal('CONNECT_FAILED'), message: Type.String(), error: ConnectError },
  { $id: 'ConnectFailure', description: 'A classified failure: nothing was stored or changed.' },
);

export const Principal = Type.Union([
  Type.Object({
    kind: Type.Literal('customer'),
    userId: Type.String(),
    email: Type.String(),
    tenantId: Type.String(),
    tenantName: Type.String(),
  }),
  Type.Object({ kind: Type.Literal('operator'), operatorId: Type.String(), email: Type.String(), name: Type.String() }),
]);

/** What the page learns about the session: never the cookie token. */
export const SessionInfo = Type.Object(
  {
    principal: Principal,
    csrfToken: Type.String({ description: 'Send as `x-csrf-token` on every state-changing request.' }),
    expiresAt: Time,
  },
  { $id: 'Session' },
);

/** Shared schemas, referenced by the routes with `ref()` and named in the OpenAPI document. */
export function addSchemas(app: FastifyInstance): void {
  for (const schema of [ErrorBody, Connection, OperatorConnection, ConnectFailureBody, SessionInfo, ConnectionEvent]) app.addSchema(schema);
}

// ——— Requests ———

/** No query parameters at all: a key must never travel in a URL. */
export const NoQuery = Closed({});
export const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
export const KeyBody = Closed({
  key: Type.String({
    maxLength: 4096,
    description: 'The API key exactly as pasted (surrounding whitespace and a leading `Bearer `/`Basic ` are removed).',
  }),
});
export const UninstallBody = Closed({ confirm: Type.Literal(true) });
export const LoginRequest = Closed({ email: Type.String({ maxLength: 320 }), password: Type.String({ maxLength: 200 }) });
export const OperatorQuery = Closed({ state: Type.Optional(State) });

// ——— Responses ———

/** What the connect screen needs to know (no secrets). */
export const AppConfig = Type.Object({
  appName: Type.String(),
  platformName: Type.String(),
  keyFormat: StringEnum(['strict', 'lenient'] as const),
  keyPrefix: Nullable(Type.String()),
  requiredScopes: Type.Array(Type.String()),
  steps: Type.Array(ConnectStep),
});
export const CurrentConnection = Type.Object({ connection: Nullable(ref(Connection)), history: Type.Array(ref(ConnectionEvent)) });
export const ConnectionList = Type.Object({ data: Type.Array(ref(Connection)) });
export const Connected = Type.Object({ connection: ref(Connection), replaced: Type.Boolean() });
export const TestAgainResult = Type.Object({
  result: Type.String(),
  errorClass: Nullable(Type.String()),
  message: Nullable(Type.String()),
  connection: ref(Connection),
});
export const Disconnected = Type.Object({ connection: ref(Connection) });
export const Uninstalled = Type.Object({ connection: ref(Connection), platformUninstalled: Type.Boolean() });
export const ConnectionEvents = Type.Object({ data: Type.Array(ref(ConnectionEvent)) });
export const OperatorOverview = Type.Object({
  data: Type.Array(ref(OperatorConnection)),
  /** Connections per state, every state present. */
  counts: Type.Unsafe<Record<VisibleState, number>>(Type.Record(Type.String(), Type.Integer())),
  total: Type.Integer(),
});
/** A 204 answer. */
export const NoContent = Type.Unsafe<undefined>({ type: 'null' });

export const WebhookHeaders = Type.Object({
  'webhook-id': Type.Optional(Type.String()),
  'webhook-timestamp': Type.Optional(Type.String()),
  'webhook-signature': Type.Optional(Type.String()),
});
export const WebhookReceived = Type.Object({ received: Type.Boolean(), type: Type.String(), affected: Type.Integer() });

// ——— The types the web app imports ———

export type ConnectStep = Static<typeof ConnectStep>;
export type Connection = Static<typeof Connection>;
export type OperatorConnection = Static<typeof OperatorConnection>;
export type ConnectionEvent = Static<typeof ConnectionEvent>;
export type ConnectError = Static<typeof ConnectError>;
export type ConnectFailureBody = Static<typeof ConnectFailureBody>;
export type Principal = Static<typeof Principal>;
export type SessionInfo = Static<typeof SessionInfo>;
export type LoginRequest = Static<typeof LoginRequest>;
export type KeyBody = Static<typeof KeyBody>;
export type UninstallBody = Static<typeof UninstallBody>;
export type AppConfig = Static<typeof AppConfig>;
export type CurrentConnection = Static<typeof CurrentConnection>;
export type Connected = Static<typeof Connected>;
export type TestAgainResult = Static<typeof TestAgainResult>;
export type OperatorOverview = Static<typeof OperatorOverview>;
