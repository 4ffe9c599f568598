import { type ConnectErrorClass, type ConnectFailure, ERROR_CLASSES, failure, type MessageContext } from '../connections/errors.ts';
import { type ConnectionState, isLive } from '../connections/states.ts';
import type { ConnectionView } from '../connections/store.ts';

/**
 * What the app's API shows of a connection: an explicit allow-list of fields, so nothing added to
 * the library's view later (let alone a key) leaks by accident. The key appears only as its mask.
 */
export interface PublicConnection {
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

export interface OperatorConnection extends PublicConnection {
  tenantId: string;
  tenantName: string | null;
  reportedStatus: string | null;
}

const isErrorClass = (c: string): c is ConnectErrorClass => (ERROR_CLASSES as readonly string[]).includes(c);

export function publicConnection(v: ConnectionView, ctx: MessageContext): PublicConnection {
  return {
    id: v.id,
    state: v.state,
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

/** The save-and-test steps, in order, as the connect screen shows them. */
export const CONNECT_STEPS = ['format', 'contact', 'company', 'permissions', 'save', 'activate'] as const;
export type ConnectStep = (typeof CONNECT_STEPS)[number];

/** The step at which each class of failure stops the flow. */
export const FAILED_STEP: Record<ConnectErrorClass, ConnectStep> = {
  malformed_key: 'format',
  invalid_key: 'contact',
  platform_unavailable: 'contact',
  rate_limited: 'contact',
  wrong_company: 'company',
  missing_scopes: 'permissions',
};

export interface FailureBody {
  type: 'CONNECT_FAILED';
  message: string;
  error: {
    errorClass: ConnectErrorClass;
    message: string;
    action: string;
    step: ConnectStep;
    missingScopes?: string[];
    retryAfterSeconds?: number;
    keyCompanyId?: string;
    expectedCompanyId?: string;
  };
}

/** A classified failure for the customer; the technical `detail` stays in the logs. */
export function failureBody(f: ConnectFailure): FailureBody {
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
