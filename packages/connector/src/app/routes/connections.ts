import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { ConnectResult } from '../../connections/service.ts';
import { type AppContext, AppError, customerOf, notFound } from '../context.ts';
import {
  type Connected,
  Connected as ConnectedSchema,
  type ConnectFailureBody,
  ConnectFailureBody as ConnectFailureSchema,
  Connection,
  ConnectionEvents,
  ConnectionList,
  CurrentConnection,
  Disconnected,
  errors,
  IdParams,
  KeyBody,
  NoQuery,
  ref,
  TestAgainResult,
  UninstallBody,
  Uninstalled,
} from '../schemas.ts';
import { failureBody, primaryConnection, publicConnection, publicEvent } from '../views.ts';

const failed = ref(ConnectFailureSchema);

/**
 * The signed-in customer's connection(s). Every route resolves the connection with the session's
 * tenant id, so another tenant's connection id is simply "not found" (404), never readable or changeable.
 * Keys arrive in JSON bodies only (any query string is refused) and are never returned.
 */
export function connectionRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { connections, health } = ctx.connector;
  const msg = ctx.connector.messages;
  const view = (v: Parameters<typeof publicConnection>[0]) => publicConnection(v, msg);

  async function mine(tenantId: string, id: string) {
    const c = await connections.get(tenantId, id);
    if (!c) throw notFound();
    return c;
  }

  /** 200 `Connected`, or the 422 body of a classified failure. */
  function answer(r: ConnectResult): { status: 200; body: Connected } | { status: 422; body: ConnectFailureBody } {
    return r.ok ? { status: 200, body: { connection: view(r.connection), replaced: r.replaced } } : { status: 422, body: failureBody(r) };
  }

  app.get(
    '/connection',
    {
      schema: {
        tags: ['connection'],
        summary: "The current tenant's connection (null when never connected) and its recent history",
        response: { 200: CurrentConnection, ...errors(401, 403) },
      },
      config: { connectorAccess: 'customer' },
    },
    async (req) => {
      const { tenantId } = customerOf(req);
      const current = primaryConnection(await connections.list(tenantId));
      const history = current ? await connections.history(tenantId, current.id, 10) : [];
      return {
        connection: current ? view(current) : null,
        history: history.map(publicEvent),
      };
    },
  );

  app.get(
    '/connections',
    {
      schema: {
        tags: ['connection'],
        summary: "All of the current tenant's connections",
        response: { 200: ConnectionList, ...errors(401, 403) },
      },
      config: { connectorAccess: 'customer' },
    },
    async (req) => ({ data: (await connections.list(customerOf(req).tenantId)).map(view) }),
  );

  app.get(
    '/connections/:id',
    {
      schema: {
        tags: ['connection'],
        summary: 'One connection of the current tenant',
        params: IdParams,
        response: { 200: ref(Connection), ...errors(401, 403, 404) },
      },
      config: { connectorAccess: 'customer' },
    },
    async (req) => view(await mine(customerOf(req).tenantId, req.params.id)),
  );

  app.post(
    '/connection/connect',
    {
      schema: {
        tags: ['connection'],
        summary: 'Save and test: validate the pasted key with the platform, store it encrypted, activate',
        description:
          'Trim → format check → GET /v1/installations/me → company id → required scopes → encrypt + store → activate. On failure (422) nothing is stored and the error is classified: malformed_key, invalid_key, missing_scopes, wrong_company, platform_unavailable, rate_limited.',
        querystring: NoQuery,
        body: KeyBody,
        response: { 200: ConnectedSchema, 422: failed, ...errors(400, 401, 403) },
      },
      config: { connectorAccess: 'customer' },
    },
    async (req, reply) => {
      const r = answer(await connections.connect(customerOf(req).tenantId, req.body.key));
      return r.status === 200 ? r.body : reply.code(422).send(r.body);
    },
  );

  app.post(
    '/connections/:id/replace',
    {
      schema: {
        tags: ['connection'],
        summary: 'Replace (rotate) the key; the connection keeps its id, and its old key until the new one validates',
        querystring: NoQuery,
        params: IdParams,
        body: KeyBody,
        response: { 200: ConnectedSchema, 422: failed, ...errors(400, 401, 403, 404) },
      },
      config: { connectorAccess: 'customer' },
    },
    async (req, reply) => {
      const { tenantId } = customerOf(req);
      const c = await mine(tenantId, req.params.id);
      const r = answer(await connections.replaceKey(tenantId, c.id, req.body.key));
      return r.status === 200 ? r.body : reply.code(422).send(r.body);
    },
  );

  app.post(
    '/connections/:id/test-again',
    {
      schema: {
        tags: ['connection'],
        summary: 'Health check now with the stored key',
        querystring: NoQuery,
        params: IdParams,
        response: { 200: TestAgainResult, ...errors(401, 403, 404, 409) },
      },
      config: { connectorAccess: 'customer' },
    },
    async (req) => {
      const { tenantId } = customerOf(req);
      const c = await mine(tenantId, req.params.id);
      if (!c.hasKey) throw new AppError(409, 'NO_KEY', 'This connection holds no key to test. Connect with a key first.');
      const outcome = await health.checkOne(tenantId, c.id);
      return {
        result: outcome.result,
        errorClass: outcome.errorClass ?? null,
        message: outcome.message ?? null,
        connection: view(await mine(tenantId, c.id)),
      };
    },
  );

  app.post(
    '/connections/:id/disconnect',
    {
      schema: {
        tags: ['connection'],
        summary: 'Disconnect: delete the stored key (the platform is not told; the installation stays)',
        querystring: NoQuery,
        params: IdParams,
        response: { 200: Disconnected, ...errors(401, 403, 404) },
      },
      config: { connectorAccess: 'customer' },
    },
    async (req) => {
      const { tenantId } = customerOf(req);
      const c = await mine(tenantId, req.params.id);
      return { connection: view(await connections.disconnect(tenantId, c.id)) };
    },
  );

  app.post(
    '/connections/:id/uninstall',
    {
      schema: {
        tags: ['connection'],
        summary: 'Uninstall on the platform (DELETE /v1/installations/me revokes every key), then delete the stored key',
        description: 'Only on an explicit request: the body must be `{"confirm": true}`.',
        querystring: NoQuery,
        params: IdParams,
        body: UninstallBody,
        response: { 200: Uninstalled, 422: failed, ...errors(400, 401, 403, 404) },
      },
      config: { connectorAccess: 'customer' },
    },
    async (req, reply) => {
      const { tenantId } = customerOf(req);
      const c = await mine(tenantId, req.params.id);
      const r = await connections.uninstall(tenantId, c.id);
      if (!r.ok) return reply.code(422).send(failureBody(r));
      return { connection: view(r.connection), platformUninstalled: r.platformUninstalled };
    },
  );

  app.get(
    '/connections/:id/events',
    {
      schema: {
        tags: ['connection'],
        summary: 'Recorded transitions of one connection, newest first',
        params: IdParams,
        response: { 200: ConnectionEvents, ...errors(401, 403, 404) },
      },
      config: { connectorAccess: 'customer' },
    },
    async (req) => {
      const { tenantId } = customerOf(req);
      const c = await mine(tenantId, req.params.id);
      const events = await connections.history(tenantId, c.id, 50);
      return { data: events.map(publicEvent) };
    },
  );
}
