import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../../domain/errors.ts';
import { csrfMatches, findSession } from '../../domain/sessions.ts';
import type { PlatformServices } from '../../services.ts';
import { unauthenticated } from './context.ts';
import { readSessionCookie } from './cookies.ts';
import type { PasswordGuards } from './guards.ts';
import { auditRoutes } from './routes/audit.ts';
import { companyRoutes } from './routes/company.ts';
import { partnerRoutes } from './routes/partner.ts';
import { sessionRoutes } from './routes/session.ts';
import { staffRoutes } from './routes/staff.ts';

export const WEB_API_PREFIX = '/app/api';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The web app's JSON API. Every request: `Cache-Control: no-store`, the session from its cookie, then the
 * route's access rule. Every state-changing request must come from our own origin (Origin /
 * Sec-Fetch-Site), be JSON (no form or text/plain bodies, which other sites can send without a
 * preflight), and — once signed in — carry the session's CSRF token in `x-csrf-token`.
 */
export function webApi(services: PlatformServices, guards: PasswordGuards) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.removeContentTypeParser('text/plain');
    app.decorateRequest('webSession', null);

    app.addHook('onRequest', async (req, reply) => {
      reply.header('cache-control', 'no-store');
      const unsafe = !SAFE_METHODS.has(req.method);
      if (unsafe && !fromOwnOrigin(req, services.config.publicUrl)) {
        throw new DomainError('forbidden', 'Cross-site request refused.', 'CSRF_ORIGIN_REFUSED');
      }
      req.webSession = await findSession(services.database.db, readSessionCookie(req, services.config));
      const access = req.routeOptions.config.access ?? 'user';
      if (access === 'public') return;
      const session = req.webSession;
      if (!session) throw unauthenticated();
      if (unsafe && !csrfMatches(session, headerValue(req.headers['x-csrf-token']))) {
        throw new DomainError('forbidden', 'Missing or wrong CSRF token: reload the page and try again.', 'CSRF_TOKEN_INVALID');
      }
      if (access !== 'user' && session.user.kind !== access) {
        throw new DomainError(
          'forbidden',
          `This needs a ${access} account; you are signed in as ${session.user.kind}.`,
          'WRONG_ACCOUNT_KIND',
        );
      }
    });

    sessionRoutes(app, services, guards);
    partnerRoutes(app, services);
    staffRoutes(app, services);
    companyRoutes(app, services, guards);
    auditRoutes(app, services);

    // Unknown paths under the prefix stay JSON 404s (never the single-page app).
    app.all('/*', { schema: { hide: true }, config: { access: 'public' } }, async (req, reply) =>
      reply.code(404).send({ type: 'NOT_FOUND', message: `No route ${req.method} ${req.url.split('?')[0]}` }),
    );
  };
}

const headerValue = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

function fromOwnOrigin(req: FastifyRequest, publicUrl: string): boolean {
  const site = headerValue(req.headers['sec-fetch-site']);
  if (site && site !== 'same-origin' && site !== 'none') return false;
  const origin = headerValue(req.headers.origin);
  if (!origin) return true;
  let own: string | null = null;
  try {
    own = new URL(publicUrl).origin;
  } catch {}
  return origin === own || origin === `${req.protocol}://${req.host}`;
}
