import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { type RegisteredRoute, routesOf } from '../http/routes.ts';

/**
 * A fast-check fuzzer over every route an app registered (server-kit records them, so routes added later
 * are fuzzed without a list to keep): hostile path params, query strings, headers, Authorization values
 * and JSON bodies shaped after each route's own schema, sent with `app.inject`. A 5xx or an answer that
 * does not come within `hangMs` is a finding.
 */

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Schema = Record<string, unknown>;

export interface FuzzTarget {
  name: string;
  app: FastifyInstance;
  /** Routes to leave out (default: none). */
  exclude?: (route: RegisteredRoute) => boolean;
  /**
   * Header sets that authenticate (a valid key, a session cookie with its CSRF token, …), each for the
   * routes its `routes` matches (default all); asked again every `refreshEvery` cases, in the same order.
   */
  credentials(): Promise<FuzzCredential[]>;
  /** Real ids (of this and other companies/tenants) to use as path params, body fields and cursors. */
  ids?: readonly string[];
  /** Error-level log lines written since the last call, to name what a 5xx was. */
  drainErrors?: () => string[];
}

export interface FuzzCredential {
  headers: Record<string, string>;
  /** URL patterns this credential is for (most cases of a route use one of its own). */
  routes?: RegExp;
}

export interface FuzzFinding {
  target: string;
  method: string;
  route: string;
  status: number | 'hang';
  /** What the app logged, or the body it answered. */
  cause: string;
  count: number;
  example: { url: string; headers: Record<string, string>; body: string };
}

export interface FuzzReport {
  cases: number;
  serverErrors: number;
  hangs: number;
  /** Cases the injector itself refused (e.g. a header it cannot send); not counted as cases. */
  unsendable: number;
  ms: number;
  findings: FuzzFinding[];
  statuses: Record<string, number>;
  /** Milliseconds spent per route (`METHOD url`), the slowest first in the printed report. */
  timeByRoute: Record<string, number>;
}

export interface FuzzOptions {
  cases: number;
  seed?: number;
  /** An answer slower than this is a hang. Default 10 s. */
  hangMs?: number;
  refreshEvery?: number;
  /** Cases sent at once. Default 4. */
  concurrency?: number;
  /** Called every 5,000 cases. */
  progress?: (done: number, report: FuzzReport) => void;
}

// ---------------------------------------------------------------- hostile values

const NASTY = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u0000\u0000\u0000',
  '%00',
  '\\u0000',
  '\uFFFF',
  '\uFEFF',
  '\u202E',
  '\uD800',
  '\uDFFF',
  '😀',
  'Ω≈ç√∫',
  '\r\n',
  '\t',
  '../../../etc/passwd',
  "' OR '1'='1",
  '"; DROP TABLE companies; --',
  '<script>alert(1)</script>',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, on purpose
  '${7*7}',
  '__proto__',
  'constructor',
  'prototype',
  'null',
  'undefined',
  'true',
  'NaN',
  'Infinity',
  '-1',
  '0',
  '1e309',
  '9223372036854775807',
  '9223372036854775808',
  '18446744073709551616',
  '-9223372036854775809',
  '2147483648',
  '0x7fffffff',
  '1.5',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  'urn:pleo:company:00000000-0000-0000-0000-000000000000',
  '2024-02-30T25:61:61Z',
  '0000-00-00',
  '9999-12-31T23:59:59.999Z',
  '+275760-09-13T00:00:00.000Z',
  'lk_live_',
  'lk_test_0000000000000000000000000000000000000000000000000',
];
const HUGE_NUMBERS = [
  2 ** 31,
  2 ** 32,
  2 ** 53,
  2 ** 53 + 2,
  2 ** 63,
  2 ** 64,
  1e21,
  1e308,
  -1e308,
  -(2 ** 63),
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  -1,
  -0,
  0.5,
];
const BAD_UTF8 = [
  Buffer.from([0xff, 0xfe, 0xfd]),
  Buffer.from([0xc0, 0x80]),
  Buffer.from([0xed, 0xa0, 0x80]),
  Buffer.from('{"a":"\xff"}', 'latin1'),
];

const b64 = (s: string) => Buffer.from(s).toString('base64');
const b64url = (s: string) => Buffer.from(s).toString('base64url');

