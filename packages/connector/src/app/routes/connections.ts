import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ConnectResult } from '../../connections/service.ts';
import { type AppContext, AppError, customerOf, notFound } from '../context.ts';
import { errors, idParams, keyBody, noQuery, ref } from '../schemas.ts';
import { failureBody, primaryConnection, publicConnection } from '../views.ts';

const connected = {
  type: 'object',
  properties: { connection: ref('Connection'), replaced: { type: 'boolean' } },
} as const;

/**
 * The signed-in customer's connection(s). Every route resolves the connection with the session's
 * tenant id, so another tenant's connection id is simply "not found" (404), never readable or changeable.
 * Keys arrive in JSON bodies only (any query string is refused) and are never returned.
 */
export function connectionRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { connections, health } = ctx.connector;
  const msg = ctx.connector.messages;
  const view = (v: Parameters<typeof publicConnection>[0]) => publicConnection(v, msg);

  async function mine(tenantId: string, id: string) {
    const c = await connections.get(tenantId, id);
    if (!c) throw notFound();
    return c;
  }

  function answer(reply: FastifyReply, r: ConnectResult) {
    if (!r.ok) return reply.code(422).send(failureBody(r));
    return { connection: view(r.connection), replaced: r.replaced };
  }

  app.get(
    '/connection',
    {
      schema: {
        tags: ['connection'],
        summary: "The current tenant's connection (null when never connected) and its recent history",
        response: {
          200: {
            type: 'object',
            properties: {
              connection: { ...ref('Connection'), nullable: true },
              history: { type: 'array', items: ref('ConnectionEvent') },
            },
          },
          ...errors(401, 403),
        },
      },
      config: { connectorAccess: 'customer' },
    },
    async (req) => {
      const { tenantId } = customerOf(req);
      const current = primaryConnection(await connections.list(tenantId));
      const history = current ? await connections.history(tenantId, current.id, 10) : [];
      return {
        connection: current ? view(current) : null,
        history: history.map((e) => ({ id: e.id, from: e.from, to: e.to, reason: e.reason, message: e.message, at: e.at })),
      };
    },
  );

  app.get(
    '/connections',
    {
      schema: {
        tags: ['connection'],
        summary: "All of the current tenant's connections",
        response: { 200: { type: 'object', properties: { data: { type: 'array', items: ref('Connection') } } }, ...errors(401, 403) },
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
        params: idParams,
        response: { 200: ref('Connection'), ...errors(401, 403, 404) },
      },
      config: { connectorAccess: 'customer' },
    },
    async (req) => view(await mine(customerOf(req).tenantId, (req.params as { id: string }).id)),
  );

  app.post(
    '/connection/connect',
    {
      schema: {
        tags: ['connection'],
        summary: 'Save and test: validate the pasted key with the platform, store it encrypted, activate',
        description:
          'Trim → format check → GET /v1/installations/me → company id → required scopes → encrypt + store → activate. On failure (422) nothing is stored and the error is classified: malformed_key, invalid_key, missing_scopes, wrong_company, platform_unavailable, rate_limited.',
        querystring: noQuery,
        body: keyBody,
        response: { 200: connected, 422: ref('ConnectFailure'), ...errors(400, 401, 403) },
      },
      config: { connectorAccess: 'customer' },
    },
    async (req, reply) => answer(reply, await connections.connect(customerOf(req).tenantId, (req.body as { key: string }).key)),
  );

  app.post(
    '/connections/:id/replace',
    {
      schema: {
        tags: ['connection'],
        summary: 'Replace (rotate) the key; the connection keeps its id, and its old key until the new one validates',
        querystring: noQuery,
        params: idParams,
        body: keyBody,
        response: { 200: connected, 422: ref('ConnectFailure'), ...errors(400, 401, 403, 404) },
      },
      config: { connectorAccess: 'customer' },
    },
    async (req, reply) => {
      const { tenantId } = customerOf(req);
      const c = await mine(tenantId, (req.params as { id: string }).id);
      return answer(reply, await connections.replaceKey(tenantId, c.id, (req.body as { key: string }).key));
    },
  );

  app.post(
    '/connections/:id/test-again',
    {
      schema: {
        tags: ['connection'],
        summary: 'Health check now with the stored key',
        querystring: noQuery,
        params: idParams,
        response: {
          200: {
            type: 'object',
            properties: {
              result: { type: 'string' },
              errorClass: { type: 'string', nullable: true },
              message: { type: 'string', nullable: true },
              connection: ref('Connection'),
            },
          },
          ...errors(401, 403, 404, 409),
        },
      },
      config: { connectorAccess: 'customer' },
    },
    async (req) => {
      const { tenantId } = customerOf(req);
      const c = await mine(tenantId, (req.params as { id: string }).id);
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
        querystring: noQuery,
        params: idParams,
        response: { 200: { type: 'object', properties: { connection: ref('Connection') } }, ...errors(401, 403, 404) },
      },
      config: { connectorAccess: 'customer' },
    },
    async (req) => {
      const { tenantId } = customerOf(req);
      const c = await mine(tenantId, (req.params as { id: string }).id);
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
        querystring: noQuery,
        params: idParams,
        body: {
          type: 'object',
          required: ['confirm'],
          additionalProperties: false,
          properties: { confirm: { type: 'boolean', enum: [true] } },
        },
        response: {
          200: { type: 'object', properties: { connection: ref('Connection'), platformUninstalled: { type: 'boolean' } } },
          422: ref('ConnectFailure'),
          ...errors(400, 401, 403, 404),
        },
      },
      config: { connectorAccess: 'customer' },
    },
    async (req, reply) => {
      const { tenantId } = customerOf(req);
      const c = await mine(tenantId, (req.params as { id: string }).id);
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
        params: idParams,
        response: {
          200: { type: 'object', properties: { data: { type: 'array', items: ref('ConnectionEvent') } } },
          ...errors(401, 403, 404),
        },
      },
      config: { connectorAccess: 'customer' },
    },
    async (req) => {
      const { tenantId } = customerOf(req);
      const c = await mine(tenantId, (req.params as { id: string }).id);
      const events = await connections.history(tenantId, c.id, 50);
      return { data: events.map((e) => ({ id: e.id, from: e.from, to: e.to, reason: e.reason, message: e.message, at: e.at })) };
    },
  );
}
