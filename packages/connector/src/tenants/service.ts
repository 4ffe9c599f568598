import { DUMMY_HASH, hashPassword, verifyPassword } from '@latchkey/server-kit';
import type { Kysely } from 'kysely';
import type { ConnectorDB } from '../db/schema.ts';
import { newId, nowIso } from '../util/ids.ts';

export interface Tenant {
  id: string;
  name: string;
  createdAt: string;
}

export interface TenantUser {
  id: string;
  tenantId: string;
  email: string;
  createdAt: string;
}

const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** The integration's own customers (tenants) and their users, for the reference app's login. */
export class TenantService {
  constructor(private readonly db: Kysely<ConnectorDB>) {}

  async create(input: { name: string; id?: string }): Promise<Tenant> {
    const name = input.name.trim();
    if (!name) throw new Error('tenant name is required');
    const tenant = { id: input.id ?? newId(), name, created_at: nowIso() };
    await this.db.insertInto('tenants').values(tenant).execute();
    return { id: tenant.id, name: tenant.name, createdAt: tenant.created_at };
  }

  async get(id: string): Promise<Tenant | undefined> {
    const row = await this.db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
    return row && { id: row.id, name: row.name, createdAt: row.created_at };
  }

  async list(): Promise<Tenant[]> {
    const rows = await this.db.selectFrom('tenants').selectAll().orderBy('name').execute();
    return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at }));
  }

  async createUser(tenantId: string, input: { email: string; password: string }): Promise<TenantUser> {
    const email = normalizeEmail(input.email);
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new Error('a valid e-mail address is required');
    if (input.password.length < 10) throw new Error('password must be at least 10 characters');
    if (!(await this.get(tenantId))) throw new Error('tenant not found');
    const row = { id: newId(), tenant_id: tenantId, email, password_hash: await hashPassword(input.password), created_at: nowIso() };
    await this.db.insertInto('tenant_users').values(row).execute();
    return { id: row.id, tenantId, email, createdAt: row.created_at };
  }

  /** The user and tenant for a correct e-mail + password; undefined otherwise (same cost either way). */
  async authenticate(emailInput: string, password: string): Promise<TenantUser | undefined> {
    const email = normalizeEmail(emailInput);
    const row = await this.db.selectFrom('tenant_users').selectAll().where('email', '=', email).executeTakeFirst();
    const ok = await verifyPassword(password, row?.password_hash ?? DUMMY_HASH);
    if (!row || !ok) return undefined;
    return { id: row.id, tenantId: row.tenant_id, email: row.email, createdAt: row.created_at };
  }

  async getUser(id: string): Promise<TenantUser | undefined> {
    const row = await this.db.selectFrom('tenant_users').selectAll().where('id', '=', id).executeTakeFirst();
    return row && { id: row.id, tenantId: row.tenant_id, email: row.email, createdAt: row.created_at };
  }
}
