import { SCOPES } from '@latchkey/keys';
import { type Static, type TSchema, Type } from 'typebox';
import { OUTCOMES } from '../../webhooks/outbound.ts';
import { Nullable, StringEnum } from '../external/resources/common.ts';

/**
 * Every shape of the web app's JSON API (/app/api): what each route validates and what it answers, in one
 * place. The routes use these schemas (validation, serialization and, through the TypeBox type provider, the
 * handlers' types); the web app (packages/platform/web) imports the `Static` types below with `import type`,
 * so no server code reaches its bundle.
 */

const Text = (maxLength: number, minLength?: number) => Type.String({ maxLength, ...(minLength ? { minLength } : {}) });
const Password = Text(200);
const Email = Text(320);
const Url = Nullable(Text(2000));
/** An ISO 8601 timestamp. */
const Time = Type.String();
const Closed = <P extends Record<string, TSchema>>(properties: P) => Type.Object(properties, { additionalProperties: false });
const DataOf = <T extends TSchema>(item: T) => Type.Object({ data: Type.Array(item) });

/** `/…/:id` */
export const IdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });
/** A 204 answer. */
export const NoContent = Type.Unsafe<undefined>({ type: 'null' });

export const UserKind = StringEnum(['staff', 'partner', 'company'] as const);
export const CompanyRole = StringEnum(['owner', 'admin', 'bookkeeper', 'employee'] as const);
export const IntegrationStatus = StringEnum(['pending', 'approved', 'rejected'] as const);
export const InstallationStatus = StringEnum(['PENDING_INTEGRATION', 'ACTIVATED', 'INACTIVE', 'AUTHORIZED', 'ERROR'] as const);
export const KeyStatus = StringEnum(['active', 'expiring', 'expired', 'revoked'] as const);
export const ScopeName = StringEnum(SCOPES);

// ——— Session and sign-up ———

export const SessionUser = Type.Object({
  id: Type.String(),
  email: Type.String(),
  name: Type.String(),
  kind: UserKind,
  role: Nullable(CompanyRole),
  companyId: Nullable(Type.String()),
  companyName: Nullable(Type.String()),
  partnerId: Nullable(Type.String()),
  partnerName: Nullable(Type.String()),
});

/** What the web app learns about the signed-in user: never a password hash or the session token. */
export const SessionInfo = Type.Object({
  user: SessionUser,
  csrfToken: Type.String(),
  expiresAt: Time,
  reauthFreshUntil: Nullable(Time),
});

export const LoginRequest = Closed({ email: Email, password: Password });
export const ReauthRequest = Closed({ password: Password });
export const ReauthResponse = Type.Object({ reauthFreshUntil: Nullable(Time) });
export const PartnerSignupRequest = Closed({ partnerName: Text(120, 1), name: Text(120, 1), email: Email, password: Password });

// ——— Integrations: the partner portal and the staff review queue ———

/** What a partner submits for the marketplace. */
export const MarketplaceDetails = Closed({
  name: Text(80),
  description: Text(2000),
  logoUrl: Type.Optional(Url),
  brandColor: Type.Optional(Nullable(Text(7))),
  supportEmail: Email,
  supportUrl: Type.Optional(Url),
  features: Type.Array(Text(200, 1), { maxItems: 20 }),
  requestedScopes: Type.Array(Closed({ scope: ScopeName, reason: Text(500) }), { minItems: 1, maxItems: SCOPES.length }),
  connectUrl: Text(2000),
  webhookUrl: Type.Optional(Url),
});

export const RequestedScope = Type.Object({ scope: ScopeName, reason: Type.String() });

export const Integration = Type.Object({
  id: Type.String(),
  clientId: Type.String(),
  partnerId: Type.String(),
  name: Type.String(),
  slug: Type.String(),
  description: Type.String(),
  logoUrl: Nullable(Type.String()),
  brandColor: Nullable(Type.String()),
  supportEmail: Type.String(),
  supportUrl: Nullable(Type.String()),
  features: Type.Array(Type.String()),
  requestedScopes: Type.Array(RequestedScope),
  approvedScopes: Nullable(Type.Array(ScopeName)),
  status: IntegrationStatus,
  reviewReason: Nullable(Type.String()),
  reviewedAt: Nullable(Time),
  connectUrl: Type.String(),
  webhookUrl: Nullable(Type.String()),
  createdAt: Time,
  updatedAt: Time,
});

export const IntegrationList = DataOf(Integration);

/** A partner's own integration, with the secret that signs its lifecycle webhooks (nobody else sees it). */
export const OwnIntegration = Type.Object({ ...Integration.properties, webhookSecret: Type.String() });

/** A lifecycle webhook in the outbox, as the partner portal shows it (never its payload). */
export const WebhookDelivery = Type.Object({
  id: Type.String(),
  eventType: Type.String(),
  status: StringEnum(['pending', 'delivered', 'failed'] as const),
  attempts: Type.Integer(),
  /** What the last attempt came to: a class, never the endpoint's status code or an error string (webhooks/outbound.ts). */
  lastResult: Nullable(StringEnum(OUTCOMES)),
  /** "delivered", "failed: endpoint refused", "failed: address not allowed", … */
  lastResultMessage: Nullable(Type.String()),
  /** When the next attempt is due (pending only). */
  nextAttemptAt: Nullable(Time),
  createdAt: Time,
  deliveredAt: Nullable(Time),
});

export const DeliveryList = DataOf(WebhookDelivery);
export const DeliveriesQuery = Closed({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) });

