/**
 * Item 7 in its own process: a platform on the big seeded SQLite database, its RSS right after start,
 * then after `warm` distinct keys have been verified (each a cache miss that stays cached).
 */
import { startPlatform } from '@latchkey/platform';
import { childFail, childPayload } from '../lib/child.ts';
import { benchPlatformConfig } from '../lib/context.ts';
import { basicAuth, benchKey } from '../lib/keys.ts';
import { prng, sampleDistinct } from '../lib/stats.ts';

export interface MemoryPayload {
  dataDir: string;
  count: number;
  warm: number;
}

export interface MemoryResult {
  type: 'result';
  rssStart: number;
  rssWarm: number;
  heapStart: number;
  heapWarm: number;
  cachedKeys: number;
  warmSeconds: number;
}

const gc = (): void => {
  const g = (globalThis as { gc?: () => void }).gc;
  if (!g) throw new Error('run with --expose-gc');
  g();
  g();
};

async function settle(): Promise<void> {
  gc();
  await new Promise((r) => setTimeout(r, 300));
  gc();
}

async function main(): Promise<void> {
  const p = childPayload<MemoryPayload>();
  const platform = await startPlatform({ dataDir: p.dataDir, databaseUrl: '', logger: false, config: benchPlatformConfig() });
  const { verifier } = platform.services;
  await settle();
  const start = process.memoryUsage();
  const indexes = sampleDistinct(p.count, p.warm, prng(0x7e3));
  const t = performance.now();
  for (const i of indexes) {
    const r = await verifier.verify(basicAuth(benchKey(i)));
    if (!r.ok) throw new Error(`seeded key ${i} refused: ${r.status} ${r.message}`);
  }
  const warmSeconds = (performance.now() - t) / 1000;
  await settle();
  const warm = process.memoryUsage();
  const result: MemoryResult = {
    type: 'result',
    rssStart: start.rss,
    rssWarm: warm.rss,
    heapStart: start.heapUsed,
    heapWarm: warm.heapUsed,
    cachedKeys: verifier.cachedKeys,
    warmSeconds,
  };
  // Exit without `close()`: it would flush 100 k last-used times into the shared seeded database.
  process.send?.(result, () => process.exit(0));
}

main().catch(childFail);
