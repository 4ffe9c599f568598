import { randomUUID } from 'node:crypto';
import type { FuzzCredential, FuzzTarget } from '@latchkey/server-kit/testing';
import { makeWorld } from './api/external/resources/test-fixtures.ts';
import { buildWebIfStale } from './api/web/build.ts';
import { createUser } from './domain/accounts.ts';
import { createPartner } from './domain/integrations.ts';
import { createSession, findSession } from './domain/sessions.ts';
import { basicAuth, startTestPlatform, TEST_PASSWORD, type TestPlatform } from './testing.ts';

/**
 * Every row id of every table whose rows name their company (found by introspection, so new tables count),
 * by company: for the fuzzer's ids and the tenant-isolation property.
 */
export async function idsByCompany(p: TestPlatform): Promise<Map<string, Set<string>>> {
  const db = p.database.db;
  const tables = (await db.introspection.getTables()).filter(
    (t) => t.columns.some((c) => c.name === 'company_id') && t.columns.some((c) => c.name === 'id'),
  );
  const out = new Map<string, Set<string>>();
  const add = (company: string, id: string) => {
    if (!out.has(company)) out.set(company, new Set());
    out.get(company)?.add(id);
  };
  for (const c of await db.selectFrom('companies').select('id').execute()) add(c.id, c.id);
  for (const t of tables) {
    // biome-ignore lint/suspicious/noExplicitAny: tables found at run time
    const rows = await (db as any).selectFrom(t.name).select(['id', 'company_id']).execute();
    for (const r of rows as { id: string; company_id: string | null }[]) if (r.company_id) add(r.company_id, String(r.id));
  }
  return out;
}

const EXTERNAL = /^\/v\d+\//;
const WEB = /^\/app\/api\//;

export interface FuzzPlatform {
  platform: TestPlatform;
  target: FuzzTarget;
  close(): Promise<void>;
}

/**
 * A test platform (its own database: SQLite, or PostgreSQL when LATCHKEY_TEST_DATABASE_URL is set) with
 * two companies' seeded data, and the fuzz target over all its routes: the external API with keys of
 * both companies (all scopes, one scope), the web API as a company owner, a partner and staff.
 */
export async function startFuzzPlatform(): Promise<FuzzPlatform> {
  await buildWebIfStale(); // so `/*` serves the app rather than its "not built" 503
  const p = await startTestPlatform({ config: { rateLimit: { limit: 1e9, windowMs: 60_000 } } });
  const db = p.database.db;
  await makeWorld(p, p.companyA);
  await makeWorld(p, p.companyB);
  const partnerId = await createPartner(db, { name: `Fuzz Partner ${randomUUID().slice(0, 4)}`, contactEmail: 'fuzz@partner.test' });
  const partnerUser = await createUser(db, {
    email: `partner-${randomUUID().slice(0, 8)}@partner.test`,
    name: 'Pat Partner',
    password: TEST_PASSWORD,
    kind: 'partner',
    partnerId,
  });
  const staffUser = await createUser(db, {
    email: `staff-${randomUUID().slice(0, 8)}@latchkey.test`,
    name: 'Sam Staff',
    password: TEST_PASSWORD,
    kind: 'staff',
  });
  const ids = [...(await idsByCompany(p)).values()].flatMap((s) => [...s]);
  ids.push(partnerId, partnerUser, staffUser);

  const session = async (userId: string): Promise<FuzzCredential> => {
    const { token } = await createSession(db, userId, 3600_000);
    const s = await findSession(db, token);
    return { headers: { cookie: `latchkey_session=${token}`, 'x-csrf-token': s?.csrfToken ?? '' }, routes: WEB };
  };
  let keys: string[] = [];
  const target: FuzzTarget = {
    name: 'platform',
    app: p.app,
    ids,
    drainErrors: drain(p.logs),
    async credentials(): Promise<FuzzCredential[]> {
      // Fresh keys each time: a fuzzed DELETE /v1/installations/me or a revoke through the web API ends the old ones.
      keys = [
        (await p.issueKey()).key,
        (await p.issueKey({ scopes: ['vendors:read'] })).key,
        (await p.issueKey({ companyId: p.companyB })).key,
      ];
      return [
        { headers: { authorization: basicAuth(keys[0] as string) }, routes: EXTERNAL },
        { headers: { authorization: basicAuth(keys[0] as string) }, routes: EXTERNAL },
        { headers: { authorization: `Bearer ${keys[0]}` }, routes: EXTERNAL },
        { headers: { authorization: basicAuth(keys[1] as string) }, routes: EXTERNAL },
        { headers: { authorization: basicAuth(keys[2] as string) }, routes: EXTERNAL },
        await session(p.ownerA.id),
        await session(partnerUser),
        await session(staffUser),
        { headers: {} },
      ];
    },
  };
  return { platform: p, target, close: () => p.close() };
}

/** Error-level (pino level ≥ 50) lines of a captured log since the last call. */
export function drain(logs: string[]): () => string[] {
  let seen = logs.length;
  return () => {
    const fresh = logs.slice(seen);
    seen = logs.length;
    return fresh
      .filter((l) => /"level":(5|6)\d/.test(l))
      .map((l) => {
        try {
          const o = JSON.parse(l);
          return `${o.msg}: ${o.err?.type ?? ''} ${o.err?.message ?? ''}`.trim();
        } catch {
          return l.slice(0, 200);
        }
      });
  };
}
