import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningPlatform, startPlatform } from '../server.ts';
import { basicAuth, startTestPlatform, type TestPlatform } from '../testing.ts';

const REDIS_URL = process.env.REDIS_URL;
const needRedis = process.env.CI === 'true' || !!REDIS_URL;

async function status(url: string, key: string): Promise<number> {
  return (await fetch(`${url}/v1/introspect`, { headers: { authorization: basicAuth(key) } })).status;
}

async function waitFor(check: () => Promise<boolean>, ms: number): Promise<number> {
  const start = Date.now();
  while (Date.now() - start < ms) {
    if (await check()) return Date.now() - start;
    await new Promise((r) => setTimeout(r, 20));
  }
  return -1;
}

/** Two platform nodes on one database: node A is the test platform, node B a second process-like instance. */
async function secondNode(
  a: TestPlatform,
  redisUrl: string | null,
  rateLimit?: { limit: number; windowMs: number },
): Promise<RunningPlatform> {
  return startPlatform({
    databaseUrl: process.env.LATCHKEY_TEST_DATABASE_URL || '',
    dataDir: a.dataDir ?? undefined,
    schema: a.dataDir ? undefined : a.database.schema,
    config: { redisUrl, ...(rateLimit ? { rateLimit } : {}) },
  });
}

describe('revocation reaches every node within 1 s', () => {
  let a: TestPlatform;
  let b: RunningPlatform;
  beforeAll(async () => {
    a = await startTestPlatform({ config: { redisUrl: null } });
    b = await secondNode(a, null);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('without Redis: through the database poll', async () => {
    const k = await a.issueKey();
    expect(await status(b.url, k.key)).toBe(200); // now cached on node B
    await a.revokeKey(k.key);
    expect(await status(a.url, k.key)).toBe(401); // at once on the node that revoked
    const took = await waitFor(async () => (await status(b.url, k.key)) === 401, 3000);
    expect(took).toBeGreaterThanOrEqual(0);
    expect(took).toBeLessThan(1000);
  });

  it('a regenerate with zero grace also reaches the other node', async () => {
    const k = await a.issueKey();
    expect(await status(b.url, k.key)).toBe(200);
    const next = await a.regenerateKey(k.key, 0);
    const took = await waitFor(async () => (await status(b.url, k.key)) === 401, 3000);
    expect(took).toBeGreaterThanOrEqual(0);
    expect(await status(b.url, next)).toBe(200);
  });
});

describe.skipIf(!needRedis)('with Redis (REDIS_URL)', () => {
  let a: TestPlatform;
  let b: RunningPlatform;
  const rateLimit = { limit: 10, windowMs: 60_000 };
  beforeAll(async () => {
    if (!REDIS_URL) throw new Error('REDIS_URL must be set under CI');
    // The database poll is slowed right down so only Redis can explain a fast eviction.
    a = await startTestPlatform({ config: { redisUrl: REDIS_URL, rateLimit, invalidationPollMs: 60_000 } });
    b = await startPlatform({
      databaseUrl: process.env.LATCHKEY_TEST_DATABASE_URL || '',
      dataDir: a.dataDir ?? undefined,
      schema: a.dataDir ? undefined : a.database.schema,
      config: { redisUrl: REDIS_URL, rateLimit, invalidationPollMs: 60_000 },
    });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('revocation is broadcast: the other node evicts at once', async () => {
    const k = await a.issueKey();
    expect(await status(b.url, k.key)).toBe(200);
    await a.revokeKey(k.key);
    const took = await waitFor(async () => (await status(b.url, k.key)) === 401, 3000);
    expect(took).toBeGreaterThanOrEqual(0);
    expect(took).toBeLessThan(500);
  });

  it('rate-limit counters are shared across nodes', async () => {
    const k = await a.issueKey();
    for (let i = 0; i < 6; i++) expect(await status(a.url, k.key)).toBe(200);
    expect(await status(b.url, k.key)).toBe(200);
    await new Promise((r) => setTimeout(r, 300)); // both nodes sync (every 100 ms): cluster total 7
    const fromB: number[] = [];
    for (let i = 0; i < 5; i++) fromB.push(await status(b.url, k.key));
    // 6 on A + 6 on B = 12 > 10: node B refuses the last two although it saw only 6 itself.
    expect(fromB).toEqual([200, 200, 200, 429, 429]);
  });
});