function strings(ids: readonly string[]): fc.Arbitrary<string> {
  const id = ids.length ? fc.constantFrom(...ids) : fc.uuid();
  const nasty = fc.constantFrom(...NASTY);
  return fc.oneof(
    { weight: 4, arbitrary: fc.string({ maxLength: 30 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
    { weight: 5, arbitrary: nasty },
    { weight: 4, arbitrary: id },
    { weight: 2, arbitrary: fc.tuple(id, nasty).map(([a, b]) => a + b) },
    { weight: 2, arbitrary: fc.tuple(nasty, nasty).map(([a, b]) => `${a}${b}`) },
    // cursors: encoded ids, encoded garbage, encoded NUL
    { weight: 2, arbitrary: fc.oneof(id, nasty, fc.string({ unit: 'binary', maxLength: 20 })).map(b64url) },
    { weight: 1, arbitrary: fc.constantFrom(b64url('\u0000'), b64url('\uFFFD'), '!!!!', '====', 'a', '%') },
    { weight: 1, arbitrary: fc.integer({ min: 256, max: 20_000 }).map((n) => 'x'.repeat(n)) },
    { weight: 1, arbitrary: fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String) },
  );
}

const numbers = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: -5, max: 200 }) },
  { weight: 2, arbitrary: fc.constantFrom(...HUGE_NUMBERS) },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 1, arbitrary: fc.integer() },
);

/** Any JSON at all, hostile leaves included. */
function anyJson(str: fc.Arbitrary<string>): fc.Arbitrary<Json> {
  const leaf: fc.Arbitrary<Json> = fc.oneof(str, numbers, fc.boolean(), fc.constant(null));
  return fc.oneof(
    { weight: 3, arbitrary: leaf },
    { weight: 1, arbitrary: fc.array(leaf, { maxLength: 5 }) },
    { weight: 1, arbitrary: fc.dictionary(str, leaf, { maxKeys: 5 }) },
  );
}

// ---------------------------------------------------------------- schema-shaped values

interface Gen {
  str: fc.Arbitrary<string>;
  ids: fc.Arbitrary<string>;
  resolve: (s: Schema) => Schema;
}

/** A value that mostly fits `schema` (so it reaches the handler) with hostile values mixed in at every level. */
function fromSchema(schema: Schema | undefined, g: Gen, depth = 0, long = true): fc.Arbitrary<Json> {
  const hostile = anyJson(g.str);
  if (!schema || depth > 6) return hostile;
  const s = g.resolve(schema);
  const fitting = fitSchema(s, g, depth, long);
  return fc.oneof({ weight: 9, arbitrary: fitting }, { weight: 1, arbitrary: hostile });
}

