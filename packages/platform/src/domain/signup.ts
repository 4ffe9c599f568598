import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { createUser } from './accounts.ts';
import { recordAudit } from './audit.ts';
import type { Actor } from './context.ts';
import { invalid } from './errors.ts';
import { createPartner } from './integrations.ts';

export interface PartnerSignup {
  /** The integration developer's organisation. */
  partnerName: string;
  name: string;
  email: string;
  password: string;
}

/** An integration developer requests access: a partner organisation and its first user, in one transaction. */
export async function signupPartner(
  db: Kysely<DB>,
  input: PartnerSignup,
  ip: string | null,
): Promise<{ userId: string; partnerId: string }> {
  if (!input.name?.trim()) throw invalid('your name is required');
  if ((input.password ?? '').length > 200) throw invalid('password must be at most 200 characters');
  return db.transaction().execute(async (trx) => {
    const partnerId = await createPartner(trx, { name: input.partnerName, contactEmail: input.email.trim().toLowerCase() });
    const userId = await createUser(trx, { email: input.email, name: input.name, password: input.password, kind: 'partner', partnerId });
    const actor: Actor = { type: 'user', id: userId, label: `${input.name.trim()} (${input.email.trim().toLowerCase()})`, ip };
    await recordAudit(trx, actor, {
      action: 'partner.signed_up',
      target: { type: 'partner', id: partnerId },
      details: { partnerName: input.partnerName.trim() },
    });
    return { userId, partnerId };
  });
}
