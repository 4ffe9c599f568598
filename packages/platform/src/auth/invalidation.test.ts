import { digestKey } from '@latchkey/keys';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Database, openPlatformDatabase } from '../db/database.ts';
import { basicAuth, startTestPlatform, type TestPlatform } from '../testing.ts';
import { MemoryRateLimiter } from './rate-limit.ts';
import { KeyVerifier } from './verifier.ts';

/**
 * Invalidation must not depend on Redis or on any node's clock: node B here is a second verifier on its own
 * database connection, without Redis, learning of node A's changes only through the key-change log.
 */

const realNow = Date.now.bind(Date);

async function verdict(v: KeyVerifier, key: string): Promise<boolean> {
  return (await v.verify(basicAuth(key))).ok;
}

/** Polls `check` until it holds; the elapsed milliseconds, or -1 after `ms`. */
async function waitFor(check: () => Promise<boolean>, ms: number): Promise<number> {
  const start = realNow();
  while (realNow() - start < ms) {
    if (await check()) return realNow() - start;
    await new Promise((r) => setTimeout(r, 20));
  }
  return -1;
}

/** Runs `fn` on node A with A's clock `skewMs` off (every timestamp A writes comes from it). */
async function withSkewedClock<T>(skewMs: number, fn: () => Promise<T>): Promise<T> {
  const spy = vi.spyOn(Date, 'now').mockImplementation(() => realNow() + skewMs);
  try {
    return await fn();
  } finally {
    spy.mockRestore();
  }
}

function openSecondConnection(a: TestPlatform): Promise<Database> {
  const url = process.env.LATCHKEY_TEST_DATABASE_URL;
  return url
    ? openPlatformDatabase({ databaseUrl: url, schema: a.database.schema })
    : openPlatformDatabase({ databaseUrl: '', dataDir: a.dataDir ?? undefined });
}

describe('invalidation through the key-change log (no Redis, skewed clocks)', () => {
  let a: TestPlatform;
  let bDatabase: Database;
  let b: KeyVerifier;
  const pollErrors: unknown[] = [];
  beforeAll(async () => {
    a = await startTestPlatform({ config: { redisUrl: null } });
    bDatabase = await openSecondConnection(a);
    b = new KeyVerifier(bDatabase.db, a.services.config, new MemoryRateLimiter(1e6, 60_000), { now: realNow });
    b.start((err) => pollErrors.push(err));
  });
  afterAll(async () => {
    expect(pollErrors).toEqual([]);
    await b?.stop();
    await bDatabase?.close();
    await a?.close();
  });
  afterEach(() => vi.restoreAllMocks());

  for (const skewMs of [5_000, -5_000]) {
    it(`a revoke by a node whose clock is ${skewMs > 0 ? 'ahead' : 'behind'} by 5 s reaches the other node`, async () => {
      const k = await a.issueKey();
      expect(await verdict(b, k.key)).toBe(true); // cached on node B
      await withSkewedClock(skewMs, () => a.revokeKey(k.key));
      expect(await verdict(a.services.verifier, k.key)).toBe(false); // at once where it happened
      const took = await waitFor(async () => !(await verdict(b, k.key)), 5_000);
      expect(took, 'node B never rejected the revoked key').toBeGreaterThanOrEqual(0);
    });

    it(`an uninstall by a node whose clock is ${skewMs > 0 ? 'ahead' : 'behind'} by 5 s reaches the other node`, async () => {
      const k = await a.issueKey();
      expect(await verdict(b, k.key)).toBe(true);
      await withSkewedClock(skewMs, () => a.uninstall(k.key));
      const took = await waitFor(async () => !(await verdict(b, k.key)), 5_000);
      expect(took, 'node B never rejected the uninstalled key').toBeGreaterThanOrEqual(0);
    });
  }

  it('any update of an integration evicts its keys on every node (the path a kill switch takes)', async () => {
    const k = await a.issueKey();
    const before = await b.verify(basicAuth(k.key));
    expect(before.ok && before.principal.applicationName).toMatch(/^Test Integration/);
    await a.database.db.updateTable('integrations').set({ name: 'Renamed Integration' }).where('id', '=', k.integrationId).execute();
    const took = await waitFor(async () => {
      const r = await b.verify(basicAuth(k.key));
      return r.ok && r.principal.applicationName === 'Renamed Integration';
    }, 5_000);
    expect(took).toBeGreaterThanOrEqual(0);
  });

  it('an installation write reaches its cached view on this node at once and on every node through the log', async () => {
    const k = await a.issueKey();
    const view = async (v: KeyVerifier) => {
      const r = await v.verify(basicAuth(k.key));
      return r.ok ? r.principal.installation : null;
    };
    expect((await view(b))?.status).toBe('PENDING_INTEGRATION');
    expect((await view(a.services.verifier))?.status).toBe('PENDING_INTEGRATION');
    const res = await fetch(`${a.url}/v1/installations/me:activate`, { method: 'POST', headers: { authorization: basicAuth(k.key) } });
    expect(res.status).toBe(200);
    const mine = await fetch(`${a.url}/v1/installations/me`, { headers: { authorization: basicAuth(k.key) } });
    expect((await mine.json()).status).toBe('ACTIVATED');
    const took = await waitFor(async () => (await view(b))?.status === 'ACTIVATED', 5_000);
    expect(took).toBeGreaterThanOrEqual(0);
  });

  it('a node whose log rows were pruned before it read them drops its whole cache', async () => {
    const lagging = new KeyVerifier(bDatabase.db, a.services.config, new MemoryRateLimiter(1e6, 60_000));
    const k = await a.issueKey();
    const other = await a.issueKey();
    expect(await verdict(lagging, k.key)).toBe(true);
    expect(await verdict(lagging, other.key)).toBe(true);
    await a.revokeKey(k.key);
    await a.database.db.deleteFrom('key_changes').execute(); // pruned before `lagging` polled
    await a.revokeKey((await a.issueKey()).key); // a later change: the log resumes after a hole
    await lagging.pollInvalidations();
    expect(lagging.cachedKeys).toBe(0);
    expect(await verdict(lagging, k.key)).toBe(false);
    expect(await verdict(lagging, other.key)).toBe(true);
  });
});

