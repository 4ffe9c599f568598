import { accountKey } from '@latchkey/server-kit';
import type { FastifyInstance } from 'fastify';
import { type AppContext, AppError, clearSessionCookie, sessionOf, sessionView, setSessionCookie } from '../context.ts';
import { errors, noQuery, ref } from '../schemas.ts';
import { CONNECT_STEPS } from '../views.ts';

/** Sign in (customers and operators share the form), sign out, the current session, and public app settings. */
export function sessionRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get(
    '/config',
    {
      schema: {
        tags: ['session'],
        summary: 'What the connect screen needs to know (no secrets)',
        response: {
          200: {
            type: 'object',
            properties: {
              appName: { type: 'string' },
              platformName: { type: 'string' },
              keyFormat: { type: 'string', enum: ['strict', 'lenient'] },
              keyPrefix: { type: 'string', nullable: true },
              requiredScopes: { type: 'array', items: { type: 'string' } },
              steps: { type: 'array', items: { type: 'string' } },
            },
          },
        },
      },
      config: { connectorAccess: 'public' },
    },
    async () => ({
      appName: ctx.appName,
      platformName: ctx.platformName,
      keyFormat: ctx.keyFormat,
      keyPrefix: ctx.keyPrefix ?? null,
      requiredScopes: [...ctx.requiredScopes],
      steps: [...CONNECT_STEPS],
    }),
  );

  app.get(
    '/session',
    {
      schema: { tags: ['session'], summary: 'The signed-in session', response: { 200: ref('Session'), ...errors(401) } },
      config: { connectorAccess: 'signed-in' },
    },
    async (req) => sessionView(sessionOf(req)),
  );

  app.post(
    '/session',
    {
      schema: {
        tags: ['session'],
        summary: 'Sign in (customer or operator)',
        querystring: noQuery,
        body: {
          type: 'object',
          required: ['email', 'password'],
          additionalProperties: false,
          properties: { email: { type: 'string', maxLength: 320 }, password: { type: 'string', maxLength: 200 } },
        },
        response: { 200: ref('Session'), ...errors(400, 401, 429) },
      },
      config: { connectorAccess: 'public' },
    },
    async (req, reply) => {
      const { email, password } = req.body as { email: string; password: string };
      const principal = await ctx.logins.guard({ client: req.ip, account: accountKey(email) }, () =>
        ctx.accounts.authenticate(email, password),
      );
      if (!principal) throw new AppError(401, 'INVALID_CREDENTIALS', 'The e-mail or password is not correct.');
      if (req.appSession) await ctx.accounts.deleteSession(req.appSession.idDigest);
      const { token, session } = await ctx.accounts.createSession(principal);
      setSessionCookie(reply, ctx, token);
      return sessionView(session);
    },
  );

  app.delete(
    '/session',
    {
      schema: { tags: ['session'], summary: 'Sign out', response: { 204: { type: 'null' }, ...errors(401, 403) } },
      config: { connectorAccess: 'signed-in' },
    },
    async (req, reply) => {
      await ctx.accounts.deleteSession(sessionOf(req).idDigest);
      clearSessionCookie(reply, ctx);
      return reply.code(204).send();
    },
  );
}
