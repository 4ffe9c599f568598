import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { KeyPrincipal } from '../../auth/verifier.ts';
import { loadConfig } from '../../config.ts';
import { type Database, openPlatformDatabase } from '../../db/database.ts';
import { createCompany } from '../../domain/accounts.ts';
import { seedAccountingData } from '../../seed-resources.ts';
import { createServices } from '../../services.ts';

// Nothing above imports the external API: each operation below is the first of it to load, in a fresh
// module graph, as a per-operation test or benchmark would load it.

const HERE = import.meta.dirname;

/** The route lists the plugin registers: each entry must be a function, also when an operation was loaded first. */
async function assembledRoutes(): Promise<unknown[]> {
  const [{ installationRoutes }, { resourceRoutes }] = await Promise.all([
    import('./installations/index.ts'),
    import('./resources/index.ts'),
  ]);
  return [...installationRoutes, ...resourceRoutes];
}

/** Every operation module: the `.ts` files beside `index.ts` under installations/ and resources/<resource>/. */
function operationModules(): string[] {
  const dirs = [join(HERE, 'installations'), ...readdirSync(join(HERE, 'resources')).map((d) => join(HERE, 'resources', d))];
  return dirs
    .filter((d) => statSync(d).isDirectory())
    .flatMap((d) => readdirSync(d).map((f) => join(d, f)))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !/\/(index|schemas)\.ts$/.test(f));
}

describe('one external API operation, on its own', () => {
  let database: Database;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'latchkey-operation-'));
    database = await openPlatformDatabase({ dataDir, databaseUrl: '' });
  });
  afterAll(async () => {
    await database?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('GET /v1/vendors/{id} imports alone and serves on a bare Fastify instance', async () => {
    const { getVendorRoute } = await import('./resources/vendors/get-vendor.ts');
    const companyId = await createCompany(database.db, { name: 'Alone ApS' });
    await seedAccountingData(database.db, companyId);
    const vendor = await database.db
      .selectFrom('vendors')
      .select(['id', 'name'])
      .where('company_id', '=', companyId)
      .executeTakeFirstOrThrow();

    const app = Fastify();
    app.decorateRequest('principal', null as unknown as KeyPrincipal);
    app.addHook('onRequest', async (req) => {
      req.principal = { companyId } as KeyPrincipal;
    });
    getVendorRoute(app, createServices(database, loadConfig()));
    const res = await app.inject({ method: 'GET', url: `/v1/vendors/${vendor.id}` });
    await app.close();

    expect(res.statusCode).toBe(200);
    expect(res.json().data).toMatchObject({ id: vendor.id, companyId, name: vendor.name });
    expect((await assembledRoutes()).filter((r) => typeof r !== 'function')).toEqual([]);
  });

  it('GET /v1/vendors/{id} imports alone under plain Node ESM (no bundler), and registers', async () => {
    const script = `
      const { default: Fastify } = await import('fastify');
      const { getVendorRoute } = await import(${JSON.stringify(join(HERE, 'resources/vendors/get-vendor.ts'))});
      const app = Fastify();
      getVendorRoute(app, {});
      await app.ready();
      console.log(app.hasRoute({ method: 'GET', url: '/v1/vendors/:id' }) ? 'registered' : 'missing');`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: HERE });
    expect(stdout.trim()).toBe('registered');
  });

  it('every operation module imports alone without an initialization error', async () => {
    const modules = operationModules();
    expect(modules.length).toBeGreaterThan(40);
    for (const file of modules) {
      vi.resetModules();
      const exported = await import(file).catch((err: unknown) => {
        throw new Error(`${file.slice(HERE.length + 1)}: ${String(err)}`);
      });
      expect(
        Object.values(exported).some((v) => typeof v === 'function'),
        file,
      ).toBe(true);
      expect(
        (await assembledRoutes()).filter((r) => typeof r !== 'function'),
        file,
      ).toEqual([]);
    }
  });
});
