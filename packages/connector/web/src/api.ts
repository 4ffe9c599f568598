import type { ConnectErrorClass } from '@latchkey/connector/connections/errors.ts';
import type { VisibleState } from '@latchkey/connector/connections/states.ts';
import { ApiError, createApiClient } from '@latchkey/web-kit/api-client.ts';

export { errorMessage } from '@latchkey/web-kit/api-client.ts';
export { ApiError };

/** The app's JSON API (see web-kit/api-client.ts for CSRF and session handling). */
export const API = '/api';
export const { api, setCsrfToken, onUnauthenticated } = createApiClient({
  base: API,
  unreachable: 'Could not reach Ledgerly. Check your internet connection and try again.',
});

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

export interface Connection {
  id: string;
  state: VisibleState;
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

export interface ConnectError {
  errorClass: ConnectErrorClass;
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