/** `long`: this value may hold long arrays (never inside the items of another, so a case stays a few MB). */
function fitSchema(s: Schema, g: Gen, depth: number, long: boolean): fc.Arbitrary<Json> {
  const alternatives = (s.anyOf ?? s.oneOf ?? s.allOf) as Schema[] | undefined;
  if (alternatives?.length) return fc.oneof(...alternatives.map((a) => fromSchema(a, g, depth + 1, long)));
  if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as Json[]));
  if ('const' in s) return fc.constant(s.const as Json);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'string': {
      const valid =
        s.format === 'uuid'
          ? fc.oneof(g.ids, fc.uuid())
          : s.format === 'date-time'
            ? fc.date({ noInvalidDate: true, min: new Date(0), max: new Date(4e12) }).map((d) => d.toISOString())
            : s.format === 'date'
              ? fc.date({ noInvalidDate: true, min: new Date(0), max: new Date(4e12) }).map((d) => d.toISOString().slice(0, 10))
              : s.format === 'email'
                ? fc.emailAddress()
                : s.format === 'uri'
                  ? fc.webUrl()
                  : fc.string({ minLength: (s.minLength as number) ?? 0, maxLength: Math.min((s.maxLength as number) ?? 20, 20) });
      return fc.oneof({ weight: 3, arbitrary: valid }, { weight: 2, arbitrary: g.str });
    }
    case 'integer':
    case 'number': {
      const min = typeof s.minimum === 'number' ? s.minimum : -1000;
      const max = typeof s.maximum === 'number' ? s.maximum : 1000;
      const valid =
        type === 'integer'
          ? fc.integer({ min: Math.max(min, -1e6), max: Math.min(max, 1e6) })
          : fc.double({ min: -1e6, max: 1e6, noNaN: true });
      return fc.oneof({ weight: 3, arbitrary: valid }, { weight: 2, arbitrary: numbers }, { weight: 1, arbitrary: g.str });
    }
    case 'boolean':
      return fc.oneof({ weight: 4, arbitrary: fc.boolean() }, { weight: 1, arbitrary: g.str });
    case 'null':
      return fc.constant(null);
    case 'array': {
      const item = fromSchema(s.items as Schema | undefined, g, depth + 1, false);
      const short = fc.array(item, { maxLength: 4 });
      if (!long) return short;
      return fc.oneof(
        { weight: 8, arbitrary: short },
        // long arrays: many copies of one item (cheap to build, the same to the server)
        {
          weight: 1,
          arbitrary: fc.tuple(item, fc.constantFrom(1001, 1001, 5000, 40_000)).map(([v, n]) => Array.from({ length: n }, () => v)),
        },
      );
    }
    case 'object':
    case undefined: {
      const props = (s.properties ?? {}) as Record<string, Schema>;
      const required = new Set((s.required as string[] | undefined) ?? []);
      const names = Object.keys(props);
      if (!names.length) return fc.dictionary(g.str, anyJson(g.str), { maxKeys: 4 }) as fc.Arbitrary<Json>;
      const record: Record<string, fc.Arbitrary<Json>> = {};
      for (const n of names) record[n] = fromSchema(props[n], g, depth + 1, long);
      return fc
        .tuple(
          fc.record(record, { requiredKeys: names.filter((n) => required.has(n)) }),
          fc.subarray([...required]),
          fc.option(fc.tuple(g.str, anyJson(g.str)), { freq: 10 }),
        )
        .map(([obj, drop, extra]) => {
          const out = { ...(obj as Record<string, Json>) };
          if (drop.length && Math.random() < 0.05) for (const d of drop) delete out[d];
          if (extra) out[extra[0]] = extra[1];
          return out;
        });
    }
    default:
      return anyJson(g.str);
  }
}

// ---------------------------------------------------------------- one case

interface Body {
  kind: 'none' | 'json' | 'deep' | 'raw' | 'bytes';
  value?: Json;
  text?: string;
  bytes?: Buffer;
  depth?: number;
  contentType: string | null;
}

interface Case {
  target: number;
  route: number;
  params: string[];
  query: [string, string][];
  rawQuery: string | null;
  auth: number;
  authValue: string | null;
  headers: [string, string][];
  body: Body;
}

const DEEP_MARK = '__fuzz_deep__';

