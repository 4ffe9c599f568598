import { type RegisteredRoute, routesOf } from '@latchkey/server-kit';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from '../../db/paginate.ts';
import { createCompany } from '../../domain/accounts.ts';
import { idsByCompany } from '../../fuzz-targets.ts';
import { basicAuth, startTestPlatform, type TestPlatform } from '../../testing.ts';
import { makeWorld } from './resources/test-fixtures.ts';

/**
 * Tenant isolation as a property: a key of one company, sent with another company's resource ids (in the
 * path, in filters and bodies, as cursors, as company_id), never gets a row of that other company back.
 * Every external route the app registered takes part (DELETE excepted, so the companies' data stays put).
 */
const REQUESTS = Number(process.env.ISOLATION_REQUESTS) || 10_000;
const COMPANIES = 4;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Schema = Record<string, unknown>;

describe('tenant isolation property: no row of another company in any answer', () => {
  let p: TestPlatform;
  const companies: string[] = [];
  const keys = new Map<string, string>();
  let owner: Map<string, string>; // row id → its company
  let byCompany: Map<string, string[]>;
  let routes: RegisteredRoute[];

  beforeAll(async () => {
    p = await startTestPlatform({ config: { rateLimit: { limit: 1e9, windowMs: 60_000 } } });
    companies.push(p.companyA, p.companyB);
    for (let i = companies.length; i < COMPANIES; i++) companies.push(await createCompany(p.database.db, { name: `Isolated ${i}` }));
    for (const c of companies) {
      await makeWorld(p, c);
      keys.set(c, (await p.issueKey({ companyId: c })).key);
    }
    const ids = await idsByCompany(p);
    owner = new Map();
    byCompany = new Map();
    for (const [company, set] of ids) {
      byCompany.set(company, [...set]);
      for (const id of set) owner.set(id, company);
    }
    routes = routesOf(p.app).filter((r) => /^\/v\d+\//.test(r.url) && !['DELETE', 'HEAD'].includes(r.method));
  }, 300_000);
  afterAll(async () => p?.close());

  /** Objects in `value` (outside `pagination`, which echoes the request) that are another company's rows. */
  function foreignRows(value: unknown, caller: string, path = 'body'): string[] {
    if (Array.isArray(value)) return value.flatMap((v, i) => foreignRows(v, caller, `${path}.${i}`));
    if (!value || typeof value !== 'object') return [];
    const o = value as Record<string, unknown>;
    const found: string[] = [];
    const idOwner = typeof o.id === 'string' ? owner.get(o.id) : undefined;
    if (idOwner && idOwner !== caller) found.push(`${path} is row ${o.id} of company ${idOwner}`);
    if (typeof o.companyId === 'string' && o.companyId !== caller) found.push(`${path}.companyId is ${o.companyId}`);
    for (const [k, v] of Object.entries(o)) if (k !== 'pagination') found.push(...foreignRows(v, caller, `${path}.${k}`));
    return found;
  }

  it(`${REQUESTS} cross-company requests with random keys, ids, filters and cursors`, { timeout: 1_800_000 }, async () => {
    const resolve = (s: Schema | undefined): Schema => {
      const shared = p.app.getSchemas() as Record<string, Schema>;
      let cur = s ?? {};
      for (let i = 0; i < 5 && typeof cur.$ref === 'string'; i++) cur = shared[(cur.$ref as string).replace(/#$/, '')] ?? {};
      return cur;
    };
    const caseArb = fc.record({
      caller: fc.integer({ min: 0, max: COMPANIES - 1 }),
      victim: fc.integer({ min: 1, max: COMPANIES - 1 }),
      route: fc.integer({ min: 0, max: routes.length - 1 }),
      picks: fc.array(fc.nat(), { minLength: 12, maxLength: 12 }),
      cursor: fc.constantFrom('after', 'before', null),
      ownShare: fc.integer({ min: 0, max: 9 }),
    });
    // the detector itself sees a foreign row
    const [a, b] = companies as [string, string];
    expect(foreignRows({ data: [{ id: byCompany.get(b)?.[1] }] }, a)).toHaveLength(1);
    let sent = 0;
    const leaks: string[] = [];
    const statuses: Record<number, number> = {};
    for (let batch = 0; sent < REQUESTS; batch++) {
      for (const c of fc.sample(caseArb, { numRuns: 250, seed: 4242 + batch })) {
        const caller = companies[c.caller] as string;
        const victim = companies[(c.caller + c.victim) % COMPANIES] as string;
        const foreign = byCompany.get(victim) ?? [victim];
        const own = byCompany.get(caller) ?? [caller];
        let n = 0;
        // mostly the victim's ids, sometimes the caller's own (so requests also reach real rows)
        const pick = () => {
          const k = c.picks[n++ % c.picks.length] as number;
          return k % 10 < c.ownShare / 3 ? (own[k % own.length] as string) : (foreign[k % foreign.length] as string);
        };
        const route = routes[c.route] as RegisteredRoute;
        const schema = (route.schema ?? {}) as Record<string, Schema | undefined>;
        const url = route.url
          .replaceAll('::', '\u0001')
          .replace(/:[A-Za-z0-9_]+(\([^)]*\))?/g, () => encodeURIComponent(pick()))
          .replaceAll('\u0001', ':');
        const query = new URLSearchParams();
        for (const [name, prop] of Object.entries((resolve(schema.querystring).properties ?? {}) as Record<string, Schema>)) {
          if (name === 'company_id' || name === 'companyId') query.set(name, victim);
          else if (/ids?$/i.test(name) || /_ids?$/.test(name) || resolve(prop).format === 'uuid') query.append(name, pick());
        }
        if (c.cursor) query.set(c.cursor, encodeCursor(pick()));
        let payload: string | undefined;
        if (!['GET', 'HEAD'].includes(route.method)) payload = JSON.stringify(bodyFor(resolve(schema.body), pick, victim, resolve));
        const res = await p.app.inject({
          method: route.method as 'GET',
          url: `${url}${query.size ? `?${query}` : ''}`,
          headers: { authorization: basicAuth(keys.get(caller) as string), ...(payload ? { 'content-type': 'application/json' } : {}) },
          payload,
        });
        sent++;
        statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
        expect(res.statusCode, `${route.method} ${route.url}`).toBeLessThan(500);
        if (res.body) {
          const found = foreignRows(JSON.parse(res.body), caller);
          if (found.length) leaks.push(`${route.method} ${url}: ${found.join('; ')}`);
        }
      }
    }
    console.log(`tenant isolation: ${sent} cross-company requests, statuses ${JSON.stringify(statuses)}, ${leaks.length} leaks`);
    expect(leaks).toEqual([]);
    // the property must have reached handlers, not only been refused at the door
    expect((statuses[200] ?? 0) + (statuses[201] ?? 0)).toBeGreaterThan(REQUESTS / 10);
    expect(statuses[404] ?? 0).toBeGreaterThan(REQUESTS / 10);
  });
});

/** A body that mostly fits `schema`, every id-like field (and companyId) set to the victim's. */
function bodyFor(schema: Schema, pick: () => string, victim: string, resolve: (s: Schema | undefined) => Schema, depth = 0): Json {
  const s = resolve(schema);
  const alternatives = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
  if (alternatives?.length) return bodyFor(alternatives.find((a) => resolve(a).type !== 'null') ?? {}, pick, victim, resolve, depth + 1);
  if (Array.isArray(s.enum)) return s.enum[0] as Json;
  switch (s.type) {
    case 'string':
      return s.format === 'uuid' ? pick() : s.format === 'date-time' ? new Date().toISOString() : 'x';
    case 'integer':
    case 'number':
      return typeof s.minimum === 'number' ? s.minimum : 1;
    case 'boolean':
      return false;
    case 'array':
      return depth > 3 ? [] : [bodyFor((s.items ?? {}) as Schema, pick, victim, resolve, depth + 1)];
    default: {
      const props = (s.properties ?? {}) as Record<string, Schema>;
      const out: Record<string, Json> = {};
      for (const [k, v] of Object.entries(props)) {
        if (depth > 3) break;
        out[k] =
          k === 'companyId'
            ? victim
            : /Ids?$/.test(k) && resolve(v).type !== 'array'
              ? pick()
              : bodyFor(v, pick, victim, resolve, depth + 1);
      }
      return out;
    }
  }
}
