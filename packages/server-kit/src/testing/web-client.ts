export interface TestResponse {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests inspect response bodies field by field
  body: any;
  headers: Headers;
}

export interface RequestOptions {
  /** `true`/absent: the session's token; a string: that token; `false`/`null`: none. */
  csrf?: boolean | string | null;
  headers?: Record<string, string>;
}

export interface TestWebClientOptions {
  /** Prefix of every path (e.g. `/app/api`). */
  prefix?: string;
  /** The session cookie's name (with or without the `__Host-` prefix); other cookies are ignored. */
  cookieName: string;
  /** Sign-in route and the password `login` uses when given none. */
  loginPath?: string;
  password?: string;
}

/** A browser-like client of a web API for tests: keeps the session cookie, sends the CSRF token on state-changing requests. */
export class TestWebClient {
  cookie: string | null = null;
  csrfToken: string | null = null;

  constructor(
    readonly base: string,
    private readonly opts: TestWebClientOptions,
  ) {}

  /** Signs in; on success the CSRF token is kept for later requests. */
  async login(email: string, password = this.opts.password ?? ''): Promise<TestResponse> {
    const res = await this.post(this.opts.loginPath ?? '/session', { email, password });
    if (res.status === 200) this.csrfToken = res.body.csrfToken;
    return res;
  }

  async request(method: string, path: string, body?: unknown, opts: RequestOptions = {}): Promise<TestResponse> {
    const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    if (this.cookie) headers.cookie = this.cookie;
    const csrf = opts.csrf === undefined || opts.csrf === true ? this.csrfToken : opts.csrf || null;
    if (method !== 'GET' && method !== 'HEAD' && csrf) headers['x-csrf-token'] = csrf;
    const res = await fetch(`${this.base}${this.opts.prefix ?? ''}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    for (const set of res.headers.getSetCookie()) {
      const pair = set.split(';')[0] ?? '';
      const [name, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
      if (name.replace(/^__Host-/, '') === this.opts.cookieName) this.cookie = value ? pair : null;
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

  get = (path: string, opts?: RequestOptions) => this.request('GET', path, undefined, opts);
  post = (path: string, body?: unknown, opts?: RequestOptions) => this.request('POST', path, body, opts);
  put = (path: string, body?: unknown, opts?: RequestOptions) => this.request('PUT', path, body, opts);
  del = (path: string, opts?: RequestOptions) => this.request('DELETE', path, undefined, opts);
}
