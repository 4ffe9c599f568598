import type { CompanyRole } from '../db/schema.ts';
import { canInstall } from './accounts.ts';
import { recordAudit } from './audit.ts';
import type { Actor, Executor } from './context.ts';
import { forbidden } from './errors.ts';

/** People who may install integrations and manage their keys in a company (owners and admins). */
export interface Installer {
  name: string;
  email: string;
  role: CompanyRole;
}

export async function companyInstallers(db: Executor, companyId: string): Promise<Installer[]> {
  const rows = await db
    .selectFrom('users')
    .select(['name', 'email', 'role'])
    .where('company_id', '=', companyId)
    .where('kind', '=', 'company')
    .where('role', 'in', ['owner', 'admin'])
    .orderBy('role', 'desc') // owner before admin
    .orderBy('name')
    .execute();
  return rows.map((r) => ({ name: r.name, email: r.email, role: r.role as CompanyRole }));
}

/** "Olivia Owner (owner@acme.test) or Adam Admin (admin@acme.test)". */
export function describeInstallers(installers: Installer[]): string {
  const names = installers.map((i) => `${i.name} (${i.email})`);
  if (names.length <= 1) return names[0] ?? 'nobody yet';
  return `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}

/**
 * Only a company's owners and admins install integrations and manage their keys. Anyone else is refused
 * with a message naming who can; a refused install attempt is audited.
 */
export async function assertMayManageIntegrations(
  db: Executor,
  actor: Actor,
  user: { kind: string; role: CompanyRole | null; companyId: string | null },
  /** When given, a refusal is audited as `<action>.refused`. */
  what?: { action: string; integrationId?: string | null },
): Promise<void> {
  if (user.kind === 'company' && user.companyId && canInstall({ kind: 'company', role: user.role })) return;
  if (user.kind !== 'company' || !user.companyId) throw forbidden('Only people in a company can install integrations.');
  const installers = await companyInstallers(db, user.companyId);
  if (what) {
    await recordAudit(db, actor, {
      action: `${what.action}.refused`,
      companyId: user.companyId,
      integrationId: what.integrationId ?? null,
      details: { role: user.role, reason: 'only owners and admins may install or manage integrations' },
    });
  }
  throw forbidden(
    `Only an owner or admin can do this; your role is ${user.role ?? 'none'}. Ask ${describeInstallers(installers)}.`,
    'INSTALL_NOT_ALLOWED',
  );
}
