import { join } from 'node:path';
import { digestKey } from '@latchkey/keys';
import { createServices, openPlatformDatabase } from '@latchkey/platform';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { type BenchContext, fullBenchConfig } from '../lib/context.ts';
import { basicAuth, benchKey } from '../lib/keys.ts';
import { judge, type Row } from '../lib/report.ts';
import { countLabel, ensureSeeded, type Seeded } from '../lib/seed.ts';
import { figure, median, percentile, prng, ratios, sampleDistinct } from '../lib/stats.ts';
import type { Target } from './http.ts';

/** The verifier's cache-miss query, written by hand: the limit a point select can reach. */
const RAW_SQL = `SELECT k.id AS key_id, k.expires_at, k.revoked_at, i.id AS installation_id, i.company_id, i.scopes, i.deleted_at,
       g.id AS integration_id, g.client_id, g.name
  FROM api_keys k JOIN installations i ON i.id = k.installation_id JOIN integrations g ON g.id = i.integration_id
 WHERE k.digest = $1`;

interface Lookup {
  (key: string): Promise<unknown> | unknown;
  close(): Promise<void>;
}

async function rawLookup(target: Target, seeded: Seeded, pgUrl: string | null): Promise<Lookup> {
  if (target === 'sqlite') {
    const db = new SQLite(join(seeded.dataDir!, 'platform.sqlite'), { readonly: true });
    const stmt = db.prepare(RAW_SQL.replace('$1', '?'));
    const fn = ((key: string) => stmt.get(digestKey(key))) as Lookup;
    fn.close = async () => {
      db.close();
    };
    return fn;
  }
  const client = new pg.Client({ connectionString: pgUrl!, options: `-c search_path="${seeded.schema}"` });
  await client.connect();
  const fn = (async (key: string) =>
    (await client.query({ name: 'bench_raw_verify', text: RAW_SQL, values: [digestKey(key)] })).rows[0]) as Lookup;
  fn.close = () => client.end();
  return fn;
}

interface ColdFigures {
  p50: number[];
  p99: number[];
  rawP50: number[];
  rawP99: number[];
}

/** Cold (cache-miss) verification against one seeded database: fresh keys every round, never cached before. */
async function measure(ctx: BenchContext, target: Target, count: number): Promise<ColdFigures & { seeded: Seeded; perRound: number }> {
  const seeded = await ensureSeeded(target === 'sqlite' ? { kind: 'sqlite', count } : { kind: 'postgres', count, url: ctx.pgUrl! });
  if (!seeded.reused) ctx.log(`  seeded ${countLabel(count)} keys (${target}) in ${seeded.seconds.toFixed(1)} s`);
  const database =
    target === 'sqlite'
      ? await openPlatformDatabase({ dataDir: seeded.dataDir, databaseUrl: '' })
      : await openPlatformDatabase({ databaseUrl: ctx.pgUrl!, schema: seeded.schema });
  const raw = await rawLookup(target, seeded, ctx.pgUrl);
  try {
    const { verifier } = createServices(database, fullBenchConfig());
    const { coldRounds, coldSamples } = ctx.sizes;
    const random = prng(0x1a7c4 + count);
    // Ours needs keys it has never seen; the raw lookup draws its own, so neither warms pages for the other.
    const perRound = Math.min(coldSamples, Math.floor(count / (2 * (coldRounds + 1))));
    const indexes = sampleDistinct(count, 2 * perRound * (coldRounds + 1), random);
    let next = 0;
    const take = () => Array.from({ length: perRound }, () => indexes[next++]!);

    const timeOurs = async (batch: number[]): Promise<Float64Array> => {
      const headers = batch.map((i) => basicAuth(benchKey(i)));
      const out = new Float64Array(batch.length);
      for (let j = 0; j < headers.length; j++) {
        const t = performance.now();
        const r = await verifier.verify(headers[j]);
        out[j] = (performance.now() - t) * 1000;
        if (!r.ok) throw new Error(`seeded key ${batch[j]} refused: ${r.status} ${r.message}`);
      }
      return out;
    };
    const timeRaw = async (batch: number[]): Promise<Float64Array> => {
      const keys = batch.map(benchKey);
      const out = new Float64Array(batch.length);
      for (let j = 0; j < keys.length; j++) {
        const t = performance.now();
        const row = await raw(keys[j]!);
        out[j] = (performance.now() - t) * 1000;
        if (!row) throw new Error(`seeded key ${batch[j]} not found by the raw query`);
      }
      return out;
    };
    // Warm-up round (JIT, statement caches), not recorded.
    await timeOurs(take());
    await timeRaw(take());
    const f: ColdFigures = { p50: [], p99: [], rawP50: [], rawP99: [] };
    for (let r = 0; r < coldRounds; r++) {
      const pair = r % 2 === 0 ? ['ours', 'raw'] : ['raw', 'ours'];
      for (const which of pair) {
        if (which === 'ours') {
          const s = await timeOurs(take());
          f.p50.push(percentile(s, 50));
          f.p99.push(percentile(s, 99));
        } else {
          const s = await timeRaw(take());
          f.rawP50.push(percentile(s, 50));
          f.rawP99.push(percentile(s, 99));
        }
      }
    }
    return { ...f, seeded, perRound };
  } finally {
    await raw.close();
    await database.close();
  }
}

