import { DEMO_PASSWORD } from '../../seed.ts';
import type { TestPlatform } from '../../testing.ts';

/** A cookie-carrying client of the web API for route tests (one signed-in person). */
export class WebClient {
  cookie: string | null = null;
  csrfToken: string | null = null;

  constructor(private readonly platform: Pick<TestPlatform, 'url'>) {}

  async request(
    method: string,
    path: string,
    body?: unknown,
    opts: { csrf?: boolean | string; headers?: Record<string, string> } = {},
    // biome-ignore lint/suspicious/noExplicitAny: tests inspect response bodies freely
  ): Promise<{ status: number; body: any; headers: Headers }> {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    if (this.cookie) headers.cookie = this.cookie;
    const csrf = opts.csrf ?? true;
    if (csrf === true && this.csrfToken) headers['x-csrf-token'] = this.csrfToken;
    if (typeof csrf === 'string') headers['x-csrf-token'] = csrf;
    const res = await fetch(`${this.platform.url}/app/api${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const pair = setCookie.split(';')[0] ?? '';
      this.cookie = pair.endsWith('=') ? null : pair;
    }
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    return { status: res.status, body: parsed, headers: res.headers };
  }

  async login(email: string, password = DEMO_PASSWORD) {
    const res = await this.request('POST', '/session', { email, password });
    if (res.status !== 200) throw new Error(`login as ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
    this.csrfToken = res.body.csrfToken;
    return res;
  }

  get = (path: string) => this.request('GET', path);
  post = (path: string, body?: unknown, opts?: { csrf?: boolean | string; headers?: Record<string, string> }) =>
    this.request('POST', path, body, opts);
  del = (path: string, opts?: { csrf?: boolean | string }) => this.request('DELETE', path, undefined, opts);
}

/** Everything a test needs to prove a key leaked nowhere: the platform's logs and every text column of the audit table. */
export async function leakSurfaces(p: TestPlatform): Promise<string> {
  const audit = await p.database.db.selectFrom('audit_events').selectAll().execute();
  const sessions = await p.database.db.selectFrom('sessions').selectAll().execute();
  return [p.logs.join('\n'), JSON.stringify(audit), JSON.stringify(sessions)].join('\n');
}
