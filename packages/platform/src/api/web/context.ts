import { unauthenticated } from '@latchkey/server-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../domain/context.ts';
import { DomainError } from '../../domain/errors.ts';
import { type Session, type SessionUser, userActor } from '../../domain/sessions.ts';

/** Who may call a web API route. `public` routes need no session (login, signup). */
export type Access = 'public' | 'user' | 'staff' | 'partner' | 'company';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in session of a web app request, or null. */
    webSession: Session | null;
  }
  interface FastifyContextConfig {
    access?: Access;
  }
}

/** The session of a route whose access is not `public` (the access hook guarantees it). */
export function sessionOf(req: FastifyRequest): Session {
  if (!req.webSession) throw unauthenticated();
  return req.webSession;
}

export function userOf(req: FastifyRequest): SessionUser {
  return sessionOf(req).user;
}

export function actorOf(req: FastifyRequest): Actor {
  return userActor(userOf(req), req.ip);
}

/** A company member's company id (the access hook guarantees one on `company` routes). */
export function companyOf(req: FastifyRequest): string {
  const id = userOf(req).companyId;
  if (!id) throw new DomainError('forbidden', 'This page is for people in a company.');
  return id;
}

export const noContent = (reply: FastifyReply) => reply.code(204).send();

/** Keeps JSON schemas of the web API out of the external API's OpenAPI document. */
export const hidden = { hide: true } as const;
