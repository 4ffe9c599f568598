import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../domain/context.ts';

/** The audit actor of an external API call: the key (by id, never its value) and the caller's IP. */
export function keyActor(req: FastifyRequest): Actor {
  return { type: 'api_key', id: req.principal.keyId, label: `${req.principal.applicationName} (API key)`, ip: req.ip };
}
