/**
 * A platform process for the HTTP items: the real app (`buildApp`, logger off, rate limit out of the
 * way), composed exactly as `startPlatform` composes it, plus the benchmark's own baseline route
 * `/bench/healthz` (what `/healthz` does: no auth, no I/O) and — for item 4 —
 * the accounting resource routes registered a second time under `/bench/unchecked` behind a hook that
 * hands every request the bench key's principal: same schemas, handlers and queries, no key
 * verification and no scope check.
 */
import { randomUUID } from 'node:crypto';
import { SCOPES } from '@latchkey/keys';
import { buildApp, createServices, loadConfig, openPlatformDatabase } from '@latchkey/platform';
import { resourceRoutes } from '@latchkey/platform/api/external/resources/index.ts';
import { JSON_UTF8 } from '@latchkey/platform/api/external/route.ts';
import type { KeyPrincipal } from '@latchkey/platform/auth/verifier.ts';
import { createCompany } from '@latchkey/platform/domain/accounts.ts';
import { CLI_ACTOR } from '@latchkey/platform/domain/context.ts';
import { createPartner, reviewIntegration, submitIntegration } from '@latchkey/platform/domain/integrations.ts';
import type { FastifyInstance } from 'fastify';
import { childFail, childPayload, untilStopped } from '../lib/child.ts';
import { BENCH_HEALTHZ, benchPlatformConfig } from '../lib/context.ts';
import { basicAuth, benchKey } from '../lib/keys.ts';

export interface PlatformPayload {
  /** '' = SQLite in `dataDir`. */
  databaseUrl: string;
  dataDir?: string;
  schema?: string;
  /** Create a company, an approved integration and an installation, and hand back its key. */
  issueKey: boolean;
  /** Vendors to create for the bench company (item 4). */
  vendors?: number;
  /** Verify seeded keys 0 … n−1 once before reporting ready, so they are cached (item 5). */
  warmKeys?: number;
}

export interface PlatformReady {
  type: 'ready';
  url: string;
  dialect: string;
  authorization?: string;
  installationId?: string;
  companyId?: string;
  /** One of the bench company's vendors (item 4's read by id). */
  vendorId?: string;
  /** Pleo's vendor list operation and its unchecked twin are served. */
  vendorSearch: boolean;
}

export type PlatformMessage = PlatformReady | { type: 'rss'; rss: number; heapUsed: number; cachedKeys: number };

const UNCHECKED_PREFIX = '/bench/unchecked';

async function main(): Promise<void> {
  const p = childPayload<PlatformPayload>();
  const database = await openPlatformDatabase({ databaseUrl: p.databaseUrl, dataDir: p.dataDir, schema: p.schema });
  const config = loadConfig(benchPlatformConfig());
  const services = createServices(database, config);
  const db = database.db;

  let issued: { key: string; installationId: string; companyId: string; vendorId?: string } | undefined;
  if (p.issueKey) {
    const companyId = await createCompany(db, { name: `Bench Company ${randomUUID().slice(0, 8)}` });
    const partnerId = await createPartner(db, { name: 'Bench Partner', contactEmail: 'bench@example.test' });
    const integration = await submitIntegration(db, CLI_ACTOR, partnerId, {
      name: `Bench Integration ${randomUUID().slice(0, 8)}`,
      description: 'benchmark',
      supportEmail: 'support@example.test',
      features: [],
      requestedScopes: SCOPES.map((scope) => ({ scope, reason: 'benchmark' })),
      connectUrl: 'http://127.0.0.1:9/connect',
      webhookUrl: null,
    });
    await reviewIntegration(db, CLI_ACTOR, integration.id, { decision: 'approve', approvedScopes: [...SCOPES] });
    const key = await services.installations.install(CLI_ACTOR, { integrationId: integration.id, companyId });
    issued = { key: key.key, installationId: key.installation.id, companyId };
    const at = new Date().toISOString();
    for (let v = 0; v < (p.vendors ?? 0); v++) {
      const id = randomUUID();
      issued.vendorId ??= id;
      await db
        .insertInto('vendors')
        .values({
          id,
          company_id: companyId,
          name: `Vendor ${v}`,
          code: `V${v}`,
          external_id: `ext-${v}`,
          country: 'DK',
          default_currency: 'DKK',
          registration_number: null,
          tax_registration_number: null,
          state: 'ACTIVE',
          created_at: at,
          updated_at: at,
        })
        .execute();
    }
  }

  const app = await buildApp(services, { logger: false });
  // The baseline of the HTTP items, registered here and never by the production app: what /healthz does
  // (no auth, no I/O), on the same server.
  app.get(BENCH_HEALTHZ, { schema: { hide: true } }, async () => ({ status: 'ok', database: database.dialect }));
  const vendorSearch = app.hasRoute({ method: 'POST', url: '/v1/vendors::search' });
  if (issued && vendorSearch) {
    const verified = await services.verifier.verify(basicAuth(issued.key));
    if (!verified.ok) throw new Error(`the bench key does not verify: ${verified.message}`);
    await app.register(uncheckedResources(services, verified.principal), { prefix: UNCHECKED_PREFIX });
  }
  for (let i = 0; i < (p.warmKeys ?? 0); i++) {
    const r = await services.verifier.verify(basicAuth(benchKey(i)));
    if (!r.ok) throw new Error(`seeded key ${i} refused while warming: ${r.message}`);
  }
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  services.config.publicUrl = address;
  await services.start(() => {});

  process.on('message', (m: { type?: string }) => {
    if (m?.type === 'rss') {
      const mem = process.memoryUsage();
      process.send?.({ type: 'rss', rss: mem.rss, heapUsed: mem.heapUsed, cachedKeys: services.verifier.cachedKeys });
    }
  });
  const ready: PlatformReady = {
    type: 'ready',
    url: address,
    dialect: database.dialect,
    authorization: issued && basicAuth(issued.key),
    installationId: issued?.installationId,
    companyId: issued?.companyId,
    vendorId: issued?.vendorId,
    vendorSearch: vendorSearch && !!issued,
  };
  process.send?.(ready);
  await untilStopped();
  await app.close();
  await services.stop().catch(() => {});
  await database.close();
  process.exit(0);
}

function uncheckedResources(services: ReturnType<typeof createServices>, principal: KeyPrincipal) {
  return async function unchecked(app: FastifyInstance): Promise<void> {
    app.decorateRequest('principal', null as unknown as KeyPrincipal);
    app.addHook('onRequest', (req, reply, done) => {
      reply.header('content-type', JSON_UTF8);
      req.principal = principal;
      done();
    });
    for (const register of resourceRoutes) register(app, services);
  };
}

main().catch(childFail);
