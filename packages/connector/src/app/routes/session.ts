import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { accountKey } from '@latchkey/server-kit';
import type { FastifyInstance } from 'fastify';
import { type AppContext, AppError, clearSessionCookie, sessionOf, sessionView, setSessionCookie } from '../context.ts';
import { AppConfig, CONNECT_STEPS, errors, LoginRequest, NoContent, NoQuery, ref, SessionInfo } from '../schemas.ts';

/** Sign in (customers and operators share the form), sign out, the current session, and public app settings. */
export function sessionRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/config',
    {
      schema: {
        tags: ['session'],
        summary: 'What the connect screen needs to know (no secrets)',
        response: { 200: AppConfig },
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
      schema: { tags: ['session'], summary: 'The signed-in session', response: { 200: ref(SessionInfo), ...errors(401) } },
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
        querystring: NoQuery,
        body: LoginRequest,
        response: { 200: ref(SessionInfo), ...errors(400, 401, 429) },
      },
      config: { connectorAccess: 'public' },
    },
    async (req, reply) => {
      const { email, password } = req.body;
      const principal = await ctx.logins.guard({ client: req.ip, account: accountKey(email) }, () =>
        ctx.signIn.authenticate(email, password),
      );
      if (!principal) throw new AppError(401, 'INVALID_CREDENTIALS', 'The e-mail or password is not correct.');
      if (req.appSession) await ctx.signIn.deleteSession(req.appSession.idDigest);
      const { token, session } = await ctx.signIn.createSession(principal);
      setSessionCookie(reply, ctx, token);
      return sessionView(session);
    },
  );

  app.delete(
    '/session',
    {
      schema: { tags: ['session'], summary: 'Sign out', response: { 204: NoContent, ...errors(401, 403) } },
      config: { connectorAccess: 'signed-in' },
    },
    async (req, reply) => {
      await ctx.signIn.deleteSession(sessionOf(req).idDigest);
      clearSessionCookie(reply, ctx);
      return reply.code(204).send();
    },
  );
}
