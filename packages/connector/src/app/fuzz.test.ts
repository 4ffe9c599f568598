import { type FuzzPlatform, startFuzzPlatform } from '@latchkey/platform/fuzz-targets.ts';
import { formatFuzzReport, fuzz } from '@latchkey/server-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FuzzConnector, startFuzzConnector } from './fuzz-target.ts';

/**
 * The bounded slice of `npm run fuzz` that every `npm test` runs on each database: at least 10,000 hostile
 * requests over every route of the platform (external API, web API, docs) and of the reference connector
 * (web API, webhook receiver), and not one 5xx or hang. FUZZ_CASES raises it; FUZZ_SEED replays a run.
 */
const CASES = Math.max(10_000, Number(process.env.FUZZ_CASES) || 0);
const SEED = Number(process.env.FUZZ_SEED) || Date.now() % 2 ** 31;

describe('fuzz: hostile input over every route of both apps', () => {
  let platform: FuzzPlatform;
  let connector: FuzzConnector;
  beforeAll(async () => {
    platform = await startFuzzPlatform();
    connector = await startFuzzConnector({
      platformBaseUrl: platform.platform.url,
      key: (await platform.platform.issueKey({ scopes: ['export-jobs:read', 'export-jobs:write', 'export-items:read'] })).key,
    });
  }, 300_000);
  afterAll(async () => {
    await connector?.close();
    await platform?.close();
  });

  it(`${CASES} cases: no 5xx, no hang`, { timeout: 1_800_000 }, async () => {
    const report = await fuzz([platform.target, connector.target], { cases: CASES, seed: SEED });
    console.log(formatFuzzReport(`fuzz (seed ${SEED})`, report));
    expect(report.cases).toBeGreaterThanOrEqual(CASES);
    expect(report.findings.map((f) => `${f.method} ${f.route} → ${f.status}: ${f.cause} (e.g. ${f.example.url})`)).toEqual([]);
    expect(report.serverErrors).toBe(0);
    expect(report.hangs).toBe(0);
  });
});
