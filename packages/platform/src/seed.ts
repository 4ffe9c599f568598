import { createCompany, createUser } from './domain/accounts.ts';
import type { Executor } from './domain/context.ts';
import { CLI_ACTOR } from './domain/context.ts';
import { createPartner, reviewIntegration, submitIntegration } from './domain/integrations.ts';
import { seedAccountingData } from './seed-resources.ts';

export const DEMO_PASSWORD = 'latchkey-demo';

/** Demo logins printed by `npm start`; all share DEMO_PASSWORD. */
export const DEMO_LOGINS = {
  staff: 'staff@latchkey.test',
  partner: 'dev@ledgerly.test',
  owner: 'owner@acme.test',
  admin: 'admin@acme.test',
  bookkeeper: 'bookkeeper@acme.test',
  otherOwner: 'owner@globex.test',
} as const;

export const DEMO_INTEGRATION = 'Ledgerly';
export const DEMO_COMPANY = 'Acme ApS';

export interface SeedOptions {
  /** Where the demo integration's "Go to Ledgerly" button points (the connector's connect screen). */
  connectUrl?: string;
  /** Where lifecycle webhooks go (the connector's receiver). */
  webhookUrl?: string | null;
}

export interface SeedResult {
  created: boolean;
  companyId: string;
  otherCompanyId: string;
  integrationId: string;
  partnerId: string;
}

/** Idempotent: a second run finds the demo and changes nothing. */
export async function seedDemo(db: Executor, opts: SeedOptions = {}): Promise<SeedResult> {
  const existing = await db.selectFrom('integrations').select(['id', 'partner_id']).where('name', '=', DEMO_INTEGRATION).executeTakeFirst();
  if (existing) {
    const [a, b] = await Promise.all(
      [DEMO_COMPANY, 'Globex GmbH'].map((name) =>
        db.selectFrom('companies').select('id').where('name', '=', name).executeTakeFirstOrThrow(),
      ),
    );
    return { created: false, companyId: a!.id, otherCompanyId: b!.id, integrationId: existing.id, partnerId: existing.partner_id };
  }
  const staffId = await createUser(db, { email: DEMO_LOGINS.staff, name: 'Sam Staff', password: DEMO_PASSWORD, kind: 'staff' });
  const partnerId = await createPartner(db, { name: 'Ledgerly Inc.', contactEmail: DEMO_LOGINS.partner });
  await createUser(db, { email: DEMO_LOGINS.partner, name: 'Dana Developer', password: DEMO_PASSWORD, kind: 'partner', partnerId });

  const companyId = await createCompany(db, {
    name: DEMO_COMPANY,
    legalName: 'Acme ApS',
    registrationNumber: 'DK12345678',
    countryCode: 'DK',
    currency: 'DKK',
    address: { addressLine1: 'Ravnsborggade 2', locality: 'Copenhagen', postalCode: '2200', country: 'DK' },
  });
  const otherCompanyId = await createCompany(db, {
    name: 'Globex GmbH',
    countryCode: 'DE',
    currency: 'EUR',
    registrationNumber: 'HRB 4711',
  });
  await createUser(db, {
    email: DEMO_LOGINS.owner,
    name: 'Olivia Owner',
    password: DEMO_PASSWORD,
    kind: 'company',
    companyId,
    role: 'owner',
  });
  await createUser(db, {
    email: DEMO_LOGINS.admin,
    name: 'Adam Admin',
    password: DEMO_PASSWORD,
    kind: 'company',
    companyId,
    role: 'admin',
  });
  await createUser(db, {
    email: DEMO_LOGINS.bookkeeper,
    name: 'Bea Bookkeeper',
    password: DEMO_PASSWORD,
    kind: 'company',
    companyId,
    role: 'bookkeeper',
  });
  await createUser(db, {
    email: DEMO_LOGINS.otherOwner,
    name: 'Gus Globex',
    password: DEMO_PASSWORD,
    kind: 'company',
    companyId: otherCompanyId,
    role: 'owner',
  });

  const staff = { ...CLI_ACTOR, type: 'user' as const, id: staffId, label: 'Sam Staff' };
  const integration = await submitIntegration(db, CLI_ACTOR, partnerId, {
    name: DEMO_INTEGRATION,
    description: 'Ledgerly books your Pleo expenses into your general ledger every night, with receipts, tax codes and tags.',
    brandColor: '#2f6f4f',
    supportEmail: 'support@ledgerly.test',
    supportUrl: 'https://ledgerly.test/support',
    features: ['Nightly expense export', 'Receipt attachments', 'Tax code and tag mapping'],
    requestedScopes: [
      { scope: 'export-jobs:read', reason: 'Find export jobs started in Pleo' },
      { scope: 'export-jobs:write', reason: 'Report which expenses were booked' },
      { scope: 'export-items:read', reason: 'Read the expenses to book' },
      { scope: 'accounts:read', reason: 'Map expenses to your chart of accounts' },
      { scope: 'tax-codes:read', reason: 'Map VAT codes' },
      { scope: 'vendors:read', reason: 'Match suppliers' },
      { scope: 'companies:read', reason: 'Show which company is connected' },
    ],
    connectUrl: opts.connectUrl ?? 'http://127.0.0.1:4100/connect',
    webhookUrl: opts.webhookUrl ?? null,
  });
  await reviewIntegration(db, staff, integration.id, {
    decision: 'approve',
    approvedScopes: integration.requestedScopes.map((r) => r.scope),
    reason: 'Established ERP partner; scopes match the export use case.',
  });
  // A second, still pending submission so the staff review queue is not empty.
  await submitIntegration(db, CLI_ACTOR, partnerId, {
    name: 'Ledgerly Payroll',
    description: 'Sync employees into Ledgerly payroll.',
    supportEmail: 'support@ledgerly.test',
    features: ['Employee sync'],
    requestedScopes: [{ scope: 'users:read', reason: 'Create payroll employees' }],
    connectUrl: 'https://ledgerly.test/payroll/connect',
  });
  await seedAccountingData(db, companyId);
  await seedAccountingData(db, otherCompanyId);
  return { created: true, companyId, otherCompanyId, integrationId: integration.id, partnerId };
}
