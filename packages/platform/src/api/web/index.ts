import cookie from '@fastify/cookie';
import { registerSecurityHeaders } from '@latchkey/server-kit';
import type { FastifyInstance } from 'fastify';
import type { PlatformServices } from '../../services.ts';
import { WEB_API_PREFIX, webApi } from './api.ts';
import { isHttps } from './cookies.ts';
import { PasswordGuards } from './guards.ts';
import { spa } from './spa.ts';

export { WEB_API_PREFIX };

/**
 * The platform web app (session login, partner portal, staff review, marketplace, Settings → API Keys):
 * the JSON API under /app/api and the single-page app at `/`, both behind a strict Content-Security-Policy
 * (partners' logos may come from any https origin).
 */
export function webApp(services: PlatformServices, opts: { distDir?: string } = {}) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    await app.register(cookie);
    await registerSecurityHeaders(app, { https: isHttps(services.config), extraImgSrc: ['https:'] });
    await app.register(webApi(services, new PasswordGuards()), { prefix: WEB_API_PREFIX });
    await app.register(spa(opts.distDir));
  };
}
