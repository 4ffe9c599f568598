import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Child, DATA_DIR } from '../lib/child.ts';
import { type BenchContext, PROFILE_DIR, shared } from '../lib/context.ts';
import { preparePgSchema } from '../lib/pg.ts';
import { fmt, judge, type Row, unavailable } from '../lib/report.ts';
import { figure, median, pairedRounds, ratios } from '../lib/stats.ts';
import type { CannonMessage, CannonResult, CannonRun } from '../procs/cannon.ts';
import type { PlatformMessage, PlatformPayload, PlatformReady } from '../procs/platform.ts';

export type Target = 'sqlite' | 'postgres';
const CONNECTIONS = 50;
const VENDORS = 20;
/** Pleo's vendor list operation. */
const VENDOR_SEARCH = '/v1/vendors:search';

export interface LoadSpec {
  path: string;
  method?: 'GET' | 'POST';
  body?: string;
  /** true = the issued key; a string = this Authorization header. */
  auth: boolean | string;
}

/** A platform process and a load-generator process, both on 127.0.0.1, for the length of one item. */
export class HttpSession {
  private constructor(
    readonly ctx: BenchContext,
    readonly platform: Child<PlatformMessage>,
    readonly cannon: Child<CannonMessage>,
    readonly ready: PlatformReady,
  ) {}

  static async start(
    ctx: BenchContext,
    target: Target,
    opts: { vendors?: number; label: string; dataDir?: string; issueKey?: boolean; warmKeys?: number },
  ): Promise<HttpSession> {
    let payload: PlatformPayload;
    if (target === 'postgres') {
      if (!ctx.pgUrl) throw new Error('no PostgreSQL database');
      const schema = `bench_${opts.label}`;
      await preparePgSchema(ctx.pgUrl, schema, { fresh: true });
      payload = { databaseUrl: ctx.pgUrl, schema, issueKey: opts.issueKey ?? true, vendors: opts.vendors, warmKeys: opts.warmKeys };
    } else {
      let dataDir = opts.dataDir;
      if (!dataDir) {
        dataDir = join(DATA_DIR, `platform-${opts.label}`);
        rmSync(dataDir, { recursive: true, force: true });
      }
      payload = { databaseUrl: '', dataDir, issueKey: opts.issueKey ?? true, vendors: opts.vendors, warmKeys: opts.warmKeys };
    }
    const nodeFlags: string[] = [];
    if (ctx.profile) {
      // One folder per process (its main thread and tsx's loader thread each write a profile).
      const dir = join(PROFILE_DIR, `platform-${opts.label}-${target}-${Date.now()}`);
      mkdirSync(dir, { recursive: true });
      nodeFlags.push('--cpu-prof', `--cpu-prof-dir=${dir}`);
      ctx.log(`  CPU profile of the platform process → ${dir}`);
    }
    const platform = new Child<PlatformMessage>('platform.ts', payload, { nodeFlags });
    try {
      const [ready, cannon] = await Promise.all([platform.next('ready'), loadGenerator(ctx)]);
      return new HttpSession(ctx, platform, cannon, ready);
    } catch (err) {
      await platform.stop();
      throw err;
    }
  }

  /** One autocannon run; refuses results with errors or non-2xx answers (the comparison would be void). */
  async load(spec: LoadSpec, seconds: number): Promise<CannonResult> {
    const headers: Record<string, string> = {};
    if (typeof spec.auth === 'string') headers.authorization = spec.auth;
    else if (spec.auth) {
      if (!this.ready.authorization) throw new Error('the platform issued no key');
      headers.authorization = this.ready.authorization;
    }
    if (spec.body !== undefined) headers['content-type'] = 'application/json';
    const run: CannonRun = {
      type: 'run',
      url: `${this.ready.url}${spec.path}`,
      headers,
      connections: CONNECTIONS,
      durationS: seconds,
      method: spec.method,
      body: spec.body,
    };
    this.cannon.send(run);
    const result = await this.cannon.next('result', (seconds + 60) * 1000);
    if (result.non2xx > 0 || result.errors > 0 || result.total === 0) {
      throw new Error(
        `${spec.method ?? 'GET'} ${spec.path}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts of ${result.total} (status codes ${JSON.stringify(result.statusCodes)})`,
      );
    }
    return result;
  }

  /** Warm-up, then `rounds` paired runs of a baseline route and ours. */
  async compare(baseline: LoadSpec, ours: LoadSpec): Promise<{ baseline: CannonResult[]; ours: CannonResult[] }> {
    const { httpRounds, httpSeconds } = this.ctx.sizes;
    const warm = this.ctx.quick ? 0.5 : 1.5;
    await this.load(baseline, warm);
    await this.load(ours, warm);
    const b: CannonResult[] = [];
    const o: CannonResult[] = [];
    await pairedRounds(
      httpRounds,
      async () => {
        b.push(await this.load(baseline, httpSeconds));
        return 0;
      },
      async () => {
        o.push(await this.load(ours, httpSeconds));
        return 0;
      },
    );
    return { baseline: b, ours: o };
  }

