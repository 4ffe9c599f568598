import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { testDatabaseUrl } from '../db/test-database.ts';
import { type ConnectorApp, type ConnectorAppOptions, startConnectorApp } from './server.ts';

export const TEST_PASSWORD = 'correct horse battery staple';
export const EXPORT_SCOPES = ['export-jobs:read', 'export-jobs:write', 'export-items:read'] as const;

export interface TestApp extends ConnectorApp {
  /** SQLite data dir (undefined on PostgreSQL). */
  dataDir: string | undefined;
  /** Creates a tenant with one user (password TEST_PASSWORD); returns its id and login. */
  tenant(name: string): Promise<{ tenantId: string; email: string }>;
  operator(): Promise<{ email: string }>;
  client(): SessionClient;
}

/**
 * A connector app on a throw-away database (a temp SQLite folder, or a fresh PostgreSQL schema when
 * LATCHKEY_TEST_DATABASE_URL is set), listening on a free port, with background intervals off and
 * short platform timeouts.
 */
export async function startTestApp(o: Partial<ConnectorAppOptions> & Pick<ConnectorAppOptions, 'platformBaseUrl'>): Promise<TestApp> {
  const url = testDatabaseUrl();
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-connector-app-'));
  const schema = url ? `app_${randomBytes(6).toString('hex')}` : undefined;
  const app = await startConnectorApp({
    dataDir: dir,
    databaseUrl: url,
    port: 0,
    platformName: 'Latchkey',
    keyFormat: 'strict',
    keyPrefix: 'lk',
    requiredScopes: [...EXPORT_SCOPES],
    healthIntervalMs: 0,
    exportIntervalMs: 0,
    ...o,
    connectorOptions: {
      env: {},
      client: { timeoutMs: 2_000, retries: 1, backoffBaseMs: 10, backoffMaxMs: 50 },
      interactive: { timeoutMs: 2_000, retries: 0 },
      ...(schema ? { databaseSchema: schema } : {}),
      ...o.connectorOptions,
      health: { jitterMs: 0, ...o.connectorOptions?.health },
    },
  });
  let n = 0;
  return {
    ...app,
    dataDir: url ? undefined : dir,
    async tenant(name) {
      const t = await app.connector.tenants.create({ name });
      const email = `user${++n}-${randomBytes(3).toString('hex')}@tenant.test`;
      await app.connector.tenants.createUser(t.id, { email, password: TEST_PASSWORD });
      return { tenantId: t.id, email };
    },
    async operator() {
      const { createOperator } = await import('./seed.ts');
      const email = `ops${++n}-${randomBytes(3).toString('hex')}@integration.test`;
      await createOperator(app.connector, { email, password: TEST_PASSWORD, name: 'Ops' });
      return { email };
    },
    client: () => new SessionClient(app.url),
    async close() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
      if (url && schema) {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await c.end();
      }
    },
  };
}

// biome-ignore lint/suspicious/noExplicitAny: test responses are asserted field by field
export interface Res<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A browser-like HTTP client: keeps the session cookie and sends the CSRF token on state-changing requests. */
export class SessionClient {
  cookie: string | undefined;
  csrf: string | undefined;

  constructor(readonly base: string) {}

  async login(email: string, password = TEST_PASSWORD): Promise<Res> {
    const res = await this.request('POST', '/api/session', { email, password });
    if (res.status === 200) this.csrf = res.body.csrfToken;
    return res;
  }

  get = (path: string) => this.request('GET', path);
  post = (path: string, body?: unknown, opts: { csrf?: string | null; headers?: Record<string, string> } = {}) =>
    this.request('POST', path, body ?? {}, opts);

  async request(
    method: string,
    path: string,
    body?: unknown,
    opts: { csrf?: string | null; headers?: Record<string, string> } = {},
  ): Promise<Res> {
    const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    if (this.cookie) headers.cookie = this.cookie;
    const csrf = opts.csrf === undefined ? this.csrf : opts.csrf;
    if (method !== 'GET' && csrf) headers['x-csrf-token'] = csrf;
    const res = await fetch(this.base + path, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const set = res.headers.getSetCookie();
    for (const c of set) {
      const [pair] = c.split(';');
      if (!pair) continue;
      const [name, value] = pair.split('=');
      if (name?.includes('latchkey_connector_session')) this.cookie = value ? `${name}=${value}` : undefined;
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {}
    return { status: res.status, body: parsed, headers: res.headers };
  }
}