/** `value` with one place (a field of the top object, or the whole body) replaced by `depth` levels of nesting. */
function deepText(value: Json, depth: number): string {
  const nest = Math.random() < 0.5 ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}` : `${'['.repeat(depth)}${']'.repeat(depth)}`;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    const pick = keys.find((k) => k === 'metadata') ?? keys[Math.floor(Math.random() * keys.length)] ?? 'metadata';
    return JSON.stringify({ ...value, [pick]: DEEP_MARK }).replace(`"${DEEP_MARK}"`, nest);
  }
  return nest;
}

function encodeSegment(s: string, raw: boolean): string {
  if (raw) return s.replace(/[/?#\s]/g, '_');
  try {
    return encodeURIComponent(s);
  } catch {
    return '%ED%A0%80'; // a lone surrogate, as a client would send it
  }
}

/** Header values as a real HTTP/1.1 parser passes them: visible latin-1 and tabs. */
const headerSafe = (s: string): string => s.replace(/[^\t\x20-\x7e\x80-\xff]/g, '?').slice(0, 8000);

function pathOf(url: string, params: string[], raw: boolean): string {
  let i = 0;
  const value = () => encodeSegment(params[i++ % Math.max(params.length, 1)] ?? 'x', raw);
  return url
    .replaceAll('::', '\u0001')
    .replace(/:[A-Za-z0-9_]+(\([^)]*\))?/g, () => value())
    .replace(/\*$/, () => `${value()}/${value()}`)
    .replaceAll('\u0001', ':');
}

// ---------------------------------------------------------------- the run

interface Prepared {
  target: FuzzTarget;
  routes: RegisteredRoute[];
  credentials: FuzzCredential[];
  str: fc.Arbitrary<string>;
  gen: Gen;
}

/** Every route of every target equally likely. */
function caseArbitrary(prepared: Prepared[]): fc.Arbitrary<Case> {
  const perRoute = prepared.flatMap((p, t) => p.routes.map((_, r) => routeCase(p, t, r)));
  return fc.integer({ min: 0, max: perRoute.length - 1 }).chain((i) => perRoute[i] as fc.Arbitrary<Case>);
}

function routeCase(p: Prepared, t: number, r: number): fc.Arbitrary<Case> {
  const route = p.routes[r] as RegisteredRoute;
  const schema = (route.schema ?? {}) as Record<string, Schema | undefined>;
  const str = p.str;
  const qprops = Object.keys((p.gen.resolve(schema.querystring ?? {}).properties ?? {}) as object);
  const qname = qprops.length ? fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...qprops) }, { weight: 1, arbitrary: str }) : str;
  const hasBody = !['GET', 'HEAD', 'OPTIONS'].includes(route.method);
  const json = fromSchema(schema.body, p.gen);
  const body: fc.Arbitrary<Body> = hasBody
    ? fc.oneof(
        { weight: 12, arbitrary: json.map((value) => ({ kind: 'json' as const, value, contentType: 'application/json' })) },
        {
          weight: 1,
          arbitrary: fc
            .tuple(json, fc.constantFrom(100, 1000, 4500, 20_000))
            .map(([value, depth]) => ({ kind: 'deep' as const, value, depth, contentType: 'application/json' })),
        },
        {
          weight: 1,
          arbitrary: fc
            .oneof(
              str,
              fc.constantFrom(
                '{',
                '{"a":',
                '[1,2',
                'nul',
                '{"a":1}garbage',
                '"\\ud800"',
                '{"__proto__":{"x":1}}',
                '{"constructor":{"prototype":{}}}',
              ),
            )
            .map((text) => ({ kind: 'raw' as const, text, contentType: 'application/json' })),
        },
        {
          weight: 1,
          arbitrary: fc
            .constantFrom(...BAD_UTF8)
            .map((bytes) => ({ kind: 'bytes' as const, bytes, contentType: 'application/json; charset=utf-8' })),
        },
        {
          weight: 1,
          arbitrary: fc
            .tuple(
              json,
              fc.constantFrom(
                'text/plain',
                'application/x-www-form-urlencoded',
                'multipart/form-data; boundary=x',
                'application/json; charset=latin1',
                '*/*',
                'application/jsonx',
                ';;;',
                'application/json; charset="\u0000"',
              ),
            )
            .map(([value, contentType]) => ({ kind: 'json' as const, value, contentType })),
        },
        { weight: 1, arbitrary: fc.constant({ kind: 'none' as const, contentType: null }) },
      )
    : fc.oneof(
        { weight: 12, arbitrary: fc.constant({ kind: 'none' as const, contentType: null }) },
        { weight: 1, arbitrary: json.map((value) => ({ kind: 'json' as const, value, contentType: 'application/json' })) },
      );
  const anyCredential = fc.integer({ min: 0, max: Math.max(0, p.credentials.length - 1) });
  const own = p.credentials.flatMap((c, i) => (!c.routes || c.routes.test(route.url) ? [i] : []));
  const authValue = fc.oneof(
    str.map((s) => `Basic ${b64(`${s}:`)}`),
    str.map((s) => `Bearer ${s}`),
    str,
    fc.constantFrom(
      'Basic',
      'Bearer',
      'Basic ',
      'Basic ====',
      'Basic !!!',
      `Basic ${b64(':')}`,
      `Basic ${b64('\u0000:')}`,
      'Digest username="x"',
      `Bearer ${'a'.repeat(9000)}`,
    ),
  );
  const extraHeader = fc.oneof(
    fc.tuple(
      fc.constantFrom(
        'x-api-key',
        'cookie',
        'referer',
        'x-forwarded-for',
        'origin',
        'x-csrf-token',
        'accept',
        'accept-encoding',
        'if-none-match',
        'range',
        'content-length',
        'webhook-id',
        'webhook-timestamp',
        'webhook-signature',
        'sec-fetch-site',
        'x-request-id',
        'user-agent',
      ),
      str,
    ),
    fc.tuple(fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz-'), minLength: 1, maxLength: 20 }), str),
  );
  return fc.record({
    target: fc.constant(t),
    route: fc.constant(r),
    params: fc.array(str, { minLength: 1, maxLength: 3 }),
    query: fc.array(fc.tuple(qname, str), { maxLength: 5 }),
    rawQuery: fc.option(
      fc.constantFrom(
        '%',
        '%zz',
        '&&&',
        '=',
        'a[b]=1',
        'a=%00',
        'limit=1&limit=2',
        '__proto__[x]=1',
        'offset=9223372036854775808',
        `x=${'%41'.repeat(3000)}`,
      ),
      { freq: 15 },
    ),
    auth: fc.oneof({ weight: 4, arbitrary: own.length ? fc.constantFrom(...own) : anyCredential }, { weight: 1, arbitrary: anyCredential }),
    authValue: fc.option(authValue, { freq: 4 }),
    headers: fc.array(extraHeader, { maxLength: 3 }),
    body,
  });
}

function toInject(p: Prepared, c: Case) {
  const route = p.routes[c.route] as RegisteredRoute;
  let url = pathOf(route.url, c.params, Math.random() < 0.1);
  const q = c.query.map(([k, v]) => `${encodeSegment(k, false)}=${encodeSegment(v, false)}`);
  if (c.rawQuery) q.push(c.rawQuery);
  if (q.length) url += `?${q.join('&')}`;
  const headers: Record<string, string> = { ...(p.credentials[c.auth]?.headers ?? {}) };
  if (c.authValue !== null) headers.authorization = headerSafe(c.authValue);
  for (const [k, v] of c.headers) if (k !== 'host' && k !== 'content-length') headers[k] = headerSafe(v);
  let payload: string | Buffer | undefined;
  if (c.body.kind === 'json') payload = JSON.stringify(c.body.value);
  else if (c.body.kind === 'deep') payload = deepText(c.body.value ?? null, c.body.depth ?? 100);
  else if (c.body.kind === 'raw') payload = c.body.text;
  else if (c.body.kind === 'bytes') payload = c.body.bytes;
  if (payload !== undefined && c.body.contentType) headers['content-type'] = c.body.contentType;
  return { method: route.method, url, headers, payload };
}

function schemaResolver(app: FastifyInstance): (s: Schema) => Schema {
  const shared = app.getSchemas() as Record<string, Schema>;
  return (s) => {
    let cur = s;
    for (let i = 0; i < 5 && typeof cur?.$ref === 'string'; i++) {
      const ref = (cur.$ref as string).replace(/#$/, '');
      cur = shared[ref] ?? shared[`${ref}#`] ?? {};
    }
    return cur ?? {};
  };
}

