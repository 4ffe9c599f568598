import swagger, { type FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

type OpenApiDocument = NonNullable<FastifyDynamicSwaggerOptions['openapi']>;

export interface DocsOptions {
  /** The document's `info`, `servers`, `tags` and `components` (OpenAPI 3.0.3). */
  openapi: Omit<OpenApiDocument, 'openapi'>;
  /** Shared schemas (`app.addSchema` with an `$id`) keep their names in the document instead of `def-N`. */
  namedSchemas?: boolean;
}

/** The OpenAPI document generated from the route schemas at `/openapi.json`, and a try-it-out console at `/docs`. */
export async function registerDocs(app: FastifyInstance, opts: DocsOptions): Promise<void> {
  await app.register(swagger, {
    ...(opts.namedSchemas
      ? { refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) } }
      : {}),
    openapi: { openapi: '3.0.3', ...opts.openapi } as OpenApiDocument,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}

/** `GET /healthz`: the process answers and names its database. */
export function registerHealth(app: FastifyInstance, dialect: string): void {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok', database: dialect }));
}
