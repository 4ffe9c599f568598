import helmet from '@fastify/helmet';
import swagger, { type FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

type OpenApiDocument = NonNullable<FastifyDynamicSwaggerOptions['openapi']>;

export interface DocsOptions {
  /** The document's `info`, `servers`, `tags` and `components` (OpenAPI 3.0.3). */
  openapi: Omit<OpenApiDocument, 'openapi'>;
  /** Shared schemas (`app.addSchema` with an `$id`) keep their names in the document instead of `def-N`. */
  namedSchemas?: boolean;
  /** Served over https: HSTS and upgrade-insecure-requests on the docs pages. */
  https?: boolean;
}

/**
 * swagger-ui's own Content-Security-Policy (hashes for its inline script and style), made stricter: no
 * framing by anyone, and upgrade-insecure-requests only over https (it would break the console on http).
 */
export function docsCsp(header: string, https: boolean): string {
  let csp = header.replace("frame-ancestors 'self'", "frame-ancestors 'none'").replace(/ ?validator\.swagger\.io/, '');
  if (!https) csp = csp.replace(/\s*upgrade-insecure-requests;?/, '');
  return `${csp.trim().replace(/;?$/, ';')} form-action 'self';`;
}

/** The OpenAPI document generated from the route schemas at `/openapi.json`, and a try-it-out console at `/docs`. */
export async function registerDocs(app: FastifyInstance, opts: DocsOptions): Promise<void> {
  await app.register(swagger, {
    ...(opts.namedSchemas
      ? { refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) } }
      : {}),
    openapi: { openapi: '3.0.3', ...opts.openapi } as OpenApiDocument,
  });
  // The console in a scope of its own: security headers (helmet, without its CSP) and swagger-ui's static CSP, made stricter.
  const https = !!opts.https;
  await app.register(async (docs) => {
    await docs.register(helmet, {
      contentSecurityPolicy: false,
      hsts: https ? { maxAge: 15_552_000, includeSubDomains: true } : false,
      referrerPolicy: { policy: 'no-referrer' },
      frameguard: { action: 'deny' },
    });
    await docs.register(swaggerUi, { routePrefix: '/docs', staticCSP: true, transformStaticCSP: (header) => docsCsp(header, https) });
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}

/** `GET /healthz`: the process answers and names its database. */
export function registerHealth(app: FastifyInstance, dialect: string): void {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok', database: dialect }));
}