/** A verifier whose next cache-miss read, once it has read the database, waits until released. */
class HeldVerifier extends KeyVerifier {
  private hold: { reached: () => void; released: Promise<void> } | null = null;

  /** Arms the hold; resolves `reached` when the read is done and `release` lets it return. */
  holdNextRead(): { reached: Promise<void>; release: () => void } {
    let reached: () => void = () => {};
    let release: () => void = () => {};
    const reachedP = new Promise<void>((r) => {
      reached = r;
    });
    this.hold = { reached, released: new Promise<void>((r) => (release = r)) };
    return { reached: reachedP, release: () => release() };
  }

  protected override async readKey(digest: string) {
    const row = await super.readKey(digest);
    const hold = this.hold;
    if (hold) {
      this.hold = null;
      hold.reached();
      await hold.released;
    }
    return row;
  }
}

describe('a cache load that raced a revoke is not cached', () => {
  let a: TestPlatform;
  let own: Database;
  beforeAll(async () => {
    a = await startTestPlatform({ config: { redisUrl: null } });
    own = await openSecondConnection(a);
  });
  afterAll(async () => {
    await own?.close();
    await a?.close();
  });

  it('the key read before the revoke committed is read again, refused and not cached', async () => {
    const node = new HeldVerifier(own.db, a.services.config, new MemoryRateLimiter(1e6, 60_000));
    await node.pollInvalidations(); // learns its log cursor
    const k = await a.issueKey();

    const g = node.holdNextRead();
    const pending = node.verify(basicAuth(k.key)); // a cache miss: the read sees the key live …
    await g.reached;
    await a.revokeKey(k.key); // … then the revoke commits
    await node.pollInvalidations(); // and its invalidation arrives while the read is still in flight
    g.release();

    expect((await pending).ok).toBe(false);
    expect(node.cachedKeys).toBe(0);
    expect(await verdict(node, k.key)).toBe(false);
  });

  it('the same race with the invalidation from this node or Redis (no poll)', async () => {
    const node = new HeldVerifier(own.db, a.services.config, new MemoryRateLimiter(1e6, 60_000));
    await node.pollInvalidations();
    const k = await a.issueKey();

    const g = node.holdNextRead();
    const pending = node.verify(basicAuth(k.key));
    await g.reached;
    await a.revokeKey(k.key);
    node.invalidateChanges({ digests: [digestKey(k.key)] });
    g.release();

    expect((await pending).ok).toBe(false);
    expect(await verdict(node, k.key)).toBe(false);
  });
});

// Runs in npm test's PostgreSQL pass; the SQLite pass has no concurrent writers to reorder.
if (process.env.LATCHKEY_TEST_DATABASE_URL)
  describe('PostgreSQL: changes committed out of order', () => {
    let a: TestPlatform;
    let own: Database;
    beforeAll(async () => {
      a = await startTestPlatform({ config: { redisUrl: null } });
      own = await openSecondConnection(a);
    });
    afterAll(async () => {
      await own?.close();
      await a?.close();
    });

    it('a transaction that wrote first but commits last is still seen by a node that polled in between', async () => {
      const node = new KeyVerifier(own.db, a.services.config, new MemoryRateLimiter(1e6, 60_000));
      const [k1, k2] = [await a.issueKey(), await a.issueKey()];
      expect(await verdict(node, k1.key)).toBe(true);
      expect(await verdict(node, k2.key)).toBe(true);
      const client = async () => {
        const c = new pg.Client({
          connectionString: process.env.LATCHKEY_TEST_DATABASE_URL,
          options: `-c search_path="${a.database.schema}"`,
        });
        await c.connect();
        return c;
      };
      const [first, second] = [await client(), await client()];
      const revoke = (c: pg.Client, key: string) =>
        c.query(`UPDATE api_keys SET revoked_at = '2030-01-01T00:00:00.000Z' WHERE digest = $1`, [digestKey(key)]);
      try {
        await first.query('BEGIN');
        await revoke(first, k1.key);
        await second.query('BEGIN');
        await revoke(second, k2.key);
        await second.query('COMMIT');
        await node.pollInvalidations();
        expect(await verdict(node, k2.key)).toBe(false);
        expect(await verdict(node, k1.key)).toBe(true); // not committed yet
        await first.query('COMMIT');
        await node.pollInvalidations();
        expect(await verdict(node, k1.key)).toBe(false);
      } finally {
        await Promise.allSettled([first.end(), second.end()]);
      }
    });
  });
