import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import type { FastifyError, FastifyInstance } from 'fastify';
import type { PlatformServices } from '../../services.ts';
import { WEB_API_PREFIX, webApi } from './api.ts';
import { isHttps } from './cookies.ts';
import { PasswordGuards, RateLimited, sendRateLimited } from './guards.ts';
import { spa } from './spa.ts';

export { WEB_API_PREFIX };

/**
 * The platform web app (session login, partner portal, staff review, marketplace, Settings → API Keys):
 * the JSON API under /app/api and the single-page app at `/`, both behind a strict Content-Security-Policy.
 */
export function webApp(services: PlatformServices, opts: { distDir?: string } = {}) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    const https = isHttps(services.config);
    await app.register(cookie);
    await app.register(helmet, {
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:', 'https:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          ...(https ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      hsts: https ? { maxAge: 15_552_000, includeSubDomains: true } : false,
      referrerPolicy: { policy: 'no-referrer' },
    });
    // Throttled password attempts answer 429; everything else goes to the platform's error handler.
    app.setErrorHandler((err: FastifyError, _req, reply) => {
      if (err instanceof RateLimited) return sendRateLimited(reply, err);
      throw err;
    });
    await app.register(webApi(services, new PasswordGuards()), { prefix: WEB_API_PREFIX });
    await app.register(spa(opts.distDir));
  };
}
