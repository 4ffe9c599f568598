import type { ConnectError, ConnectFailureBody } from '@latchkey/connector/app/schemas.ts';
import { ApiError, createApiClient } from '@latchkey/web-kit/api-client.ts';

export { errorMessage } from '@latchkey/web-kit/api-client.ts';
export { ApiError };

/** The app's JSON API (see web-kit/api-client.ts for CSRF and session handling). */
export const API = '/api';
export const { api, setCsrfToken, onUnauthenticated } = createApiClient({
  base: API,
  unreachable: 'Could not reach Ledgerly. Check your internet connection and try again.',
});

// ——— The API's shapes: one source, the server's schemas (packages/connector/src/app/schemas.ts) ———

export type {
  AppConfig,
  ConnectError,
  Connected,
  ConnectFailureBody,
  Connection,
  ConnectionEvent,
  ConnectStep,
  CurrentConnection,
  KeyBody,
  LoginRequest,
  OperatorConnection,
  OperatorOverview,
  Principal,
  SessionInfo,
  TestAgainResult,
  UninstallBody,
} from '@latchkey/connector/app/schemas.ts';

/** A failed save-and-test (HTTP 422 `CONNECT_FAILED`), or undefined for any other error. */
export function connectErrorOf(err: unknown): ConnectError | undefined {
  if (err instanceof ApiError && err.type === 'CONNECT_FAILED') return (err.body as Partial<ConnectFailureBody> | null)?.error;
  return undefined;
}
