import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Child, DATA_DIR } from '../lib/child.ts';
import { type BenchContext, PROFILE_DIR } from '../lib/context.ts';
import { basicAuth, benchKey } from '../lib/keys.ts';
import { judge, type Row } from '../lib/report.ts';
import { countLabel, ensureSeeded } from '../lib/seed.ts';
import { type Figure, figure } from '../lib/stats.ts';
import type { FleetMessage, FleetPayload } from '../procs/fleet.ts';
import { HttpSession } from './http.ts';

/** Checks in flight in the fleet run: the same as autocannon's connections in item 2. */
const CONCURRENCY = 50;
/** Platform calls per health check: GET /v1/introspect (it names the company and the scopes). */
const CALLS_PER_CHECK = 1;

/**
 * Item 5: the connector's health monitor (`checkAll`) over a fleet of connections, each with its own
 * seeded key, against a platform process on the seeded database; connections/s vs the platform's
 * raw authenticated `GET /v1/introspect` req/s from item 2 (measured here, against this platform, when
 * item 2 did not run) — the call each check makes.
 */
export async function benchFleet(ctx: BenchContext): Promise<Row[]> {
  const seeded = await ensureSeeded({ kind: 'sqlite', count: ctx.sizes.smallKeys });
  const count = Math.min(ctx.sizes.fleet, seeded.count);
  const session = await HttpSession.start(ctx, 'sqlite', { label: 'fleet', dataDir: seeded.dataDir, issueKey: false, warmKeys: count });
  const payload: FleetPayload = {
    platformUrl: session.ready.url,
    dataDir: join(DATA_DIR, 'connector-fleet'),
    count,
    seededCount: seeded.count,
    concurrency: CONCURRENCY,
  };
  const nodeFlags: string[] = [];
  if (ctx.profile) {
    const dir = join(PROFILE_DIR, `connector-fleet-${Date.now()}`);
    mkdirSync(dir, { recursive: true });
    nodeFlags.push('--cpu-prof', `--cpu-prof-dir=${dir}`);
    ctx.log(`  CPU profile of the connector process → ${dir}`);
  }
  const fleet = new Child<FleetMessage>('fleet.ts', payload, { nodeFlags });
  try {
    const { setupSeconds } = await fleet.next('ready', 180_000);
    ctx.log(`  fleet of ${count.toLocaleString('en-US')} connections stored in ${setupSeconds.toFixed(1)} s`);
    const run = async (maxSeconds: number): Promise<{ rate: number; checked: number; complete: boolean }> => {
      fleet.send({ type: 'run', maxSeconds });
      const r = await fleet.next('result', (maxSeconds + 120) * 1000);
      if (r.checked === 0 || (r.byResult.ok ?? 0) !== r.checked)
        throw new Error(`fleet check: ${r.checked} checked, results ${JSON.stringify(r.byResult)}`);
      return { rate: r.checked / r.seconds, checked: r.checked, complete: r.complete };
    };
    // The platform verified every fleet key before it reported ready (so its cache is warm, as in a
    // fleet checked every few minutes); a short pass warms the connector (JIT, connections).
    await run(1);
    const passes: Array<{ rate: number; checked: number; complete: boolean }> = [];
    for (let r = 0; r < ctx.sizes.fleetRounds; r++) passes.push(await run(ctx.sizes.fleetPassSeconds));
    const rates = passes.map((p) => p.rate);
    const partial = passes.filter((p) => !p.complete).length;

    let baseline: Figure;
    let baselineNote: string;
    if (ctx.shared.authReqPerSec) {
      baseline = ctx.shared.authReqPerSec;
      baselineNote = "baseline = item 2's authenticated GET /v1/introspect req/s (same run)";
    } else {
      const runs: number[] = [];
      for (let r = 0; r < ctx.sizes.httpRounds; r++) {
        runs.push((await session.load(session.endpoint('/v1/introspect', basicAuth(benchKey(0))), ctx.sizes.httpSeconds)).reqPerSec);
      }
      baseline = figure(runs);
      baselineNote = 'baseline = authenticated GET /v1/introspect measured here with autocannon (item 2 did not run)';
    }
    const ratio = figure(rates.map((r) => r / baseline.median));
    const callRatio = figure(rates.map((r) => (r * CALLS_PER_CHECK) / baseline.median));
    return [
      judge({
        id: '5a',
        title: `connector fleet check, ${countLabel(count)} connections`,
        unit: 'conn/s',
        ours: figure(rates),
        baseline,
        baselineLabel: 'raw auth req/s',
        ratio,
        ratioLabel: 'ours/raw',
        goal: { on: 'ratio', op: '>=', value: 0.5 },
        note: `HealthMonitor.checkAll (concurrency ${CONCURRENCY}) in a connector process: decrypt, GET /v1/introspect, update the row; ${ctx.sizes.fleetRounds} passes (each cut at ${ctx.sizes.fleetPassSeconds} s${partial ? `: ${partial} were cut, ${Math.min(...passes.map((p) => p.checked)).toLocaleString('en-US')}+ checks each` : ', none was'}); ${baselineNote}`,
      }),
      judge({
        id: '5b',
        title: `  same, platform calls/s (${CALLS_PER_CHECK} per check)`,
        unit: 'req/s',
        ours: figure(rates.map((r) => r * CALLS_PER_CHECK)),
        baseline,
        baselineLabel: 'raw auth req/s',
        ratio: callRatio,
        ratioLabel: 'ours/raw',
        goal: null,
      }),
    ];
  } finally {
    await fleet.stop();
    await session.close();
  }
}
