import { randomUUID } from 'node:crypto';
import { SCOPES, type Scope } from '@latchkey/keys';
import { testDatabasePlace } from '@latchkey/server-kit/testing';
import type { Kysely } from 'kysely';
import type { KeyChanges } from '../auth/key-changes.ts';
import { loadConfig, type PlatformConfig } from '../config.ts';
import { openPlatformDatabase } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import { createCompany, createUser } from './accounts.ts';
import { type Actor, CLI_ACTOR, type DomainContext } from './context.ts';
import { createPartner, type IntegrationView, reviewIntegration, submitIntegration } from './integrations.ts';

/**
 * A migrated platform database (temp SQLite, or a fresh PostgreSQL schema under LATCHKEY_TEST_DATABASE_URL)
 * with two companies, their people and a partner, and a DomainContext that records what the domain asked
 * of the rest of the process (key digests to evict, outbox nudges). No HTTP.
 */
export interface DomainTestbed {
  db: Kysely<DB>;
  config: PlatformConfig;
  ctx: DomainContext;
  /** Every `invalidateKeys` call, in order. */
  invalidated: KeyChanges[];
  /** How often `notifyOutbox` was called. */
  outboxNudges: () => number;
  companyA: string;
  companyB: string;
  ownerA: Person;
  bookkeeperA: Person;
  adminB: Person;
  partnerId: string;
  /** A partner's integration, submitted and approved with `scopes` (default: all); webhooks go to a public https URL. */
  approvedIntegration(scopes?: readonly Scope[]): Promise<IntegrationView>;
  close(): Promise<void>;
}

export interface Person {
  id: string;
  email: string;
  actor: Actor;
  user: { kind: 'company'; role: 'owner' | 'admin' | 'bookkeeper'; company_id: string };
}

export const TESTBED_PASSWORD = 'correct horse battery';

/** Marketplace details that pass validation; names are unique per call. */
export function details(overrides: Record<string, unknown> = {}) {
  return {
    name: `Ledger ${randomUUID().slice(0, 8)}`,
    description: 'Books expenses in your ERP',
    supportEmail: 'support@ledger.example',
    features: ['Export expenses'],
    requestedScopes: [
      { scope: 'users:read' as Scope, reason: 'match employees' },
      { scope: 'export-jobs:write' as Scope, reason: 'book expenses' },
    ],
    connectUrl: 'https://ledger.example/connect',
    webhookUrl: 'https://ledger.example/webhooks/latchkey',
    ...overrides,
  };
}

export async function openTestbed(): Promise<DomainTestbed> {
  const place = testDatabasePlace('platform-domain');
  const database = await openPlatformDatabase({ databaseUrl: place.url ?? '', dataDir: place.dir, schema: place.schema });
  const db = database.db;
  const config = loadConfig();
  const invalidated: KeyChanges[] = [];
  let nudges = 0;
  const ctx: DomainContext = {
    db,
    config,
    invalidateKeys: (changes) => invalidated.push(changes),
    notifyOutbox: () => {
      nudges++;
    },
  };
  const tag = randomUUID().slice(0, 8);
  const companyA = await createCompany(db, { name: `Acme ${tag}` });
  const companyB = await createCompany(db, { name: `Globex ${tag}` });
  async function person(name: string, role: Person['user']['role'], companyId: string): Promise<Person> {
    const email = `${role}-${randomUUID().slice(0, 8)}@${companyId === companyA ? 'acme' : 'globex'}.test`;
    const id = await createUser(db, { email, name, password: TESTBED_PASSWORD, kind: 'company', companyId, role });
    return {
      id,
      email,
      actor: { type: 'user', id, label: `${name} (${email})`, ip: '203.0.113.7' },
      user: { kind: 'company', role, company_id: companyId },
    };
  }
  const ownerA = await person('Olivia Owner', 'owner', companyA);
  const bookkeeperA = await person('Bo Bookkeeper', 'bookkeeper', companyA);
  const adminB = await person('Adam Admin', 'admin', companyB);
  const partnerId = await createPartner(db, { name: `Ledger Partner ${tag}`, contactEmail: 'dev@ledger.example' });

  return {
    db,
    config,
    ctx,
    invalidated,
    outboxNudges: () => nudges,
    companyA,
    companyB,
    ownerA,
    bookkeeperA,
    adminB,
    partnerId,
    async approvedIntegration(scopes = SCOPES) {
      const submitted = await submitIntegration(
        db,
        CLI_ACTOR,
        partnerId,
        details({ requestedScopes: scopes.map((scope) => ({ scope, reason: 'needed' })) }),
      );
      return reviewIntegration(db, CLI_ACTOR, submitted.id, { decision: 'approve', approvedScopes: [...scopes] });
    },
    async close() {
      await database.close();
      await place.cleanup();
    },
  };
}
