/**
 * The app's API client. The CSRF token lives in this module's memory only (never in storage) and is
 * sent as `x-csrf-token` on every state-changing request; the session itself is an HttpOnly cookie.
 * Request bodies are never logged; an API key only ever travels in a POST body.
 */
export const API = '/api';

let csrfToken: string | null = null;
export const setCsrfToken = (token: string | null): void => {
  csrfToken = token;
};

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

type Listener = () => void;
const unauthenticatedListeners = new Set<Listener>();
/** Called when any request finds the session gone (expired or signed out elsewhere). */
export function onUnauthenticated(fn: Listener): () => void {
  unauthenticatedListeners.add(fn);
  return () => unauthenticatedListeners.delete(fn);
}

export async function api<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(`${API}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, 'NETWORK', 'Could not reach Ledgerly. Check your internet connection and try again.');
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
    if (res.status === 401 && p.type === 'UNAUTHENTICATED') for (const fn of unauthenticatedListeners) fn();
    throw err;
  }
  return payload as T;
}

export const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : 'Something went wrong.');

// ——— Shapes returned by the API ———

export type Principal =
  | { kind: 'customer'; userId: string; email: string; tenantId: string; tenantName: string }
  | { kind: 'operator'; operatorId: string; email: string; name: string };

export interface SessionInfo {
  principal: Principal;
  csrfToken: string;
  expiresAt: string;
}

export type ConnectStep = 'format' | 'contact' | 'company' | 'permissions' | 'save' | 'activate';

export interface AppConfig {
  appName: string;
  platformName: string;
  keyFormat: 'strict' | 'lenient';
  keyPrefix: string | null;
  requiredScopes: string[];
  steps: ConnectStep[];
}

export type ConnectionState = 'connected' | 'degraded' | 'needs_reconnect' | 'disconnected' | 'uninstalled';

export interface Connection {
  id: string;
  state: ConnectionState;
  companyId: string | null;
  companyName: string | null;
  installationId: string | null;
  applicationName: string | null;
  keyMask: string | null;
  hasKey: boolean;
  scopes: string[];
  lastCheckedAt: string | null;
  lastSuccessAt: string | null;
  lastError: { errorClass: string; message: string | null; action: string | null } | null;
  failureCount: number;
  connectedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface OperatorConnection extends Connection {
  tenantId: string;
  tenantName: string | null;
  reportedStatus: string | null;
}

export interface ConnectionEvent {
  id: string;
  from: string | null;
  to: string;
  reason: string;
  message: string | null;
  at: string;
}

export type ErrorClass = 'malformed_key' | 'invalid_key' | 'missing_scopes' | 'wrong_company' | 'platform_unavailable' | 'rate_limited';

export interface ConnectError {
  errorClass: ErrorClass;
  message: string;
  action: string;
  step: ConnectStep;
  missingScopes?: string[];
  retryAfterSeconds?: number;
  keyCompanyId?: string;
  expectedCompanyId?: string;
}

/** A failed save-and-test (HTTP 422 `CONNECT_FAILED`), or undefined for any other error. */
export function connectErrorOf(err: unknown): ConnectError | undefined {
  if (err instanceof ApiError && err.type === 'CONNECT_FAILED') return (err.body as { error?: ConnectError } | null)?.error;
  return undefined;
}
