import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { KeyPrincipal } from '../../auth/verifier.ts';
import type { PlatformServices } from '../../services.ts';
import { installationRoutes } from './installations/index.ts';
import { resourceRoutes } from './resources/index.ts';
import { JSON_UTF8 } from './route.ts';

/**
 * The Pleo-compatible external API. One hook authenticates every route of this plugin: key → installation
 * → company, then the route's scope. Company binding is each route's query filter (another company's
 * resource is simply not found → 404).
 */
export function externalApi(services: PlatformServices) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.decorateRequest('principal', null as unknown as KeyPrincipal);
    app.addHook('onRequest', (req: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
      // Company data, behind a key: no shared or browser cache may keep an answer (errors included).
      reply.header('cache-control', 'no-store');
      const result = services.verifier.verify(req.headers.authorization);
      if (result instanceof Promise) {
        result.then((r) => authorize(r, req, reply, done), done);
      } else {
        authorize(result, req, reply, done);
      }
    });
    const typed = app.withTypeProvider<TypeBoxTypeProvider>();
    for (const register of [...installationRoutes, ...resourceRoutes]) register(typed, services);
  };
}

function authorize(
  result: Awaited<ReturnType<PlatformServices['verifier']['verify']>>,
  req: FastifyRequest,
  reply: FastifyReply,
  done: HookHandlerDoneFunction,
): void {
  reply.header('content-type', JSON_UTF8);
  if (!result.ok) {
    if (result.status === 401) reply.header('www-authenticate', 'Basic realm="latchkey"');
    if (result.retryAfterSeconds) reply.header('retry-after', String(result.retryAfterSeconds));
    reply.code(result.status).send({ type: result.type, message: result.message });
    return;
  }
  const required = req.routeOptions.config.scope;
  if (required && !result.principal.scopes.has(required)) {
    reply.code(403).send({
      type: 'FORBIDDEN',
      message: `This API key lacks the scope "${required}" required by ${req.method} ${req.routeOptions.url}.`,
    });
    return;
  }
  req.principal = result.principal;
  done();
}
