// `npm run fuzz [-- --cases N --db sqlite|postgres --seed S --out findings.json]`: fast-check over every
// route of the platform (external API, web API, docs) and of the reference connector (web API, webhook
// receiver), through app.inject. Prints cases run, 5xx and hangs per app, and each distinct finding;
// exits 1 when there was any 5xx or hang. `--db postgres` runs on DATABASE_URL (or LATCHKEY_TEST_DATABASE_URL).
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '100000' },
    db: { type: 'string', default: process.env.FUZZ_DB ?? 'sqlite' },
    seed: { type: 'string' },
    out: { type: 'string' },
    concurrency: { type: 'string', default: '4' },
  },
});
if (values.db === 'postgres') {
  const url = process.env.LATCHKEY_TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (!url?.startsWith('postgres')) {
    console.error('--db postgres needs DATABASE_URL (or LATCHKEY_TEST_DATABASE_URL) set to a postgres:// URL');
    process.exit(2);
  }
  process.env.LATCHKEY_TEST_DATABASE_URL = url;
} else if (values.db === 'sqlite') {
  process.env.LATCHKEY_TEST_DATABASE_URL = '';
} else {
  console.error(`--db must be sqlite or postgres, got "${values.db}"`);
  process.exit(2);
}
const cases = Number(values.cases);
if (!Number.isInteger(cases) || cases < 1) {
  console.error(`--cases must be a positive integer, got "${values.cases}"`);
  process.exit(2);
}

const { fuzz, formatFuzzReport } = await import('../packages/server-kit/src/testing/fuzz.ts');
const { startFuzzPlatform } = await import('../packages/platform/src/fuzz-targets.ts');
const { startFuzzConnector } = await import('../packages/connector/src/app/fuzz-target.ts');

const platform = await startFuzzPlatform();
const connector = await startFuzzConnector({
  platformBaseUrl: platform.platform.url,
  key: (await platform.platform.issueKey({ scopes: ['export-jobs:read', 'export-jobs:write', 'export-items:read'] })).key,
});
const seed = values.seed ? Number(values.seed) : Date.now() % 2 ** 31;
console.log(`fuzzing ${cases} cases on ${values.db} (seed ${seed})…`);
try {
  const report = await fuzz([platform.target, connector.target], {
    cases,
    seed,
    concurrency: Number(values.concurrency),
    progress: (done, r) => console.log(`  … ${done} cases, ${r.serverErrors} 5xx, ${r.hangs} hangs, ${(r.ms / 1000).toFixed(0)} s`),
  });
  console.log(formatFuzzReport(`fuzz (${values.db})`, report));
  if (values.out) writeFileSync(values.out, JSON.stringify({ db: values.db, seed, ...report }, null, 2));
  process.exitCode = report.serverErrors || report.hangs ? 1 : 0;
} finally {
  await connector.close();
  await platform.close();
}
