import { generateKey } from '@latchkey/keys';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicAuth, type IssuedTestKey, startTestPlatform, type TestPlatform } from '../../testing.ts';

export interface RouteUnderTest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path for a resource of the key's own company (may be a function of the fixture). */
  path: string | ((ctx: SecurityContext) => string | Promise<string>);
  /** The scope the route requires; `null` = any valid key. */
  scope: string | null;
  body?: unknown | ((ctx: SecurityContext) => unknown);
  /** Path to the same kind of resource in another company: must answer 404 (never reveal it exists). */
  otherCompanyPath?: (ctx: SecurityContext) => string | Promise<string>;
  /** Body naming another company's resource (e.g. `companyId`, `jobId` in the body): must answer 404 too. */
  otherCompanyBody?: (ctx: SecurityContext) => unknown;
}

export interface SecurityContext {
  platform: TestPlatform;
  /** A key with every scope, for company A. */
  full: IssuedTestKey;
  /** A key with every scope, for company B. */
  otherCompany: IssuedTestKey;
}

export async function call(
  platform: TestPlatform,
  method: string,
  path: string,
  key?: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const res = await fetch(platform.url + path, {
    method,
    headers: {
      ...(key !== undefined ? { authorization: basicAuth(key) } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

/**
 * The security contract every external route keeps: no key / malformed / unknown / revoked → 401,
 * missing scope → 403 naming it, another company's resource → 404. Each case builds its own keys.
 */
export function describeRouteSecurity(name: string, route: RouteUnderTest, setup?: (ctx: SecurityContext) => Promise<void>): void {
  describe(`${name} security`, () => {
    const ctx = {} as SecurityContext;
    beforeAll(async () => {
      ctx.platform = await startTestPlatform();
      ctx.full = await ctx.platform.issueKey();
      ctx.otherCompany = await ctx.platform.issueKey({ companyId: ctx.platform.companyB });
      await setup?.(ctx);
    });
    afterAll(async () => ctx.platform?.close());

    const path = () => (typeof route.path === 'function' ? route.path(ctx) : route.path);
    const body = () => (typeof route.body === 'function' ? (route.body as (c: SecurityContext) => unknown)(ctx) : route.body);

    it('401 without a key', async () => {
      const res = await call(ctx.platform, route.method, await path(), undefined, body());
      expect(res.status).toBe(401);
      expect(res.body.type).toBe('UNAUTHORIZED');
      expect(res.body.message).toMatch(/credentials/i);
    });

    it('401 for a malformed key (checksum typo), before any lookup', async () => {
      const key = ctx.full.key;
      const typo = key.slice(0, 20) + (key[20] === 'a' ? 'b' : 'a') + key.slice(21);
      const res = await call(ctx.platform, route.method, await path(), typo, body());
      expect(res.status).toBe(401);
      expect(res.body.message).toMatch(/malformed/);
      expect(JSON.stringify(res.body)).not.toContain(typo);
    });

    it('401 for a well-formed key that was never issued', async () => {
      const res = await call(ctx.platform, route.method, await path(), generateKey(), body());
      expect(res.status).toBe(401);
      expect(res.body.message).toMatch(/invalid, revoked or expired/);
    });

    it('401 for a revoked key', async () => {
      const k = await ctx.platform.issueKey();
      await ctx.platform.revokeKey(k.key);
      const res = await call(ctx.platform, route.method, await path(), k.key, body());
      expect(res.status).toBe(401);
    });

    if (route.scope) {
      it(`403 naming ${route.scope} when the key lacks it`, async () => {
        const others = (await import('@latchkey/keys')).SCOPES.filter((s) => s !== route.scope);
        const k = await ctx.platform.issueKey({ scopes: others });
        const res = await call(ctx.platform, route.method, await path(), k.key, body());
        expect(res.status).toBe(403);
        expect(res.body.type).toBe('FORBIDDEN');
        expect(res.body.message).toContain(route.scope);
      });
    }

    if (route.otherCompanyPath || route.otherCompanyBody) {
      it("404 for another company's resource", async () => {
        const other = route.otherCompanyPath ? await route.otherCompanyPath(ctx) : await path();
        const otherBody = route.otherCompanyBody ? route.otherCompanyBody(ctx) : body();
        const res = await call(ctx.platform, route.method, other, ctx.full.key, otherBody);
        expect(res.status).toBe(404);
        expect(res.body.type).toMatch(/NOT_FOUND/);
      });
    }
  });
}