/** Runs `opts.cases` cases spread over the targets' routes; never throws for what the app answers. */
export async function fuzz(targets: FuzzTarget[], opts: FuzzOptions): Promise<FuzzReport> {
  const started = Date.now();
  const hangMs = opts.hangMs ?? 10_000;
  const refreshEvery = opts.refreshEvery ?? 200;
  const concurrency = opts.concurrency ?? 4;
  const prepared: Prepared[] = [];
  for (const target of targets) {
    await target.app.ready();
    const routes = routesOf(target.app).filter((r) => !target.exclude?.(r));
    const ids = target.ids?.length ? target.ids : [randomUUID()];
    const str = strings(ids);
    prepared.push({
      target,
      routes,
      credentials: await target.credentials(),
      str,
      gen: { str, ids: fc.constantFrom(...ids), resolve: schemaResolver(target.app) },
    });
  }
  const report: FuzzReport = { cases: 0, serverErrors: 0, hangs: 0, unsendable: 0, ms: 0, findings: [], statuses: {}, timeByRoute: {} };
  const byKey = new Map<string, FuzzFinding>();
  const arb = caseArbitrary(prepared);
  const seed = opts.seed ?? Date.now() % 2 ** 31;
  let batch = 0;
  let sinceRefresh = 0;
  let nextProgress = 5000;

  const note = (p: Prepared, c: Case, sent: ReturnType<typeof toInject>, status: number | 'hang', answer: string) => {
    const route = p.routes[c.route] as RegisteredRoute;
    const logged = p.target.drainErrors?.() ?? [];
    const cause = (logged.join(' | ') || answer)
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>')
      .slice(0, 300);
    const key = `${p.target.name} ${route.method} ${route.url} ${status} ${cause.slice(0, 120)}`;
    const found = byKey.get(key);
    if (found) found.count++;
    else {
      const body = typeof sent.payload === 'string' ? sent.payload.slice(0, 300) : sent.payload ? `<${sent.payload.length} bytes>` : '';
      const f: FuzzFinding = {
        target: p.target.name,
        method: route.method,
        route: route.url,
        status,
        cause,
        count: 1,
        example: { url: sent.url.slice(0, 300), headers: sent.headers, body },
      };
      byKey.set(key, f);
      report.findings.push(f);
    }
  };

  const runOne = async (c: Case) => {
    const p = prepared[c.target] as Prepared;
    let sent: ReturnType<typeof toInject>;
    try {
      sent = toInject(p, c);
    } catch {
      report.unsendable++;
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const hang = new Promise<'hang'>((resolve) => {
      timer = setTimeout(() => resolve('hang'), hangMs);
    });
    const t0 = Date.now();
    const routeKey = `${sent.method} ${(p.routes[c.route] as RegisteredRoute).url}`;
    try {
      const res = await Promise.race([p.target.app.inject(sent), hang]);
      report.timeByRoute[routeKey] = (report.timeByRoute[routeKey] ?? 0) + Date.now() - t0;
      report.cases++;
      if (res === 'hang') {
        report.hangs++;
        report.statuses.hang = (report.statuses.hang ?? 0) + 1;
        note(p, c, sent, 'hang', 'no answer');
        return;
      }
      report.statuses[res.statusCode] = (report.statuses[res.statusCode] ?? 0) + 1;
      if (res.statusCode >= 500) {
        report.serverErrors++;
        note(p, c, sent, res.statusCode, res.body.slice(0, 300));
      }
    } catch (err) {
      // light-my-request refused to build the request (an invalid header, …): nothing reached the app.
      if ((err as NodeJS.ErrnoException).code?.startsWith?.('ERR_') || err instanceof TypeError) report.unsendable++;
      else {
        report.cases++;
        report.serverErrors++;
        note(p, c, sent, 500, `inject threw: ${String(err)}`);
      }
    } finally {
      clearTimeout(timer);
    }
  };

  // Unsendable cases do not count: run until `cases` reached the app (a generator that builds nothing sendable stops).
  while (report.cases < opts.cases && report.unsendable <= opts.cases) {
    const n = Math.min(200, opts.cases - report.cases);
    const cases = fc.sample(arb, { numRuns: n, seed: seed + batch++ });
    for (let i = 0; i < cases.length; i += concurrency) await Promise.all(cases.slice(i, i + concurrency).map(runOne));
    sinceRefresh += cases.length;
    if (sinceRefresh >= refreshEvery) {
      sinceRefresh = 0;
      for (const p of prepared) p.credentials = await p.target.credentials();
    }
    if (report.cases >= nextProgress) {
      nextProgress += 5000;
      report.ms = Date.now() - started;
      opts.progress?.(report.cases, report);
    }
  }
  report.ms = Date.now() - started;
  report.findings.sort((a, b) => b.count - a.count);
  return report;
}

/** The report as lines for people: cases, 5xx and hangs, then each distinct finding with a count and an example. */
export function formatFuzzReport(label: string, r: FuzzReport): string {
  const lines = [
    `${label}: ${r.cases} cases, ${r.serverErrors} 5xx, ${r.hangs} hangs (${r.unsendable} unsendable, ${(r.ms / 1000).toFixed(1)} s)`,
    `  statuses: ${Object.entries(r.statuses)
      .map(([s, n]) => `${s}×${n}`)
      .join(' ')}`,
  ];
  const slow = Object.entries(r.timeByRoute)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5);
  lines.push(`  slowest routes: ${slow.map(([k, ms]) => `${k} ${(ms / 1000).toFixed(1)} s`).join(', ')}`);
  for (const f of r.findings) {
    lines.push(`  [${f.count}×] ${f.target} ${f.method} ${f.route} → ${f.status}: ${f.cause}`);
    lines.push(`      e.g. ${f.example.url}${f.example.body ? `  body: ${f.example.body.slice(0, 160)}` : ''}`);
  }
  return lines.join('\n');
}
