import { createApiClient } from '@latchkey/web-kit/api-client.ts';

export { ApiError, errorMessage } from '@latchkey/web-kit/api-client.ts';

/** The app's JSON API (see web-kit/api-client.ts for CSRF and session handling). */
export const API = '/app/api';
export const { api, setCsrfToken, onUnauthenticated } = createApiClient({
  base: API,
  unreachable: 'Could not reach Latchkey. Check your connection and try again.',
});

// The web API's shapes: one definition, beside the routes that validate and serialize them. Type-only, so
// nothing of the server reaches this bundle.
export type {
  AuditEntry,
  AuditPage,
  CompanyRole,
  InstallationStatus,
  Installer,
  InstallRequest,
  Integration,
  IntegrationStatus,
  IssuedKey,
  KeyRow,
  KeyStatus,
  LoginRequest,
  Marketplace,
  MarketplaceDetails,
  MarketplaceEntry,
  OwnIntegration,
  PartnerSignupRequest,
  RegenerateRequest,
  RequestedScope,
  ReviewItem,
  ReviewRequest,
  SessionInfo,
  SessionUser,
  UserKind,
  WebhookDelivery,
} from '../../src/api/web/schemas.ts';
