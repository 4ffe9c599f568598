import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { WEB_DIST } from './paths.ts';

/** Paths the single-page app never answers: the API, docs, webhooks and health. */
const RESERVED = [/^\/api(\/|$)/, /^\/docs(\/|$)/, /^\/openapi\.json$/, /^\/healthz$/, /^\/webhooks(\/|$)/];

/** Client-side routes are extension-less paths; anything with an extension is a file or a 404. */
const looksLikeFile = (path: string) => /\.[A-Za-z0-9]+$/.test(path);

/**
 * Serves the built web app from `web/dist`: hashed assets cached for a year, `index.html` (the fallback
 * for client routes such as /connect) never cached.
 */
export function spa(distDir: string = WEB_DIST) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    await app.register(fastifyStatic, { root: distDir, serve: false });

    app.get('/*', { schema: { hide: true } }, async (req, reply) => {
      let path: string;
      try {
        path = decodeURIComponent(req.url.split('?')[0] ?? '/');
      } catch {
        return reply.callNotFound();
      }
      if (RESERVED.some((re) => re.test(path))) return reply.callNotFound();
      if (looksLikeFile(path)) {
        const immutable = path.startsWith('/assets/');
        return reply.sendFile(path.slice(1), { maxAge: immutable ? 31_536_000_000 : 0, immutable, cacheControl: true });
      }
      if (!existsSync(`${distDir}/index.html`)) {
        return reply
          .code(503)
          .type('text/plain; charset=utf-8')
          .send(
            'The connector web app is not built yet. Call buildWebIfStale() from packages/connector/src/app/build.ts (npm start does).',
          );
      }
      reply.header('cache-control', 'no-cache');
      return reply.sendFile('index.html', { cacheControl: false });
    });
  };
}
