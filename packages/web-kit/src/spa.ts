import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

export interface SpaOptions {
  /** The built app (`index.html` and `assets/`). */
  dist: string;
  /** Paths the single-page app must never answer (APIs, docs, health, webhooks): they fall through to the JSON 404. */
  reserved: RegExp[];
  /** Said with a 503 when the app has not been built. */
  notBuilt: string;
}

/** Client-side routes are extension-less paths; anything with an extension is a file or a 404. */
const looksLikeFile = (path: string) => /\.[A-Za-z0-9]+$/.test(path);

/**
 * Serves a built web app: hashed assets cached for a year, `index.html` (the fallback for client routes)
 * never cached. Reserved paths fall through to the server's JSON 404.
 */
export function spa({ dist: distDir, reserved, notBuilt }: SpaOptions) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    await app.register(fastifyStatic, { root: distDir, serve: false });

    app.get('/*', { schema: { hide: true } }, async (req, reply) => {
      let path: string;
      try {
        path = decodeURIComponent(req.url.split('?')[0] ?? '/');
      } catch {
        return reply.callNotFound();
      }
      if (reserved.some((re) => re.test(path))) return reply.callNotFound();
      if (looksLikeFile(path)) {
        const immutable = path.startsWith('/assets/');
        return reply.sendFile(path.slice(1), { maxAge: immutable ? 31_536_000_000 : 0, immutable, cacheControl: true });
      }
      if (!existsSync(`${distDir}/index.html`)) {
        return reply.code(503).type('text/plain; charset=utf-8').send(notBuilt);
      }
      reply.header('cache-control', 'no-cache');
      return reply.sendFile('index.html', { cacheControl: false });
    });
  };
}
