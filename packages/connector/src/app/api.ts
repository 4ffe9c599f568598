import { guardWebApi } from '@latchkey/server-kit';
import type { FastifyInstance } from 'fastify';
import { type Access, type AppContext, AppError } from './context.ts';
import { connectionRoutes } from './routes/connections.ts';
import { operatorRoutes } from './routes/operator.ts';
import { sessionRoutes } from './routes/session.ts';
import type { AppSession } from './sign-in.ts';

export const API_PREFIX = '/api';

/**
 * The app's JSON API, behind server-kit's web API guard (no-store, same-origin JSON for every
 * state-changing request, the session from its cookie, CSRF token once signed in) and each route's
 * `connectorAccess` rule (default `signed-in`).
 */
export function api(ctx: AppContext) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.decorateRequest('appSession', null);
    guardWebApi<AppSession, Exclude<Access, 'public'>>(app, {
      loadSession: async (req) => {
        req.appSession = await ctx.signIn.findSession(req.cookies[ctx.cookie.name]);
        return req.appSession;
      },
      access: (req) => req.routeOptions.config.connectorAccess ?? 'signed-in',
      csrfToken: (session) => session.csrfToken,
      authorize: (access, session) => {
        if (access === 'operator' && session.principal.kind !== 'operator')
          return new AppError(403, 'FORBIDDEN', 'This overview is for the integration’s operators.');
        if (access === 'customer' && session.principal.kind !== 'customer')
          return new AppError(403, 'FORBIDDEN', 'This is for customers of the integration; operators see the overview.');
        return undefined;
      },
    });

    sessionRoutes(app, ctx);
    connectionRoutes(app, ctx);
    operatorRoutes(app, ctx);
  };
}
