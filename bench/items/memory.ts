import { Child } from '../lib/child.ts';
import type { BenchContext } from '../lib/context.ts';
import { judge, type Row } from '../lib/report.ts';
import { countLabel, ensureSeeded } from '../lib/seed.ts';
import { figure } from '../lib/stats.ts';
import type { MemoryPayload, MemoryResult } from '../procs/memory.ts';

const MB = 1024 * 1024;

/** Item 7: platform RSS with the big seeded database after warming keys into the verifier's cache (child process). */
export async function benchMemory(ctx: BenchContext): Promise<Row[]> {
  const seeded = await ensureSeeded({ kind: 'sqlite', count: ctx.sizes.bigKeys });
  if (!seeded.reused) ctx.log(`  seeded ${countLabel(seeded.count)} keys in ${seeded.seconds.toFixed(1)} s`);
  const payload: MemoryPayload = { dataDir: seeded.dataDir!, count: seeded.count, warm: ctx.sizes.warmKeys };
  const child = new Child<MemoryResult>('memory.ts', payload, { nodeFlags: ['--expose-gc'] });
  try {
    const r = await child.next('result', 300_000);
    const perKey = (r.heapWarm - r.heapStart) / Math.max(1, r.cachedKeys);
    return [
      judge({
        id: '7',
        title: `platform RSS, ${countLabel(seeded.count)} keys stored, ${countLabel(r.cachedKeys)} cached`,
        unit: 'MB',
        ours: figure([r.rssWarm / MB]),
        baseline: figure([r.rssStart / MB]),
        baselineLabel: 'same process at start',
        ratio: figure([r.rssWarm / r.rssStart]),
        ratioLabel: 'warm/start',
        goal: { on: 'ours', op: '<=', value: 300, unit: 'MB' },
        note: `after GC, in a child process running startPlatform on SQLite; heap ${(r.heapStart / MB).toFixed(0)} → ${(r.heapWarm / MB).toFixed(0)} MB ≈ ${(perKey / 1024).toFixed(2)} KB per cached key; warming took ${r.warmSeconds.toFixed(1)} s (${Math.round(r.cachedKeys / r.warmSeconds).toLocaleString('en-US')} cold verifies/s)`,
      }),
    ];
  } finally {
    await child.stop();
  }
}