  /** Stops the platform process (the load generator is shared by the whole run). */
  async close(): Promise<void> {
    await this.platform.stop();
  }
}

/** One autocannon process for the whole run. */
function loadGenerator(ctx: BenchContext): Promise<Child<CannonMessage>> {
  return shared(
    ctx,
    'cannon',
    async () => {
      const cannon = new Child<CannonMessage>('cannon.ts', {});
      await cannon.next('ready');
      return cannon;
    },
    (c) => c.stop(),
  );
}

/** The platform (with an issued key and 20 vendors) and load generator that items 2, 4 and 8·2 share per database. */
export function apiSession(ctx: BenchContext, target: Target): Promise<HttpSession> {
  return shared(
    ctx,
    `api-${target}`,
    () => HttpSession.start(ctx, target, { label: 'api', vendors: VENDORS }),
    (s) => s.close(),
  );
}

const reqs = (rs: CannonResult[]) => rs.map((r) => r.reqPerSec);
const p99s = (rs: CannonResult[]) => rs.map((r) => r.p99Ms);

/** Item 2 (and 8·2 on PostgreSQL): the HTTP cost of key auth on `GET /v1/installations/me`. */
export async function benchHttpAuth(ctx: BenchContext, target: Target): Promise<Row[]> {
  const prefix = target === 'postgres' ? '8·2' : '2';
  const db = target === 'postgres' ? 'PostgreSQL' : 'SQLite';
  const session = await apiSession(ctx, target);
  const installationId = session.ready.installationId!;
  const { baseline, ours } = await session.compare(
    { path: `/bench/open/${installationId}`, auth: false },
    { path: '/v1/installations/me', auth: true },
  );
  const note = `${db}; autocannon -c ${CONNECTIONS} in its own process, ${ctx.sizes.httpSeconds} s × ${ctx.sizes.httpRounds} alternating rounds per route after warm-up; baseline = GET /bench/open/:id, the same body without auth`;
  if (target === 'sqlite') ctx.shared.authReqPerSec = figure(reqs(ours));
  return [
    judge({
      id: `${prefix}a`,
      title: `authenticated GET /v1/installations/me (${db})`,
      unit: 'req/s',
      ours: figure(reqs(ours)),
      baseline: figure(reqs(baseline)),
      baselineLabel: 'open route',
      ratio: figure(ratios(reqs(ours), reqs(baseline))),
      ratioLabel: 'ours/open',
      goal: { on: 'ratio', op: '>=', value: 0.9 },
      note,
    }),
    judge({
      id: `${prefix}b`,
      title: `  same, p99 latency (${db})`,
      unit: 'ms',
      ours: figure(p99s(ours)),
      baseline: figure(p99s(baseline)),
      baselineLabel: 'open route',
      ratio: figure(ratios(p99s(ours), p99s(baseline))),
      ratioLabel: 'ours/open',
      goal: { on: 'ratio', op: '<=', value: 1.2 },
    }),
  ];
}

/** Item 4: scope + tenant checks on Pleo's vendor list (`POST /v1/vendors:search`) vs the same route unchecked. */
export async function benchScopeCheck(ctx: BenchContext): Promise<Row[]> {
  const session = await apiSession(ctx, 'sqlite');
  if (!session.ready.vendorSearch) {
    return [
      unavailable(
        '4',
        'scope/tenant check on the vendor list',
        `POST ${VENDOR_SEARCH} is not served by the platform yet (resource routes not registered)`,
      ),
    ];
  }
  const query = `?company_id=${session.ready.companyId}`;
  const { baseline, ours } = await session.compare(
    { path: `/bench/unchecked${VENDOR_SEARCH}${query}`, method: 'POST', body: '{}', auth: false },
    { path: `${VENDOR_SEARCH}${query}`, method: 'POST', body: '{}', auth: true },
  );
  const costUs = 1e6 / median(reqs(ours)) - 1e6 / median(reqs(baseline));
  return [
    judge({
      id: '4a',
      title: `checked POST ${VENDOR_SEARCH} (${VENDORS} vendors)`,
      unit: 'req/s',
      ours: figure(reqs(ours)),
      baseline: figure(reqs(baseline)),
      baselineLabel: 'unchecked',
      ratio: figure(ratios(reqs(ours), reqs(baseline))),
      ratioLabel: 'ours/unchecked',
      goal: null,
      note: `Pleo's vendor list is POST ${VENDOR_SEARCH} (there is no GET /v1/vendors). Unchecked = the same route module registered again behind a hook that sets the key's principal (no key verification, no scope check); ≈ ${fmt(costUs)} µs of server time per request for the checks`,
    }),
    judge({
      id: '4b',
      title: '  same, p99 latency',
      unit: 'ms',
      ours: figure(p99s(ours)),
      baseline: figure(p99s(baseline)),
      baselineLabel: 'unchecked',
      ratio: figure(ratios(p99s(ours), p99s(baseline))),
      ratioLabel: 'ours/unchecked',
      goal: null,
    }),
  ];
}
