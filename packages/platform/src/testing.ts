import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { digestKey, SCOPES, type Scope } from '@latchkey/keys';
import { testDatabasePlace } from '@latchkey/server-kit/testing';
import { REDACT } from './app.ts';
import type { PlatformConfig } from './config.ts';
import { createCompany, createUser } from './domain/accounts.ts';
import { CLI_ACTOR } from './domain/context.ts';
import { createPartner, reviewIntegration, submitIntegration } from './domain/integrations.ts';
import { type RunningPlatform, startPlatform } from './server.ts';

/**
 * A real platform for tests: its own database (a temp SQLite folder, or a fresh PostgreSQL schema when
 * LATCHKEY_TEST_DATABASE_URL is set), listening on 127.0.0.1, with every log line captured in `logs`.
 */
export interface TestPlatform extends RunningPlatform {
  logs: string[];
  dataDir: string | null;
  companyA: string;
  companyB: string;
  /** A company owner of A (password `correct horse battery`). */
  ownerA: { id: string; email: string };
  /** Installs an integration approved with `scopes` (default: all) for a company and returns its first key. */
  issueKey(opts?: { scopes?: readonly string[]; companyId?: string; webhookUrl?: string; connectUrl?: string }): Promise<IssuedTestKey>;
  revokeKey(key: string): Promise<void>;
  regenerateKey(key: string, graceSeconds?: number): Promise<string>;
  uninstall(key: string): Promise<void>;
  keyRow(key: string): Promise<{ id: string; installation_id: string } | undefined>;
}

export interface IssuedTestKey {
  key: string;
  keyId: string;
  companyId: string;
  installationId: string;
  integrationId: string;
}

export const TEST_PASSWORD = 'correct horse battery';

/** Test platforms allow webhooks to private addresses (receivers run on 127.0.0.1) unless `config` says otherwise. */
export async function startTestPlatform(opts: { config?: Partial<PlatformConfig>; port?: number } = {}): Promise<TestPlatform> {
  const logs: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  const place = testDatabasePlace('platform');
  const platform = await startPlatform({
    databaseUrl: place.url ?? '',
    dataDir: place.dir,
    schema: place.schema,
    port: opts.port,
    config: { webhookAllowPrivate: true, ...opts.config },
    logger: { level: 'debug', redact: REDACT, stream },
  });
  const db = platform.database.db;
  const companyA = await createCompany(db, { name: `Acme ${randomUUID().slice(0, 4)}` });
  const companyB = await createCompany(db, { name: `Globex ${randomUUID().slice(0, 4)}` });
  const ownerEmail = `owner-${randomUUID().slice(0, 8)}@acme.test`;
  const ownerId = await createUser(db, {
    email: ownerEmail,
    name: 'Olivia Owner',
    password: TEST_PASSWORD,
    kind: 'company',
    companyId: companyA,
    role: 'owner',
  });
  const partnerId = await createPartner(db, { name: 'Test Partner', contactEmail: 'dev@partner.test' });
  let n = 0;

  async function issueKey(o: Parameters<TestPlatform['issueKey']>[0] = {}): Promise<IssuedTestKey> {
    const scopes = (o.scopes ?? SCOPES) as Scope[];
    const integration = await submitIntegration(db, CLI_ACTOR, partnerId, {
      name: `Test Integration ${++n}`,
      description: 'integration under test',
      supportEmail: 'support@partner.test',
      features: [],
      requestedScopes: scopes.map((scope) => ({ scope, reason: 'test' })),
      connectUrl: o.connectUrl ?? 'http://127.0.0.1:9/connect',
      webhookUrl: o.webhookUrl ?? null,
    });
    await reviewIntegration(db, CLI_ACTOR, integration.id, { decision: 'approve', approvedScopes: scopes });
    const companyId = o.companyId ?? companyA;
    const issued = await platform.services.installations.install(CLI_ACTOR, { integrationId: integration.id, companyId });
    return { key: issued.key, keyId: issued.keyId, companyId, installationId: issued.installation.id, integrationId: integration.id };
  }

  const keyRow = (key: string) =>
    db.selectFrom('api_keys').select(['id', 'installation_id']).where('digest', '=', digestKey(key)).executeTakeFirst();
  async function mustKey(key: string) {
    const row = await keyRow(key);
    if (!row) throw new Error('no such key on the test platform');
    return row;
  }

  return {
    ...platform,
    logs,
    dataDir: place.sqliteDir ?? null,
    companyA,
    companyB,
    ownerA: { id: ownerId, email: ownerEmail },
    issueKey,
    keyRow,
    async revokeKey(key) {
      await platform.services.installations.revokeKey(CLI_ACTOR, { keyId: (await mustKey(key)).id });
    },
    async regenerateKey(key, graceSeconds = 0) {
      const row = await mustKey(key);
      return (await platform.services.installations.regenerate(CLI_ACTOR, { installationId: row.installation_id, graceSeconds })).key;
    },
    async uninstall(key) {
      await platform.services.installations.uninstall(CLI_ACTOR, { installationId: (await mustKey(key)).installation_id });
    },
    async close() {
      await platform.close();
      await place.cleanup();
    },
  };
}

/** `Authorization` header value for a key, Pleo's canonical form. */
export const basicAuth = (key: string): string => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;