export const ReviewItem = Type.Object({ ...Integration.properties, partnerName: Type.String(), partnerEmail: Type.String() });
export const ReviewQueue = DataOf(ReviewItem);
export const ReviewQueueQuery = Closed({ status: Type.Optional(IntegrationStatus) });
export const ReviewRequest = Closed({
  decision: StringEnum(['approve', 'reject'] as const),
  approvedScopes: Type.Optional(Type.Array(Text(64), { maxItems: 50 })),
  reason: Type.Optional(Text(2000)),
});

// ——— The company side: marketplace, installations, Settings → API Keys ———

export const Installer = Type.Object({ name: Type.String(), email: Type.String(), role: CompanyRole });

export const MarketplaceEntry = Type.Object({
  id: Type.String(),
  name: Type.String(),
  slug: Type.String(),
  description: Type.String(),
  logoUrl: Nullable(Type.String()),
  brandColor: Nullable(Type.String()),
  supportEmail: Type.String(),
  supportUrl: Nullable(Type.String()),
  features: Type.Array(Type.String()),
  scopes: Type.Array(Type.String()),
  connectUrl: Type.String(),
  partnerName: Type.String(),
  installation: Nullable(Type.Object({ id: Type.String(), status: InstallationStatus, errorCode: Nullable(Type.String()) })),
});

export const Marketplace = Type.Object({
  data: Type.Array(MarketplaceEntry),
  canInstall: Type.Boolean(),
  installers: Type.Array(Installer),
});

/** An installation (Pleo's InstallationResponse) with the integration's name and the scopes it was granted. */
export const CompanyInstallation = Type.Object({
  id: Type.String(),
  applicationId: Type.String(),
  resource: Type.String(),
  status: InstallationStatus,
  errorCode: Type.Optional(Type.String()),
  metadata: Type.Record(Type.String(), Type.Unknown()),
  createdAt: Time,
  updatedAt: Time,
  integrationName: Type.String(),
  scopes: Type.Array(Type.String()),
});

export const InstallationList = DataOf(CompanyInstallation);
export const InstallRequest = Closed({ integrationId: Text(100), password: Type.Optional(Password) });

/** Grace windows offered when regenerating: none, 1 hour, 24 hours, 7 days. */
export const GRACE_CHOICES = [0, 3600, 86_400, 604_800] as const;
export const RegenerateRequest = Closed({
  graceSeconds: Type.Unsafe<(typeof GRACE_CHOICES)[number]>({ type: 'integer', enum: [...GRACE_CHOICES] }),
  password: Type.Optional(Password),
});

/** The one response that carries a key: shown once, then dropped. */
export const IssuedKey = Type.Object({
  key: Type.String(),
  keyId: Type.String(),
  keyHint: Type.String(),
  installation: Type.Object({ id: Type.String(), status: InstallationStatus }),
  integration: Type.Object({ id: Type.String(), name: Type.String(), connectUrl: Type.String() }),
  reauthFreshUntil: Nullable(Time),
});

export const KeyRow = Type.Object({
  id: Type.String(),
  hint: Type.String(),
  createdBy: Type.String(),
  createdAt: Time,
  expiresAt: Nullable(Time),
  revokedAt: Nullable(Time),
  lastUsedAt: Nullable(Time),
  status: KeyStatus,
  installation: Type.Object({
    id: Type.String(),
    status: InstallationStatus,
    errorCode: Nullable(Type.String()),
    scopes: Type.Array(Type.String()),
  }),
  integration: Type.Object({ id: Type.String(), name: Type.String(), connectUrl: Type.String() }),
});

export const KeyList = DataOf(KeyRow);

// ——— Audit log ———

export const AuditEntry = Type.Object({
  id: Type.String(),
  at: Time,
  actor: Type.Object({ type: Type.String(), id: Nullable(Type.String()), label: Type.String() }),
  action: Type.String(),
  companyId: Nullable(Type.String()),
  companyName: Nullable(Type.String()),
  integrationId: Nullable(Type.String()),
  integrationName: Nullable(Type.String()),
  target: Nullable(Type.Object({ type: Type.String(), id: Type.String() })),
  ip: Nullable(Type.String()),
  details: Type.Record(Type.String(), Type.Unknown()),
});

export const AuditQuery = Closed({ before: Type.Optional(Text(40)), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) });
export const AuditPage = Type.Object({ data: Type.Array(AuditEntry), hasMore: Type.Boolean() });

// ——— The types the web app imports ———

export type UserKind = Static<typeof UserKind>;
export type CompanyRole = Static<typeof CompanyRole>;
export type IntegrationStatus = Static<typeof IntegrationStatus>;
export type InstallationStatus = Static<typeof InstallationStatus>;
export type KeyStatus = Static<typeof KeyStatus>;
export type SessionUser = Static<typeof SessionUser>;
export type SessionInfo = Static<typeof SessionInfo>;
export type LoginRequest = Static<typeof LoginRequest>;
export type PartnerSignupRequest = Static<typeof PartnerSignupRequest>;
export type MarketplaceDetails = Static<typeof MarketplaceDetails>;
export type RequestedScope = Static<typeof RequestedScope>;
export type Integration = Static<typeof Integration>;
export type OwnIntegration = Static<typeof OwnIntegration>;
export type WebhookDelivery = Static<typeof WebhookDelivery>;
export type ReviewItem = Static<typeof ReviewItem>;
export type ReviewRequest = Static<typeof ReviewRequest>;
export type Installer = Static<typeof Installer>;
export type MarketplaceEntry = Static<typeof MarketplaceEntry>;
export type Marketplace = Static<typeof Marketplace>;
export type InstallRequest = Static<typeof InstallRequest>;
export type RegenerateRequest = Static<typeof RegenerateRequest>;
export type IssuedKey = Static<typeof IssuedKey>;
export type KeyRow = Static<typeof KeyRow>;
export type AuditEntry = Static<typeof AuditEntry>;
export type AuditPage = Static<typeof AuditPage>;
