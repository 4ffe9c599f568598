import { join } from 'node:path';
import { loadConfig, type PlatformConfig } from '@latchkey/platform';
import { DATA_DIR } from './child.ts';
import { BENCH_PREFIX } from './keys.ts';
import type { Figure } from './stats.ts';

/** What every item gets: the mode, sizes, where to log progress, and figures shared between items. */
export interface BenchContext {
  quick: boolean;
  /** Pass `--cpu-prof` to the platform processes (profiles land in bench/.data/profiles). */
  profile: boolean;
  /** The benchmark's own PostgreSQL database (derived from DATABASE_URL), or null. */
  pgUrl: string | null;
  sizes: Sizes;
  log(message: string): void;
  shared: {
    /** Item 2 on SQLite: the platform's raw authenticated `GET /v1/introspect` req/s (item 5's baseline). */
    authReqPerSec?: Figure;
  };
  /** Processes kept for several items (e.g. one platform for items 2 and 4); closed at the end of the run. */
  resources: Map<string, { value: Promise<unknown>; close(): Promise<void> }>;
}

/** A process (or other resource) shared by items of one run: started by the first item that asks. */
export async function shared<T>(ctx: BenchContext, name: string, start: () => Promise<T>, close: (value: T) => Promise<void>): Promise<T> {
  let r = ctx.resources.get(name);
  if (!r) {
    const value = start();
    r = { value, close: async () => close(await value) };
    ctx.resources.set(name, r);
    value.catch(() => ctx.resources.delete(name));
  }
  return r.value as Promise<T>;
}

export async function releaseShared(ctx: BenchContext, name: string): Promise<void> {
  const r = ctx.resources.get(name);
  ctx.resources.delete(name);
  await r?.close().catch(() => {});
}

export async function closeShared(ctx: BenchContext): Promise<void> {
  const all = [...ctx.resources.values()];
  ctx.resources.clear();
  await Promise.allSettled(all.map((r) => r.close()));
}

export interface Sizes {
  /** Keys in the big seeded database (items 3, 7). */
  bigKeys: number;
  smallKeys: number;
  /** Keys warmed into the cache for item 7. */
  warmKeys: number;
  /** Connections in the fleet check (item 5), and the cap on one timed pass over them. */
  fleet: number;
  fleetPassSeconds: number;
  /** HTTP rounds (pairs) and seconds per autocannon run. */
  httpRounds: number;
  httpSeconds: number;
  /** In-process micro-benchmark rounds and target milliseconds per timing. */
  microRounds: number;
  microMs: number;
  /** Cold-verify rounds and samples per round. */
  coldRounds: number;
  coldSamples: number;
  fleetRounds: number;
}

export function sizesFor(quick: boolean): Sizes {
  return quick
    ? {
        bigKeys: 100_000,
        smallKeys: 10_000,
        warmKeys: 5_000,
        fleet: 2_000,
        fleetPassSeconds: 1.5,
        httpRounds: 2,
        httpSeconds: 1,
        microRounds: 21,
        microMs: 25,
        coldRounds: 3,
        coldSamples: 500,
        fleetRounds: 2,
      }
    : {
        bigKeys: 1_000_000,
        smallKeys: 10_000,
        warmKeys: 100_000,
        fleet: 10_000,
        fleetPassSeconds: 8,
        httpRounds: 6,
        httpSeconds: 2.5,
        microRounds: 41,
        microMs: 40,
        coldRounds: 5,
        coldSamples: 2_000,
        fleetRounds: 3,
      };
}

export const PROFILE_DIR = join(DATA_DIR, 'profiles');

/** The HTTP items' baseline route, registered by the benchmark's platform process (procs/platform.ts), never by the app. */
export const BENCH_HEALTHZ = '/bench/healthz';

/** Platform configuration for benchmarks: the rate limit out of the way, no Redis, the bench key prefix. */
export function benchPlatformConfig(): Partial<PlatformConfig> {
  return { keyPrefix: BENCH_PREFIX, keyEnv: 'live', rateLimit: { limit: 1e9, windowMs: 60_000 }, redisUrl: null };
}

export const fullBenchConfig = (): PlatformConfig => loadConfig(benchPlatformConfig());
