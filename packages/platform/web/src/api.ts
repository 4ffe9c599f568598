import { createApiClient } from '@latchkey/web-kit/api-client.ts';

export { ApiError, errorMessage } from '@latchkey/web-kit/api-client.ts';

/** The app's JSON API (see web-kit/api-client.ts for CSRF and session handling). */
export const API = '/app/api';
export const { api, setCsrfToken, onUnauthenticated } = createApiClient({
  base: API,
  unreachable: 'Could not reach Latchkey. Check your connection and try again.',
});

// ——— Shapes returned by the web API ———

export type UserKind = 'staff' | 'partner' | 'company';
export type CompanyRole = 'owner' | 'admin' | 'bookkeeper' | 'employee';

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  kind: UserKind;
  role: CompanyRole | null;
  companyId: string | null;
  companyName: string | null;
  partnerId: string | null;
  partnerName: string | null;
}

export interface SessionInfo {
  user: SessionUser;
  csrfToken: string;
  expiresAt: string;
  reauthFreshUntil: string | null;
}

export type IntegrationStatus = 'pending' | 'approved' | 'rejected';

export interface RequestedScope {
  scope: string;
  reason: string;
}

export interface Integration {
  id: string;
  clientId: string;
  name: string;
  description: string;
  logoUrl: string | null;
  brandColor: string | null;
  supportEmail: string;
  supportUrl: string | null;
  features: string[];
  requestedScopes: RequestedScope[];
  approvedScopes: string[] | null;
  status: IntegrationStatus;
  reviewReason: string | null;
  reviewedAt: string | null;
  connectUrl: string;
  webhookUrl: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A lifecycle webhook in the outbox, as the partner portal shows it (never its payload). */
export interface WebhookDelivery {
  id: string;
  eventType: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  /** When the next attempt is due (pending only). */
  nextAttemptAt: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

export interface ReviewItem extends Integration {
  partnerName: string;
  partnerEmail: string;
}

export type InstallationStatus = 'PENDING_INTEGRATION' | 'ACTIVATED' | 'INACTIVE' | 'AUTHORIZED' | 'ERROR';

export interface MarketplaceEntry {
  id: string;
  name: string;
  description: string;
  logoUrl: string | null;
  brandColor: string | null;
  supportEmail: string;
  supportUrl: string | null;
  features: string[];
  scopes: string[];
  connectUrl: string;
  partnerName: string;
  installation: { id: string; status: InstallationStatus; errorCode: string | null } | null;
}

export interface Installer {
  name: string;
  email: string;
  role: CompanyRole;
}

export interface Marketplace {
  data: MarketplaceEntry[];
  canInstall: boolean;
  installers: Installer[];
}

/** The one response that carries a key: shown once, then dropped. */
export interface IssuedKey {
  key: string;
  keyId: string;
  keyHint: string;
  installation: { id: string; status: InstallationStatus };
  integration: { id: string; name: string; connectUrl: string };
  reauthFreshUntil: string | null;
}

export type KeyStatus = 'active' | 'expiring' | 'expired' | 'revoked';

export interface KeyRow {
  id: string;
  hint: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  status: KeyStatus;
  installation: { id: string; status: InstallationStatus; errorCode: string | null; scopes: string[] };
  integration: { id: string; name: string; connectUrl: string };
}

export interface AuditEntry {
  id: string;
  at: string;
  actor: { type: string; id: string | null; label: string };
  action: string;
  companyId: string | null;
  companyName: string | null;
  integrationId: string | null;
  integrationName: string | null;
  target: { type: string; id: string } | null;
  ip: string | null;
  details: Record<string, unknown>;
}
