/**
 * `npm run bench` — Latchkey's benchmarks, each figure a ratio to a baseline measured in the same run
 * (these machines are shared and noisy), with the median and min–max over repeated rounds.
 *
 *   npm run bench                 full run (~5 min; the first run also seeds 1 M keys, reused later)
 *   npm run bench -- --quick      under a minute, smaller counts (said in the table)
 *   npm run bench -- --only 1,6   chosen items
 *   npm run bench -- --profile    platform processes write CPU profiles to bench/.data/profiles
 *
 * Prints a table and writes bench/results/latest.json. Exits non-zero only when something could not
 * be run — never because a goal was missed (misses are marked in the table).
 * Importable: `runBench(argv)` returns the exit code (the CLI's `latchkey bench` passes its argv).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { benchCold } from './items/cold.ts';
import { benchFleet } from './items/fleet.ts';
import { benchHttpAuth, benchResources } from './items/http.ts';
import { benchMemory } from './items/memory.ts';
import { benchVault } from './items/vault.ts';
import { benchCachedVerify } from './items/verify.ts';
import { BENCH_DIR } from './lib/child.ts';
import { type BenchContext, closeShared, releaseShared, sizesFor } from './lib/context.ts';
import { machine, machineLine } from './lib/machine.ts';
import { benchDatabaseUrl } from './lib/pg.ts';
import { type Row, renderTable, unavailable } from './lib/report.ts';

export interface BenchOptions {
  quick: boolean;
  only: Set<string> | null;
  profile: boolean;
  help: boolean;
}

const ITEM_IDS = ['1', '2', '3', '4', '5', '6', '7', '8'];

export function parseArgs(argv: readonly string[]): BenchOptions {
  const opts: BenchOptions = { quick: false, only: null, profile: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--quick' || a === '-q') opts.quick = true;
    else if (a === '--profile') opts.profile = true;
    else if (a === '--help' || a === '-h') opts.help = true;
    else if (a === '--only' || a.startsWith('--only=')) {
      const value = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (!value) throw new Error('--only needs a list of items, e.g. --only 1,6');
      const ids = value.split(',').map((s) => s.trim());
      const bad = ids.filter((id) => !ITEM_IDS.includes(id));
      if (bad.length) throw new Error(`unknown item(s) ${bad.join(', ')}: items are ${ITEM_IDS.join(', ')}`);
      opts.only = new Set(ids);
    } else throw new Error(`unknown argument "${a}" (try --help)`);
  }
  return opts;
}

const HELP = `usage: npm run bench [-- --quick] [--only 1,2,…] [--profile]
  --quick     under 60 s: smaller counts and fewer/shorter rounds
  --only      run only these items (1 verify, 2 http auth + peers, 3 cold verify, 4 resource reads, 5 fleet, 6 vault, 7 memory, 8 PostgreSQL)
  --profile   platform processes run with --cpu-prof (profiles in bench/.data/profiles)
DATABASE_URL=postgres://… adds item 8 (items 2 and 3 on PostgreSQL, in the database <name>_bench).`;

interface Item {
  id: string;
  title: string;
  /** Shared processes the item uses; each is closed once no later item needs it. */
  uses?: string[];
  run(ctx: BenchContext): Promise<Row[]>;
}

const ITEMS: Item[] = [
  { id: '1', title: 'cached verify', run: benchCachedVerify },
  {
    id: '2',
    title: 'HTTP cost of key auth, and the peers',
    uses: ['api-sqlite', 'peer-better-auth', 'peer-bearer-auth'],
    run: (ctx) => benchHttpAuth(ctx, 'sqlite'),
  },
  { id: '3', title: 'cold verify', run: (ctx) => benchCold(ctx, 'sqlite') },
  { id: '4', title: 'resource reads and scope/tenant checks', uses: ['api-sqlite'], run: benchResources },
  { id: '5', title: 'connector fleet check', run: benchFleet },
  { id: '6', title: 'vault', run: benchVault },
  { id: '7', title: 'memory', run: benchMemory },
  {
    id: '8',
    title: 'PostgreSQL',
    uses: ['api-postgres'],
    async run(ctx) {
      if (!ctx.pgUrl) return [unavailable('8', 'items 2 and 3 on PostgreSQL', 'DATABASE_URL is not set')];
      const rows = await guarded('8·2', 'HTTP overhead of key auth (PostgreSQL)', () => benchHttpAuth(ctx, 'postgres'), ctx);
      return rows.concat(await guarded('8·3', 'cold verify (PostgreSQL)', () => benchCold(ctx, 'postgres'), ctx));
    },
  },
];

