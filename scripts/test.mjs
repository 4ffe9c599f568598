#!/usr/bin/env node
// `npm test`: every suite on embedded SQLite; then, when DATABASE_URL is set, the database-backed
// suites again on PostgreSQL. Ends with one plain line: `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const outDir = join(root, 'test-results');
mkdirSync(outDir, { recursive: true });
const extra = process.argv.slice(2);

function run(label, env, args) {
  const out = join(outDir, `vitest-${label}.json`);
  rmSync(out, { force: true });
  console.error(`\n=== ${label} ===`);
  const res = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules/vitest/vitest.mjs'),
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${out}`,
      ...args,
      ...extra,
    ],
    { stdio: 'inherit', env: { ...process.env, ...env }, cwd: root },
  );
  if (!existsSync(out)) return { passed: 0, failed: 1, crashed: true, code: res.status };
  const r = JSON.parse(readFileSync(out, 'utf8'));
  // A suite that failed to load counts as a failure even though it ran no test.
  const brokenFiles = r.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
  return { passed: r.numPassedTests, failed: r.numFailedTests + brokenFiles, skipped: r.numPendingTests + r.numTodoTests };
}

const results = [];
const { DATABASE_URL, ...envWithoutDb } = process.env;
results.push(run('sqlite', { ...envWithoutDb, DATABASE_URL: '', LATCHKEY_TEST_DATABASE_URL: '' }, []));
if (DATABASE_URL?.startsWith('postgres')) {
  results.push(
    run('postgres', { LATCHKEY_TEST_DATABASE_URL: DATABASE_URL }, [
      '--project',
      'server-kit',
      '--project',
      'platform',
      '--project',
      'connector',
    ]),
  );
}
const total = results.reduce(
  (a, r) => ({ passed: a.passed + r.passed, failed: a.failed + r.failed, skipped: a.skipped + (r.skipped ?? 0) }),
  {
    passed: 0,
    failed: 0,
    skipped: 0,
  },
);
if (process.env.CI === 'true' && total.skipped > 0) {
  console.error(`CI: ${total.skipped} test(s) skipped; under CI every suite must run.`);
  total.failed += total.skipped;
}
console.log(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
process.exit(total.failed > 0 || total.passed === 0 ? 1 : 0);
