import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Child, DATA_DIR } from '../lib/child.ts';
import { BENCH_HEALTHZ, type BenchContext, PROFILE_DIR, shared } from '../lib/context.ts';
import { ensurePeers } from '../lib/peers.ts';
import { preparePgSchema } from '../lib/pg.ts';
import { fmt, judge, type Row, unavailable } from '../lib/report.ts';
import { figure, median, ratios, rotatingRounds } from '../lib/stats.ts';
import type { PeerMessage, PeerPayload } from '../peers/server.ts';
import type { CannonMessage, CannonResult, CannonRun } from '../procs/cannon.ts';
import type { PlatformMessage, PlatformPayload, PlatformReady } from '../procs/platform.ts';
import { dbPartRows } from './db-part.ts';

export type Target = 'sqlite' | 'postgres';
const CONNECTIONS = 50;
const VENDORS = 20;
/** Pleo's vendor list operation. */
const VENDOR_SEARCH = '/v1/vendors:search';

/** One thing to load: a URL on some server, with the headers and body to send. */
export interface Endpoint {
  url: string;
  headers: Record<string, string>;
  method?: 'GET' | 'POST';
  body?: string;
}

/** One autocannon run; refuses results with errors or non-2xx answers (the comparison would be void). */
async function load(cannon: Child<CannonMessage>, ep: Endpoint, seconds: number): Promise<CannonResult> {
  const headers = { ...ep.headers, ...(ep.body !== undefined ? { 'content-type': 'application/json' } : {}) };
  const run: CannonRun = {
    type: 'run',
    url: ep.url,
    headers,
    connections: CONNECTIONS,
    durationS: seconds,
    method: ep.method,
    body: ep.body,
  };
  cannon.send(run);
  const result = await cannon.next('result', (seconds + 60) * 1000);
  if (result.non2xx > 0 || result.errors > 0 || result.total === 0) {
    throw new Error(
      `${ep.method ?? 'GET'} ${ep.url}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts of ${result.total} (status codes ${JSON.stringify(result.statusCodes)})`,
    );
  }
  return result;
}

/** Warm-up, then `httpRounds` rounds in which every endpoint is loaded once (order rotated per round). */
async function compare<K extends string>(ctx: BenchContext, endpoints: Record<K, Endpoint>): Promise<Record<K, CannonResult[]>> {
  const cannon = await loadGenerator(ctx);
  const { httpRounds, httpSeconds } = ctx.sizes;
  const warm = ctx.quick ? 0.5 : 1.5;
  for (const ep of Object.values<Endpoint>(endpoints)) await load(cannon, ep, warm);
  const runs = Object.fromEntries(Object.entries<Endpoint>(endpoints).map(([k, ep]) => [k, () => load(cannon, ep, httpSeconds)]));
  return rotatingRounds(httpRounds, runs as Record<K, () => Promise<CannonResult>>);
}

/** A platform process on 127.0.0.1, for the length of one or more items. */
export class HttpSession {
  private constructor(
    private readonly ctx: BenchContext,
    readonly platform: Child<PlatformMessage>,
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
    const platform = new Child<PlatformMessage>('platform.ts', payload, {
      nodeFlags: profileFlags(ctx, `platform-${opts.label}-${target}`),
    });
    try {
      const [ready] = await Promise.all([platform.next('ready'), loadGenerator(ctx)]);
      return new HttpSession(ctx, platform, ready);
    } catch (err) {
      await platform.stop();
      throw err;
    }
  }

  /** A path of this platform; `auth` true = with the issued key, a string = this Authorization header. */
  endpoint(path: string, auth: boolean | string, method?: 'GET' | 'POST', body?: string): Endpoint {
    const headers: Record<string, string> = {};
    if (typeof auth === 'string') headers.authorization = auth;
    else if (auth) {
      if (!this.ready.authorization) throw new Error('the platform issued no key');
      headers.authorization = this.ready.authorization;
    }
    return { url: `${this.ready.url}${path}`, headers, method, body };
  }

  /** One autocannon run against this platform. */
  async load(ep: Endpoint, seconds: number): Promise<CannonResult> {
    return load(await loadGenerator(this.ctx), ep, seconds);
  }

