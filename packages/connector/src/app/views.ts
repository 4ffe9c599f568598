import { type ConnectErrorClass, type ConnectFailure, ERROR_CLASSES, failure, type MessageContext } from '../connections/errors.ts';
import { type ConnectionState, isLive, isVisible, type VisibleState } from '../connections/states.ts';
import type { ConnectionEventView, ConnectionView } from '../connections/store.ts';
import type { ConnectFailureBody, Connection, ConnectionEvent, ConnectStep, OperatorConnection } from './schemas.ts';

/** The kit's views → the API's shapes (schemas.ts), in this one place. */

const isErrorClass = (c: string): c is ConnectErrorClass => (ERROR_CLASSES as readonly string[]).includes(c);

/**
 * The kit's view of a connection → the API's `Connection`: an explicit allow-list of fields, so nothing
 * added to the kit's view later (let alone a key) leaks by accident. The key appears only as its mask.
 */
export function publicConnection(v: ConnectionView, ctx: MessageContext): Connection {
  return {
    id: v.id,
    state: visible(v.state),
    companyId: v.companyId,
    companyName: v.companyName,
    installationId: v.installationId,
    applicationName: v.applicationName,
    keyMask: v.keyMask,
    hasKey: v.hasKey,
    scopes: v.scopes,
    lastCheckedAt: v.lastCheckedAt,
    lastSuccessAt: v.lastSuccessAt,
    lastError: v.lastErrorClass
      ? {
          errorClass: v.lastErrorClass,
          message: v.lastErrorMessage,
          action: isErrorClass(v.lastErrorClass) ? failure(v.lastErrorClass, ctx).action : null,
        }
      : null,
    failureCount: v.failureCount,
    connectedAt: v.connectedAt,
    createdAt: v.createdAt,
    updatedAt: v.updatedAt,
  };
}

export function operatorConnection(v: ConnectionView, ctx: MessageContext, tenantName: string | null): OperatorConnection {
  return { ...publicConnection(v, ctx), tenantId: v.tenantId, tenantName, reportedStatus: v.reportedStatus };
}

export function publicEvent(e: ConnectionEventView): ConnectionEvent {
  return { id: e.id, from: e.from, to: e.to, reason: e.reason, message: e.message, at: e.at };
}

/** The service never hands out a `pending` connection; one reaching the API would be a bug. */
function visible(state: ConnectionState): VisibleState {
  if (!isVisible(state)) throw new Error(`a ${state} connection is never shown`);
  return state;
}

/** The step at which each class of failure stops the flow. */
export const FAILED_STEP: Record<ConnectErrorClass, ConnectStep> = {
  malformed_key: 'format',
  invalid_key: 'contact',
  platform_unavailable: 'contact',
  rate_limited: 'contact',
  wrong_company: 'company',
  missing_scopes: 'permissions',
};

/** A classified failure for the customer; the technical `detail` stays in the logs. */
export function failureBody(f: ConnectFailure): ConnectFailureBody {
  return {
    type: 'CONNECT_FAILED',
    message: f.message,
    error: {
      errorClass: f.errorClass,
      message: f.message,
      action: f.action,
      step: FAILED_STEP[f.errorClass],
      ...(f.missingScopes ? { missingScopes: f.missingScopes } : {}),
      ...(f.retryAfterSeconds !== undefined ? { retryAfterSeconds: f.retryAfterSeconds } : {}),
      ...(f.keyCompanyId ? { keyCompanyId: f.keyCompanyId } : {}),
      ...(f.expectedCompanyId ? { expectedCompanyId: f.expectedCompanyId } : {}),
    },
  };
}

/** The connection a customer's screen is about: the most recently changed live one, else the most recent. */
export function primaryConnection<T extends { state: ConnectionState; updatedAt: string }>(list: T[]): T | undefined {
  const rank = (c: T) => (isLive(c.state) ? 0 : 1);
  return [...list].sort((a, b) => rank(a) - rank(b) || b.updatedAt.localeCompare(a.updatedAt))[0];
}
