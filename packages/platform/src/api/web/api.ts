import { guardWebApi, HttpError } from '@latchkey/server-kit';
import type { FastifyInstance } from 'fastify';
import { findSession, type Session } from '../../domain/sessions.ts';
import type { PlatformServices } from '../../services.ts';
import type { Access } from './context.ts';
import { readSessionCookie } from './cookies.ts';
import type { PasswordGuards } from './guards.ts';
import { auditRoutes } from './routes/audit.ts';
import { companyRoutes } from './routes/company.ts';
import { partnerRoutes } from './routes/partner.ts';
import { sessionRoutes } from './routes/session.ts';
import { staffRoutes } from './routes/staff.ts';

export const WEB_API_PREFIX = '/app/api';

/**
 * The web app's JSON API, behind server-kit's web API guard (no-store, same-origin JSON for every
 * state-changing request, the session from its cookie, CSRF token once signed in) and each route's
 * `access` rule (default `user`: any signed-in person).
 */
export function webApi(services: PlatformServices, guards: PasswordGuards) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.decorateRequest('webSession', null);
    guardWebApi<Session, Exclude<Access, 'public'>>(app, {
      publicUrl: services.config.publicUrl,
      loadSession: async (req) => {
        req.webSession = await findSession(services.database.db, readSessionCookie(req, services.config));
        return req.webSession;
      },
      access: (req) => req.routeOptions.config.access ?? 'user',
      csrfToken: (session) => session.csrfToken,
      authorize: (access, session) =>
        access !== 'user' && session.user.kind !== access
          ? new HttpError(403, 'WRONG_ACCOUNT_KIND', `This needs a ${access} account; you are signed in as ${session.user.kind}.`)
          : undefined,
    });

    sessionRoutes(app, services, guards);
    partnerRoutes(app, services);
    staffRoutes(app, services);
    companyRoutes(app, services, guards);
    auditRoutes(app, services);
  };
}
