import { HttpError as AppError, type loginThrottle, unauthenticated } from '@latchkey/server-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { KeyFormat } from '../connections/key-input.ts';
import type { Connector } from '../index.ts';
import type { Logger } from '../util/logger.ts';
import type { AppDB } from './db.ts';
import type { Principal, SessionInfo } from './schemas.ts';
import type { AppSession, SignIn } from './sign-in.ts';

/** Who may call an API route. */
export type Access = 'public' | 'signed-in' | 'customer' | 'operator';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in session of an /api request, or null. */
    appSession: AppSession | null;
  }
  interface FastifyContextConfig {
    connectorAccess?: Access;
  }
}

export interface AppContext {
  connector: Connector;
  signIn: SignIn;
  db: Kysely<AppDB>;
  appName: string;
  platformName: string;
  keyFormat: KeyFormat;
  keyPrefix: string | undefined;
  requiredScopes: readonly string[];
  cookie: { name: string; secure: boolean; maxAgeSeconds: number };
  /** Failed sign-ins per client address and per e-mail (server-kit's login throttle). */
  logins: ReturnType<typeof loginThrottle>;
  logger: Logger | undefined;
}

/** An error with its HTTP status and `{type, message}` body (server-kit's HttpError). */
export { HttpError as AppError, unauthenticated } from '@latchkey/server-kit';

export const notFound = (what = 'connection') => new AppError(404, 'NOT_FOUND', `No such ${what}.`);

export function sessionOf(req: FastifyRequest): AppSession {
  if (!req.appSession) throw unauthenticated();
  return req.appSession;
}

export function customerOf(req: FastifyRequest): Extract<Principal, { kind: 'customer' }> {
  const p = sessionOf(req).principal;
  if (p.kind !== 'customer') throw new AppError(403, 'FORBIDDEN', 'This is for customers of the integration; operators see the overview.');
  return p;
}

export function setSessionCookie(reply: FastifyReply, ctx: AppContext, token: string): void {
  reply.setCookie(ctx.cookie.name, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: ctx.cookie.secure,
    maxAge: ctx.cookie.maxAgeSeconds,
  });
}

export function clearSessionCookie(reply: FastifyReply, ctx: AppContext): void {
  reply.clearCookie(ctx.cookie.name, { path: '/', httpOnly: true, sameSite: 'strict', secure: ctx.cookie.secure });
}

/** What the page learns about the session: never the cookie token. */
export function sessionView(s: AppSession): SessionInfo {
  return { principal: s.principal, csrfToken: s.csrfToken, expiresAt: s.expiresAt };
}
