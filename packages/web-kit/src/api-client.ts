/**
 * The web apps' JSON API client. The CSRF token lives in this module's memory only (never in storage)
 * and is sent as `x-csrf-token` on every state-changing request; the session itself is an HttpOnly
 * cookie. Request bodies are never logged; an API key only ever travels in a POST body.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly body: unknown = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : 'Something went wrong.');

export interface ApiClientOptions {
  /** Path prefix of the app's API, e.g. `/api`. */
  base: string;
  /** Shown when the server cannot be reached at all. */
  unreachable: string;
}

export function createApiClient({ base, unreachable }: ApiClientOptions) {
  let csrfToken: string | null = null;
  const unauthenticated = new Set<() => void>();

  async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'same-origin',
        cache: 'no-store',
      });
    } catch {
      throw new ApiError(0, 'NETWORK', unreachable);
    }
    if (res.status === 204) return undefined as T;
    let payload: unknown = null;
    try {
      payload = await res.json();
    } catch {
      payload = null;
    }
    if (!res.ok) {
      const p = (payload ?? {}) as { type?: string; message?: string };
      const err = new ApiError(res.status, p.type ?? 'ERROR', p.message ?? `Request failed (${res.status}).`, payload);
      if (res.status === 401 && p.type === 'UNAUTHENTICATED') for (const fn of unauthenticated) fn();
      throw err;
    }
    return payload as T;
  }

  return {
    api,
    setCsrfToken(token: string | null): void {
      csrfToken = token;
    },
    /** Called when any request finds the session gone (expired or signed out elsewhere). */
    onUnauthenticated(fn: () => void): () => void {
      unauthenticated.add(fn);
      return () => unauthenticated.delete(fn);
    },
  };
}
