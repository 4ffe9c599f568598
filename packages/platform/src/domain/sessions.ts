import { hash, randomBytes } from 'node:crypto';
import { verifyPassword } from '@latchkey/server-kit';
import type { CompanyRole, UserKind } from '../db/schema.ts';
import { nowIso } from '../util/ids.ts';
import type { Actor, Executor } from './context.ts';
import { forbidden } from './errors.ts';

/**
 * Server-side web sessions. The session token (the cookie value) is stored only as its SHA-256 digest,
 * so a database dump cannot be replayed as a login. Each session carries a CSRF token the web app
 * echoes in a header on every state-changing request, and the time of the last password re-entry.
 */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  kind: UserKind;
  role: CompanyRole | null;
  companyId: string | null;
  companyName: string | null;
  partnerId: string | null;
  partnerName: string | null;
}

export interface Session {
  idDigest: string;
  csrfToken: string;
  expiresAt: string;
  reauthAt: string | null;
  user: SessionUser;
}

export interface NewSession {
  /** The cookie value: returned once, never stored. */
  token: string;
  csrfToken: string;
  expiresAt: string;
}

const digest = (token: string): string => hash('sha256', token, 'hex');
const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;

export async function createSession(db: Executor, userId: string, ttlMs: number, now = Date.now()): Promise<NewSession> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const expiresAt = nowIso(now + ttlMs);
  await db.deleteFrom('sessions').where('expires_at', '<=', nowIso(now)).execute();
  await db
    .insertInto('sessions')
    .values({
      id_digest: digest(token),
      user_id: userId,
      csrf_token: csrfToken,
      created_at: nowIso(now),
      expires_at: expiresAt,
      reauth_at: null,
    })
    .execute();
  return { token, csrfToken, expiresAt };
}

/** The live session for a cookie value, or null (unknown, malformed or expired — an expired one is deleted). */
export async function findSession(db: Executor, token: string | undefined, now = Date.now()): Promise<Session | null> {
  if (!token || !TOKEN_RE.test(token)) return null;
  const idDigest = digest(token);
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .leftJoin('companies', 'companies.id', 'users.company_id')
    .leftJoin('partners', 'partners.id', 'users.partner_id')
    .select([
      'sessions.csrf_token',
      'sessions.expires_at',
      'sessions.reauth_at',
      'users.id',
      'users.email',
      'users.name',
      'users.kind',
      'users.role',
      'users.company_id',
      'users.partner_id',
      'companies.name as company_name',
      'partners.name as partner_name',
    ])
    .where('sessions.id_digest', '=', idDigest)
    .executeTakeFirst();
  if (!row) return null;
  if (row.expires_at <= nowIso(now)) {
    await db.deleteFrom('sessions').where('id_digest', '=', idDigest).execute();
    return null;
  }
  return {
    idDigest,
    csrfToken: row.csrf_token,
    expiresAt: row.expires_at,
    reauthAt: row.reauth_at,
    user: {
      id: row.id,
      email: row.email,
      name: row.name,
      kind: row.kind,
      role: row.role,
      companyId: row.company_id,
      companyName: row.company_name,
      partnerId: row.partner_id,
      partnerName: row.partner_name,
    },
  };
}

export async function deleteSession(db: Executor, idDigest: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_digest', '=', idDigest).execute();
}

/** Until when a password re-entry counts as fresh (ISO), or null. */
export function reauthFreshUntil(session: Pick<Session, 'reauthAt'>, windowMs: number): string | null {
  return session.reauthAt ? nowIso(Date.parse(session.reauthAt) + windowMs) : null;
}

/**
 * Sensitive actions (install, regenerate) need the user's password, either in the same request or
 * re-entered within `windowMs`. A correct password refreshes the window.
 */
export async function confirmIdentity(
  db: Executor,
  session: Session,
  password: string | undefined,
  windowMs: number,
  now = Date.now(),
): Promise<void> {
  if (password) {
    const user = await db.selectFrom('users').select('password_hash').where('id', '=', session.user.id).executeTakeFirstOrThrow();
    if (!(await verifyPassword(password, user.password_hash)))
      throw forbidden('That password is not correct. Try again.', 'WRONG_PASSWORD');
    const at = nowIso(now);
    await db.updateTable('sessions').set({ reauth_at: at }).where('id_digest', '=', session.idDigest).execute();
    session.reauthAt = at;
    return;
  }
  if (session.reauthAt && Date.parse(session.reauthAt) + windowMs > now) return;
  throw forbidden('Confirm with your password to continue.', 'REAUTH_REQUIRED');
}

/** The audit actor for a signed-in person. */
export function userActor(user: Pick<SessionUser, 'id' | 'name' | 'email'>, ip: string | null): Actor {
  return { type: 'user', id: user.id, label: `${user.name} (${user.email})`, ip };
}
