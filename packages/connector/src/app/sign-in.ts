import { hash, randomBytes } from 'node:crypto';
import { hashPassword, verifyPassword } from '@latchkey/server-kit';
import type { Kysely } from 'kysely';
import type { TenantService } from '../tenants/service.ts';
import { newId, nowIso } from '../util/ids.ts';
import type { AppDB, PrincipalKind } from './db.ts';
import type { Principal } from './schemas.ts';

/**
 * Who can sign in to the reference app: the integration's customers (tenant users, from the
 * connector's TenantService) and its operators (support staff, who see every connection but never a
 * key and belong to no tenant). Sessions are server-side; the cookie holds a random token whose
 * SHA-256 is the row's key, and each session carries a CSRF token the page echoes in a header.
 */
export interface Operator {
  id: string;
  email: string;
  name: string;
  createdAt: string;
}

export interface AppSession {
  idDigest: string;
  csrfToken: string;
  expiresAt: string;
  principal: Principal;
}

const normalizeEmail = (email: string) => email.trim().toLowerCase();
const digest = (token: string): string => hash('sha256', token, 'hex');
const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;

export class SignIn {
  constructor(
    private readonly db: Kysely<AppDB>,
    private readonly tenants: TenantService,
    private readonly sessionTtlMs: number,
  ) {}

  // ── operators ───────────────────────────────────────────────────────────────────────────

  async createOperator(input: { email: string; password: string; name?: string }): Promise<Operator> {
    const email = normalizeEmail(input.email);
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new Error('a valid e-mail address is required');
    if (input.password.length < 10) throw new Error('password must be at least 10 characters');
    const clash = await this.db.selectFrom('tenant_users').select('id').where('email', '=', email).executeTakeFirst();
    if (clash) throw new Error('that e-mail address already belongs to a customer user');
    const row = {
      id: newId(),
      email,
      name: input.name?.trim() || email,
      password_hash: await hashPassword(input.password),
      created_at: nowIso(),
    };
    await this.db.insertInto('app_operators').values(row).execute();
    return { id: row.id, email: row.email, name: row.name, createdAt: row.created_at };
  }

  async findOperatorByEmail(email: string): Promise<Operator | undefined> {
    const row = await this.db.selectFrom('app_operators').selectAll().where('email', '=', normalizeEmail(email)).executeTakeFirst();
    return row && { id: row.id, email: row.email, name: row.name, createdAt: row.created_at };
  }

  /** The principal for a correct e-mail + password, else undefined; one password hash is computed either way. */
  async authenticate(emailInput: string, password: string): Promise<Principal | undefined> {
    const email = normalizeEmail(emailInput);
    const op = await this.db.selectFrom('app_operators').selectAll().where('email', '=', email).executeTakeFirst();
    if (op) {
      return (await verifyPassword(password, op.password_hash))
        ? { kind: 'operator', operatorId: op.id, email: op.email, name: op.name }
        : undefined;
    }
    const user = await this.tenants.authenticate(email, password);
    if (!user) return undefined;
    const tenant = await this.tenants.get(user.tenantId);
    if (!tenant) return undefined;
    return { kind: 'customer', userId: user.id, email: user.email, tenantId: tenant.id, tenantName: tenant.name };
  }

  // ── sessions ────────────────────────────────────────────────────────────────────────────

  async createSession(principal: Principal, now = Date.now()): Promise<{ token: string; session: AppSession }> {
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now + this.sessionTtlMs).toISOString();
    await this.db.deleteFrom('app_sessions').where('expires_at', '<=', new Date(now).toISOString()).execute();
    const kind: PrincipalKind = principal.kind;
    await this.db
      .insertInto('app_sessions')
      .values({
        id_digest: digest(token),
        kind,
        principal_id: principal.kind === 'customer' ? principal.userId : principal.operatorId,
        tenant_id: principal.kind === 'customer' ? principal.tenantId : null,
        csrf_token: csrfToken,
        created_at: new Date(now).toISOString(),
        expires_at: expiresAt,
      })
      .execute();
    return { token, session: { idDigest: digest(token), csrfToken, expiresAt, principal } };
  }

  /** The live session for a cookie value, or null (unknown, malformed, expired, or its user is gone). */
  async findSession(token: string | undefined, now = Date.now()): Promise<AppSession | null> {
    if (!token || !TOKEN_RE.test(token)) return null;
    const idDigest = digest(token);
    const row = await this.db.selectFrom('app_sessions').selectAll().where('id_digest', '=', idDigest).executeTakeFirst();
    if (!row) return null;
    if (row.expires_at <= new Date(now).toISOString()) {
      await this.deleteSession(idDigest);
      return null;
    }
    let principal: Principal | undefined;
    if (row.kind === 'operator') {
      const op = await this.db.selectFrom('app_operators').selectAll().where('id', '=', row.principal_id).executeTakeFirst();
      if (op) principal = { kind: 'operator', operatorId: op.id, email: op.email, name: op.name };
    } else if (row.kind === 'customer') {
      const user = await this.tenants.getUser(row.principal_id);
      const tenant = user && user.tenantId === row.tenant_id ? await this.tenants.get(user.tenantId) : undefined;
      if (user && tenant)
        principal = { kind: 'customer', userId: user.id, email: user.email, tenantId: tenant.id, tenantName: tenant.name };
    }
    if (!principal) {
      await this.deleteSession(idDigest);
      return null;
    }
    return { idDigest, csrfToken: row.csrf_token, expiresAt: row.expires_at, principal };
  }

  async deleteSession(idDigest: string): Promise<void> {
    await this.db.deleteFrom('app_sessions').where('id_digest', '=', idDigest).execute();
  }
}
