import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { authenticate } from '../../../domain/accounts.ts';
import { recordAudit } from '../../../domain/audit.ts';
import { DomainError } from '../../../domain/errors.ts';
import { createSession, deleteSession, findSession, reauthFreshUntil, type Session, userActor } from '../../../domain/sessions.ts';
import { signupPartner } from '../../../domain/signup.ts';
import type { PlatformServices } from '../../../services.ts';
import { hidden, noContent, sessionOf } from '../context.ts';
import { clearSessionCookie, setSessionCookie } from '../cookies.ts';
import type { PasswordGuards } from '../guards.ts';
import {
  LoginRequest,
  NoContent,
  PartnerSignupRequest,
  ReauthRequest,
  ReauthResponse,
  SessionInfo,
  type SessionInfo as SessionInfoType,
} from '../schemas.ts';

/** What the web app learns about the signed-in user: never a password hash or the session token. */
export function sessionView(
  session: Pick<Session, 'user' | 'csrfToken' | 'expiresAt' | 'reauthAt'>,
  reauthWindowMs: number,
): SessionInfoType {
  return {
    user: session.user,
    csrfToken: session.csrfToken,
    expiresAt: session.expiresAt,
    reauthFreshUntil: reauthFreshUntil(session, reauthWindowMs),
  };
}

export function sessionRoutes(fastify: FastifyInstance, services: PlatformServices, guards: PasswordGuards): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { config } = services;
  const db = services.database.db;

  /** A new server-side session; only the digest of its token is stored, the token goes into the cookie. */
  async function startSession(reply: FastifyReply, userId: string) {
    const created = await createSession(db, userId, config.sessionTtlMs);
    setSessionCookie(reply, config, created.token);
    const session = await findSession(db, created.token);
    if (!session) throw new Error('session not found right after creating it');
    return sessionView(session, config.reauthWindowMs);
  }

  app.get('/session', { schema: { ...hidden, response: { 200: SessionInfo } }, config: { access: 'user' } }, async (req) =>
    sessionView(sessionOf(req), config.reauthWindowMs),
  );

  app.post(
    '/session',
    {
      schema: { ...hidden, body: LoginRequest, response: { 200: SessionInfo } },
      config: { access: 'public' },
    },
    async (req, reply) => {
      const body = req.body;
      const user = await guards.login(req.ip, body.email, () => authenticate(db, body.email, body.password));
      if (!user) throw new DomainError('unauthorized', 'The email or password is not correct.', 'INVALID_CREDENTIALS');
      if (req.webSession) await deleteSession(db, req.webSession.idDigest);
      const view = await startSession(reply, user.id);
      await recordAudit(db, userActor(user, req.ip), {
        action: 'session.created',
        companyId: user.company_id,
        target: { type: 'user', id: user.id },
      });
      return view;
    },
  );

  app.delete('/session', { schema: { ...hidden, response: { 204: NoContent } }, config: { access: 'user' } }, async (req, reply) => {
    await deleteSession(db, sessionOf(req).idDigest);
    clearSessionCookie(reply, config);
    return noContent(reply);
  });

  app.post(
    '/session/reauth',
    {
      schema: { ...hidden, body: ReauthRequest, response: { 200: ReauthResponse } },
      config: { access: 'user' },
    },
    async (req) => {
      const session = sessionOf(req);
      const given = req.body.password;
      if (!given) throw new DomainError('invalid', 'Enter your password.');
      await guards.confirm(db, session, given, config.reauthWindowMs);
      return { reauthFreshUntil: reauthFreshUntil(session, config.reauthWindowMs) };
    },
  );

  app.post(
    '/signup/partner',
    {
      schema: { ...hidden, body: PartnerSignupRequest, response: { 201: SessionInfo } },
      config: { access: 'public' },
    },
    async (req, reply) => {
      guards.signup(req.ip);
      const { userId } = await signupPartner(db, req.body, req.ip);
      const view = await startSession(reply, userId);
      return reply.code(201).send(view);
    },
  );
}
