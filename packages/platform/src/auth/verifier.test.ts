import { digestKey, generateKey, SCOPES } from '@latchkey/keys';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../domain/context.ts';
import { InstallationService } from '../domain/installations.ts';
import { type DomainTestbed, openTestbed } from '../domain/test-support.ts';
import { nowIso } from '../util/ids.ts';
import { MemoryRateLimiter } from './rate-limit.ts';
import { KeyVerifier, type VerifyResult } from './verifier.ts';

const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;
const isPromise = (v: unknown): v is Promise<unknown> => v instanceof Promise;

/** A verifier of its own on the testbed's database: nothing else evicts its cache, so each test controls it. */
describe('KeyVerifier', () => {
  let t: DomainTestbed;
  let installations: InstallationService;
  const verifiers: KeyVerifier[] = [];
  /** The verifiers' clock: real time unless a test moves it. */
  let clock: number | null = null;
  const verifier = (limit = 1_000) => {
    const v = new KeyVerifier(t.db, t.config, new MemoryRateLimiter(limit, 60_000), { now: () => clock ?? Date.now() });
    verifiers.push(v);
    return v;
  };
  /** A fresh installation (integration approved with every scope) for company A, and its first key. */
  async function issue() {
    const integration = await t.approvedIntegration();
    const issued = await installations.install(CLI_ACTOR, { integrationId: integration.id, companyId: t.companyA });
    return { ...issued, digest: digestKey(issued.key), integration };
  }
  const setKey = (keyId: string, values: { revoked_at?: string | null; expires_at?: string | null }) =>
    t.db.updateTable('api_keys').set(values).where('id', '=', keyId).execute();

  beforeAll(async () => {
    t = await openTestbed();
    installations = new InstallationService(t.ctx);
  });
  afterEach(() => {
    clock = null;
  });
  afterAll(async () => {
    for (const v of verifiers) await v.stop();
    await t?.close();
  });

  it('a first call loads the key from the database; the principal names its key, installation, company and scopes', async () => {
    const { key, keyId, installation, integration } = await issue();
    const first = verifier().verify(basic(key));
    expect(isPromise(first)).toBe(true);
    const result = await first;
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.principal).toMatchObject({
      keyId,
      installationId: installation.id,
      companyId: t.companyA,
      integrationId: integration.id,
      clientId: integration.clientId,
      applicationName: integration.name,
      expiresAtMs: null,
    });
    expect([...result.principal.scopes].sort()).toEqual([...SCOPES].sort());
    expect(result.principal.scope.split(' ').sort()).toEqual([...SCOPES].sort());
  });

  it('a cached key is verified synchronously, without the database: a revocation written behind its back is not seen', async () => {
    const { key, keyId } = await issue();
    const v = verifier();
    expect((await v.verify(basic(key))).ok).toBe(true);
    await setKey(keyId, { revoked_at: nowIso() });
    const hit = v.verify(basic(key));
    expect(isPromise(hit)).toBe(false);
    expect((hit as VerifyResult).ok).toBe(true);
  });

  it('invalidate() evicts a key: the next call reloads it and sees the revocation', async () => {
    const { key, keyId, digest } = await issue();
    const v = verifier();
    await v.verify(basic(key));
    await setKey(keyId, { revoked_at: nowIso() });
    v.invalidate([digest]);
    const reloaded = v.verify(basic(key));
    expect(isPromise(reloaded)).toBe(true);
    expect(await reloaded).toMatchObject({ ok: false, status: 401, type: 'UNAUTHORIZED' });
  });

  it("pollInvalidations() evicts keys another node changed (through the database's key-change log)", async () => {
    const { key, keyId } = await issue();
    const v = verifier();
    await v.verify(basic(key));
    await setKey(keyId, { revoked_at: nowIso() });
    expect(await v.pollInvalidations()).toBeGreaterThanOrEqual(1);
    expect(await v.verify(basic(key))).toMatchObject({ ok: false, status: 401 });
  });

  it('a revoked key is refused with 401, in the same words as an unknown one', async () => {
    const { key, keyId } = await issue();
    const unknown = await verifier().verify(basic(generateKey({ prefix: t.config.keyPrefix, env: t.config.keyEnv })));
    await setKey(keyId, { revoked_at: nowIso() });
    const revoked = await verifier().verify(basic(key));
    expect(revoked).toMatchObject({ ok: false, status: 401, type: 'UNAUTHORIZED' });
    expect(revoked).toEqual(unknown);
  });

  it('a key of an uninstalled installation is refused', async () => {
    const { key, installation } = await issue();
    const v = verifier();
    await v.verify(basic(key));
    await installations.uninstall(CLI_ACTOR, { installationId: installation.id });
    const evicted = t.invalidated.at(-1);
    if (!evicted) throw new Error('uninstall invalidated nothing');
    v.invalidateChanges(evicted);
    expect(await v.verify(basic(key))).toMatchObject({ ok: false, status: 401 });
  });

  it('an expired key is refused at load, and a cached key is refused from the cache once its expiry passes', async () => {
    const expired = await issue();
    await setKey(expired.keyId, { expires_at: nowIso(Date.now() - 1_000) });
    expect(await verifier().verify(basic(expired.key))).toMatchObject({ ok: false, status: 401 });

    const expiring = await issue();
    const expiresAt = Date.now() + 60_000;
    await setKey(expiring.keyId, { expires_at: nowIso(expiresAt) });
    const v = verifier();
    expect((await v.verify(basic(expiring.key))).ok).toBe(true);
    clock = expiresAt + 1;
    const late = v.verify(basic(expiring.key));
    expect(isPromise(late)).toBe(false);
    expect(late).toMatchObject({ ok: false, status: 401 });
  });

  it('an unknown well-formed key is remembered as unknown for a moment (no second lookup), then looked up again', async () => {
    const key = generateKey({ prefix: t.config.keyPrefix, env: t.config.keyEnv });
    const v = verifier();
    expect(await v.verify(basic(key))).toMatchObject({ ok: false, status: 401 });
    // The key now appears in the database (as if issued on another node just after the first try).
    const { installation } = await issue();
    const at = nowIso();
    await t.db
      .insertInto('api_keys')
      .values({
        id: crypto.randomUUID(),
        installation_id: installation.id,
        digest: digestKey(key),
        hint: 'lk_…test',
        created_by: 'test',
        created_at: at,
        expires_at: null,
        revoked_at: null,
        last_used_at: null,
      })
      .execute();
    const remembered = v.verify(basic(key));
    expect(isPromise(remembered)).toBe(false);
    expect(remembered).toMatchObject({ ok: false, status: 401 });

    clock = Date.now() + 10 * 60_000;
    const later = v.verify(basic(key));
    expect(isPromise(later)).toBe(true);
    expect((await later).ok).toBe(true);
  });

  it('invalidate() also forgets a remembered unknown key', async () => {
    const { key, keyId, digest } = await issue();
    await setKey(keyId, { revoked_at: nowIso() });
    const v = verifier();
    expect((await v.verify(basic(key))).ok).toBe(false);
    await setKey(keyId, { revoked_at: null });
    v.invalidate([digest]);
    expect((await v.verify(basic(key))).ok).toBe(true);
  });

  it('malformed credentials are refused synchronously, before any lookup, without echoing the key', () => {
    const v = verifier();
    const good = generateKey({ prefix: t.config.keyPrefix, env: t.config.keyEnv });
    const typo = good.slice(0, 20) + (good[20] === 'a' ? 'b' : 'a') + good.slice(21);
    const otherDeployment = generateKey({ prefix: 'zz', env: t.config.keyEnv });
    const cases: Array<[string, string | undefined, RegExp]> = [
      ['no header', undefined, /missing credentials/i],
      ['empty Basic', 'Basic ', /missing credentials/i],
      ['unknown scheme', `Token ${good}`, /missing credentials/i],
      ['checksum typo', basic(typo), /malformed/],
      ["another deployment's prefix", basic(otherDeployment), /malformed/],
      ['junk', basic('not-a-key'), /malformed/],
      ['junk Bearer', 'Bearer not-a-key', /malformed/],
    ];
    for (const [name, header, message] of cases) {
      const result = v.verify(header);
      expect(isPromise(result), name).toBe(false);
      expect(result, name).toMatchObject({ ok: false, status: 401, type: 'UNAUTHORIZED' });
      expect((result as { message: string }).message, name).toMatch(message);
      for (const secret of [good, typo, otherDeployment, 'not-a-key']) expect(JSON.stringify(result), name).not.toContain(secret);
    }
    expect(v.cachedKeys).toBe(0);
  });

  it('accepts the key as Basic username (any case of the scheme, any password part) and as Bearer', async () => {
    const { key } = await issue();
    const v = verifier();
    for (const header of [
      basic(key),
      `basic ${Buffer.from(`${key}:`).toString('base64')}`,
      `Basic ${Buffer.from(`${key}:ignored`).toString('base64')}`,
      `Bearer ${key}`,
    ]) {
      expect((await v.verify(header)).ok, header.split(' ')[0]).toBe(true);
    }
  });

  it('over the per-key limit: 429 with Retry-After seconds; other keys are unaffected', async () => {
    const a = await issue();
    const b = await issue();
    const v = verifier(2);
    expect((await v.verify(basic(a.key))).ok).toBe(true);
    expect((await v.verify(basic(a.key))).ok).toBe(true);
    const limited = await v.verify(basic(a.key));
    expect(limited).toMatchObject({ ok: false, status: 429, type: 'RATE_LIMITED' });
    expect((limited as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(0);
    expect((await v.verify(basic(b.key))).ok).toBe(true);
  });

  it('last use is buffered and written by flushLastUsed(), not by the request', async () => {
    const { key, keyId } = await issue();
    const v = verifier();
    await v.verify(basic(key));
    const lastUsed = async () =>
      (await t.db.selectFrom('api_keys').select('last_used_at').where('id', '=', keyId).executeTakeFirstOrThrow()).last_used_at;
    expect(await lastUsed()).toBeNull();
    await v.flushLastUsed();
    expect(await lastUsed()).not.toBeNull();
  });
});
