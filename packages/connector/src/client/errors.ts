/**
 * Errors from the external API client. Messages name the method, path and status, and carry the
 * platform's own `{type, message}`; they never contain the API key (the client also scrubs the key
 * from any text the platform sends back).
 */
export abstract class PlatformError extends Error {
  abstract readonly kind: 'http' | 'network' | 'timeout' | 'protocol';
  constructor(
    message: string,
    readonly method: string,
    readonly path: string,
  ) {
    super(message);
  }
}

/** The platform answered with a non-2xx status. */
export class PlatformHttpError extends PlatformError {
  override name = 'PlatformHttpError';
  readonly kind = 'http';
  constructor(
    method: string,
    path: string,
    readonly status: number,
    /** `type` from the `{type, message}` body (or `HTTP_<status>` when the body had none). */
    readonly type: string,
    /** `message` from the body (key scrubbed), or the status text. */
    readonly detail: string,
    /** Seconds from `Retry-After`, when sent. */
    readonly retryAfterSeconds?: number,
  ) {
    super(`${method} ${path} → ${status} ${type}: ${detail}`, method, path);
  }
}

/** No answer: connection refused/reset, DNS failure, TLS failure. */
export class PlatformNetworkError extends PlatformError {
  override name = 'PlatformNetworkError';
  readonly kind = 'network';
  constructor(
    method: string,
    path: string,
    /** e.g. `ECONNREFUSED`, `ECONNRESET`, `ENOTFOUND`. */
    readonly code: string,
  ) {
    super(`${method} ${path} → network error (${code})`, method, path);
  }
}

/** No complete answer within the timeout. */
export class PlatformTimeoutError extends PlatformError {
  override name = 'PlatformTimeoutError';
  readonly kind = 'timeout';
  constructor(
    method: string,
    path: string,
    readonly timeoutMs: number,
  ) {
    super(`${method} ${path} → no answer within ${timeoutMs} ms`, method, path);
  }
}

/** A 2xx answer whose body is not what the API promises. */
export class PlatformProtocolError extends PlatformError {
  override name = 'PlatformProtocolError';
  readonly kind = 'protocol';
  constructor(method: string, path: string, detail: string) {
    super(`${method} ${path} → unexpected response: ${detail}`, method, path);
  }
}

export function isPlatformError(err: unknown): err is PlatformError {
  return err instanceof PlatformError;
}

/** Would a later attempt plausibly succeed? (5xx, 429, network, timeout.) */
export function isTransient(err: unknown): boolean {
  if (err instanceof PlatformHttpError) return err.status >= 500 || err.status === 429;
  return err instanceof PlatformNetworkError || err instanceof PlatformTimeoutError;
}