  async close(): Promise<void> {
    await this.platform.stop();
  }
}

function profileFlags(ctx: BenchContext, label: string): string[] {
  if (!ctx.profile) return [];
  // One folder per process (its main thread and tsx's loader thread each write a profile).
  const dir = join(PROFILE_DIR, `${label}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  ctx.log(`  CPU profile of ${label} → ${dir}`);
  return ['--cpu-prof', `--cpu-prof-dir=${dir}`];
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

/** The platform (with an issued key and 20 vendors) that items 2, 4 and 8·2 share per database. */
export function apiSession(ctx: BenchContext, target: Target): Promise<HttpSession> {
  return shared(
    ctx,
    `api-${target}`,
    () => HttpSession.start(ctx, target, { label: 'api', vendors: VENDORS }),
    (s) => s.close(),
  );
}

type PeerName = 'better-auth' | 'bearer-auth';

/** A peer server in its own process (bench/peers), installed on first use. */
async function peer(ctx: BenchContext, name: PeerName): Promise<Endpoint> {
  await ensurePeers(ctx);
  const ready = await shared(
    ctx,
    `peer-${name}`,
    async () => {
      const payload: PeerPayload = { dataDir: join(DATA_DIR, `peer-${name}`) };
      const child = new Child<PeerMessage>(`peers/${name}.ts`, payload, { nodeFlags: profileFlags(ctx, `peer-${name}`) });
      try {
        return { child, ready: await child.next('ready') };
      } catch (err) {
        await child.stop();
        throw err;
      }
    },
    (p) => p.child.stop(),
  );
  return { url: `${ready.ready.url}/v1/installations/me`, headers: ready.ready.headers };
}

const reqs = (rs: CannonResult[]) => rs.map((r) => r.reqPerSec);
const p99s = (rs: CannonResult[]) => rs.map((r) => r.p99Ms);
const HEALTHZ_LABEL = '/healthz-like';

function vsHealthz(id: string, title: string, ours: CannonResult[], healthz: CannonResult[], goal: number, note?: string): Row[] {
  return [
    judge({
      id,
      title,
      unit: 'req/s',
      ours: figure(reqs(ours)),
      baseline: figure(reqs(healthz)),
      baselineLabel: HEALTHZ_LABEL,
      ratio: figure(ratios(reqs(ours), reqs(healthz))),
      ratioLabel: 'ours/healthz',
      goal: { on: 'ratio', op: '>=', value: goal },
      note,
    }),
    judge({
      id: `${id}′`,
      title: '  same, p99 latency',
      unit: 'ms',
      ours: figure(p99s(ours)),
      baseline: figure(p99s(healthz)),
      baselineLabel: HEALTHZ_LABEL,
      ratio: figure(ratios(p99s(ours), p99s(healthz))),
      ratioLabel: 'ours/healthz',
      goal: { on: 'ratio', op: '<=', value: 1.2 },
    }),
  ];
}

/**
 * Item 2 (and 8·2 on PostgreSQL): what key authentication costs over an open route on the same server,
 * and — on SQLite — how `GET /v1/installations/me` compares with two peers loaded the same way.
 */
export async function benchHttpAuth(ctx: BenchContext, target: Target): Promise<Row[]> {
  const prefix = target === 'postgres' ? '8·2' : '2';
  const db = target === 'postgres' ? 'PostgreSQL' : 'SQLite';
  const session = await apiSession(ctx, target);
  const own = {
    healthz: session.endpoint(BENCH_HEALTHZ, false),
    introspect: session.endpoint('/v1/introspect', true),
    me: session.endpoint('/v1/installations/me', true),
  };
  const endpoints: Record<string, Endpoint> =
    target === 'sqlite' ? { ...own, betterAuth: await peer(ctx, 'better-auth'), bearer: await peer(ctx, 'bearer-auth') } : own;
  const r = (await compare(ctx, endpoints)) as Record<keyof typeof own, CannonResult[]> & {
    betterAuth?: CannonResult[];
    bearer?: CannonResult[];
  };
  if (target === 'sqlite') ctx.shared.authReqPerSec = figure(reqs(r.introspect));
  const note = `${db}; autocannon -c ${CONNECTIONS} in its own process, ${ctx.sizes.httpSeconds} s × ${ctx.sizes.httpRounds} rounds per route (order rotated) after warm-up; baseline ${BENCH_HEALTHZ} = what /healthz does (no auth, no I/O), registered by the benchmark on the same server`;
  const rows = [
    ...vsHealthz(`${prefix}a`, `authenticated GET /v1/introspect (${db})`, r.introspect, r.healthz, 0.9, note),
    ...vsHealthz(`${prefix}b`, `authenticated GET /v1/installations/me (${db})`, r.me, r.healthz, 0.85),
  ];
  if (r.betterAuth && r.bearer) {
    rows.push(
      judge({
        id: `${prefix}c`,
        title: '  same vs Better Auth API-key plugin (SQLite WAL)',
        unit: 'req/s',
        ours: figure(reqs(r.me)),
        baseline: figure(reqs(r.betterAuth)),
        baselineLabel: 'Better Auth',
        ratio: figure(ratios(reqs(r.me), reqs(r.betterAuth))),
        ratioLabel: 'ours/peer',
        goal: { on: 'ratio', op: '>=', value: 30 },
        note: 'peers run in their own process on the same Fastify, answering the same body through the same response schema; Better Auth = @better-auth/api-key verifyApiKey per request (its rate limit off, otherwise defaults)',
      }),
      judge({
        id: `${prefix}d`,
        title: '  same vs @fastify/bearer-auth (plaintext key set)',
        unit: 'req/s',
        ours: figure(reqs(r.me)),
        baseline: figure(reqs(r.bearer)),
        baselineLabel: 'bearer-auth',
        ratio: figure(ratios(reqs(r.me), reqs(r.bearer))),
        ratioLabel: 'ours/peer',
        goal: { on: 'ratio', op: '>=', value: 0.85 },
        note: 'bearer-auth = a Set of 100 plaintext keys: no hashing, no database, no scopes, no rate limit',
      }),
    );
  }
  return rows;
}

/** Item 4: resource reads by id against the open route, their database part, and scope/tenant checks on the vendor list. */
export async function benchResources(ctx: BenchContext): Promise<Row[]> {
  const session = await apiSession(ctx, 'sqlite');
  const { companyId, vendorId } = session.ready;
  if (!session.ready.vendorSearch || !companyId || !vendorId) {
    return [unavailable('4', 'resource reads', 'the platform serves no resource routes or issued no key')];
  }
  const query = `?company_id=${companyId}`;
  const r = await compare(ctx, {
    healthz: session.endpoint(BENCH_HEALTHZ, false),
    company: session.endpoint(`/v1/companies/${companyId}`, true),
    vendor: session.endpoint(`/v1/vendors/${vendorId}`, true),
    unchecked: session.endpoint(`/bench/unchecked${VENDOR_SEARCH}${query}`, false, 'POST', '{}'),
    checked: session.endpoint(`${VENDOR_SEARCH}${query}`, true, 'POST', '{}'),
  });
  const costUs = 1e6 / median(reqs(r.checked)) - 1e6 / median(reqs(r.unchecked));
  return [
    ...vsHealthz(
      '4a',
      'GET /v1/companies/{id} (SQLite)',
      r.company,
      r.healthz,
      0.6,
      'key, scope and company checks, one row read by Kysely',
    ),
    ...vsHealthz('4b', 'GET /v1/vendors/{id} (SQLite)', r.vendor, r.healthz, 0.6),
    ...(await dbPartRows(ctx)),
    judge({
      id: '4e',
      title: `checked POST ${VENDOR_SEARCH} (${VENDORS} vendors)`,
      unit: 'req/s',
      ours: figure(reqs(r.checked)),
      baseline: figure(reqs(r.unchecked)),
      baselineLabel: 'unchecked',
      ratio: figure(ratios(reqs(r.checked), reqs(r.unchecked))),
      ratioLabel: 'ours/unchecked',
      goal: null,
      note: `Pleo's vendor list is POST ${VENDOR_SEARCH}. Unchecked = the same route module registered again behind a hook that sets the key's principal (no key verification, no scope check); ≈ ${fmt(costUs)} µs of server time per request for the checks`,
    }),
  ];
}
