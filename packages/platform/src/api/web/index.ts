import type { FastifyInstance } from 'fastify';
import type { PlatformServices } from '../../services.ts';

/** The platform web app (session login, partner portal, staff review, marketplace, Settings → API Keys). */
export function webApp(_services: PlatformServices) {
  return async function plugin(_app: FastifyInstance): Promise<void> {};
}
