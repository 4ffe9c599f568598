import type { FastifyInstance, FastifyRequest } from 'fastify';
import { csrfMatches } from './accounts.ts';
import { type AppContext, AppError, unauthenticated } from './context.ts';
import { connectionRoutes } from './routes/connections.ts';
import { operatorRoutes } from './routes/operator.ts';
import { sessionRoutes } from './routes/session.ts';

export const API_PREFIX = '/api';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The app's JSON API. Every request: `Cache-Control: no-store`, the session from its cookie, then the
 * route's access rule. Every state-changing request must come from our own origin (Origin /
 * Sec-Fetch-Site), be JSON (no form or text/plain bodies, which other sites can send without a
 * preflight), and — once signed in — carry the session's CSRF token in `x-csrf-token`.
 */
export function api(ctx: AppContext) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.removeContentTypeParser('text/plain');
    app.decorateRequest('appSession', null);

    app.addHook('onRequest', async (req, reply) => {
      reply.header('cache-control', 'no-store');
      const unsafe = !SAFE_METHODS.has(req.method);
      if (unsafe && !fromOwnOrigin(req)) throw new AppError(403, 'CSRF_ORIGIN_REFUSED', 'Cross-site request refused.');
      req.appSession = await ctx.accounts.findSession(req.cookies[ctx.cookie.name]);
      const access = req.routeOptions.config.connectorAccess ?? 'signed-in';
      if (access === 'public') return;
      const session = req.appSession;
      if (!session) throw unauthenticated();
      if (unsafe && !csrfMatches(session, headerValue(req.headers['x-csrf-token']))) {
        throw new AppError(403, 'CSRF_TOKEN_INVALID', 'Missing or wrong CSRF token: reload the page and try again.');
      }
      if (access === 'operator' && session.principal.kind !== 'operator') {
        throw new AppError(403, 'FORBIDDEN', 'This overview is for the integration’s operators.');
      }
      if (access === 'customer' && session.principal.kind !== 'customer') {
        throw new AppError(403, 'FORBIDDEN', 'This is for customers of the integration; operators see the overview.');
      }
    });

    sessionRoutes(app, ctx);
    connectionRoutes(app, ctx);
    operatorRoutes(app, ctx);

    // Unknown paths under /api stay JSON 404s (never the single-page app).
    app.all('/*', { schema: { hide: true }, config: { connectorAccess: 'public' } }, async (req, reply) =>
      reply.code(404).send({ type: 'NOT_FOUND', message: `No route ${req.method} ${req.url.split('?')[0]}` }),
    );
  };
}

const headerValue = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

function fromOwnOrigin(req: FastifyRequest): boolean {
  const site = headerValue(req.headers['sec-fetch-site']);
  if (site && site !== 'same-origin' && site !== 'none') return false;
  const origin = headerValue(req.headers.origin);
  if (!origin) return true;
  return origin === `${req.protocol}://${req.host}`;
}
