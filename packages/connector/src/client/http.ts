import { PlatformHttpError, PlatformNetworkError, PlatformProtocolError, PlatformTimeoutError } from './errors.ts';

/** pino-compatible subset; every method optional so `console` or pino both fit. */
export interface Logger {
  debug?(obj: object, msg?: string): void;
  info?(obj: object, msg?: string): void;
  warn?(obj: object, msg?: string): void;
  error?(obj: object, msg?: string): void;
}

export interface RetryPolicy {
  /** Extra attempts after the first, for 5xx / 429 / network / timeout only. Default 3. */
  retries: number;
  /** First backoff step; doubles per attempt, "equal jitter" (half fixed, half random). Default 250 ms. */
  backoffBaseMs: number;
  /** Cap on one backoff step. Default 8 s. */
  backoffMaxMs: number;
  /** A `Retry-After` longer than this is not waited out: the 429 is returned to the caller. Default 30 s. */
  maxRetryAfterMs: number;
}

export interface HttpOptions extends Partial<RetryPolicy> {
  /** e.g. `https://external.pleo.io` (a path prefix is kept). */
  baseUrl: string;
  /** Per attempt, covering connect, headers and body. Default 10 s. */
  timeoutMs?: number;
  userAgent?: string;
  logger?: Logger;
}

export type Query = Record<string, string | number | boolean | readonly string[] | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  /** Override the client's per-attempt timeout / retry count for this call. */
  timeoutMs?: number;
  retries?: number;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_POLICY: RetryPolicy = { retries: 3, backoffBaseMs: 250, backoffMaxMs: 8_000, maxRetryAfterMs: 30_000 };

/** Seconds from a `Retry-After` header (delta-seconds or HTTP-date); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

export function backoffDelay(attempt: number, policy: Pick<RetryPolicy, 'backoffBaseMs' | 'backoffMaxMs'>, random = Math.random): number {
  const step = Math.min(policy.backoffMaxMs, policy.backoffBaseMs * 2 ** attempt);
  return Math.round(step / 2 + random() * (step / 2));
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function networkCode(err: unknown): string {
  const e = err as { code?: unknown; cause?: { code?: unknown; cause?: { code?: unknown } } };
  const code = e?.cause?.code ?? e?.cause?.cause?.code ?? e?.code;
  return typeof code === 'string' && /^[A-Z0-9_]{2,40}$/.test(code) ? code : 'FETCH_FAILED';
}

/** Removes every occurrence of the secret from text the platform sent back. */
function scrub(text: string, secret: string): string {
  return secret.length >= 4 ? text.split(secret).join('[redacted]') : text;
}

function encodeQuery(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) params.append(name, v);
    else params.append(name, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * One HTTP exchange with retries. The key lives only in the Authorization header (never in the
 * URL, a log line or an error), redirects are not followed (a redirect must not carry the key to
 * another host), and 4xx answers other than 429 are never retried.
 */
export class HttpCore {
  readonly baseUrl: string;
  readonly timeoutMs: number;
  readonly policy: RetryPolicy;
  readonly #userAgent: string;
  readonly #logger: Logger | undefined;

  constructor(opts: HttpOptions) {
    let parsed: URL;
    try {
      parsed = new URL(opts.baseUrl);
    } catch {
      throw new Error('platform base URL is not a valid URL');
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error('platform base URL must be http(s)');
    if (parsed.username || parsed.password) throw new Error('platform base URL must not contain credentials');
    this.baseUrl = `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.policy = {
      retries: opts.retries ?? DEFAULT_POLICY.retries,
      backoffBaseMs: opts.backoffBaseMs ?? DEFAULT_POLICY.backoffBaseMs,
      backoffMaxMs: opts.backoffMaxMs ?? DEFAULT_POLICY.backoffMaxMs,
      maxRetryAfterMs: opts.maxRetryAfterMs ?? DEFAULT_POLICY.maxRetryAfterMs,
    };
    this.#userAgent = opts.userAgent ?? 'latchkey-connector/0.1';
    this.#logger = opts.logger;
  }

  async request<T>(key: string, method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const url = `${this.baseUrl}${path}${encodeQuery(opts.query)}`;
    const timeoutMs = opts.timeoutMs ?? this.timeoutMs;
    const retries = opts.retries ?? this.policy.retries;
    const headers: Record<string, string> = {
      authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}`,
      accept: 'application/json',
      'user-agent': this.#userAgent,
    };
    let body: string | undefined;
    if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] = 'application/json;charset=UTF-8';
    }

    for (let attempt = 0; ; attempt++) {
      const timeout = AbortSignal.timeout(timeoutMs);
      const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
      const started = Date.now();
      let failure: PlatformHttpError | PlatformNetworkError | PlatformTimeoutError;
      try {
        const res = await fetch(url, { method, headers, body, signal, redirect: 'manual' });
        const text = await res.text();
        this.#logger?.debug?.({ method, path, status: res.status, ms: Date.now() - started, attempt }, 'platform request');
        if (res.status >= 200 && res.status < 300) return this.#parse<T>(method, path, text, key);
        failure = this.#httpError(method, path, res, text, key);
      } catch (err) {
        if (err instanceof PlatformProtocolError) throw err;
        if (opts.signal?.aborted) throw opts.signal.reason;
        failure = timeout.aborted
          ? new PlatformTimeoutError(method, path, timeoutMs)
          : new PlatformNetworkError(method, path, networkCode(err));
      }

      const transient = failure instanceof PlatformHttpError ? failure.status >= 500 || failure.status === 429 : true;
      if (!transient || attempt >= retries) throw failure;
      let delay = backoffDelay(attempt, this.policy);
      if (failure instanceof PlatformHttpError && failure.retryAfterSeconds !== undefined) {
        const wanted = failure.retryAfterSeconds * 1000;
        if (wanted > this.policy.maxRetryAfterMs) throw failure;
        delay = wanted + Math.round(Math.random() * Math.min(250, this.policy.backoffBaseMs));
      }
      this.#logger?.warn?.(
        {
          method,
          path,
          attempt: attempt + 1,
          of: retries + 1,
          delayMs: delay,
          error: failure.kind,
          status: failure instanceof PlatformHttpError ? failure.status : undefined,
        },
        'platform request failed; retrying',
      );
      await sleep(delay, opts.signal);
    }
  }

  #parse<T>(method: string, path: string, text: string, key: string): T {
    if (text.trim() === '') return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new PlatformProtocolError(method, path, scrub(`body is not JSON (${text.slice(0, 60)})`, key));
    }
  }

  #httpError(method: string, path: string, res: Response, text: string, key: string): PlatformHttpError {
    let type = `HTTP_${res.status}`;
    let detail = res.statusText || 'error';
    try {
      const parsed = JSON.parse(text) as { type?: unknown; message?: unknown };
      if (typeof parsed?.type === 'string') type = parsed.type.slice(0, 100);
      if (typeof parsed?.message === 'string') detail = parsed.message.slice(0, 500);
    } catch {
      // not a {type, message} body; keep the status text
    }
    return new PlatformHttpError(
      method,
      path,
      res.status,
      scrub(type, key),
      scrub(detail, key),
      parseRetryAfter(res.headers.get('retry-after')),
    );
  }
}
