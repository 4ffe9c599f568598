/**
 * Shapes of the Pleo-compatible external API, as published in Pleo's OpenAPI documents
 * (app-marketplace.yaml 39.4.0, export.yaml 32.1.0, v3 paths).
 */

export type InstallationStatus = 'ACTIVATED' | 'INACTIVE' | 'AUTHORIZED' | 'PENDING_INTEGRATION' | 'ERROR';
/** Pleo publishes NOT_ENTITLED and AUTH_ERROR; INTEGRATION_ERROR is in its docs' prose and accepted by Latchkey. */
export type InstallationErrorCode = 'NOT_ENTITLED' | 'AUTH_ERROR' | 'INTEGRATION_ERROR';

/** `InstallationResponse` — returned bare (not under `data`). */
export interface Installation {
  id: string;
  applicationId: string;
  /** `urn:pleo:company:<uuid>` */
  resource: string;
  status: InstallationStatus | (string & {});
  errorCode?: InstallationErrorCode | (string & {}) | null;
  metadata: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export interface UpdateInstallationRequest {
  status: InstallationStatus;
  errorCode?: InstallationErrorCode;
  metadata?: Record<string, unknown>;
}

/** `ExternalClientModel` (the `data` of `GET /v1/introspect`). */
export interface Introspection {
  authMethod: 'OAUTH2' | 'API_KEY' | 'NONE' | (string & {});
  clientId: string;
  /** Space-separated scopes. */
  scope: string;
  applicationName?: string;
  subjectURN?: string;
}

export interface CursorPageInfo {
  currentRequestPagination?: Record<string, unknown>;
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor?: string;
  endCursor?: string;
  total?: number;
}

export interface Page<T> {
  data: T[];
  pagination: CursorPageInfo;
}

export interface PageQuery {
  after?: string;
  before?: string;
  offset?: number;
  limit?: number;
}

/** `ExternalCompanyResponseModel` (the fields the connector reads). */
export interface Company {
  id: string;
  name: string;
  organizationId?: string | null;
  registrationNumber?: string | null;
  [field: string]: unknown;
}

export type ExportJobStatus = 'pending' | 'in_progress' | 'failed' | 'completed' | 'completed_with_errors';
export type ExportJobItemStatus = 'pending' | 'in_progress' | 'failed' | 'successful' | 'abandoned';
export type ExportJobEventType = 'started' | 'failed' | 'completed' | 'completed_with_errors';
export type ExportJobFailureReasonType =
  | 'invalid_configuration'
  | 'missing_configuration'
  | 'authentication_failure'
  | 'accounting_system_authentication_failure'
  | 'pleo_rate_limit'
  | 'accounting_system_rate_limit'
  | 'service_unreachable'
  | 'accounting_system_unreachable'
  | 'validation_failure'
  | 'authorization_failure'
  | 'integration_unusable'
  | 'job_expired'
  | 'service_timeout'
  | 'accounting_system_timeout'
  | 'canceled_by_user';
export type ExportJobItemFailureReasonType =
  | 'receipt_upload_failure'
  | 'receipt_download_failure'
  | 'receipt_file_size_limit_exceeded'
  | 'receipt_conversion_failure'
  | 'unexpected_failure'
  | 'invalid_configuration'
  | 'missing_configuration'
  | 'accounting_system_authentication_failure'
  | 'accounting_system_rate_limit'
  | 'accounting_system_unreachable'
  | 'validation_failure'
  | 'accounting_system_validation_failure'
  | 'authorization_failure'
  | 'accounting_system_timeout'
  | 'vendor_unknown'
  | 'account_unknown'
  | 'tax_code_unknown'
  | (string & {});

/** `ExportJobV3` */
export interface ExportJob {
  id: string;
  companyId: string;
  status: ExportJobStatus | (string & {});
  createdAt: string;
  createdBy?: string | null;
  startedAt?: string | null;
  completedAt?: string | null;
  expiredAt?: string | null;
  lastUpdatedAt?: string | null;
  expiresIn: number;
  failureReason?: string | null;
  failureReasonType?: string | null;
  isInteractive: boolean;
  numberOfItems: number;
  vendorBasedBookkeeping: boolean;
}

/** `ExportJobItemV3` */
export interface ExportJobItem {
  accountingEntryId: string;
  exportJobId: string;
  status: ExportJobItemStatus | (string & {});
  exportedAt?: string | null;
  externalId?: string | null;
  externalUrl?: string | null;
  failureReason?: string | null;
  failureReasonType?: string | null;
}

/** `UpdateExportJobItemV3` */
export interface UpdateExportJobItem {
  accountingEntryId: string;
  status: ExportJobItemStatus;
  exportedAt?: string;
  externalId?: string;
  externalUrl?: string;
  failureReason?: string;
  failureReasonType?: ExportJobItemFailureReasonType;
}

/** `ExportJobItemUpdateV3` */
export interface ExportJobItemUpdateResult {
  data: ExportJobItem[];
  errors: { accountingEntryId: string; type: string; message: string }[];
}

/** `CreateExportJobEvent` */
export interface CreateExportJobEvent {
  jobId: string;
  event: ExportJobEventType;
  failureReason?: string;
  failureReasonType?: ExportJobFailureReasonType;
}

export interface MoneyModel {
  value: number;
  currency: string;
}

/**
 * `ExportItemV3` — the accounting entry to export. The fields an integration always reads are typed;
 * the rest of Pleo's (large) shape is passed through untouched.
 */
export interface ExportItem {
  accountingEntryId: string;
  companyId: string;
  date: string;
  type: string;
  subType?: string;
  amount: { inSupplierCurrency: MoneyModel; inWalletCurrency: MoneyModel };
  accountingEntryLines: Record<string, unknown>[];
  additionalInformation: Record<string, unknown>;
  note?: string | null;
  files?: Record<string, unknown>[] | null;
  _links?: Record<string, unknown>;
  [field: string]: unknown;
}

/** At most this many items per `PUT /v3/export-jobs/{jobId}/items` (the API answers 413 above). */
export const MAX_ITEMS_PER_UPDATE = 100;