async function guarded(id: string, title: string, fn: () => Promise<Row[]>, ctx: BenchContext): Promise<Row[]> {
  const started = performance.now();
  ctx.log(`▶ ${id} ${title}`);
  try {
    const rows = await fn();
    ctx.log(`  done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return rows;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    ctx.log(`  ✗ could not run: ${err instanceof Error ? (err.stack ?? message) : message}`);
    return [unavailable(id, title, `could not run: ${message.split('\n')[0]}`, 'error')];
  }
}

export async function runBench(argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  let opts: BenchOptions;
  try {
    opts = parseArgs(argv);
  } catch (err) {
    console.error((err as Error).message);
    return 2;
  }
  if (opts.help) {
    console.log(HELP);
    return 0;
  }
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const m = machine();
  const log = (message: string) => process.stderr.write(`${message}\n`);
  log(`latchkey bench (${opts.quick ? 'quick' : 'default'} mode) — ${machineLine(m)}`);

  let pgUrl: string | null = null;
  let pgError: string | null = null;
  const wanted = (id: string) => !opts.only || opts.only.has(id);
  if (wanted('8') && process.env.DATABASE_URL?.startsWith('postgres')) {
    try {
      pgUrl = await benchDatabaseUrl(process.env.DATABASE_URL);
    } catch (err) {
      pgError = (err as Error).message;
    }
  }
  const ctx: BenchContext = {
    quick: opts.quick,
    profile: opts.profile,
    pgUrl,
    sizes: sizesFor(opts.quick),
    log,
    shared: {},
    resources: new Map(),
  };

  const rows: Row[] = [];
  try {
    for (const item of ITEMS) {
      if (!wanted(item.id)) continue;
      if (item.id === '8' && pgError) {
        rows.push(unavailable('8', 'items 2 and 3 on PostgreSQL', pgError, 'error'));
        continue;
      }
      rows.push(...(item.id === '8' ? await item.run(ctx) : await guarded(item.id, item.title, () => item.run(ctx), ctx)));
      const later = ITEMS.slice(ITEMS.indexOf(item) + 1).filter((i) => wanted(i.id));
      for (const name of item.uses ?? []) if (!later.some((i) => i.uses?.includes(name))) await releaseShared(ctx, name);
    }
  } finally {
    await closeShared(ctx);
  }

  m.loadAtEnd = machine().loadAtStart;
  const seconds = (performance.now() - started) / 1000;
  const errors = rows.filter((r) => r.verdict === 'error').length;
  const missed = rows.filter((r) => r.verdict === 'MISSED').length;
  const met = rows.filter((r) => r.verdict === 'met').length;
  const s = ctx.sizes;
  const mode = opts.quick
    ? `quick mode: ${s.bigKeys.toLocaleString('en-US')} keys instead of 1,000,000, ${s.warmKeys.toLocaleString('en-US')} cached instead of 100,000, a fleet of ${s.fleet.toLocaleString('en-US')} instead of 10,000, shorter and fewer rounds`
    : 'default mode';

  const out = [
    '',
    `Latchkey benchmark — ${mode}`,
    machineLine(m),
    'Every ratio is formed per round against a baseline measured in the same run; "median (min–max)" over the rounds.',
    '',
    renderTable(rows),
    '',
    `goals: ${met} met, ${missed} missed${errors ? `, ${errors} item(s) could not run` : ''} — ${seconds.toFixed(0)} s`,
  ].join('\n');
  console.log(out);

  const exitCode = errors > 0 ? 1 : 0;
  const resultsDir = join(BENCH_DIR, 'results');
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(
    join(resultsDir, 'latest.json'),
    `${JSON.stringify({ version: 1, mode: opts.quick ? 'quick' : 'default', only: opts.only ? [...opts.only] : null, startedAt, seconds, machine: m, sizes: s, rows, exitCode }, null, 2)}\n`,
  );
  return exitCode;
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  runBench().then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
