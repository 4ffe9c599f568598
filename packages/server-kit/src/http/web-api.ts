import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError, notFoundBody } from './errors.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The web API's catch-all JSON 404 (no session needed). */
    webApiNotFound?: boolean;
  }
}

export const unauthenticated = () => new HttpError(401, 'UNAUTHENTICATED', 'Sign in to continue.');

export interface WebApiGuardOptions<S, A extends string> {
  /** Origins a state-changing request may come from besides the request's own (the app's public URL). */
  publicUrl?: string;
  /** Reads the request's session from its cookie and keeps it on the request; null when signed out. */
  loadSession(req: FastifyRequest): Promise<S | null>;
  /** The route's access rule; `public` routes need no session. */
  access(req: FastifyRequest): A | 'public';
  csrfToken(session: S): string;
  /** An error when a signed-in session may not call a route of `access`, else undefined. */
  authorize(access: A, session: S): Error | undefined;
}

/**
 * The rules every web API request of both apps passes, in a scope of its own (register it inside the
 * API's plugin): `Cache-Control: no-store`; a state-changing request must come from our own origin
 * (Origin / Sec-Fetch-Site) and be JSON (form and text/plain bodies, which other sites can send without
 * a preflight, are refused); then the session and the route's access rule, and — once signed in — the
 * session's CSRF token in `x-csrf-token`. Unknown paths under the API stay JSON 404s.
 */
export function guardWebApi<S, A extends string>(app: FastifyInstance, opts: WebApiGuardOptions<S, A>): void {
  app.removeContentTypeParser('text/plain');
  let own: string | null = null;
  try {
    own = opts.publicUrl ? new URL(opts.publicUrl).origin : null;
  } catch {}

  app.addHook('onRequest', async (req, reply) => {
    reply.header('cache-control', 'no-store');
    const unsafe = !SAFE_METHODS.has(req.method);
    if (unsafe && !fromOwnOrigin(req, own)) throw new HttpError(403, 'CSRF_ORIGIN_REFUSED', 'Cross-site request refused.');
    if (req.routeOptions.config.webApiNotFound) return;
    const session = await opts.loadSession(req);
    const access = opts.access(req);
    if (access === 'public') return;
    if (!session) throw unauthenticated();
    if (unsafe && !tokensMatch(opts.csrfToken(session), headerValue(req.headers['x-csrf-token']))) {
      throw new HttpError(403, 'CSRF_TOKEN_INVALID', 'Missing or wrong CSRF token: reload the page and try again.');
    }
    const refused = opts.authorize(access, session);
    if (refused) throw refused;
  });

  app.all('/*', { schema: { hide: true }, config: { webApiNotFound: true } }, async (req, reply) =>
    reply.code(404).send(notFoundBody(req)),
  );
}

/** Constant-time comparison of a CSRF token a request carries with the session's. */
export function tokensMatch(expected: string, candidate: string | undefined): boolean {
  if (!candidate) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(candidate);
  return a.length === b.length && timingSafeEqual(a, b);
}

export const headerValue = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

function fromOwnOrigin(req: FastifyRequest, own: string | null): boolean {
  const site = headerValue(req.headers['sec-fetch-site']);
  if (site && site !== 'same-origin' && site !== 'none') return false;
  const origin = headerValue(req.headers.origin);
  if (!origin) return true;
  return origin === own || origin === `${req.protocol}://${req.host}`;
}