/** Item 3 (and 8·3): cache-miss verification p50/p99 with the big and the small seeded database. */
export async function benchCold(ctx: BenchContext, target: Target): Promise<Row[]> {
  const prefix = target === 'postgres' ? '8·3' : '3';
  const db = target === 'postgres' ? 'PostgreSQL' : 'SQLite';
  const rows: Row[] = [];
  const sizes = [ctx.sizes.bigKeys, ctx.sizes.smallKeys];
  const p50ByCount: number[] = [];
  for (const [k, count] of sizes.entries()) {
    const f = await measure(ctx, target, count);
    const letter = 'ab'[k]!;
    const label = `${countLabel(count)} keys`;
    p50ByCount.push(median(f.p50));
    rows.push(
      judge({
        id: `${prefix}${letter}`,
        title: `cold verify p50, ${label} (${db})`,
        unit: 'µs',
        ours: figure(f.p50),
        baseline: figure(f.rawP50),
        baselineLabel: 'raw query',
        ratio: figure(ratios(f.p50, f.rawP50)),
        ratioLabel: 'ours/raw',
        goal: null,
        note:
          k === 0
            ? `cache miss: verify(header) incl. the DB join, ${f.perRound.toLocaleString('en-US')} keys never seen before × ${ctx.sizes.coldRounds} rounds; raw = sha256 + the same join as a prepared statement on its own connection${f.seeded.reused ? '; seeded database reused' : ''}`
            : `${f.perRound.toLocaleString('en-US')} keys × ${ctx.sizes.coldRounds} rounds`,
      }),
      judge({
        id: `${prefix}${letter}′`,
        title: `  same, p99 (${db})`,
        unit: 'µs',
        ours: figure(f.p99),
        baseline: figure(f.rawP99),
        baselineLabel: 'raw query',
        ratio: figure(ratios(f.p99, f.rawP99)),
        ratioLabel: 'ours/raw',
        // The goal is for the big database on SQLite (1 M keys; quick mode seeds fewer, see the header).
        goal: k === 0 && target === 'sqlite' ? { on: 'ours', op: '<=', value: 100, unit: 'µs' } : null,
      }),
    );
  }
  const growth = p50ByCount[0]! / p50ByCount[1]!;
  rows[rows.length - 1]!.note = `growth of the p50 from ${countLabel(sizes[1]!)} to ${countLabel(sizes[0]!)} keys: ×${growth.toFixed(2)}`;
  return rows;
}
