import { hash } from 'node:crypto';
import { digestKey } from '@latchkey/keys';
import { createServices, openPlatformDatabase } from '@latchkey/platform';
import type { BenchContext } from '../lib/context.ts';
import { fullBenchConfig } from '../lib/context.ts';
import { basicAuth, benchKey } from '../lib/keys.ts';
import { judge, type Row } from '../lib/report.ts';
import { countLabel, ensureSeeded } from '../lib/seed.ts';
import { figure, pairedRounds, prng, ratios, sampleDistinct } from '../lib/stats.ts';

/**
 * Item 1 — the cached verification hot path, in process: `KeyVerifier.verify(authorization header)` on
 * keys already in its cache, against the limit measured in the same process and round: `sha256(key)`
 * + `Map.get` over a map of the same size. Both walk the same keys in the same order.
 */
export async function benchCachedVerify(ctx: BenchContext): Promise<Row[]> {
  const seeded = await ensureSeeded({ kind: 'sqlite', count: ctx.sizes.bigKeys });
  if (!seeded.reused) ctx.log(`  seeded ${countLabel(seeded.count)} keys in ${seeded.seconds.toFixed(1)} s`);
  const database = await openPlatformDatabase({ dataDir: seeded.dataDir, databaseUrl: '' });
  try {
    const services = createServices(database, fullBenchConfig());
    const { verifier } = services;
    // As many cached keys as item 7 warms: a busy node's working set, not one hot key.
    const n = Math.min(ctx.sizes.warmKeys, seeded.count);
    const keys = sampleDistinct(seeded.count, n, prng(0x51)).map(benchKey);
    const headers = keys.map(basicAuth);
    for (const h of headers) {
      const r = await verifier.verify(h);
      if (!r.ok) throw new Error(`seeded key refused while warming the cache: ${r.status} ${r.message}`);
    }
    if (verifier.cachedKeys !== n) throw new Error(`expected ${n} cached keys, found ${verifier.cachedKeys}`);
    const limitMap = new Map(keys.map((k) => [digestKey(k), { key: k }]));

    let sink = 0;
    const limitLoop = (ops: number, offset: number): number => {
      const t = performance.now();
      for (let i = 0; i < ops; i++) {
        if (limitMap.get(hash('sha256', keys[(offset + i) % n]!, 'hex')) !== undefined) sink++;
      }
      return performance.now() - t;
    };
    const oursLoop = (ops: number, offset: number): number => {
      const t = performance.now();
      for (let i = 0; i < ops; i++) {
        const r = verifier.verify(headers[(offset + i) % n]);
        if (r instanceof Promise) throw new Error('a cached key took the slow path');
        if (r.ok) sink++;
      }
      return performance.now() - t;
    };

    // Warm-up (JIT) and calibration: ops per timing so that one timing of ours takes ~microMs.
    limitLoop(50_000, 0);
    oursLoop(50_000, 0);
    const probe = oursLoop(20_000, 7);
    const ops = Math.max(10_000, Math.round((20_000 * ctx.sizes.microMs) / Math.max(probe, 0.001)));

    const { baseline, ours } = await pairedRounds(
      ctx.sizes.microRounds,
      (r) => (limitLoop(ops, r * 977) / ops) * 1000,
      (r) => (oursLoop(ops, r * 977) / ops) * 1000,
    );
    if (sink === 0) throw new Error('no operation succeeded');
    // Not `services.stop()`: it would flush last-used times into the shared seeded database.
    return [
      judge({
        id: '1',
        title: 'cached verify (in process)',
        unit: 'µs/op',
        ours: figure(ours),
        baseline: figure(baseline),
        baselineLabel: 'sha256+Map.get',
        ratio: figure(ratios(baseline, ours)),
        ratioLabel: 'limit/ours',
        goal: { on: 'ratio', op: '>=', value: 0.5 },
        note: `${n.toLocaleString('en-US')} cached keys, ${ops.toLocaleString('en-US')} ops × ${ctx.sizes.microRounds} rounds; ours = Basic header decode → sha256 → cache → expiry → rate limit → last-used (the format/CRC check runs on cache misses only)`,
      }),
    ];
  } finally {
    await database.close();
  }
}
