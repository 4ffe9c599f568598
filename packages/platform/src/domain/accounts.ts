import { hashPassword, verifyPassword } from '@latchkey/server-kit';
import type { CompanyRole, User, UserKind } from '../db/schema.ts';
import { newId, nowIso } from '../util/ids.ts';
import type { Executor } from './context.ts';
import { conflict, invalid, notFound } from './errors.ts';

/** Companies and the people who log in to the platform (staff, partner developers, company users). */
export interface NewCompany {
  id?: string;
  name: string;
  legalName?: string;
  registrationNumber?: string;
  countryCode?: string;
  currency?: string;
  address?: Record<string, string>;
}

export async function createCompany(db: Executor, input: NewCompany): Promise<string> {
  if (!input.name?.trim()) throw invalid('company name is required');
  const id = input.id ?? newId();
  const at = nowIso();
  await db
    .insertInto('companies')
    .values({
      id,
      name: input.name.trim(),
      legal_name: input.legalName ?? null,
      registration_number: input.registrationNumber ?? null,
      country_code: input.countryCode ?? 'DK',
      currency: input.currency ?? 'DKK',
      address: input.address ? JSON.stringify(input.address) : null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  return id;
}

export async function findCompany(db: Executor, idOrName: string) {
  const row = await db
    .selectFrom('companies')
    .selectAll()
    .where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)]))
    .executeTakeFirst();
  if (!row) throw notFound(`company "${idOrName}" not found`);
  return row;
}

export interface NewUser {
  email: string;
  name: string;
  password: string;
  kind: UserKind;
  partnerId?: string;
  companyId?: string;
  role?: CompanyRole;
}

export async function createUser(db: Executor, input: NewUser): Promise<string> {
  const email = input.email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw invalid('email must be an email address');
  if (input.password.length < 8) throw invalid('password must be at least 8 characters');
  if (input.kind === 'company' && (!input.companyId || !input.role)) throw invalid('a company user needs a company and a role');
  if (input.kind === 'partner' && !input.partnerId) throw invalid('a partner user needs a partner');
  if (await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst())
    throw conflict('a user with this email exists');
  const id = newId();
  await db
    .insertInto('users')
    .values({
      id,
      email,
      name: input.name.trim(),
      password_hash: await hashPassword(input.password),
      kind: input.kind,
      partner_id: input.partnerId ?? null,
      company_id: input.companyId ?? null,
      role: input.role ?? null,
      created_at: nowIso(),
    })
    .execute();
  return id;
}

/** Returns the user when email and password match; the same `null` for unknown email and wrong password. */
export async function authenticate(db: Executor, email: string, password: string): Promise<User | null> {
  const user = await db.selectFrom('users').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
  if (!user) {
    await hashPassword(password); // same work either way, so timing does not reveal which emails exist
    return null;
  }
  return (await verifyPassword(password, user.password_hash)) ? user : null;
}

export const canInstall = (user: Pick<User, 'kind' | 'role'>): boolean =>
  user.kind === 'company' && (user.role === 'owner' || user.role === 'admin');
