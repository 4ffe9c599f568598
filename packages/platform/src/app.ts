import { createServer, parseTrustProxy, registerDocs, registerHealth } from '@latchkey/server-kit';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { registerErrorHandling } from './api/errors.ts';
import { externalApi } from './api/external/plugin.ts';
import { csvImportUploads } from './api/uploads/csv-import-upload.ts';
import { webApp } from './api/web/index.ts';
import type { PlatformServices } from './services.ts';

/** Never logged: credentials and session cookies. */
export const REDACT = ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', 'headers.authorization'];

export interface BuildOptions {
  logger?: FastifyServerOptions['logger'];
}

export async function buildApp(services: PlatformServices, opts: BuildOptions = {}): Promise<FastifyInstance> {
  const app = createServer({
    logger: opts.logger,
    trustProxy: parseTrustProxy(process.env.LATCHKEY_TRUST_PROXY, 'LATCHKEY_TRUST_PROXY'),
    bodyLimit: 1024 * 1024,
    coerceTypes: 'array',
  });
  registerErrorHandling(app);

  await registerDocs(app, {
    https: services.config.publicUrl.startsWith('https:'),
    openapi: {
      info: {
        title: 'Latchkey platform — Pleo-compatible external API',
        description:
          'Integrated API keys: send the key as HTTP Basic username with an empty password (`curl -u "$KEY:"`) or as `Bearer <key>`. ' +
          'Errors are `{type, message}`; 401 unknown/revoked/expired key, 403 missing scope, 404 another company’s resource, 429 rate limited.',
        version: '0.1.0',
      },
      servers: [{ url: services.config.publicUrl }],
      components: {
        securitySchemes: {
          basicAuth: { type: 'http', scheme: 'basic', description: 'API key as the username, empty password.' },
          bearerAuth: { type: 'http', scheme: 'bearer' },
        },
      },
    },
  });
  registerHealth(app, services.database.dialect);

  await app.register(externalApi(services));
  await app.register(csvImportUploads(services));
  await app.register(webApp(services));
  return app;
}
