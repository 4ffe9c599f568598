/**
 * What both peers share: a Fastify server (the project's copy, so the framework is the same as ours)
 * with `GET /v1/installations/me` answering an installation-shaped body through the same response schema
 * as ours. Only the authentication differs.
 */
import { randomUUID } from 'node:crypto';
import { InstallationResponse } from '@latchkey/platform/api/external/installations/schemas.ts';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';

export interface PeerPayload {
  dataDir: string;
}

export interface PeerReady {
  type: 'ready';
  url: string;
  /** Headers that authenticate a request to this peer. */
  headers: Record<string, string>;
}

export type PeerMessage = PeerReady;

const BODY = {
  id: randomUUID(),
  applicationId: randomUUID(),
  resource: `urn:pleo:company:${randomUUID()}`,
  status: 'ACTIVATED',
  metadata: {},
  createdAt: new Date().toISOString(),
  updatedAt: new Date().toISOString(),
};

/**
 * The peer's app. `check` (when given) runs in an onRequest hook and decides whether the request is
 * authenticated; `setup` registers an auth plugin instead, before the route.
 */
export async function peerServer(
  check: ((req: FastifyRequest) => boolean | Promise<boolean>) | null,
  setup?: (app: FastifyInstance) => Promise<void>,
): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  if (setup) await setup(app);
  if (check) {
    app.addHook('onRequest', async (req, reply) => {
      if (!(await check(req))) return reply.code(401).send({ type: 'UNAUTHORIZED', message: 'invalid key' });
    });
  }
  app.get('/v1/installations/me', { schema: { response: { 200: InstallationResponse } } }, async (_req, reply) => {
    reply.header('content-type', 'application/json;charset=UTF-8');
    return BODY;
  });
  return app;
}
